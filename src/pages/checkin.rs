//! Check in: each partner answers privately on one device; the answers are
//! revealed together once both are in (or the check-in is closed as one).
//!
//! What is on screen is derived from the document alone (the draft, a
//! waiting check-in), so a reload resumes exactly where the couple was.

use leptos::prelude::*;

use crate::components::answer_card::AnswerCard;
use crate::components::answer_form::AnswerFields;
use crate::components::confirm::ConfirmBox;
use crate::components::effect::effect;
use crate::components::links::href;
use crate::components::page::{focus_id, focus_id_soon, remember_opener, PageHeading};
use crate::domain::checkin::{CheckInError, Status};
use crate::domain::couple::FormError;
use crate::domain::{Author, Id};
use crate::state::AppState;

#[component]
pub fn CheckIn() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The check-in just completed, shown until the couple moves on ("Close",
    // or any other page: coming back days later starts a new one); kept
    // for this tab like words not yet saved, so a reload still shows it
    // (and, like them, gone once Hearth locks).
    const REVEALED: &str = "checkin-revealed";
    let kept = state.unsent(REVEALED.into());
    let revealed = RwSignal::new(kept.with_untracked(|k| (!k.is_empty()).then(|| Id(k.clone()))));
    effect(move |_| kept.set(revealed.with(|r| r.as_ref().map_or(String::new(), |id| id.0.clone()))));
    on_cleanup(move || state.sent(REVEALED));

    // The answer this page may show: one begun here, or one whose writer
    // said it is them. Any other half-way answer (there when the page
    // opened, or begun since in another window) waits for its writer: one
    // device, no login, and the other partner may be the one holding it.
    let open = RwSignal::new(None::<Id>);

    let screen = Memo::new(move |_| {
        state.doc.with(|d| {
            let Some(c) = &d.couple else {
                return Screen::NoCouple;
            };
            let solo = c.is_solo();
            // Alone after "Just me for now", the partner's answer begun
            // before stays out of sight, as their saved ones do.
            if let Some(draft) = d.checkins.shown_draft(solo) {
                if !solo && open.with(|o| o.as_ref() != Some(&draft.meta.id)) {
                    return Screen::Resume(draft.who);
                }
                return Screen::Answer(draft.who);
            }
            if let Some(id) = revealed.get() {
                if d.checkins.get(&id).is_some_and(|ci| {
                    ci.status(solo) == Status::Revealed && !ci.meta.deleted && (!solo || ci.a.is_some())
                }) {
                    return Screen::Reveal(id);
                }
            }
            if let Some((ci, waiting_for)) = d.checkins.waiting(solo) {
                return Screen::Handoff {
                    id: ci.meta.id.clone(),
                    waiting_for,
                };
            }
            Screen::Start
        })
    });

    view! {
        <PageHeading title="Check in"/>
        {move || match screen.get() {
            Screen::NoCouple => view! {
                <p>"First, tell Hearth your names."</p>
                <p><a class="button" href=href("/")>"Start"</a></p>
            }.into_any(),
            Screen::Start => view! { <Start open/> }.into_any(),
            Screen::Resume(who) => view! { <Resume who open/> }.into_any(),
            Screen::Answer(who) => view! { <Turn who revealed/> }.into_any(),
            Screen::Handoff { id, waiting_for } => view! { <Handoff id waiting_for revealed open/> }.into_any(),
            Screen::Reveal(id) => view! { <Reveal id revealed/> }.into_any(),
        }}
    }
}

/// After a step of the check-in, keyboard and screen-reader users start at
/// the top of the screen that follows (one of these headings), not back at
/// the top of the page.
fn focus_next_screen() {
    request_animation_frame(|| {
        for id in ["turn-title", "handoff-title", "reveal-title", "resume-title"] {
            focus_id(id);
        }
    });
}

#[derive(Clone, PartialEq)]
enum Screen {
    NoCouple,
    Start,
    /// An answer half-way, waiting for its writer to say it is them.
    Resume(Author),
    Answer(Author),
    Handoff {
        id: Id,
        waiting_for: Author,
    },
    Reveal(Id),
}

/// Begins `who`'s answer (kept quietly, as its answers will be), to be
/// shown on this page at once.
fn begin(state: AppState, open: RwSignal<Option<Id>>, who: Author, solo: bool) {
    state.keep(|d, ctx| d.checkins.start(ctx, who, solo));
    open.set(
        state
            .doc
            .with_untracked(|d| d.checkins.current_draft().map(|x| x.meta.id.clone())),
    );
    focus_next_screen();
}

#[component]
fn Start(open: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = state.solo();
    let start = move |who: Author| begin(state, open, who, solo);
    let (a, b) = (move || state.name(Author::A), move || state.name(Author::B));
    view! {
        <p class="lead">
            "How connected do you feel right now, what's stirring inside, and what do you need? "
            {if solo {
                "Answer for yourself; it takes about a minute."
            } else {
                "Each of you answers privately. Your answers stay hidden until you have both finished, then you see them side by side."
            }}
        </p>
        {if solo {
            // One answer half-way at a time: the hidden partner's goes when
            // this one begins, so it is said first (never what it holds).
            let hidden = state.doc.with_untracked(|d| d.checkins.current_draft().is_some_and(|x| x.who == Author::B));
            view! {
                {hidden.then(|| view! {
                    <p>"Your partner began an answer before \u{201c}Just me for now\u{201d}. It stays unseen, and starting your check-in clears it."</p>
                })}
                <div class="actions">
                    <button type="button" class="button-primary" on:click=move |_| start(Author::A)>
                        "Start my check-in"
                    </button>
                </div>
            }
                .into_any()
        } else {
            // The question above its two answers, which it names as a group.
            view! {
                <p id="who-first">"Who goes first?"</p>
                <div class="actions" role="group" aria-labelledby="who-first">
                    <button type="button" class="button-primary" on:click=move |_| start(Author::A)>
                        {move || format!("{} first", a())}
                    </button>
                    <button type="button" class="button-primary" on:click=move |_| start(Author::B)>
                        {move || format!("{} first", b())}
                    </button>
                </div>
            }
                .into_any()
        }}
    }
}

/// An answer half-way: nothing of it is shown until its writer comes back.
#[component]
fn Resume(who: Author, open: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || state.name(who);
    view! {
        <section class="card stack" aria-labelledby="resume-title">
            <h2 id="resume-title" tabindex="-1">{move || format!("{}'s answer is half-way", name())}</h2>
            <p>{move || format!("Nothing of it shows until {} carries on. Everything chosen so far is still there.", name())}</p>
            <div class="actions">
                <button
                    type="button"
                    class="button-primary"
                    on:click=move |_| {
                        open.set(state.doc.with_untracked(|d| d.checkins.current_draft().map(|x| x.meta.id.clone())));
                        focus_next_screen();
                    }
                >
                    {move || format!("I'm {}: carry on", name())}
                </button>
            </div>
        </section>
    }
}

/// One partner's private turn. Nothing of the other partner's answer is
/// rendered here.
#[component]
fn Turn(who: Author, revealed: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = state.solo();
    let me = move || state.name(who);
    let other = move || state.name(who.other());
    let initial = state
        .doc
        .with_untracked(|d| d.checkins.current_draft().map(|x| x.form.clone()))
        .unwrap_or_default();
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FormError>::new());

    // The same answer open in another window, and edited there: the
    // document now holds that window's draft. Show it, so what is on screen
    // is what "Save my answer" saves.
    effect(move |_| {
        let held = state.doc.with(|d| {
            d.checkins
                .current_draft()
                .filter(|x| x.who == who)
                .map(|x| x.form.clone())
        });
        if let Some(held) = held {
            if form.with_untracked(|f| *f != held) {
                form.set(held);
            }
        }
    });

    // Keep the draft saved as it changes, so a reload resumes here.
    effect(move |prev: Option<()>| {
        let now = form.get();
        // Already held (shown from another window's edit): nothing to write.
        let held = state
            .doc
            .with_untracked(|d| d.checkins.current_draft().is_some_and(|x| x.form == now));
        if prev.is_some() && !held {
            state.keep(|d, ctx| {
                let _ = d.checkins.edit_draft(ctx, |f| *f = now);
            });
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Refused, nothing is saved nor said to be.
        let result = state.try_change(|d, ctx| d.checkins.submit(ctx));
        match result {
            Ok(id) => {
                errors.set(Vec::new());
                revealed.set(Some(id));
                focus_next_screen();
            }
            Err(CheckInError::Form(es)) => {
                let first = es.first().map(|e| e.field);
                errors.set(es);
                // Once marked: a screen reader hears the reason with it.
                if let Some(f) = first {
                    focus_id_soon(format!("ci-{f}"));
                }
            }
            Err(_) => {}
        }
    };
    let discard = move |_| {
        state.change(|d, ctx| d.checkins.discard_draft(ctx));
        // Back at the start of the page, where "Who goes first?" is asked.
        request_animation_frame(|| focus_id("main"));
    };
    // Nothing typed yet: "Not now" just steps back. Words already written
    // are only cleared once the partner says so.
    let putting_away = RwSignal::new(false);
    let not_now = move |ev| {
        if form.with_untracked(|f| *f == Default::default()) {
            discard(ev);
        } else {
            // "Keep writing" comes back to this button.
            remember_opener();
            putting_away.set(true);
            request_animation_frame(|| {
                // The whole question in view (it opens below the form), then its title focused.
                if let Some(b) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("put-away"))
                {
                    b.scroll_into_view_with_bool(false);
                }
                focus_id("put-away-title");
            });
        }
    };

    view! {
        <section aria-labelledby="turn-title" class="turn">
            <h2 id="turn-title" tabindex="-1">{move || format!("{}'s turn", me())}</h2>
            {(!solo)
                .then(|| {
                    view! {
                        <p class="privacy">
                            {move || format!("{}, this part is {}'s alone: please look away for a minute. ", other(), me())}
                            "The answers are shown together when you have both finished."
                        </p>
                    }
                })}
            <form class="card stack" on:submit=submit novalidate>
                <AnswerFields form errors prefix="ci"/>
                <div class="actions">
                    <button type="submit" class="button-primary">"Save my answer"</button>
                    <button type="button" class="button-quiet" on:click=not_now>"Not now"</button>
                </div>
            </form>
            <ConfirmBox
                open=putting_away
                id="put-away"
                title="Put this answer away?"
                yes="Yes, clear my answer"
                keep="Keep writing"
                on_yes=discard
            >
                <p>"What you've written so far will be cleared. You can start a new check-in whenever you like."</p>
            </ConfirmBox>
        </section>
    }
}

#[component]
fn Handoff(
    id: Id,
    waiting_for: Author,
    revealed: RwSignal<Option<Id>>,
    open: RwSignal<Option<Id>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let next = move || state.name(waiting_for);
    let done_by = move || state.name(waiting_for.other());
    let start = move |_| begin(state, open, waiting_for, false);
    let close_id = id.clone();
    let close = move |_| {
        let id = close_id.clone();
        if state.change(|d, ctx| d.checkins.close(ctx, &id)).is_ok() {
            revealed.set(Some(id));
            focus_next_screen();
        }
    };
    view! {
        <div class="handoff card stack">
            <h2 id="handoff-title" tabindex="-1">{move || format!("Thank you, {}.", done_by())}</h2>
            // Not "saved" while the browser would not store them (full).
            <p>
                {move || if state.unstored.get() {
                    "Your answers are hidden, and kept here until there is room to save them."
                } else {
                    "Your answers are saved and hidden."
                }}
                {move || format!(" Please hand the device to {}.", next())}
            </p>
            <div class="actions">
                <button type="button" class="button-primary" on:click=start>
                    {move || format!("I'm {}: start my check-in", next())}
                </button>
            </div>
            <p class="small">{move || format!("{} can also answer later: Today will show that this check-in is waiting.", next())}</p>
            <div class="actions">
                <button type="button" class="button-quiet" on:click=close>
                    {move || format!("{} isn't here: finish with {}'s answer only", next(), done_by())}
                </button>
            </div>
        </div>
    }
}

#[component]
fn Reveal(id: Id, revealed: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ci = state.doc.with_untracked(|d| d.checkins.get(&id).cloned());
    let Some(ci) = ci else { return ().into_any() };
    let (a, b) = (state.name(Author::A), state.name(Author::B));
    // Alone, the partner's answer stays out of sight, as on Journey.
    let ci_b = ci.b.clone().filter(|_| !state.solo());
    let both = ci.a.is_some() && ci_b.is_some();
    let shared = if both { ci.shared_feelings() } else { Vec::new() };
    view! {
        <section aria-labelledby="reveal-title" class="reveal">
            <h2 id="reveal-title" tabindex="-1">{if both { "Here you both are" } else { "Here's your check-in" }}</h2>
            {(!shared.is_empty())
                .then(|| {
                    let words: Vec<&str> = shared.iter().map(|f| crate::domain::feelings::label(f)).collect();
                    view! { <p class="shared">{format!("You both named: {}.", words.join(", "))}</p> }
                })}
            <div class="side-by-side">
                {ci.a.clone().map(|ans| view! { <AnswerCard name=a.clone() answer=ans/> })}
                {ci_b.map(|ans| view! { <AnswerCard name=b.clone() answer=ans partner_b=true/> })}
            </div>
            <p class="small">
                {if both {
                    "There are no right answers here. If something surprised you, ask about it with curiosity: \u{201c}Can you tell me more about that?\u{201d}"
                } else {
                    "There are no right answers here. Naming what you feel is already a step towards each other."
                }}
            </p>
            <div class="actions">
                <a class="button button-primary" href=href("/")>"Back to Today"</a>
                <a class="button" href=href("/journey")>"See your journey"</a>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| {
                        revealed.set(None);
                        // The button is gone with the answers: back to the
                        // start of the page, where a new check-in begins.
                        request_animation_frame(|| focus_id("main"));
                    }
                >
                    "Close"
                </button>
            </div>
        </section>
    }
    .into_any()
}
