//! Marks on the browser's performance timeline that `make bench` reads
//! (bench/run.mjs): `hearth:start` when the wasm starts, `hearth:shown:<page>`
//! once a page's whole view is mounted (its `Later` part too), and the measure `hearth:save` around each
//! save. Each costs microseconds; nothing leaves the browser.

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Records a named moment.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Runs `f` and records how long it took as the measure `name`.
pub fn measure<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let start = format!("{name}:start");
    mark(&start);
    let result = f();
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, &start);
    }
    result
}

/// Milliseconds since the page started (0 where there is no clock).
pub fn now() -> f64 {
    performance().map(|p| p.now()).unwrap_or(0.0)
}
