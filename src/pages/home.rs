//! Today: the couple's names and the next steps. `Root` shows Welcome until
//! the couple has introduced themselves.

use leptos::prelude::*;

use super::welcome::Welcome;
use crate::components::links::href;
use crate::components::page::PageHeading;
use crate::state::AppState;

#[component]
pub fn Root() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_couple = Memo::new(move |_| state.doc.with(|d| d.couple.is_some()));
    move || {
        if has_couple.get() {
            view! { <Home/> }.into_any()
        } else {
            view! { <Welcome/> }.into_any()
        }
    }
}

const STEPS: [(&str, &str, &str); 4] = [
    (
        "/check-in",
        "Check in",
        "How connected do you each feel today? Answer privately, then see both together.",
    ),
    (
        "/dilemma",
        "Work through a moment",
        "When you wanted to feel close but held back: look at it together, gently.",
    ),
    (
        "/gestures",
        "Make a small gesture",
        "Say it, show it, thank them: one small way to reach toward each other.",
    ),
    (
        "/us-time",
        "Plan some us time",
        "Brainstorm together, pick what you both love, put it in the calendar.",
    ),
];

#[component]
fn Home() -> impl IntoView {
    let state = expect_context::<AppState>();
    let names = move || {
        state
            .doc
            .with(|d| d.couple.as_ref().map(|c| c.names()).unwrap_or_default())
    };
    let solo = move || state.doc.with(|d| d.couple.as_ref().is_some_and(|c| c.is_solo()));
    view! {
        <PageHeading title="Today"/>
        <p class="lead names">{names}</p>
        <Show when=solo>
            <p>
                "You're here on your own for now, and that's a brave first step. "
                "When your partner wants to join, add their name in "
                <a href=href("/settings")>"Settings"</a>
                ", and nothing you've done is lost."
            </p>
        </Show>
        <section aria-labelledby="next-title">
            <h2 id="next-title">"Next steps"</h2>
            <ul class="cards">
                {STEPS
                    .into_iter()
                    .map(|(path, title, text)| {
                        view! {
                            <li class="card">
                                <a class="card-link" href=href(path)>{title}</a>
                                <p>{text}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
