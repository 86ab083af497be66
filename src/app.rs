//! The app shell: opens the store once, provides it through context, and lays
//! out the skip link, navigation, messages and the routed `<main>`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::links::Base;
use crate::components::lock::{self, LockScreen};
use crate::components::nav::{Nav, TopBar};
use crate::components::notices::Notices;
use crate::components::pwa::{self, UpdateBanner};
use crate::pages;
use crate::state::{AppState, LockPhase};

/// The path the app is served under, from the `<base href>` Trunk writes
/// (`--public-url`): "" at a domain's root, "/hearth" on a project site.
fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::open();
    provide_context(state);
    let base = base_path();
    provide_context(Base(base.clone()));
    provide_context(crate::components::page::Navigations::default());
    // Offline copy, update prompt, install offer (needs `Base` above).
    pwa::register();

    // Another tab saved or deleted: merge, never clobber.
    let _ = window_event_listener(leptos::ev::storage, move |e: web_sys::StorageEvent| {
        state.on_storage_event(e.key(), e.new_value());
    });

    // Lock again after the chosen time in the background.
    lock::watch_background();

    // Locked: only the lock screen, nothing of the couple's in the page.
    let locked = move || state.lock.get() == LockPhase::Locked;
    view! {
        <Show when=move || !locked() fallback=|| view! { <LockScreen/> }>
            <Shell base=base.clone()/>
        </Show>
    }
}

/// Every page but Home may read any record, so it waits for the whole
/// document. Opened before idle time has read the rest, it shows once the
/// rest is read: still in slices, so no task runs long, but longer ones.
/// `<main>` is busy meanwhile; the page's heading makes it not busy.
/// (One non-generic function for all seven routes: each page is a plain `fn`.)
fn whole(page: fn() -> AnyView) -> impl Fn() -> AnyView + Copy + Send + 'static {
    move || {
        let state = expect_context::<AppState>();
        if state.whole.get_untracked() {
            return page();
        }
        state.hurry();
        if let Some(nav) = use_context::<crate::components::page::Navigations>() {
            nav.set_busy(true);
        }
        let whole = state.whole;
        (move || {
            if whole.get() {
                untrack(page)
            } else {
                view! { <p class="opening">"Bringing in everything you've saved\u{2026}"</p> }.into_any()
            }
        })
        .into_any()
    }
}

#[component]
fn Shell(base: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let nav = expect_context::<crate::components::page::Navigations>();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <TopBar/>
            <div class="layout">
                <Nav/>
                <main id="main" tabindex="-1" aria-busy=move || nav.busy.get().then_some("true")>
                    <UpdateBanner/>
                    <Notices/>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::home::Root/>
                        <Route path=path!("/welcome") view=whole(|| pages::welcome::Welcome().into_any())/>
                        <Route path=path!("/check-in") view=whole(|| pages::checkin::CheckIn().into_any())/>
                        <Route path=path!("/dilemma") view=whole(|| pages::dilemma::Dilemma().into_any())/>
                        <Route path=path!("/gestures") view=whole(|| pages::gestures::Gestures().into_any())/>
                        <Route path=path!("/us-time") view=whole(|| pages::us_time::UsTime().into_any())/>
                        <Route path=path!("/journey") view=whole(|| pages::journey::Journey().into_any())/>
                        <Route path=path!("/settings") view=whole(|| pages::settings::Settings().into_any())/>
                    </Routes>
                </main>
            </div>
            <p class="sr-only" role="status" aria-live="polite">{move || state.status.get()}</p>
        </Router>
    }
}
