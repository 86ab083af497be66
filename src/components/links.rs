//! Where Hearth is, and moving between its pages without reloading.
//!
//! Every in-app link goes through [`href`], which adds the path the app is
//! served under. A click on such a link, or [`navigate`], adds a history
//! entry and changes [`Location`]; Back and Forward change it too; `app.rs`
//! shows the page at [`Location`] (`paths::Page::at`).
//!
//! Written here rather than taken from leptos_router: Hearth has eight fixed
//! paths and no parameters, and the router cost 50 KiB gzip of the first
//! visit (579 → 529 KiB measured with and without it).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

/// The path the app is served under ("" or e.g. "/hearth").
#[derive(Clone, Debug)]
pub struct Base(pub String);

/// The page being shown: the address bar's path, base included. Taken
/// from context while a component is set up, used in its handlers.
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    base: StoredValue<String>,
}

/// `href("/settings")` → "/hearth/settings" on a project site.
pub fn href(path: &str) -> String {
    under(&use_context::<Base>().map(|b| b.0).unwrap_or_default(), path)
}

fn under(base: &str, path: &str) -> String {
    if path == "/" {
        format!("{base}/")
    } else {
        format!("{base}{path}")
    }
}

fn pathname() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Provides [`Base`] and [`Location`] for the whole app, and follows link
/// clicks and Back and Forward from now on. Called once, in `App`.
pub fn provide(base: String) -> Location {
    provide_context(Base(base.clone()));
    let location = Location {
        path: RwSignal::new(pathname()),
        base: StoredValue::new(base.clone()),
    };
    provide_context(location);
    let _ = window_event_listener(leptos::ev::popstate, move |_| show(location, pathname()));
    let _ = window_event_listener(leptos::ev::click, move |e| on_click(&e, &base, location));
    location
}

/// Shows the page at `path` (base included) unless it is already shown.
fn show(location: Location, path: String) {
    if location.path.get_untracked() != path {
        location.path.set(path);
    }
}

impl Location {
    /// Goes to an in-app `path` ("/", "/settings") as a link click would.
    pub fn navigate(self, path: &str) {
        self.go(path, false);
    }

    /// Shows an in-app `path` in place of the current history entry, so
    /// Back does not return to an address that no longer makes sense.
    pub fn replace(self, path: &str) {
        self.go(path, true);
    }

    fn go(self, path: &str, replace: bool) {
        let Some(window) = web_sys::window() else { return };
        let url = self.base.with_value(|base| under(base, path));
        if let Ok(history) = window.history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        show(self, pathname());
        // A new page starts at its top; its heading takes focus (page.rs).
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A click on a link to one of Hearth's pages is handled here, without a
/// reload. Everything else is left to the browser: a link to another site,
/// a download, a new tab or window (a modifier key, a target), a link to a
/// spot on the same page (the skip link).
fn on_click(e: &MouseEvent, base: &str, location: Location) {
    if e.default_prevented()
        || e.button() != 0
        || e.meta_key()
        || e.alt_key()
        || e.ctrl_key()
        || e.shift_key()
    {
        return;
    }
    let Some(a) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    let target = a.target();
    if !(target.is_empty() || target == "_self") || a.has_attribute("download") {
        return;
    }
    let (Ok(url), Some(window)) = (web_sys::Url::new(&a.href()), web_sys::window()) else {
        return;
    };
    let here = window.location();
    let path = url.pathname();
    let inside = path == base || path.starts_with(&format!("{base}/"));
    let same_page_spot = !url.hash().is_empty() && here.pathname().is_ok_and(|p| p == path);
    if url.origin() != here.origin().unwrap_or_default() || !inside || same_page_spot {
        return;
    }
    e.prevent_default();
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url.href()));
    }
    show(location, path);
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
