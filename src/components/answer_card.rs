//! One partner's revealed answer: the reading in words, feelings, need, note.

use leptos::prelude::*;

use crate::domain::checkin::{connection_words, Answer, CONNECTION_MAX};
use crate::domain::{feelings, figures};

#[component]
pub fn AnswerCard(
    #[prop(into)] name: String,
    answer: Answer,
    #[prop(optional)] partner_b: bool,
    /// Under a heading of its own level (a dated entry on Journey): h4.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let pct = figures::percent(answer.connection.into(), CONNECTION_MAX.into());
    let class = if partner_b {
        "answer answer-b"
    } else {
        "answer answer-a"
    };
    view! {
        <article class=class>
            {if nested {
                view! { <h4>{name}</h4> }.into_any()
            } else {
                view! { <h3>{name}</h3> }.into_any()
            }}
            <p class="reading">
                <strong>{format!("{} out of 10", answer.connection)}</strong>
                {format!(" \u{2014} {}", connection_words(answer.connection))}
            </p>
            <div class="meter" aria-hidden="true">
                <span style:width=format!("{pct}%")></span>
            </div>
            {(!answer.feelings.is_empty())
                .then(|| {
                    view! {
                        <p class="feelings">
                            // Heard as one list, "distant, left out", not as
                            // "distant left out"; the tags are for the eye.
                            <span class="sr-only">
                                {format!(
                                    "Feels: {}",
                                    answer.feelings.iter().map(|f| feelings::label(f)).collect::<Vec<_>>().join(", "),
                                )}
                            </span>
                            <span class="tag-row" aria-hidden="true">
                                {answer
                                    .feelings
                                    .iter()
                                    .map(|f| view! { <span class="tag">{feelings::label(f).to_string()}</span> })
                                    .collect_view()}
                            </span>
                        </p>
                    }
                })}
            {answer.need.map(|n| view! { <p class="need">"Most needs to feel " <strong>{n.label()}</strong></p> })}
            {(!answer.note.is_empty()).then(|| view! { <p class="note">{answer.note.clone()}</p> })}
        </article>
    }
}
