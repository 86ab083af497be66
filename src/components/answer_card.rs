//! One partner's revealed answer: the reading in words, feelings, need, note.

use leptos::prelude::*;

use crate::domain::checkin::{connection_words, Answer, CONNECTION_MAX};
use crate::domain::{feelings, figures};

#[component]
pub fn AnswerCard(
    #[prop(into)] name: String,
    answer: Answer,
    #[prop(optional)] partner_b: bool,
) -> impl IntoView {
    let pct = figures::percent(answer.connection.into(), CONNECTION_MAX.into());
    let class = if partner_b {
        "answer answer-b"
    } else {
        "answer answer-a"
    };
    view! {
        <article class=class>
            <h3>{name}</h3>
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
                            <span class="sr-only">"Feels: "</span>
                            {answer
                                .feelings
                                .iter()
                                .map(|f| view! { <span class="tag">{feelings::label(f).to_string()}</span> })
                                .collect_view()}
                        </p>
                    }
                })}
            {answer.need.map(|n| view! { <p class="need">"Most needs to feel " <strong>{n.label()}</strong></p> })}
            {(!answer.note.is_empty()).then(|| view! { <p class="note">{answer.note.clone()}</p> })}
        </article>
    }
}
