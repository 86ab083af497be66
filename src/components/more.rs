//! "Show 20 more": long lists (years of check-ins, journal entries, matches)
//! are built a page at a time, newest or best first, so a page never stalls.

use leptos::prelude::*;

/// A button that grows `shown` by `page` while there is more to show.
#[component]
pub fn ShowMore(shown: RwSignal<usize>, #[prop(into)] total: Signal<usize>, page: usize) -> impl IntoView {
    view! {
        <Show when=move || { shown.get() < total.get() }>
            <button type="button" on:click=move |_| shown.update(|n| *n += page)>
                {move || format!("Show {} more", (total.get() - shown.get()).min(page))}
            </button>
        </Show>
    }
}
