//! A summary to bring along: since a day the couple chooses (two weeks ago
//! unless they say), how each felt, their notes, their conversations and
//! what happened along the way, on one page to print or save as a PDF.
//! `domain::summary` writes it (only what both may read); this page lays
//! its sections out.

use chrono::Duration;
use leptos::prelude::*;

use crate::components::page::PageHeading;
use crate::domain::dates::{day_mon_year, local_day, parse_ymd, ymd};
use crate::domain::summary::{self, earliest, read_since, DEFAULT_DAYS};
use crate::state::{local_offset, AppState};

#[component]
pub fn Summary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = move || local_day(state.now(), &local_offset);
    let typed = RwSignal::new(ymd(&(untrack(today) - Duration::days(DEFAULT_DAYS))));
    // The last day that read well: a date half typed keeps the summary below.
    let from = RwSignal::new(typed.get_untracked());
    let error = move || read_since(&typed.get(), today()).err();
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if read_since(&text, today()).is_ok() {
            from.set(text.clone());
        }
        typed.set(text);
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    // Built again when the day or the couple's words change, not each
    // minute `now` ticks: only the last day shown follows the clock.
    let body = move || {
        let day = parse_ymd(&from.get()).unwrap_or_else(|| untrack(today));
        let of = state
            .doc
            .with(|d| d.couple.as_ref().map(|c| c.names()).unwrap_or_default());
        let sections = state.doc.with(|d| summary::since(d, day, &local_offset));
        let from_day = day_mon_year(&day);
        let empty = sections.is_empty().then(|| {
            format!("Nothing shared since {from_day} yet. Choose an earlier day, or come back after a check-in or two.")
        });
        view! {
            <p class="summary-of">{format!("{of}: {from_day} to ")}{move || day_mon_year(&today())}</p>
            {empty.map(|e| view! { <p>{e}</p> })}
            {sections
                .into_iter()
                .map(|s| view! {
                    <section aria-labelledby=s.id>
                        <h2 id=s.id>{s.title}</h2>
                        <ul class="plain summary">
                            {s.lines
                                .into_iter()
                                .map(|l| view! {
                                    <li class=l.under.then_some("under")><strong>{l.lead}</strong>{l.text}</li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
                .collect_view()}
        }
    };
    view! {
        <PageHeading title="A summary to bring along"/>
        <div class="summary-controls">
            <p class="lead">
                "For a session with a counsellor, or an evening of your own: what you've shared since a day you choose, on one page to print or keep as a PDF."
            </p>
            <div class="card stack">
                <div class="field">
                    <label for="summary-since">"Since"</label>
                    <input type="date" id="summary-since"
                        min=move || ymd(&earliest(today()))
                        max=move || ymd(&today())
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || error().is_some().then_some("summary-since-error")
                        prop:value=move || typed.get() on:input=on_input/>
                    <div role="alert">
                        {move || error().map(|e| view! { <p class="error" id="summary-since-error">{e}</p> })}
                    </div>
                </div>
                <p class="small">
                    "Only what you may both read is in it: an answer still waiting, a private entry, plans and votes stay out."
                </p>
                <p><button type="button" class="button-primary" on:click=print>"Print, or save as a PDF"</button></p>
            </div>
        </div>
        {body}
    }
}
