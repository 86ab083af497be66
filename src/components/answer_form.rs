//! The check-in questions: how connected, what I feel, which need is loudest,
//! a note. Shared by the check-in turn and by editing an answer later.

use super::feelings::FeelingWords;
use super::limit::OverLimit;
use leptos::prelude::*;

use crate::domain::checkin::{connection_words, AnswerForm, Need, CONNECTION_MAX, CONNECTION_MIN, NOTE_MAX};
use crate::domain::couple::FormError;

/// `prefix` keeps ids unique per form (one form of each kind is on a page).
#[component]
pub fn AnswerFields(
    form: RwSignal<AnswerForm>,
    errors: RwSignal<Vec<FormError>>,
    prefix: &'static str,
) -> impl IntoView {
    let error_for = move |field: &'static str| move || errors.with(|es| FormError::for_field(es, field));
    let conn_error = error_for("connection");
    let note_error = error_for("note");
    let conn_err_id = format!("{prefix}-connection-error");
    let note_id = format!("{prefix}-note");
    let note_err_id = format!("{prefix}-note-error");
    // The hint, and the reason once the note is marked wrong.
    let note_described = {
        let (hint, both) = (format!("{note_id}-hint"), format!("{note_id}-hint {note_err_id}"));
        move || {
            if note_error().is_some() {
                both.clone()
            } else {
                hint.clone()
            }
        }
    };
    view! {
        <fieldset
            class="scale"
            id=format!("{prefix}-connection")
            tabindex="-1"
            aria-describedby=move || conn_error().is_some().then(|| format!("{prefix}-connection-error"))
        >
            <legend>"How connected do you feel right now?"</legend>
            <div class="scale-ends" aria-hidden="true">
                <span>"1 · far apart"</span>
                <span>"10 · very close"</span>
            </div>
            <div class="scale-options">
                {(CONNECTION_MIN..=CONNECTION_MAX)
                    .map(|n| {
                        let id = format!("{}-c{n}", prefix);
                        view! {
                            <div class="scale-option">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name=format!("{}-connection", prefix)
                                    value=n.to_string()
                                    prop:checked=move || form.with(|f| f.connection == Some(n))
                                    on:change=move |_| form.update(|f| f.connection = Some(n))
                                />
                                <label for=id>
                                    <span class="n">{n}</span>
                                    <span class="sr-only">{format!(" — {}", connection_words(n))}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="scale-now">
                {move || {
                    form.with(|f| f.connection)
                        .map(|n| format!("{n} out of 10: {}", connection_words(n)))
                        // The error below says it once a save asked for it.
                        .unwrap_or_else(|| if conn_error().is_some() { String::new() } else { "Choose a number.".into() })
                }}
            </p>
            {move || conn_error().map(|m| view! { <p class="error" id=conn_err_id.clone()>{m}</p> })}
        </fieldset>

        <fieldset>
            <legend>"What do you feel? (choose any)"</legend>
            <p class="hint">"Not sure? Start with the group that fits best, then a word inside it."</p>
            <FeelingWords
                prefix
                chosen=Memo::new(move |_| form.with(|f| f.feelings.clone()))
                toggle=Callback::new(move |key| form.update(|f| f.toggle_feeling(key)))
            />
        </fieldset>

        <fieldset>
            <legend>"Which need is loudest today? I most need to feel\u{2026}"</legend>
            <div class="chips">
                {Need::ALL
                    .into_iter()
                    .map(|need| {
                        let id = format!("{}-need-{}", prefix, need.key());
                        view! {
                            <div class="chip">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name=format!("{}-need", prefix)
                                    prop:checked=move || form.with(|f| f.need == Some(need))
                                    on:change=move |_| form.update(|f| f.need = Some(need))
                                />
                                <label for=id>{need.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                <div class="chip">
                    <input
                        type="radio"
                        id=format!("{}-need-none", prefix)
                        name=format!("{}-need", prefix)
                        prop:checked=move || form.with(|f| f.need.is_none())
                        on:change=move |_| form.update(|f| f.need = None)
                    />
                    <label for=format!("{}-need-none", prefix)>"None of these today"</label>
                </div>
            </div>
        </fieldset>

        <div class="field">
            <label for=note_id.clone()>"A note (optional)"</label>
            <p class="hint" id=format!("{note_id}-hint")>
                {if expect_context::<crate::state::AppState>().solo() {
                    "Anything you want to remember or say. It stays here, in this browser."
                } else {
                    "Anything you want to remember or say. Only you two will see it."
                }}
            </p>
            <textarea
                id=note_id.clone()
                rows="3"
                aria-describedby=note_described
                aria-invalid=move || note_error().is_some().then_some("true")
                prop:value=move || form.with(|f| f.note.clone())
                on:input=move |ev| form.update(|f| f.note = event_target_value(&ev))
            ></textarea>
            <OverLimit text=Signal::derive(move || form.with(|f| f.note.clone())) max=NOTE_MAX/>
            // Always there, so the message is said as it appears.
            <div role="alert">{move || note_error().map(|m| view! { <p class="error" id=note_err_id.clone()>{m}</p> })}</div>
        </div>
    }
}
