//! A page whose feature is still being built: a short, honest line and a way
//! back, never a broken page.

use leptos::prelude::*;

use crate::components::links::href;
use crate::components::page::PageHeading;

#[component]
pub fn ComingSoon(title: &'static str, what: &'static str) -> impl IntoView {
    view! {
        <PageHeading title=title/>
        <p class="lead">{what}</p>
        <p class="soon">"This part of Hearth is coming soon."</p>
        <p>
            <a class="button" href=href("/")>"Back to Today"</a>
        </p>
    }
}
