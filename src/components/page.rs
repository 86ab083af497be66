//! The heading every page starts with: sets the document title and, after an
//! in-app navigation, moves focus to the heading so screen-reader and
//! keyboard users land at the start of the new page.

use leptos::html;
use leptos::prelude::*;

/// How many pages have been shown since the app started.
#[derive(Clone, Copy)]
pub struct Navigations(StoredValue<u32>);

impl Default for Navigations {
    fn default() -> Self {
        Navigations(StoredValue::new(0))
    }
}

#[component]
pub fn PageHeading(#[prop(into)] title: String) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} · Hearth"));
    }
    let shown_before = use_context::<Navigations>()
        .map(|n| {
            let count = n.0.get_value();
            n.0.set_value(count + 1);
            count > 0
        })
        .unwrap_or(false);
    if shown_before {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
    }
    // Effects run once the whole page's view is mounted: `make bench` reads
    // this mark for the page's render time.
    let shown = format!("hearth:shown:{title}");
    Effect::new(move |_| crate::perf::mark(&shown));
    view! { <h1 tabindex="-1" node_ref=heading>{title}</h1> }
}

/// Moves keyboard focus to the element with this id, if it is there (the
/// first field that needs care, a form that just opened).
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
