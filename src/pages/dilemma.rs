//! The connection dilemma: from "I held back" to a safe, face-to-face
//! conversation, one step a screen. Everything is saved as it is typed, so a
//! reload (or another day) resumes exactly at the same step.

use chrono::Local;
use leptos::prelude::*;

use crate::components::effect::effect;
use crate::components::feelings::FeelingWords;
use crate::components::keyed::For;
use crate::components::limit::OverLimit;
use crate::components::links::href;
use crate::components::more::ShowMore;
use crate::components::page::{focus_id, focus_id_later, focus_id_soon, Later, PageHeading};
use crate::components::show::Show;
use crate::components::undo::undo_bar;
use crate::domain::couple::FormError;
use crate::domain::dilemma::{
    blame_check, Choice, Dilemma, Fear, Names, NotAdded, Protection, Status, Step, CARE_PROMPTS,
    HEARD_PROMPTS, LONGING_SUGGESTIONS, MAKES_SENSE_PROMPTS, MOMENT_EXAMPLES, PAUSE_MINUTES, PAUSE_TEXT,
    REQUEST_SUGGESTIONS,
};
use crate::domain::feelings;
use crate::domain::{figures, Author, Id};
use crate::state::{now, AppState};

/// Edits the conversation `id` with a function on the record: a step's
/// words and choices, kept as they are made ("Next" is the save a screen
/// reader hears of).
fn edit(state: AppState, id: &Id, f: impl FnOnce(&mut Dilemma)) {
    let _ = state.keep(|d, ctx| d.dilemmas.edit(ctx, id, f));
}

/// An answer ticked or removed (a feeling, a fear, a way of staying safe):
/// a share that followed the answers follows the change
/// (`Dilemma::change_answers`).
fn edit_answer(state: AppState, id: &Id, mut f: impl FnMut(&mut Dilemma)) {
    let _ = state.keep(|d, ctx| {
        let names = d.couple.as_ref().map(Names::of);
        d.dilemmas
            .edit(ctx, id, |x| x.change_answers(names.as_ref(), &mut f))
    });
}

/// A written answer (typed, or an example chosen), through
/// `Dilemma::answer`: on the share's step, a share that follows the answers
/// takes the new words in.
fn answer(state: AppState, id: &Id, set: fn(&mut Dilemma, String), value: String) {
    let _ = state.keep(|d, ctx| {
        let names = d.couple.as_ref().map(Names::of);
        d.dilemmas.edit(ctx, id, |x| x.answer(names.as_ref(), set, value))
    });
}

/// What opens a conversation: with a partner here, words written alone
/// open for the one who wrote them, who says it is them (the same words on
/// the list, "Pick up where you left off" and the resting card).
fn carry_on(state: AppState, d: &Dilemma, is_solo: bool, otherwise: &str) -> String {
    match d.written_alone_by().filter(|_| !is_solo) {
        Some(p) => format!("I'm {}: carry on", untrack(|| state.name(p))),
        None => otherwise.into(),
    }
}

#[component]
pub fn Dilemma() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Used alone, the conversation in progress opens by itself (a reload
    // lands on it): the present partner's own, never one of the hidden
    // partner's, nor one set aside. With a partner here, words written
    // alone wait behind "I'm Sam: carry on": one device, no login, and
    // whoever opens the page may be the other one.
    let initial = state.solo().then(|| {
        state.doc.with_untracked(|d| {
            d.dilemmas
                .shown(true)
                .rev()
                .find(|x| x.status == Status::InProgress && x.written_alone_by().is_some())
                .map(|x| x.meta.id.clone())
        })
    });
    let active = RwSignal::new(initial.flatten());
    let has_couple = move || state.doc.with(|d| d.couple.is_some());
    view! {
        <PageHeading title="The dilemma"/>
        <Show
            when=has_couple
            fallback=|| view! { <p>"First, tell Hearth your names."</p><p><a class="button" href=href("/")>"Start"</a></p> }
        >
            {move || match active.get() {
                Some(id) => view! { <Flow id active/> }.into_any(),
                None => view! { <Landing active/> }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn Landing(active: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let is_solo = state.solo();
    let start = move |by: Author| {
        let id = state.change(|d, ctx| d.dilemmas.start(ctx, by, is_solo, None));
        active.set(Some(id));
    };
    let pending = Memo::new(move |_| {
        state.doc.with(|d| {
            let c = d.couple.as_ref()?;
            let names = Names::of(c);
            d.dilemmas.pending(state.now(), is_solo).map(|(x, p)| {
                (
                    x.meta.id.clone(),
                    p.invitation(&names, x),
                    carry_on(state, x, is_solo, "Carry on"),
                )
            })
        })
    });
    view! {
        <p class="lead">
            "When we long to feel close, part of us also braces for getting hurt. So we either pull back and stay safe "
            "(and a little lonely), or reach out and risk it. This walks you through one moment, gently, "
            "and helps you talk about it so that both of you feel safe."
        </p>
        {move || {
            pending
                .get()
                .map(|(id, text, carry_on)| {
                    view! {
                        <section class="card stack next-step" aria-labelledby="pickup-title">
                            <h2 id="pickup-title">"Pick up where you left off"</h2>
                            <p>{text}</p>
                            <button
                                type="button"
                                class="button-primary"
                                on:click=move |_| {
                                    let id = id.clone();
                                    let _ = state.change(|d, ctx| {
                                        d.dilemmas.get_mut(&id).map(|x| x.resume(ctx))
                                    });
                                    active.set(Some(id));
                                }
                            >
                                {carry_on}
                            </button>
                        </section>
                    }
                })
        }}
        <section aria-labelledby="begin-title">
            <h2 id="begin-title">"Start with a moment"</h2>
            <p>
                {if is_solo {
                    "It begins with you, the one who held back. Your partner can listen later, once they join or when you show them."
                } else {
                    "It begins with the one who held back. The other partner joins later, to listen."
                }}
            </p>
            // The brief asks for a safety note before hard conversations, not
            // only on the welcome page.
            <p class="small">
                "This is for a hard moment, not a frightening one. If you are afraid of your partner, stop here "
                "and talk to someone you trust or a domestic abuse helpline instead."
            </p>
            <div class="actions">
                {if is_solo {
                    view! {
                        <button type="button" class="button-primary" on:click=move |_| start(Author::A)>
                            "Begin"
                        </button>
                    }
                        .into_any()
                } else {
                    [Author::A, Author::B]
                        .into_iter()
                        .map(|p| {
                            view! {
                                <button type="button" class="button-primary" on:click=move |_| start(p)>
                                    {move || format!("I'm {}: begin", state.name(p))}
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
        </section>
        <Later>
            <Cycle/>
            <Conversations active/>
        </Later>
    }
}

/// The couple's pattern, drawn as a loop they face together.
#[component]
fn Cycle() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        state.doc.with(|d| {
            let Some(c) = &d.couple else {
                return (Vec::new(), None);
            };
            let names = Names::of(c);
            let links: Vec<(String, String, String)> = d
                .dilemmas
                .cycle(&names)
                .into_iter()
                .map(|l| {
                    (
                        names.name(l.who).to_string(),
                        l.fear.label().to_string(),
                        l.protection.label().to_string(),
                    )
                })
                .collect();
            (links, d.dilemmas.cycle_sentence(&names))
        })
    });
    view! {
        {move || {
            let (links, sentence) = data.get();
            sentence.map(|s| {
                view! {
                    <section aria-labelledby="cycle-title" class="cycle">
                        <h2 id="cycle-title">"Our cycle"</h2>
                        <p>{s}</p>
                        <ol class="cycle-loop" aria-label="The pattern, step by step">
                            {links
                                .into_iter()
                                .map(|(who, fear, protection)| {
                                    view! {
                                        <li class="card">
                                            <strong>{who}</strong>
                                            <span>{format!("fears: {}", lower_first(&fear))}</span>
                                            <span aria-hidden="true">"\u{2193}"</span>
                                            <span>{format!("protects by: {}", lower_first(&protection))}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                        <p class="small">"Once you can name it together, you can start to step out of it."</p>
                    </section>
                }
            })
        }}
    }
}

/// "Getting hurt" as it reads after "fears: ".
fn lower_first(label: &str) -> String {
    let mut c = label.chars();
    c.next()
        .map(|f| crate::domain::case::lower(f).chain(c).collect())
        .unwrap_or_default()
}

/// Conversations listed at first, and added by each "Show more".
const CONVERSATIONS_PAGE: usize = 20;

#[component]
fn Conversations(active: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let removed = RwSignal::new(None::<Id>);
    let partner_here = !state.solo();
    // Newest first, a page at a time: years of conversations add up.
    // Alone, the hidden partner's stay out (`shown`).
    let shown = RwSignal::new(CONVERSATIONS_PAGE);
    let total = Memo::new(move |_| state.doc.with(|d| d.dilemmas.shown(!partner_here).count()));
    let items = Memo::new(move |_| {
        let n = shown.get();
        state.doc.with(|d| {
            d.dilemmas
                .shown(!partner_here)
                .rev()
                .take(n)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let undo = move |id: Id| {
        let _ = state.change(|d, ctx| d.dilemmas.set_deleted(ctx, &id, false));
        // Undo is gone with its bar: to the conversation that came back.
        focus_id_soon(format!("open-{id}"));
        true
    };
    view! {
        <section aria-labelledby="convos-title">
            <h2 id="convos-title" tabindex="-1">"Your conversations"</h2>
            {undo_bar(removed, "undo-conversation", "Conversation deleted.", Box::new(undo))}
            <Show when=move || !items.with(Vec::is_empty) fallback=|| view! { <p class="small">"None yet."</p> }>
                <ul class="plain stack">
                    <For each=move || items.get() key=|d| (d.meta.id.clone(), d.meta.updated_at) let:d>
                        {
                            let waits = d.waits_for_partner(partner_here);
                            let status = match d.status {
                                Status::Finished { .. } if waits => "Ready to be heard".to_string(),
                                Status::Finished { .. } => "Finished".to_string(),
                                Status::Paused { .. } => "Resting".to_string(),
                                Status::NotNow { .. } => "Set aside for now".to_string(),
                                Status::InProgress => {
                                    let (n, t) = d.progress(!partner_here);
                                    format!("Step {n} of {t}")
                                }
                            };
                            let local = d.meta.created_at.with_timezone(&Local);
                            let when = crate::domain::dates::day_mon_year(&local);
                            // The moment is the speaker's own until it reaches the
                            // partner, who may be the one reading this list.
                            let title = if partner_here && !d.reached_partner(true) {
                                "Not shared yet".to_string()
                            } else if d.moment.is_empty() {
                                "A moment".to_string()
                            } else {
                                d.moment.clone()
                            };
                            // Text of its own: a rename reaches it without the
                            // list following every change of the document.
                            let by = d.by;
                            let (open_id, del_id) = (d.meta.id.clone(), d.meta.id.clone());
                            let read = d.is_finished() && !waits;
                            let label = carry_on(state, &d, !partner_here, if read { "Read" } else { "Open" });
                            // In a list of twenty, each button says which one
                            // it is about to a screen reader (to the minute:
                            // a day may have two).
                            let which = format!(" the conversation of {when}, {}", crate::domain::dates::hm(&local));
                            view! {
                                <li class="card convo">
                                    <p class="small">{move || format!("{} \u{00b7} {when} \u{00b7} {status}", state.name(by))}</p>
                                    <p class="convo-title">{title}</p>
                                    <div class="actions">
                                        <button
                                            type="button"
                                            id=format!("open-{}", d.meta.id)
                                            on:click=move |_| {
                                                active.set(Some(open_id.clone()));
                                                // Its heading, whichever view it opens in.
                                                focus_id_soon("step-title".into());
                                            }
                                        >
                                            {label}
                                            <span class="sr-only">{which.clone()}</span>
                                        </button>
                                        <button
                                            type="button"
                                            class="button-quiet"
                                            on:click=move |_| {
                                                let id = del_id.clone();
                                                let _ = state.change(|d, ctx| d.dilemmas.set_deleted(ctx, &id, true));
                                                removed.set(Some(id));
                                                request_animation_frame(|| focus_id("undo-conversation"));
                                            }
                                        >
                                            "Delete"
                                            <span class="sr-only">{which}</span>
                                        </button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <ShowMore shown total page=CONVERSATIONS_PAGE items=".convo" noun=("conversation", "conversations")/>
            </Show>
        </section>
    }
}

#[component]
fn Flow(id: Id, active: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = RwSignal::new(Vec::<FormError>::new());
    let fid = id.clone();
    let d = Memo::new(move |_| state.doc.with(|doc| doc.dilemmas.get(&fid).cloned()));
    let step = Memo::new(move |_| d.with(|x| x.as_ref().map(|x| (x.step, x.status))));
    // A new step: clear old messages.
    effect(move |prev: Option<()>| {
        let _ = step.get();
        if prev.is_some() {
            errors.set(Vec::new());
        }
    });
    let is_solo = state.solo();
    let notes = RwSignal::new(false);
    let (nid, bid, pid) = (id.clone(), id.clone(), id.clone());
    let next = move || {
        let id = nid.clone();
        // Words typed under "in my own words" and not added: Continue adds
        // them (OwnWords keeps them under this name).
        let typed = d
            .with_untracked(|x| x.as_ref().and_then(Dilemma::own_words_field))
            .map(|f| format!("dl-{f}-own-{id}"));
        let words = typed.as_deref().map(|k| state.kept(k)).unwrap_or_default();
        match state.try_change(|doc, ctx| {
            doc.dilemmas.get_mut(&id).map_or(Ok(()), |x| {
                x.add_typed(&words)?;
                x.next(ctx, is_solo).map(|_| ())
            })
        }) {
            Err(es) => {
                let first = es.first().map(|e| e.field);
                errors.set(es);
                if let Some(f) = first {
                    focus_id_soon(format!("dl-{f}"));
                }
            }
            _ => {
                errors.set(Vec::new());
                if let Some(k) = &typed {
                    state.sent(k);
                }
                // A new step's heading takes focus itself (StepHeading); the
                // finished conversation's does not, so it is given it here.
                let finished = state.doc.with_untracked(|doc| {
                    doc.dilemmas
                        .get(&nid)
                        .is_some_and(|x| matches!(x.status, Status::Finished { .. }))
                });
                if finished {
                    focus_id_soon("step-title".into());
                }
            }
        }
    };
    let back = move |_| {
        let id = bid.clone();
        state.change(|doc, ctx| doc.dilemmas.get_mut(&id).map(|x| x.back(ctx, is_solo)));
    };
    let pause = move |_| {
        let id = pid.clone();
        let at = now();
        let _ = state.change(|doc, ctx| doc.dilemmas.edit(ctx, &id, |x| x.pause(at, PAUSE_MINUTES)));
        // The resting view's heading takes the place of the step.
        focus_id_soon("step-title".into());
    };
    let id_sv = StoredValue::new(id.clone());
    view! {
        <div class="actions flow-top">
            <button
                type="button"
                class="button-quiet"
                on:click=move |_| {
                    let was = active.get_untracked();
                    active.set(None);
                    // Back to the conversation's own button in the list (built a
                    // frame later), or the list itself.
                    if let Some(id) = was {
                        focus_id_later(format!("open-{id}"), "convos-title");
                    }
                }
            >
                "\u{2190} All conversations"
            </button>
        </div>
        // Redrawn when the step or status changes, not on every keystroke
        // (that would recreate the field being typed in).
        {move || {
            let _ = step.get();
            // And when the speaker's notes are shown or hidden (ReadOnly).
            let _ = notes.get();
            let Some(mut x) = d.get_untracked() else {
                return view! { <p>"This conversation is no longer here."</p> }.into_any();
            };
            let (n, total) = x.progress(is_solo);
            let paused = matches!(x.status, Status::Paused { .. });
            let finished = x.is_finished();
            let not_now = matches!(x.status, Status::NotNow { .. });
            let id = id_sv.get_value();
            if finished {
                return view! { <ReadOnly d=x active notes/> }.into_any();
            }
            if paused || not_now {
                return view! { <Resting d=x is_solo/> }.into_any();
            }
            // Alone, one handed to the partner waits at the hand-over: the
            // listener's step, and words, are theirs.
            x.step = x.step_shown(is_solo);
            let s = x.step;
            let alone = s == Step::Handover && (x.solo || is_solo);
            let title = match s {
                Step::Handover if alone => "When you're ready".to_string(),
                Step::Handover => format!("{}'s turn", state.name(x.partner())),
                _ => s.title().to_string(),
            };
            view! {
                <div class="progress" aria-hidden="true">
                    <span style:width=format!("{}%", figures::percent(n, total))></span>
                </div>
                <p class="small" id="step-count">{format!("Step {n} of {total}")}</p>
                <StepHeading title/>
                // Alone at the hand-over nobody is listening yet: no listener's
                // hint, no pause.
                <p class="hint">{if alone { "There\u{2019}s no hurry: it keeps until you choose the moment." } else { s.hint() }}</p>
                {(s.is_dialogue() && !alone)
                    .then(|| {
                        view! {
                            <button type="button" class="button-quiet pause" on:click=pause.clone()>
                                {PAUSE_TEXT}
                            </button>
                        }
                    })}
                <form
                    class="card stack"
                    novalidate
                    on:submit={
                        let next = next.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            next();
                        }
                    }
                >
                    <StepBody d=x.clone() id=id.clone() errors/>
                    <ErrorList errors/>
                    <div class="actions">
                        {(s != Step::Choose)
                            .then(|| {
                                let label = match s {
                                    Step::Handover if alone => "Finish for now".to_string(),
                                    Step::Handover => format!("I'm {}: I'm ready to listen", state.name(x.partner())),
                                    Step::Closeness => "Finish".to_string(),
                                    _ => "Continue".to_string(),
                                };
                                view! { <button type="submit" class="button-primary">{label}</button> }
                            })}
                        {x.can_go_back().then(|| {
                            // At the hand-over, Back is the speaker's: the
                            // listener may hold the device.
                            let label = match x.back_is_for(is_solo) {
                                Some(p) => format!("I'm {}: back to my share", state.name(p)),
                                None => "Back".to_string(),
                            };
                            view! { <button type="button" on:click=back.clone()>{label}</button> }
                        })}
                    </div>
                </form>
            }
                .into_any()
        }}
    }
}

/// A step's heading; takes focus when the step appears, so keyboard and
/// screen-reader users start at the top of each new step.
#[component]
fn StepHeading(title: String) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    effect(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <h2 id="step-title" tabindex="-1" node_ref=heading aria-describedby="step-count">
            {title}
        </h2>
    }
}

#[component]
fn ErrorList(errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    view! {
        <div role="alert">
            {move || {
                errors
                    .get()
                    .into_iter()
                    // A text field's own message is shown under it (TextStep).
                    .filter(|e| !TEXT_FIELDS.contains(&e.field))
                    .map(|e| view! { <p class="error" id=format!("dl-{}-error", e.field)>{e.message}</p> })
                    .collect_view()
            }}
        </div>
    }
}

/// The fields whose messages sit under them (a [`TextStep`], a closeness
/// scale, [`OwnWords`]), not in the step's list.
const TEXT_FIELDS: [&str; 10] = [
    "fears-own",
    "protections-own",
    "moment",
    "heard",
    "makes_sense",
    "care",
    "longing",
    "request",
    "closeness_a",
    "closeness_b",
];

/// A text area bound to one field of the conversation, saved as typed. Its
/// message, if any, sits right under it (not below a step's suggestions,
/// out of sight on a phone) and is tied to it for screen readers.
#[component]
fn TextStep(
    id: Id,
    field: &'static str,
    #[prop(into)] label: String,
    value: String,
    get: fn(&Dilemma) -> String,
    set: fn(&mut Dilemma, String),
    errors: RwSignal<Vec<FormError>>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dom_id = format!("dl-{field}");
    let error_id = format!("dl-{field}-error");
    let message = move || errors.with(|es| FormError::for_field(es, field));
    // Follows the saved text, so a chosen suggestion shows up here too.
    let current = Memo::new({
        let id = id.clone();
        move |_| {
            state
                .doc
                .with(|d| d.dilemmas.get(&id).map(get))
                .unwrap_or_else(|| value.clone())
        }
    });
    view! {
        <div class="field">
            <label for=dom_id.clone()>{label}</label>
            <textarea
                id=dom_id
                rows=rows.unwrap_or(4)
                aria-invalid=move || message().map(|_| "true")
                aria-describedby={
                    let error_id = error_id.clone();
                    move || message().map(|_| error_id.clone())
                }
                prop:value=move || current.get()
                on:input=move |ev| answer(state, &id, set, event_target_value(&ev))
            ></textarea>
            <OverLimit text=current max=crate::domain::dilemma::limit_of(field)/>
            <div role="alert">
                {move || message().map(|m| view! { <p class="error" id=error_id.clone()>{m}</p> })}
            </div>
        </div>
    }
}

/// Suggestions that fill a field when chosen: an empty one takes it, one
/// already written in gets it added on a new line (nothing typed is lost).
#[component]
fn Suggestions(
    id: Id,
    items: &'static [&'static str],
    get: fn(&Dilemma) -> String,
    set: fn(&mut Dilemma, String),
    #[prop(into)] label: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="suggestions">
            <p class="small">{label}</p>
            <ul class="plain chips-inline">
                {items
                    .iter()
                    .map(|s| {
                        let id = id.clone();
                        view! {
                            <li>
                                <button type="button" class="button-quiet suggestion" on:click=move |_| {
                                    let written = state.doc.with_untracked(|d| d.dilemmas.get(&id).map(get)).unwrap_or_default();
                                    let next = if written.trim().is_empty() {
                                        s.to_string()
                                    } else if written.contains(*s) {
                                        written
                                    } else {
                                        format!("{}\n{s}", written.trim_end())
                                    };
                                    answer(state, &id, set, next)
                                }>
                                    {*s}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn StepBody(d: Dilemma, id: Id, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let names_of = move || {
        state.doc.with_untracked(|doc| {
            doc.couple
                .as_ref()
                .map(|c| (c.a.name.clone(), c.b.as_ref().map(|b| b.name.clone())))
        })
    };
    match d.step {
        Step::Moment => view! {
            <TextStep errors id=id.clone() field="moment" label="The moment, in a few words" value=d.moment.clone()
                get=|x| x.moment.clone() set=|x, v| x.moment = v/>
            <Suggestions id=id.clone() items=MOMENT_EXAMPLES get=|x| x.moment.clone() set=|x, v| x.moment = v label="Or start from an example:"/>
        }
        .into_any(),
        Step::Felt => view! {
            <fieldset id="dl-feelings" tabindex="-1">
                <legend>"Choose any words that fit"</legend>
                <FeelingWords
                    prefix="dl"
                    chosen=Memo::new({
                        let id = id.clone();
                        move |_| state.doc.with(|doc| doc.dilemmas.get(&id).map(|x| x.feelings.clone()).unwrap_or_default())
                    })
                    toggle=Callback::new({
                        let id = id.clone();
                        move |key| edit_answer(state, &id, |x| x.toggle_feeling(key))
                    })
                />
            </fieldset>
        }
        .into_any(),
        Step::Feared => {
            let items: Vec<(String, &'static str, bool)> =
                Fear::ALL.iter().map(|f| (f.key().to_string(), f.label(), d.fears.contains(f))).collect();
            view! {
                <Checklist id=id.clone() field="fears" legend="I was afraid of\u{2026}" items
                    toggle=|x, k| { if let Some(f) = Fear::from_key(k) { x.toggle_fear(f) } }/>
                <OwnWords id=id.clone() field="fears" errors own=|x| x.fears_own.clone()
                    add=|x, t| x.add_own_fear(t) remove=|x, i| x.remove_own_fear(i)/>
            }
            .into_any()
        }
        Step::Protected => {
            let items: Vec<(String, &'static str, bool)> = Protection::ALL
                .iter()
                .map(|p| (p.key().to_string(), p.label(), d.protections.contains(p)))
                .collect();
            view! {
                <Checklist id=id.clone() field="protections" legend="What I did to stay safe" items
                    toggle=|x, k| { if let Some(p) = Protection::from_key(k) { x.toggle_protection(p) } }/>
                <OwnWords id=id.clone() field="protections" errors own=|x| x.protections_own.clone()
                    add=|x, t| x.add_own_protection(t) remove=|x, i| x.remove_own_protection(i)/>
            }
            .into_any()
        }
        Step::TwoChoices => {
            let (hold, reach) = d.two_choices();
            view! {
                <div class="side-by-side choices">
                    {[hold, reach]
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <article class=if i == 0 { "choice choice-hold" } else { "choice choice-reach" }>
                                    <h3>{c.title}</h3>
                                    <p><strong>{c.first_label}</strong>" " {c.first}</p>
                                    <p><strong>{c.second_label}</strong>" " {c.second}</p>
                                </article>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        Step::Choose => {
            let (pid, nid) = (id.clone(), id.clone());
            view! {
                <p>"Reaching out is a risk. So is staying quiet. Whatever you choose today is okay."</p>
                <div class="actions" id="dl-choice" tabindex="-1">
                    <button type="button" class="button-primary" on:click=move |_| {
                        let _ = state.change(|doc, ctx| doc.dilemmas.get_mut(&pid).map(|x| x.choose(ctx, Choice::Pursue)));
                    }>"I'll reach out"</button>
                    <button type="button" on:click=move |_| {
                        let _ = state.change(|doc, ctx| doc.dilemmas.get_mut(&nid).map(|x| x.choose(ctx, Choice::NotNow)));
                        // The resting view's heading takes the place of the step.
                        focus_id_soon("step-title".into());
                    }>"Not now"</button>
                </div>
            }
            .into_any()
        }
        Step::Share => view! { <ShareStep d=d.clone() id=id.clone() errors/> }.into_any(),
        Step::Handover => {
            let names = names_of().unwrap_or_default();
            let text = d.handover_text(&Names::new(&names.0, names.1.as_deref()));
            let share = d.share.clone();
            view! {
                <p>{text}</p>
                <blockquote class="share-text">{share.clone()}</blockquote>
                {d.solo.then(|| view! { <CopyButton text=share.clone()/> })}
            }
            .into_any()
        }
        Step::Heard | Step::MakesSense | Step::Care => {
            type Get = fn(&Dilemma) -> String;
            type Set = fn(&mut Dilemma, String);
            // One text step for the three answers, each with its own field.
            let (field, prompts, label, get, set): (&'static str, &'static [&'static str], &str, Get, Set) =
                match d.step {
                    Step::Heard => (
                        "heard",
                        HEARD_PROMPTS,
                        "What I heard you say",
                        |x| x.heard.clone(),
                        |x, v| x.heard = v,
                    ),
                    Step::MakesSense => (
                        "makes_sense",
                        MAKES_SENSE_PROMPTS,
                        "Why it makes sense to me",
                        |x| x.makes_sense.clone(),
                        |x, v| x.makes_sense = v,
                    ),
                    _ => (
                        "care",
                        CARE_PROMPTS,
                        "What I can do when this fear shows up",
                        |x| x.care.clone(),
                        |x, v| x.care = v,
                    ),
                };
            let value = get(&d);
            let share = d.share.clone();
            view! {
                <details class="share-reminder" open=d.step == Step::Heard>
                    <summary>{format!("What {} shared", state.name(d.by))}</summary>
                    <blockquote class="share-text">{share}</blockquote>
                </details>
                <ul class="prompts">{prompts.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
                <TextStep errors id=id.clone() field label=label value get set/>
            }
            .into_any()
        }
        Step::Closeness => {
            let people: Vec<Author> = if d.solo { vec![d.by] } else { vec![Author::A, Author::B] };
            people
                .into_iter()
                .map(|p| {
                    let current = d.closeness(p);
                    let id = id.clone();
                    let field = if p == Author::A { "closeness_a" } else { "closeness_b" };
                    // Its message under its own scale, the one with the name.
                    let error_id = format!("dl-{field}-error");
                    let message = move || errors.with(|es| FormError::for_field(es, field));
                    view! {
                        <fieldset class="scale" id=format!("dl-{field}") tabindex="-1"
                            aria-describedby=move || message().map(|_| error_id.clone())>
                            <legend>{format!("{}: how close do you feel now?", state.name(p))}</legend>
                            <div class="scale-ends" aria-hidden="true"><span>"1 · far apart"</span><span>"10 · very close"</span></div>
                            <div class="scale-options">
                                {(1u8..=10).map(|n| {
                                    let id = id.clone();
                                    let dom = format!("dl-{field}-{n}");
                                    view! {
                                        <div class="scale-option">
                                            <input type="radio" id=dom.clone() name=format!("dl-{field}") prop:checked=current == Some(n)
                                                on:change=move |_| edit(state, &id, |x| { let _ = x.set_closeness(p, n); })/>
                                            <label for=dom><span class="n">{n}</span><span class="sr-only">{format!(" — {}", crate::domain::checkin::connection_words(n))}</span></label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                            <div role="alert">
                                {move || message().map(|m| view! { <p class="error" id=format!("dl-{field}-error")>{m}</p> })}
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()
                .into_any()
        }
    }
}

#[component]
fn Checklist(
    id: Id,
    field: &'static str,
    legend: &'static str,
    items: Vec<(String, &'static str, bool)>,
    toggle: fn(&mut Dilemma, &str),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <fieldset id=format!("dl-{field}") tabindex="-1">
            <legend>{legend}</legend>
            <div class="chips">
                {items
                    .into_iter()
                    .map(|(key, label, checked)| {
                        let id = id.clone();
                        let dom = format!("dl-{field}-{key}");
                        view! {
                            <div class="chip">
                                <input type="checkbox" id=dom.clone() prop:checked=checked
                                    on:change=move |_| edit_answer(state, &id, |x| toggle(x, &key))/>
                                <label for=dom>{label}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn OwnWords(
    id: Id,
    field: &'static str,
    errors: RwSignal<Vec<FormError>>,
    own: fn(&Dilemma) -> Vec<String>,
    add: fn(&mut Dilemma, &str) -> Result<(), NotAdded>,
    remove: fn(&mut Dilemma, usize),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Words of one's own, kept until added (AppState::unsent).
    let text = state.unsent(format!("dl-{field}-own-{id}"));
    let note = RwSignal::new(None::<&'static str>);
    let input_id = format!("dl-{field}-own");
    let list = Memo::new({
        let id = id.clone();
        move |_| {
            state
                .doc
                .with(|d| d.dilemmas.get(&id).map(own).unwrap_or_default())
        }
    });
    let aid = id.clone();
    let do_add = move || {
        let t = text.get_untracked();
        let id = aid.clone();
        let added = state
            .change(|d, ctx| d.dilemmas.edit(ctx, &id, |x| add(x, &t)))
            .unwrap_or(Ok(()));
        match added {
            Ok(()) => {
                text.set(String::new());
                note.set(None);
            }
            Err(why) => note.set(Some(why.message())),
        }
    };
    let enter_adds = do_add.clone();
    let input_focus = input_id.clone();
    // Words Continue could not add (Flow): said under this field.
    let error_id = format!("{input_id}-error");
    let message = move || errors.with(|es| FormError::for_field(es, &format!("{field}-own")));
    view! {
        <div class="field">
            <label for=input_id.clone()>"In my own words (optional)"</label>
            <div class="inline-form">
                <input type="text" id=input_id prop:value=move || text.get()
                    aria-invalid=move || message().map(|_| "true")
                    aria-describedby={
                        let e = error_id.clone();
                        move || message().map(|_| e.clone())
                    }
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // Enter adds these words (it would send the step's form).
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            enter_adds();
                        }
                    } />
                <button type="button" on:click=move |_| do_add()>"Add"</button>
            </div>
            {move || note.get().map(|n| view! { <p class="small" role="status">{n}</p> })}
            <div role="alert">{move || message().map(|m| view! { <p class="error" id=error_id.clone()>{m}</p> })}</div>
            <ul class="plain chips-inline own-words">
                {move || {
                    list.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, w)| {
                            let id = id.clone();
                            let field = input_focus.clone();
                            view! {
                                <li class="tag">
                                    {w.clone()}
                                    <button type="button" class="button-quiet remove" aria-label=format!("Remove {w}")
                                        on:click=move |_| {
                                            edit_answer(state, &id, |x| remove(x, i));
                                            // The chip and its button are gone: back to the words field.
                                            focus_id(&field);
                                        }>"\u{00d7}"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

#[component]
fn ShareStep(d: Dilemma, id: Id, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Compose the share once from the answers when it is still empty.
    if d.share.trim().is_empty() {
        let names = state.doc.with_untracked(|doc| {
            doc.couple
                .as_ref()
                .map(|c| (c.a.name.clone(), c.b.as_ref().map(|b| b.name.clone())))
        });
        if let Some((a, b)) = names {
            let text = d.compose_share(&Names::new(&a, b.as_deref()));
            edit(state, &id, |x| x.share = text);
        }
    }
    let share = Memo::new({
        let id = id.clone();
        move |_| {
            state
                .doc
                .with(|doc| doc.dilemmas.get(&id).map(|x| x.share.clone()).unwrap_or_default())
        }
    });
    let hints = Memo::new(move |_| share.with(|s| blame_check(s)));
    // Written by hand, the share keeps its words: the fields above no
    // longer change it, and the person is told so.
    let own = Memo::new({
        let id = id.clone();
        move |_| {
            state.doc.with(|doc| {
                let c = doc.couple.as_ref()?;
                doc.dilemmas.get(&id).map(|x| !x.share_follows(&Names::of(c)))
            }) == Some(true)
        }
    });
    // The words the last rebuild replaced, until put back or written over:
    // rebuilding never loses what was written.
    let replaced = RwSignal::new(None::<String>);
    let rebuild_id = id.clone();
    let rebuild = move |_| {
        let id = rebuild_id.clone();
        let names = state.doc.with_untracked(|doc| {
            doc.couple
                .as_ref()
                .map(|c| (c.a.name.clone(), c.b.as_ref().map(|b| b.name.clone())))
        });
        if let Some((a, b)) = names {
            let before = share.get_untracked();
            edit(state, &id, |x| {
                x.share = x.compose_share(&Names::new(&a, b.as_deref()))
            });
            let changed = share.with_untracked(|now| *now != before);
            replaced.set((changed && !before.trim().is_empty()).then_some(before));
        }
    };
    let put_back_id = id.clone();
    let put_back = move |_| {
        if let Some(words) = replaced.get_untracked() {
            edit(state, &put_back_id, |x| x.share = words);
            replaced.set(None);
            // The button goes with what it did: to the words it put back.
            focus_id("dl-share");
        }
    };
    view! {
        <TextStep errors id=id.clone() field="longing" label="What I long for" value=d.longing.clone()
            get=|x| x.longing.clone() set=|x, v| x.longing = v rows=2/>
        <Suggestions id=id.clone() items=LONGING_SUGGESTIONS get=|x| x.longing.clone() set=|x, v| x.longing = v label="Ideas:"/>
        <TextStep errors id=id.clone() field="request" label="One small request" value=d.request.clone()
            get=|x| x.request.clone() set=|x, v| x.request = v rows=2/>
        <Suggestions id=id.clone() items=REQUEST_SUGGESTIONS get=|x| x.request.clone() set=|x, v| x.request = v label="Ideas:"/>
        <div class="field">
            <label for="dl-share">"My share (edit it until it sounds like you)"</label>
            <textarea
                id="dl-share"
                rows="7"
                prop:value=move || share.get()
                aria-describedby="dl-share-own dl-share-check"
                on:input={
                    let id = id.clone();
                    move |ev| {
                        let v = event_target_value(&ev);
                        edit(state, &id, |x| x.share = v);
                        // Newer words of their own: nothing older to put back over them.
                        replaced.set(None);
                    }
                }
            ></textarea>
            <OverLimit text=share max=crate::domain::dilemma::SHARE_MAX/>
        </div>
        <div class="actions">
            <button type="button" class="button-quiet" on:click=rebuild>"Rebuild it from my answers"</button>
            <Show when=move || replaced.with(Option::is_some)>
                <button type="button" class="button-quiet" on:click=put_back.clone()>"Put my words back"</button>
            </Show>
        </div>
        <Show when=move || own.get()>
            <p class="small" id="dl-share-own">
                "The share no longer follows the two fields above (it was edited, or an earlier answer changed). "
                "\u{201c}Rebuild it from my answers\u{201d} brings them in."
            </p>
        </Show>
        <div id="dl-share-check" role="status" class="blame">
            {move || {
                let hs = hints.get();
                if hs.is_empty() {
                    view! { <p class="small">"Nothing here that often sounds like blame."</p> }.into_any()
                } else {
                    view! {
                        <p>"A gentle check: these words can sound like blame, and make it harder to hear you."</p>
                        <ul>
                            {hs.into_iter().map(|h| view! { <li><strong>{format!("\u{201c}{}\u{201d}", h.phrase)}</strong>" \u{2014} " {h.suggestion}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn CopyButton(text: String) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        // "Copied." once the browser says so: a refusal (no permission, no
        // clipboard outside HTTPS) gets the way round it, not an error.
        let written = web_sys::window()
            .map(|w| w.navigator().clipboard())
            .filter(|c| !c.is_undefined())
            .map(|c| wasm_bindgen_futures::JsFuture::from(c.write_text(&text)));
        leptos::task::spawn_local(async move {
            let ok = match written {
                Some(w) => w.await.is_ok(),
                None => false,
            };
            copied.set(Some(if ok {
                "Copied."
            } else {
                "Copying isn't available here: select the text and copy it."
            }));
        });
    };
    view! {
        <button type="button" on:click=copy>"Copy the text"</button>
        <p role="status" class="small">{move || copied.get()}</p>
    }
}

/// A paused or "not now" conversation: no pressure, one way back in (its
/// writer's, said as on the list, while words written alone lie behind it).
#[component]
fn Resting(d: Dilemma, is_solo: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = d.meta.id.clone();
    let carry_on = carry_on(state, &d, is_solo, "Carry on now");
    let text = match d.status {
        Status::Paused { resume_after } => format!(
            "Take a breather. Everything is saved. Come back when you both feel ready (from about {}).",
            crate::domain::dates::hm(&resume_after.with_timezone(&Local))
        ),
        _ => "You chose \u{201c}not now\u{201d}, and that's okay. The moment is saved here for when it feels right.".into(),
    };
    view! {
        <div class="card stack">
            <h2 id="step-title" tabindex="-1">"Resting"</h2>
            <p>{text}</p>
            <button type="button" class="button-primary" on:click=move |_| {
                let _ = state.change(|doc, ctx| doc.dilemmas.get_mut(&id).map(|x| x.resume(ctx)));
            }>{carry_on}</button>
        </div>
    }
}

/// A finished conversation, read-only, with the swap offered.
#[component]
fn ReadOnly(d: Dilemma, active: RwSignal<Option<Id>>, notes: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let by = state.name(d.by);
    let partner = state.name(d.partner());
    let feelings: Vec<String> = d
        .feelings
        .iter()
        .map(|f| feelings::label(f).to_string())
        .collect();
    let fears: Vec<String> = d
        .fears
        .iter()
        .map(|f| f.label().to_string())
        .chain(d.fears_own.iter().cloned())
        .collect();
    let protections: Vec<String> = d
        .protections
        .iter()
        .map(|p| p.label().to_string())
        .chain(d.protections_own.iter().cloned())
        .collect();
    let swap_id = d.meta.id.clone();
    let is_solo = state.solo();
    // Shared alone, and the partner has joined since: their turn to listen.
    let waits = d.waits_for_partner(!is_solo).then(|| {
        let id = d.meta.id.clone();
        let text = state.doc.with_untracked(|doc| doc.couple.as_ref().map(|c| d.handover_text(&Names::of(c))));
        let listen = move |_| {
            let _ = state.change(|doc, ctx| doc.dilemmas.get_mut(&id).map(|x| x.open_for_partner(ctx)));
        };
        view! {
            <p>{text}</p>
            <button type="button" class="button-primary" on:click=listen>{format!("I'm {partner}: I'm ready to listen")}</button>
        }
    });
    let title = if waits.is_some() {
        format!("{partner}'s turn")
    } else {
        "A conversation you had".into()
    };
    let swap = move |_| {
        let id = swap_id.clone();
        if let Ok(new) = state.change(|doc, ctx| doc.dilemmas.swap(ctx, &id, is_solo)) {
            active.set(Some(new));
        }
    };
    // A row, when it has words and they may be shown.
    let row = |label: String, value: String, show: bool| {
        (show && !value.trim().is_empty()).then(|| view! { <dt>{label}</dt><dd class="note">{value}</dd> })
    };
    // The listener's words and number follow the one rule for them (alone,
    // the listener is the hidden partner).
    let answers = d.answers_shown(is_solo);
    // What the speaker felt, feared and did to stay safe were their own
    // notes for the share: with a partner here, shown only once they say it
    // is them (the share is what they chose to hand over). Alone, the
    // writer is the one here. Their moment and number too, while the share
    // has not reached the listener (it waits for them), as on the list.
    let shown = is_solo || notes.get_untracked();
    let own = shown || d.reached_partner(!is_solo);
    let closeness = [(Author::A, d.closeness_a), (Author::B, d.closeness_b)]
        .into_iter()
        .filter(|(p, _)| if *p == d.by { own } else { answers })
        .filter_map(|(p, c)| c.map(|c| format!("{} {c}/10", state.name(p))))
        .collect::<Vec<_>>()
        .join(", ");
    let has_notes = !(feelings.is_empty() && fears.is_empty() && protections.is_empty());
    view! {
        <h2 id="step-title" tabindex="-1">{title}</h2>
        {waits}
        {(has_notes && !is_solo)
            .then(|| {
                view! {
                    <button type="button" id="dl-notes" aria-expanded=if shown { "true" } else { "false" }
                        on:click=move |_| {
                            notes.set(!shown);
                            // Drawn again, pressed or not: focus stays on it.
                            focus_id_soon("dl-notes".into());
                        }>
                        {if shown { "Hide my notes".to_string() } else { format!("I'm {by}: show my notes") }}
                    </button>
                }
            })}
        <dl class="card readonly">
            {row(format!("The moment ({by})"), d.moment.clone(), own)}
            {row("Felt".into(), feelings.join(", "), shown)}
            {row("Feared".into(), fears.join(", "), shown)}
            {row("Protected by".into(), protections.join(", "), shown)}
            {row("The share".into(), d.share.clone(), true)}
            {row(format!("What {partner} heard"), d.heard.clone(), answers)}
            {row("Why it makes sense".into(), d.makes_sense.clone(), answers)}
            {row(format!("How {partner} can care for {by}'s fear"), d.care.clone(), answers)}
            {row("How close you felt after".into(), closeness, true)}
        </dl>
        // Not once Hearth is used alone: there is no partner to reply.
        {(!d.solo && !is_solo && !d.heard.trim().is_empty())
            .then(|| {
                view! {
                    <p>{format!("{partner}, would you like to share a moment of your own, in reply?")}</p>
                    <button type="button" class="button-primary" on:click=swap>{format!("I'm {partner}: share a moment of my own")}</button>
                }
            })}
    }
}
