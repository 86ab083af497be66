//! Long jobs in pieces: a piece per task, so the browser paints and answers
//! input in between (no task over 50 ms, even with ten years of data). Used
//! by the lock's sealing, saving and the downloads alike.

use wasm_bindgen::JsValue;

/// Resolves in a later task (a zero-delay timer; at once if there is none).
pub async fn next_task() {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let queued = web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !queued {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}
