//! The count shown under a long field once its text is over the limit.

use leptos::prelude::*;

use crate::domain::figures::over_limit;

/// Nothing while `text` fits; then how far over `max` it is, as the couple
/// types. (The save's message says it too, linked to the field.)
#[component]
pub fn OverLimit(#[prop(into)] text: Signal<String>, max: usize) -> impl IntoView {
    move || {
        text.with(|t| over_limit(t, max))
            .map(|m| view! { <p class="hint over">{m}</p> })
    }
}
