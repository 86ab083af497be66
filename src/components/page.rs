//! The frame of every page: its heading, which sets the document title and,
//! after an in-app navigation, moves focus to the heading so screen-reader
//! and keyboard users land at the start of the new page; and `Later`, the
//! lower part of a long page, built just after the top is on screen.

use leptos::html;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::effect::effect;

/// The page being shown: how many pages have been shown since the app
/// started (which also numbers the page being shown), its title, and how
/// many `Later` parts it still waits for.
#[derive(Clone, Copy)]
pub struct Navigations {
    shown: StoredValue<u32>,
    title: StoredValue<String>,
    waiting: StoredValue<u32>,
    /// Part of the page is still to come: `<main aria-busy>` (app.rs), so
    /// assistive technology may wait for the whole page, and so do the e2e
    /// tests.
    pub busy: RwSignal<bool>,
}

impl Default for Navigations {
    fn default() -> Self {
        Navigations {
            shown: StoredValue::new(0),
            title: StoredValue::new(String::new()),
            waiting: StoredValue::new(0),
            busy: RwSignal::new(false),
        }
    }
}

impl Navigations {
    /// One `Later` part of `page` has arrived, or never will. Parts of a
    /// page no longer shown count for nothing.
    fn part_done(self, page: u32) {
        if self.shown.get_value() == page {
            self.waiting.update_value(|w| *w = w.saturating_sub(1));
            self.mark_shown();
        }
    }

    /// Part of the page is still to come (or no longer): `<main aria-busy>`.
    pub fn set_busy(self, busy: bool) {
        if self.busy.get_untracked() != busy {
            self.busy.set(busy);
        }
    }

    /// Once the whole page is mounted (the heading's view, and every `Later`
    /// part): `<main>` is no longer busy, and `make bench` gets its mark
    /// `hearth:shown:<page>`.
    fn mark_shown(self) {
        if self.waiting.get_value() == 0 {
            self.set_busy(false);
            self.title
                .with_value(|t| crate::perf::mark(&format!("hearth:shown:{t}")));
        }
    }
}

#[component]
pub fn PageHeading(#[prop(into)] title: String) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} · Hearth"));
    }
    let nav = use_context::<Navigations>();
    let shown_before = nav.is_some_and(|n| {
        let count = n.shown.get_value();
        n.shown.set_value(count + 1);
        // A page's `Later` parts come after its heading, so they count from here.
        n.waiting.set_value(0);
        n.title.set_value(title.clone());
        count > 0
    });
    if shown_before {
        // Focusing makes the browser lay the page out at once. Asked for from
        // the next frame, that layout is the frame's own, not a second one
        // inside the click's task.
        effect(move |_| {
            request_animation_frame(move || {
                // Back and Forward pressed quickly: this page may be gone
                // by the next frame, its heading with it.
                if let Some(h) = heading.try_get_untracked().flatten() {
                    let _ = h.focus();
                }
            })
        });
    }
    // Effects run once the whole view is mounted.
    let shown = format!("hearth:shown:{title}");
    effect(move |_| match nav {
        Some(n) => n.mark_shown(),
        None => crate::perf::mark(&shown),
    });
    view! { <h1 tabindex="-1" node_ref=heading>{title}</h1> }
}

/// The lower part of a long page, built in a task of its own once the top
/// has been drawn. A click then costs shorter tasks instead of one long one,
/// and the top of the page shows a frame sooner. Only for the end of a page,
/// below everything built at once: what arrives later then moves nothing
/// already on screen. Several in a row arrive in order, one task each.
#[component]
pub fn Later(children: Children) -> impl IntoView {
    let nav = use_context::<Navigations>();
    // The page this part belongs to, counted as one more part to wait for.
    let page = nav.map(|n| {
        n.waiting.update_value(|w| *w += 1);
        n.set_busy(true);
        n.shown.get_value()
    });
    let pending = Arc::new(AtomicBool::new(true));
    let arrived = move || {
        if pending.swap(false, Ordering::Relaxed) {
            if let (Some(n), Some(page)) = (nav, page) {
                n.part_done(page);
            }
        }
    };
    // Dropped before it arrived (the page changed first): wait no longer.
    on_cleanup(arrived.clone());
    let children = StoredValue::new_local(Some(children));
    let ready = RwSignal::new(false);
    after_next_frame(move || {
        // The page may be gone by now: then there is nothing to build.
        let _ = ready.try_set(true);
    });
    move || {
        ready.get().then(|| {
            let arrived = arrived.clone();
            effect(move |_| arrived());
            children.try_update_value(Option::take).flatten().map(|c| c())
        })
    }
}

/// Runs `f` in a task after the next frame is drawn (at once, in a task of
/// its own, where frames are not being drawn: a tab in the background).
pub fn after_next_frame(f: impl FnOnce() + 'static) {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if hidden {
        set_timeout(f, Duration::ZERO);
    } else {
        request_animation_frame(move || set_timeout(f, Duration::ZERO));
    }
}

/// Moves keyboard focus to the element with this id, if it is there (the
/// first field that needs care, a form that just opened).
pub fn focus_id(id: &str) {
    focus_if_there(id);
}

/// [`focus_id`], saying whether the element was there to focus.
pub fn focus_if_there(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    match web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// [`focus_id`] only if the focus was lost (it is on the page's body: the
/// focused control went with a redraw), never taking it from where it is.
pub fn focus_id_if_lost(id: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    let lost =
        doc.is_some_and(|d| d.active_element().is_none() || d.active_element() == d.body().map(Into::into));
    if lost {
        focus_id(id);
    }
}

/// Moves keyboard focus to the first of these CSS selectors that matches
/// (what an action left behind, else a heading that is always there), once
/// the page has been redrawn.
pub fn focus_first(selectors: &'static [&'static str]) {
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let found = selectors.iter().find_map(|s| {
            doc.query_selector(s)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        });
        if let Some(el) = found {
            let _ = el.focus();
        }
    });
}

/// Moves focus to the element with this id once the page has been redrawn
/// (a form that just opened, the control that closed it).
pub fn focus_id_soon(id: String) {
    request_animation_frame(move || focus_id(&id));
}

/// Moves focus to the element with this id, else to `otherwise`, once a
/// page's lower part ([`Later`], built a frame after the top) is there too.
pub fn focus_id_later(id: String, otherwise: &'static str) {
    after_next_frame(move || {
        after_next_frame(move || {
            if !focus_if_there(&id) {
                focus_id(otherwise);
            }
        })
    });
}

thread_local! {
    /// The button that opened the form now open, for the form's Cancel to
    /// go back to (one form of this kind is open at a time).
    static OPENER: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the focused element as the opener of a form opening now.
pub fn remember_opener() {
    use wasm_bindgen::JsCast;
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    OPENER.with(|o| *o.borrow_mut() = focused);
}

/// Focus back on the form's opener if it is still on the page, else as
/// [`focus_first`].
pub fn back_to_opener(otherwise: &'static [&'static str]) {
    let opener = OPENER.with(|o| o.borrow_mut().take());
    request_animation_frame(move || match opener.filter(|e| e.is_connected()) {
        Some(el) => {
            let _ = el.focus();
        }
        None => focus_first(otherwise),
    });
}
