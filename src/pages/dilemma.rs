use leptos::prelude::*;

use super::soon::ComingSoon;

#[component]
pub fn Dilemma() -> impl IntoView {
    view! {
        <ComingSoon
            title="The dilemma"
            what="When you wanted to feel close but held back: a guided, step-by-step way to choose reaching out over pulling away, and to talk about it safely."
        />
    }
}
