use leptos::prelude::*;

use super::soon::ComingSoon;

#[component]
pub fn CheckIn() -> impl IntoView {
    view! {
        <ComingSoon
            title="Check in"
            what="Each of you, privately: how connected you feel, what you feel, and what you need most. Then you see both answers together."
        />
    }
}
