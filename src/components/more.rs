//! "Show 20 more": long lists (years of check-ins, journal entries, matches)
//! are built a page at a time, newest or best first, so a page never stalls.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::show::Show;

/// A button that grows `shown` by `page` while there is more to show.
/// `items` selects the list's items: the first one added takes focus, so
/// keyboard and screen-reader users go on reading where the list grew (the
/// button itself moves below everything added).
/// `noun`, one and more of what the list holds ("check-in", "check-ins"),
/// names it in the button: a page with two lists has two buttons that a
/// screen reader's list of buttons tells apart.
#[component]
pub fn ShowMore(
    shown: RwSignal<usize>,
    #[prop(into)] total: Signal<usize>,
    page: usize,
    items: &'static str,
    noun: (&'static str, &'static str),
) -> impl IntoView {
    let more = move |_| {
        let first_new = shown.get_untracked();
        shown.update(|n| *n += page);
        request_animation_frame(move || {
            let item = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector_all(items).ok())
                .and_then(|list| list.item(first_new as u32))
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = item {
                if !el.has_attribute("tabindex") {
                    let _ = el.set_attribute("tabindex", "-1");
                }
                let _ = el.focus();
            }
        });
    };
    view! {
        <Show when=move || { shown.get() < total.get() }>
            <button type="button" class="show-more" on:click=more>
                {move || {
                    let n = (total.get() - shown.get()).min(page);
                    let (one, many) = noun;
                    if n == 1 { format!("Show 1 more {one}") } else { format!("Show {n} more {many}") }
                }}
            </button>
        </Show>
    }
}
