//! The app shell: opens the store once, provides it through context, and lays
//! out the skip link, navigation, messages and the routed `<main>`.

use leptos::prelude::*;

use crate::components::links::{self, Location};
use crate::components::lock::{self, LockScreen};
use crate::components::nav::{Nav, TopBar};
use crate::components::notices::Notices;
use crate::components::pwa::{self, UpdateBanner};
use crate::components::show::Show;
use crate::pages;
use crate::paths::Page;
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

/// Swaps index.html's opening screen (`#boot`) for the app, in one task so
/// no frame shows neither. Taken away only once the app is built: a start
/// that fails leaves it there to say so.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Someone who had tabbed to the opening screen's brand keeps their place.
    let focused = doc.active_element().is_some_and(|a| a.id() == "boot-brand");
    if let Some(boot) = doc.get_element_by_id("boot") {
        boot.remove();
    }
    if focused {
        crate::components::page::focus_id("brand");
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::open();
    provide_context(state);
    links::provide(base_path());
    provide_context(crate::components::page::Navigations::default());
    // Offline copy, update prompt, install offer (needs `Location` above).
    pwa::register();

    // Another tab saved or deleted: merge, never clobber.
    let _ = window_event_listener(leptos::ev::storage, move |e: web_sys::StorageEvent| {
        state.on_storage_event(e.key(), e.new_value());
    });

    // Lock again after the chosen time in the background.
    lock::watch_background();
    state.keep_time();
    state.guard_unstored();

    // Locked: only the lock screen, nothing of the couple's in the page.
    let locked = move || state.lock.get() == LockPhase::Locked;
    view! {
        <Show when=move || !locked() fallback=|| view! { <TopBar locked=true/> <LockScreen/> }>
            <Shell/>
        </Show>
    }
}

/// Every page but Home may read any record, so it waits for the whole
/// document. Opened before idle time has read the rest, it shows once the
/// rest is read: still in slices, so no task runs long, but longer ones.
/// `<main>` is busy meanwhile; the page's heading makes it not busy.
/// (One non-generic function for all eight pages: each page is a plain `fn`.)
fn whole(page: fn() -> AnyView) -> AnyView {
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

/// The page at `page`, built without tracking what it reads: only a change
/// of address rebuilds it.
fn page_view(page: Page) -> AnyView {
    untrack(|| match page {
        Page::Today => pages::home::Root().into_any(),
        Page::Welcome => whole(|| pages::welcome::Welcome().into_any()),
        Page::CheckIn => whole(|| pages::checkin::CheckIn().into_any()),
        Page::Dilemma => whole(|| pages::dilemma::Dilemma().into_any()),
        Page::Gestures => whole(|| pages::gestures::Gestures().into_any()),
        Page::UsTime => whole(|| pages::us_time::UsTime().into_any()),
        Page::Journey => whole(|| pages::journey::Journey().into_any()),
        Page::Summary => whole(|| pages::summary::Summary().into_any()),
        Page::Settings => whole(|| pages::settings::Settings().into_any()),
        Page::NotFound => pages::not_found::NotFound().into_any(),
    })
}

#[component]
fn Shell() -> impl IntoView {
    let state = expect_context::<AppState>();
    let nav = expect_context::<crate::components::page::Navigations>();
    let location = expect_context::<Location>();
    let page = Memo::new(move |_| location.page());
    view! {
        <a class="skip-link" href=move || location.spot("main")>"Skip to content"</a>
        <TopBar/>
        <div class="layout">
            <Nav/>
            <main id="main" tabindex="-1" aria-busy=move || nav.busy.get().then_some("true")>
                <UpdateBanner/>
                <Notices/>
                {move || page_view(page.get())}
            </main>
        </div>
        <p class="sr-only" role="status" aria-live="polite">{move || state.status.get()}</p>
    }
}
