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
    let first = ymd(&(untrack(today) - Duration::days(DEFAULT_DAYS)));
    // The last day that read well: while a date is half typed (the field
    // reads "" then) the summary below stays as it was. The field is never
    // written back, so a half-typed date is left as it is.
    let from = RwSignal::new(first.clone());
    // Said once the field is left, not at every key (typing a year passes
    // through 0002, 0020, 0202).
    let error = RwSignal::new(None::<String>);
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if read_since(&text, today()).is_ok() {
            from.set(text);
            error.set(None);
        }
    };
    let on_leave = move |ev: leptos::ev::FocusEvent| {
        // The window losing focus (another app, a notification) blurs the
        // field too, which keeps the focus to have it back: nothing to say
        // about a date half typed then.
        let field = ev.target();
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        if active.is_some_and(|a| field.as_deref() == Some(a.as_ref())) {
            return;
        }
        error.set(read_since(&event_target_value(&ev), today()).err());
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let day = move || parse_ymd(&from.get()).unwrap_or_else(|| untrack(today));
    // Whose and which days, in a status region: choosing another day says so.
    let of = move || {
        let names = state
            .doc
            .with(|d| d.couple.as_ref().map(|c| c.names()).unwrap_or_default());
        format!("{names}: {} to {}", day_mon_year(&day()), day_mon_year(&today()))
    };
    // Built again when the day or the couple's words change, not each
    // minute `now` ticks.
    let body = move || {
        let day = day();
        let sections = state.doc.with(|d| summary::since(d, day, &local_offset));
        let empty = sections.is_empty().then(|| {
            format!(
                "Nothing shared since {} yet. Choose an earlier day, or come back after a check-in or two.",
                day_mon_year(&day)
            )
        });
        view! {
            {empty.map(|e| view! { <p>{e}</p> })}
            {sections
                .into_iter()
                .map(|s| {
                    view! {
                        <section aria-labelledby=s.id>
                            <h2 id=s.id>{s.title}</h2>
                            <ul class="plain summary">
                                {s.lines
                                    .into_iter()
                                    .map(|l| {
                                        // A line's own lines are a list inside its item,
                                        // so they are heard as its own and printed with it.
                                        let under = (!l.under.is_empty()).then(|| view! {
                                            <ul class="plain">
                                                {l.under
                                                    .into_iter()
                                                    .map(|(lead, text)| view! { <li><strong>{lead}</strong>{text}</li> })
                                                    .collect_view()}
                                            </ul>
                                        });
                                        view! { <li><strong>{l.lead}</strong>{l.text}{under}</li> }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
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
                    <input type="date" id="summary-since" value=first
                        min=move || ymd(&earliest(today()))
                        max=move || ymd(&today())
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=move || error.with(Option::is_some).then_some("summary-since-error")
                        on:input=on_input on:blur=on_leave/>
                    <div role="alert">
                        {move || error.get().map(|e| view! { <p class="error" id="summary-since-error">{e}</p> })}
                    </div>
                </div>
                <p class="small">
                    "Only what you may both read is in it: an answer still waiting, a private entry, plans and votes stay out."
                </p>
                <p><button type="button" class="button-primary" on:click=print>"Print, or save as a PDF"</button></p>
            </div>
        </div>
        <p class="summary-of" role="status">{of}</p>
        {body}
    }
}
