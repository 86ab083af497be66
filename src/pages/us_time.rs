use leptos::prelude::*;

use super::soon::ComingSoon;

#[component]
pub fn UsTime() -> impl IntoView {
    view! {
        <ComingSoon
            title="Us time"
            what="Dream up time together, choose what you both love, and put it in your calendar."
        />
    }
}
