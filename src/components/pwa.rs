//! Installable and offline: registers the service worker (`public/sw.js`),
//! tells the couple when a new version is ready (and reloads only when they
//! say so), offers to install Hearth, and asks the browser to keep its data.
//!
//! Wiring: call [`register`] once in `App` after `links::provide` (the base
//! path); put [`UpdateBanner`] in the shell, [`KeepData`] in Settings and,
//! optionally, `<InstallButton quiet=true/>` on Home.
//!
//! Everything here is best effort: a browser without service workers, an
//! insecure origin or a private window simply gets no offline copy, never an
//! error. Every promise has a rejection handler and nothing unwraps.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Event, Navigator, RegistrationOptions, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState, VisibilityState,
};

use crate::components::effect::effect;
use crate::components::links::href;
use crate::components::show::Show;
use crate::state::AppState;

/// What the service worker and the browser's install offer have told us.
/// Created by [`register`] in `App`, so it lives as long as the app.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new version is installed and waiting, or already took over in
    /// another tab: this page runs the older one until it reloads.
    update_ready: RwSignal<bool>,
    /// "Later" was chosen for this visit.
    dismissed: RwSignal<bool>,
    /// The couple chose "Reload": reload as soon as the new version is in.
    reloading: StoredValue<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// The browser's install offer (`beforeinstallprompt`), kept for the button.
    install_offer: RwSignal<Option<Event>, LocalStorage>,
    /// Running as an installed app, or just installed.
    installed: RwSignal<bool>,
}

/// Registers `sw.js` (scope: the app's base path), provides [`Pwa`] through
/// context and starts listening for updates and install offers.
pub fn register() {
    let pwa = Pwa {
        update_ready: RwSignal::new(false),
        dismissed: RwSignal::new(false),
        reloading: StoredValue::new(false),
        registration: StoredValue::new_local(None),
        install_offer: RwSignal::new_local(None),
        installed: RwSignal::new(false),
    };
    provide_context(pwa);
    let Some(window) = web_sys::window() else {
        return;
    };
    watch_install(pwa, &window);

    let navigator = window.navigator();
    let Some(container) = service_worker_container(&navigator) else {
        return;
    };
    let options = RegistrationOptions::new();
    options.set_scope(&href("/"));
    // Taken now: a first visit has no controller until the new worker claims
    // the page, and that change must not look like an update.
    let had_controller = Rc::new(Cell::new(container.controller().is_some()));
    listen_for_takeover(pwa, &container, had_controller.clone());
    // Registered once the first frame is drawn: on a first visit the worker
    // then fetches every file of the build, which must not compete with
    // drawing the page the couple is waiting for.
    let script = href("/sw.js");
    crate::components::page::after_next_frame(move || {
        when_settled(
            container.register_with_options(&script, &options),
            move |result| {
                if let Ok(reg) = result {
                    watch_registration(pwa, reg.unchecked_into(), had_controller);
                }
            },
        );
    });
}

/// `navigator.serviceWorker`, when this browser and origin have one (it is
/// missing on insecure origins and in some private modes).
fn service_worker_container(navigator: &Navigator) -> Option<ServiceWorkerContainer> {
    Reflect::get(navigator, &JsValue::from_str("serviceWorker"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .map(JsCast::unchecked_into)
}

fn watch_registration(pwa: Pwa, reg: ServiceWorkerRegistration, had_controller: Rc<Cell<bool>>) {
    pwa.registration.set_value(Some(reg.clone()));
    if reg.waiting().is_some() && had_controller.get() {
        pwa.update_ready.set(true);
    }
    if let Some(worker) = reg.installing() {
        follow_install(pwa, worker, had_controller.clone());
    }
    let on_found = {
        let reg = reg.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(worker) = reg.installing() {
                follow_install(pwa, worker, had_controller.clone());
            }
        })
    };
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget(); // lives as long as the page

    // An installed app can stay open for days: look for a new version when
    // it comes back to the screen, at most once an hour.
    let last_check = Cell::new(js_sys::Date::now());
    let _ = window_event_listener_untyped("visibilitychange", move |_| {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == VisibilityState::Visible);
        let now = js_sys::Date::now();
        if visible && now - last_check.get() > 3_600_000.0 {
            last_check.set(now);
            if let Ok(p) = reg.update() {
                when_settled(p, |_| {}); // offline: try again next time
            }
        }
    });
}

/// Shows the banner once `worker` has installed, if this page already runs
/// an older version (on a first visit there is nothing to update).
fn follow_install(pwa: Pwa, worker: ServiceWorker, had_controller: Rc<Cell<bool>>) {
    let w = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if w.state() == ServiceWorkerState::Installed && had_controller.get() {
            pwa.update_ready.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// A new worker took control: reload if the couple asked for it; otherwise
/// (another tab chose to update) offer the reload here too.
fn listen_for_takeover(pwa: Pwa, container: &ServiceWorkerContainer, had_controller: Rc<Cell<bool>>) {
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if pwa.reloading.get_value() {
            reload();
        } else if had_controller.get() {
            pwa.dismissed.set(false);
            pwa.update_ready.set(true);
        }
        had_controller.set(true);
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// "Reload": let the waiting version take over, then reload on the
/// `controllerchange` it causes. Without a waiting worker, just reload.
fn apply_update(pwa: Pwa) {
    pwa.reloading.set_value(true);
    let waiting = pwa
        .registration
        .with_value(|r| r.as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) if worker.post_message(&JsValue::from_str("SKIP_WAITING")).is_ok() => {
            // If the new worker never takes over (replaced by an even newer
            // one, say), the couple still asked for a reload.
            set_timeout(reload, Duration::from_secs(4));
        }
        _ => reload(),
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Runs `done` once, when `promise` settles; a rejection is handled (never
/// an "uncaught in promise"). The two small closures live as long as the page.
fn when_settled(promise: Promise, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    let done = Rc::new(Cell::new(Some(done)));
    let on_ok = {
        let done = done.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |v| {
            if let Some(f) = done.take() {
                f(Ok(v));
            }
        })
    };
    let on_err = Closure::<dyn FnMut(JsValue)>::new(move |e| {
        if let Some(f) = done.take() {
            f(Err(e));
        }
    });
    let _ = promise.then2(&on_ok, &on_err);
    on_ok.forget();
    on_err.forget();
}

// ---- Install ----

fn watch_install(pwa: Pwa, window: &web_sys::Window) {
    let standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    // iOS Safari's own flag for a Home Screen app.
    let ios_standalone = Reflect::get(&window.navigator(), &JsValue::from_str("standalone"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    pwa.installed.set(standalone || ios_standalone);

    // index.html keeps an offer that came before the app started.
    if let Ok(early) = Reflect::get(window, &JsValue::from_str("hearthInstallPrompt")) {
        if early.is_object() {
            pwa.install_offer.set(Some(early.unchecked_into()));
        }
    }
    let _ = window_event_listener_untyped("beforeinstallprompt", move |e| {
        e.prevent_default(); // no mini-infobar: the app offers it in its own words
        pwa.install_offer.set(Some(e));
    });
    let _ = window_event_listener_untyped("appinstalled", move |_| {
        pwa.install_offer.set(None);
        pwa.installed.set(true);
    });
}

fn is_ios() -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let ua = navigator.user_agent().unwrap_or_default();
    // iPadOS says "Macintosh" but has a touch screen.
    ua.contains("iPhone")
        || ua.contains("iPad")
        || ua.contains("iPod")
        || (ua.contains("Macintosh") && navigator.max_touch_points() > 1)
}

/// Calls the kept offer's `prompt()`; the offer can be used only once.
fn show_install_prompt(pwa: Pwa) {
    let Some(offer) = pwa.install_offer.get_untracked() else {
        return;
    };
    pwa.install_offer.set(None);
    let prompt = Reflect::get(&offer, &JsValue::from_str("prompt"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(prompt) = prompt else {
        return;
    };
    if let Ok(p) = prompt.call0(&offer).and_then(|r| r.dyn_into::<Promise>()) {
        when_settled(p, |_| {});
    }
    if let Ok(choice) = Reflect::get(&offer, &JsValue::from_str("userChoice")) {
        if let Ok(choice) = choice.dyn_into::<Promise>() {
            when_settled(choice, move |r| {
                let accepted = r
                    .ok()
                    .and_then(|c| Reflect::get(&c, &JsValue::from_str("outcome")).ok())
                    .and_then(|o| o.as_string())
                    .is_some_and(|o| o == "accepted");
                if accepted {
                    pwa.installed.try_set(true);
                }
            });
        }
    }
}

/// "Install Hearth" where the browser offers it; on iPhone and iPad, how to
/// add it to the Home Screen; elsewhere, where to look. With `quiet` (for
/// Home), only the browser's offer is ever shown, as a small card.
#[component]
pub fn InstallButton(#[prop(optional)] quiet: bool) -> impl IntoView {
    let pwa = use_context::<Pwa>();
    let installed = move || pwa.is_some_and(|p| p.installed.get());
    let offered = move || pwa.is_some_and(|p| p.install_offer.with(Option::is_some));
    let install = move |_| {
        if let Some(p) = pwa {
            show_install_prompt(p);
        }
    };
    let ios = is_ios();
    move || {
        if installed() {
            (!quiet).then(|| view! { <p class="small">"Hearth is installed on this device."</p> }.into_any())
        } else if offered() {
            let button = view! {
                <div class="actions">
                    <button type="button" class="button-primary" on:click=install>
                        "Install Hearth"
                    </button>
                </div>
            };
            Some(if quiet {
                view! {
                    <div class="card stack">
                        <p>"Install Hearth to keep it one tap away. It works offline, and your data is safer."</p>
                        {button}
                    </div>
                }
                .into_any()
            } else {
                button.into_any()
            })
        } else if quiet {
            None
        } else if ios {
            Some(
                view! {
                    <p class="small">
                        "To install Hearth on iPhone or iPad: in Safari, tap "
                        <strong>"Share"</strong>
                        ", then "
                        <strong>"Add to Home Screen"</strong>
                        "."
                    </p>
                }
                .into_any(),
            )
        } else {
            Some(
                view! {
                    <p class="small">
                        "To install Hearth, look for \u{201c}Install\u{201d} or \u{201c}Add to Home Screen\u{201d} in your browser\u{2019}s menu."
                    </p>
                }
                .into_any(),
            )
        }
    }
}

// ---- Update ----

/// "A new version is ready — reload", shown at the top of every page while a
/// new version waits. Nothing reloads until "Reload" is pressed.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_context::<Pwa>();
    let show = move || pwa.is_some_and(|p| p.update_ready.get() && !p.dismissed.get());
    let reload_now = move |_| {
        if let Some(p) = pwa {
            apply_update(p);
        }
    };
    let later = move |_| {
        if let Some(p) = pwa {
            p.dismissed.set(true);
        }
        // The focused button is about to go: keep the keyboard in the page.
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    };
    // The live region is always there, so its message is announced.
    view! {
        <div role="status" class="update-banner">
            <Show when=show>
                <div class="notice stack">
                    <p>
                        <strong>"A new version of Hearth is ready \u{2014} reload to use it."</strong>
                        " Everything you've written stays on this device."
                    </p>
                    <div class="actions">
                        <button type="button" class="button-primary" on:click=reload_now>"Reload"</button>
                        <button type="button" class="button-quiet" on:click=later>"Later"</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

// ---- Keep data ----

#[derive(Clone, Copy, PartialEq)]
enum Keeping {
    /// Still asking the browser.
    Checking,
    /// Nothing written yet, so not asked yet.
    NothingYet,
    Promised,
    NotPromised,
    /// No `navigator.storage` (older browser or insecure origin).
    Unsupported,
}

/// Asks `navigator.storage` whether Hearth's data is kept; with `ask`, asks
/// for it to be kept (once the couple has something to lose).
fn check_kept(ask: bool, result: RwSignal<Keeping>) {
    let storage = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("storage")).ok())
        .filter(|s| s.is_object())
        .map(JsCast::unchecked_into::<web_sys::StorageManager>);
    let Some(storage) = storage else {
        result.try_set(Keeping::Unsupported);
        return;
    };
    let Ok(already) = storage.persisted() else {
        result.try_set(Keeping::Unsupported);
        return;
    };
    when_settled(already, move |r| {
        if r.ok().and_then(|v| v.as_bool()) == Some(true) {
            result.try_set(Keeping::Promised);
        } else if !ask {
            result.try_set(Keeping::NothingYet);
        } else if let Ok(p) = storage.persist() {
            when_settled(p, move |r| {
                let kept = r.ok().and_then(|v| v.as_bool()) == Some(true);
                result.try_set(if kept {
                    Keeping::Promised
                } else {
                    Keeping::NotPromised
                });
            });
        } else {
            result.try_set(Keeping::NotPromised);
        }
    });
}

/// For Settings: asks the browser to keep Hearth's data once there is some
/// (`navigator.storage.persist()`), says what it answered, and explains why
/// installing and backups matter.
#[component]
pub fn KeepData() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_data = Memo::new(move |_| state.doc.with(|d| d.has_data()));
    let kept = RwSignal::new(Keeping::Checking);
    let asked = StoredValue::new(false);
    effect(move |_| {
        let ask = has_data.get();
        if asked.get_value() {
            return;
        }
        asked.set_value(ask);
        check_kept(ask, kept);
    });
    let answer = move || match kept.get() {
        Keeping::Checking => "",
        Keeping::NothingYet => "Once you've written something, Hearth will ask this browser to keep it.",
        Keeping::Promised => {
            "This browser has agreed to keep Hearth's data: it won't clear it to make room. \
             Deleting it is still up to you."
        }
        Keeping::NotPromised => {
            "This browser hasn't promised to keep Hearth's data, so it may clear it one day, \
             for example when the device runs low on space."
        }
        Keeping::Unsupported => "This browser can't promise to keep Hearth's data.",
    };
    view! {
        <section aria-labelledby="keep-title">
            <h2 id="keep-title">"Keep Hearth safe on this device"</h2>
            <div class="card stack">
                <p>{answer}</p>
                <p>
                    "Two things protect what you write: installing Hearth on this device, and downloading a backup "
                    "now and then. On iPhone and iPad, Safari can delete a website's data after 7 days without a "
                    "visit; once Hearth is on your Home Screen, it is kept."
                </p>
                <InstallButton/>
            </div>
        </section>
    }
}
