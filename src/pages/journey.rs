use leptos::prelude::*;

use super::soon::ComingSoon;

#[component]
pub fn Journey() -> impl IntoView {
    view! {
        <ComingSoon title="Journey" what="Everything you have done together, and how close you have felt over time."/>
    }
}
