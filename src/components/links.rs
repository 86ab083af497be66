//! Where Hearth is, and moving between its pages without reloading.
//!
//! Every in-app link goes through [`href`], which adds the path the app is
//! served under. A click on such a link, or [`Location::navigate`], adds a
//! history entry and changes [`Location`]; Back and Forward change it too;
//! `app.rs` shows the page at [`Location`] (`paths::Page::at`).
//!
//! Written here rather than taken from leptos_router: Hearth has nine fixed
//! paths and no parameters, and the router cost 47 KiB gzip of the first
//! visit (579.5 → 532.5 KiB with this module in its place).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

use crate::paths::Page;

/// The page being shown: the address bar's path, base included, and the
/// path the app is served under ("" or e.g. "/hearth"). Taken from context
/// while a component is set up, used in its handlers.
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    base: StoredValue<String>,
}

/// `href("/settings")` → "/hearth/settings" on a project site.
pub fn href(path: &str) -> String {
    match use_context::<Location>() {
        Some(location) => location.base.with_value(|base| under(base, path)),
        None => under("", path),
    }
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

/// Provides [`Location`] for the whole app, and follows link clicks and
/// Back and Forward from now on. Called once, in `App`.
pub fn provide(base: String) -> Location {
    let location = Location {
        path: RwSignal::new(pathname()),
        base: StoredValue::new(base),
    };
    provide_context(location);
    let _ = window_event_listener(leptos::ev::popstate, move |_| show(location, pathname()));
    let _ = window_event_listener(leptos::ev::click, move |e| on_click(&e, location));
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
        let url = self.base.with_value(|base| under(base, path));
        visit(self, &url, replace);
    }

    /// The page shown (tracked).
    pub fn page(self) -> Page {
        self.base.with_value(|base| self.path.with(|p| Page::at(p, base)))
    }

    /// Whether the page at in-app `path` is the one shown (tracked), so the
    /// nav marks it at "/hearth", "/hearth/" and "/hearth/index.html" alike.
    pub fn shows(self, path: &str) -> bool {
        let target = self.base.with_value(|base| Page::at(&under(base, path), base));
        self.page() == target
    }

    /// A link to the element `id` on the page being shown (the skip link):
    /// this address with `#id`, which the browser handles itself. (With
    /// `<base href>`, a bare "#id" would point at the app's root.)
    pub fn spot(self, id: &str) -> String {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        self.path.with(|p| format!("{p}{search}#{id}"))
    }
}

/// Puts `url` in the address bar (a new history entry, or in place of the
/// current one when asked, or when it is the address already shown, so Back
/// never stays on the same page) and shows its page from the top; its
/// heading takes focus (page.rs).
fn visit(location: Location, url: &str, replace: bool) {
    let Some(window) = web_sys::window() else { return };
    let here = window.location().href().unwrap_or_default();
    let same = web_sys::Url::new_with_base(url, &here).is_ok_and(|u| u.href() == here);
    if let Ok(history) = window.history() {
        let _ = if replace || same {
            history.replace_state_with_url(&JsValue::NULL, "", Some(url))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(url))
        };
    }
    show(location, pathname());
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

/// A click on a link to one of Hearth's pages is handled here, without a
/// reload. Everything else is left to the browser: a link to another site,
/// a download, a new tab or window (a modifier key, a target), a link marked
/// `rel="external"`, a link to a spot on the same page (the skip link).
fn on_click(e: &MouseEvent, location: Location) {
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
    let external = a.rel().split_ascii_whitespace().any(|r| r == "external");
    if !(target.is_empty() || target == "_self") || a.has_attribute("download") || external {
        return;
    }
    let (Ok(url), Some(window)) = (web_sys::Url::new(&a.href()), web_sys::window()) else {
        return;
    };
    let here = window.location();
    let path = url.pathname();
    let inside = location
        .base
        .with_value(|base| path == *base || path.starts_with(&format!("{base}/")));
    let same_page_spot = !url.hash().is_empty()
        && here.pathname().is_ok_and(|p| p == path)
        && here.search().is_ok_and(|q| q == url.search());
    if url.origin() != here.origin().unwrap_or_default() || !inside || same_page_spot {
        return;
    }
    e.prevent_default();
    visit(location, &url.href(), false);
}
