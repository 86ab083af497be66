//! Today: the couple's names and the next steps. `Root` shows Welcome until
//! the couple has introduced themselves.

use leptos::prelude::*;

use super::welcome::Welcome;
use crate::components::answer_card::AnswerCard;
use crate::components::backup::BackupReminder;
use crate::components::links::href;
use crate::components::page::PageHeading;
use crate::components::pwa::InstallButton;
use crate::components::show::Show;
use crate::domain::today::{next_step, NextStep};
use crate::domain::Author;
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

const MORE: [(&str, &str, &str); 4] = [
    (
        "/check-in",
        "Check in",
        "How connected do you feel today? Each answer stays private until it's time to see it.",
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

/// The one suggested step, as words and a link.
/// `path` is `None` where the step happens face to face, with no page
/// needed (or none built yet).
fn step_view(
    step: NextStep,
    a: &str,
    b: &str,
    they: &dyn Fn(Author) -> String,
) -> (String, String, Option<&'static str>, String) {
    let who = |p: Author| {
        if p == Author::A {
            a.to_string()
        } else {
            b.to_string()
        }
    };
    match step {
        NextStep::Welcome => ("Start here".into(), "Tell Hearth your names.".into(), Some("/"), "Begin".into()),
        NextStep::ResumeCheckIn { who: p } => (
            format!("{}'s check-in is half-way", who(p)),
            "Pick up where you left off; everything you chose is still there.".into(),
            Some("/check-in"),
            "Carry on".into(),
        ),
        NextStep::FinishCheckIn { waiting_for } => (
            format!("A check-in is waiting for {}", who(waiting_for)),
            format!("{} has answered. When {} is ready, the answers are shown together.", who(waiting_for.other()), who(waiting_for)),
            Some("/check-in"),
            format!("{}'s turn", who(waiting_for)),
        ),
        NextStep::CheckIn { days: None } => (
            "Your first check-in".into(),
            "About a minute: how connected you feel, what you feel, what you need.".into(),
            Some("/check-in"),
            "Check in".into(),
        ),
        NextStep::CheckIn { days: Some(_) } => (
            "Time for a check-in?".into(),
            "It's been a little while. A minute is enough to catch up.".into(),
            Some("/check-in"),
            "Check in".into(),
        ),
        NextStep::TryDilemma => (
            "Feeling a bit apart lately".into(),
            "That happens to every couple. Think of one moment you wanted to reach out but held back, and look at it together, gently."
                .into(),
            Some("/dilemma"),
            "Look at a moment".into(),
        ),
        NextStep::Conversation { text, .. } => (
            "A conversation is waiting".into(),
            text,
            Some("/dilemma"),
            "Open it".into(),
        ),
        NextStep::Appreciate { alone: true, .. } => (
            "You'd love to feel appreciated".into(),
            format!("That's worth saying out loud. Tell {b} one small thing that helps you feel loved, and when it happens, keep the moment in the journal."),
            Some("/gestures"),
            "Open the journal".into(),
        ),
        NextStep::Appreciate { for_whom, .. } => (
            format!("{} would love to feel appreciated", who(for_whom)),
            format!(
                "Tell {} about a moment lately when {} made you feel loved. Face to face is best, and the journal keeps it.",
                who(for_whom),
                they(for_whom)
            ),
            Some("/gestures"),
            "Write an appreciation".into(),
        ),
        NextStep::UsTime { planned: true } => (
            "Something small in the meantime".into(),
            "Your time together is on the calendar. Until then, a small gesture keeps you close: a kind word, a hand held, a thank-you."
                .into(),
            Some("/gestures"),
            "Choose a gesture".into(),
        ),
        NextStep::UsTime { .. } => (
            "Make room for us time".into(),
            "Time together keeps you close. Dream up an evening that is just for the two of you, and put it on the calendar.".into(),
            Some("/us-time"),
            "Plan us time".into(),
        ),
    }
}

#[component]
fn Home() -> impl IntoView {
    // Home may read only what `domain::today::reads` lists: the rest of the
    // couple's years may not be read yet when it is drawn.
    let state = expect_context::<AppState>();
    let names = move || state.name(Author::Both);
    let solo = move || state.doc.with(|d| d.couple.as_ref().is_some_and(|c| c.is_solo()));
    let step = Memo::new(move |_| state.doc.with(|d| next_step(d, state.now())));
    let latest = Memo::new(move |_| {
        state.doc.with(|d| {
            let solo = d.couple.as_ref().is_some_and(|c| c.is_solo());
            let partners: &[Author] = if solo {
                &[Author::A]
            } else {
                &[Author::A, Author::B]
            };
            // Each with its day: one partner's latest may be months older
            // than the other's. Worked out here, so the minute's tick that
            // leaves the days as they were draws nothing again.
            let today = state.now().with_timezone(&chrono::Local);
            partners
                .iter()
                .filter_map(|p| {
                    d.checkins.latest(*p, solo).map(|ans| {
                        let day = crate::domain::dates::weekday_day_mon_near(
                            &ans.at.with_timezone(&chrono::Local),
                            &today,
                        );
                        (*p, ans.clone(), day)
                    })
                })
                .collect::<Vec<_>>()
        })
    });
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
        <section aria-labelledby="step-title" class="next-step card">
            {move || {
                // Tracks the names only: drawn again when they or the step
                // change, not on every save.
                let (a, b) = (state.name(Author::A), state.name(Author::B));
                // Pronouns untracked: tracking the document would draw this
                // again on every save (a change of pronouns shows next time).
                let they = |p| untrack(|| state.pronoun(p, false));
                let (title, text, path, action) = step_view(step.get(), &a, &b, &they);
                view! {
                    <p class="eyebrow">"Suggested next step"</p>
                    <h2 id="step-title">{title}</h2>
                    <p>{text}</p>
                    {path.map(|p| view! { <a class="button button-primary" href=href(p)>{action}</a> })}
                }
            }}
        </section>
        <ForYou/>
        <ComingUp/>
        <BackupReminder/>
        <Show when=move || !latest.with(Vec::is_empty)>
            <section aria-labelledby="latest-title">
                <h2 id="latest-title">"How you've been feeling"</h2>
                <div class="side-by-side">
                    {move || {
                        latest
                            .get()
                            .into_iter()
                            .map(|(p, ans, day)| {
                                let name = format!("{} \u{00b7} {day}", state.name(p));
                                view! { <AnswerCard name answer=ans partner_b=p == Author::B/> }
                            })
                            .collect_view()
                    }}
                </div>
            </section>
        </Show>
        <InstallButton quiet=true/>
        <section aria-labelledby="more-title">
            <h2 id="more-title">"Ways to turn toward each other"</h2>
            <ul class="cards">
                {MORE
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

/// Something waiting for one partner: a gesture to notice, appreciations to
/// read. Only the receiver is named; what it is stays theirs to open.
#[component]
fn ForYou() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lines = Memo::new(move |_| {
        state.doc.with(|d| {
            let Some(c) = &d.couple else { return Vec::new() };
            if c.is_solo() {
                return Vec::new();
            }
            [Author::A, Author::B]
                .into_iter()
                .filter_map(|p| {
                    // Whether there is something, never how much: Home
                    // opens before the rest of the years are read (see
                    // domain::today::reads).
                    let gestures = !d.gestures.to_notice_for(p, false).is_empty();
                    let notes = !d.gestures.unseen_for(p, false).is_empty();
                    let from = c.name_of(p.other());
                    let text = match (gestures, notes) {
                        (false, false) => return None,
                        (false, true) => format!("{from} wrote something for you to read."),
                        (true, false) => {
                            format!("{from} did something for you. Have a look when you're ready.")
                        }
                        (true, true) => {
                            format!("{from} did something for you, and wrote something for you to read.")
                        }
                    };
                    Some((c.name_of(p), text))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !lines.with(Vec::is_empty)>
            <section aria-labelledby="for-you-title" class="card stack">
                <h2 id="for-you-title">"Waiting for you"</h2>
                <ul class="plain">
                    {move || {
                        lines
                            .get()
                            .into_iter()
                            .map(|(who, text)| view! { <li><strong>{format!("{who}: ")}</strong>{text}</li> })
                            .collect_view()
                    }}
                </ul>
                <a class="button" href=href("/gestures")>"Open gestures"</a>
            </section>
        </Show>
    }
}

/// The next dates on the calendar, and how the rhythm is going.
#[component]
fn ComingUp() -> impl IntoView {
    use chrono::Local;
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        let n = state.now();
        state.doc.with(|d| {
            let plans: Vec<(String, String)> = d
                .us_time
                .upcoming(n)
                .into_iter()
                .take(2)
                .map(|p| {
                    (
                        p.title.clone(),
                        crate::domain::dates::weekday_day_mon_hm_near(
                            &p.start.with_timezone(&Local),
                            &n.with_timezone(&Local),
                        ),
                    )
                })
                .collect();
            let rhythm = crate::domain::us_time::rhythm_summary(&d.us_time, n, &crate::state::local_offset)
                .map(|r| r.sentence);
            (plans, rhythm)
        })
    });
    view! {
        <Show when=move || data.with(|(p, r)| !p.is_empty() || r.is_some())>
            <section aria-labelledby="coming-title" class="card stack">
                <h2 id="coming-title">"Coming up"</h2>
                <ul class="plain">
                    {move || {
                        data.get()
                            .0
                            .into_iter()
                            .map(|(t, w)| view! { <li><strong>{w}</strong>" \u{00b7} " {t}</li> })
                            .collect_view()
                    }}
                </ul>
                {move || data.get().1.map(|r| view! { <p class="small">{r}</p> })}
                <a class="button" href=href("/us-time")>"Open us time"</a>
            </section>
        </Show>
    }
}
