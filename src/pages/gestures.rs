use leptos::prelude::*;

use super::soon::ComingSoon;

#[component]
pub fn Gestures() -> impl IntoView {
    view! {
        <ComingSoon
            title="Gestures"
            what="Small ways to reach toward each other: saying it, doing something special, a thank-you, a reminder that you're glad you have each other."
        />
    }
}
