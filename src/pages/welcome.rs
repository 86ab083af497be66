//! First run: names, what brings the couple here, and a safety note.

use leptos::prelude::*;

use crate::components::links::{href, Location};
use crate::components::names_form::{NamesDraft, NamesFields};
use crate::components::page::PageHeading;
use crate::domain::couple::NamesForm;
use crate::state::AppState;

#[component]
pub fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let existing = state
        .doc
        .with_untracked(|d| d.couple.as_ref().map(NamesForm::from_couple));
    let first_run = existing.is_none();
    let draft = NamesDraft::new(existing.unwrap_or_default());
    // What is typed before anything is saved is kept like any form's words:
    // a look at another page first, or a reload, must not empty the form.
    if first_run {
        draft.keep_unsent(state, "welcome", None);
    }
    let location = expect_context::<Location>();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.form().validate() {
            Err(errors) => draft.show_errors(errors),
            Ok((a, b, struggles)) => {
                draft.errors.set(Vec::new());
                state.change(|doc, ctx| doc.set_couple(ctx, a, b, struggles));
                state.sent("welcome");
                location.navigate("/");
            }
        }
    };

    view! {
        <PageHeading title="Welcome to Hearth"/>
        <p class="lead">
            "A private place for the two of you to practise turning toward each other: "
            "noticing when you hold back, reaching out anyway, and making room for time together."
        </p>
        <p class="small">
            "Everything stays in this browser, on this device. No account, no cloud, nothing sent anywhere."
        </p>
        <form class="card stack" on:submit=submit novalidate>
            {move || {
                let n = draft.errors.with(Vec::len);
                (n > 0)
                    .then(|| {
                        view! {
                            <p class="error" role="alert">
                                {if n == 1 {
                                    "One thing needs a look before we go on.".to_string()
                                } else {
                                    format!("{n} things need a look before we go on.")
                                }}
                            </p>
                        }
                    })
            }}
            <NamesFields draft/>
            <SafetyNote/>
            <button type="submit" class="button-primary">"Let's begin"</button>
        </form>
        // A new phone, or starting again after "Delete everything": a backup
        // brings the names back with everything else, so none need typing.
        <p class="small">
            "Been here before, on another device? " <a href=href("/settings")>"Bring back a backup"</a>
            " in Settings, and your names come with it."
        </p>
    }
}

/// Hearth assumes both people are safe with each other; say so plainly, and
/// point to help without any link that would load something.
#[component]
pub fn SafetyNote() -> impl IntoView {
    view! {
        <aside class="safety" aria-labelledby="safety-title">
            <h2 id="safety-title">"Before you start"</h2>
            <p>
                "Hearth is for couples where both people feel safe with each other. "
                "If you are afraid of your partner, or someone is hurting you, please don't use Hearth to work on it together. "
                "Talk to someone you trust, your doctor, or a domestic abuse helpline in your country, and if you are in danger, call your local emergency number."
            </p>
            <p>"Hearth is a practice space, not therapy. A couples therapist can walk the harder parts with you."</p>
        </aside>
    }
}
