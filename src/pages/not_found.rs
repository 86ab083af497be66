use leptos::prelude::*;

use crate::components::links::href;
use crate::components::page::PageHeading;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageHeading title="Page not found"/>
        <p>"There is no page at this address in Hearth. Your data is safe."</p>
        <p>
            <a class="button" href=href("/")>"Go to Today"</a>
        </p>
    }
}
