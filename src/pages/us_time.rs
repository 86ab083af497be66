//! Us time: brainstorm together against a gentle timer, vote privately, see
//! what you both love, let Hearth pick, put it in the calendar (.ics), and
//! say afterwards how close it made you feel.

use chrono::Local;
use leptos::prelude::*;

use crate::components::download::download;
use crate::components::effect::{effect, field_value};
use crate::components::keyed::For;
use crate::components::links::href;
use crate::components::more::ShowMore;
use crate::components::page::{
    back_to_opener, focus_first, focus_id, focus_id_if_lost, focus_id_soon, focus_if_there, remember_opener,
    Later, PageHeading,
};
use crate::components::show::Show;
use crate::components::undo::undo_bar;
use crate::domain::us_time::{
    announcement, clock, ics, length_words, local_to_utc, pick, rhythm_summary, Cost, Energy, Filter, Idea,
    Length, Period, Place, Plan, PlanState, Tags, VoteKind, LENGTHS, ROUND_MINUTES,
};
use crate::domain::{follow, Author, Id};
use crate::state::{local_offset, now, random_bytes, AppState};

fn roll() -> u64 {
    u64::from_le_bytes(random_bytes()[..8].try_into().unwrap_or([0; 8]))
}

/// "Sat 14 Mar 19:00", with the year when it is not the year of `now` (a
/// date long past may still wait for its "How was it?"). Given
/// [`AppState::now`], a label follows New Year on a page left open.
fn local_label(t: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::dates::weekday_day_mon_hm_near(&t.with_timezone(&Local), &now.with_timezone(&Local))
}

#[component]
pub fn UsTime() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_couple = move || state.doc.with(|d| d.couple.is_some());
    // The idea being put on the calendar, or the plan being changed (ids
    // are unique across records, so the form tells which).
    let planning = RwSignal::new(None::<Id>);
    // One tick a second while this page is shown, cleared on leaving it: the
    // timer and the vote's opening read the same clock, so they agree.
    let tick = RwSignal::new(now());
    if let Ok(handle) = set_interval_with_handle(move || tick.set(now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <PageHeading title="Us time"/>
        <Show
            when=has_couple
            fallback=|| view! { <p>"First, tell Hearth your names."</p><p><a class="button" href=href("/")>"Start"</a></p> }
        >
            <p class="lead">"Dream up time together, choose what you both love, and put it on the calendar."</p>
            <RhythmLine/>
            <ComingUp planning/>
            <Afterwards/>
            // Below the first screen, each in a task of its own.
            <Later>
                <PlanForm planning/>
                <Brainstorm tick/>
            </Later>
            <Later>
                <Voting tick/>
            </Later>
            <Later>
                <Matches planning/>
                <RhythmGoal/>
            </Later>
        </Show>
    }
}

#[component]
fn RhythmLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = Memo::new(move |_| {
        state
            .doc
            .with(|d| rhythm_summary(&d.us_time, state.now(), &local_offset).map(|s| s.sentence))
    });
    view! { {move || line.get().map(|s| view! { <p class="rhythm card">{s}</p> })} }
}

#[component]
fn ComingUp(planning: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plans = Memo::new(move |_| {
        state.doc.with(|d| {
            d.us_time
                .upcoming(state.now())
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let message = RwSignal::new(None::<String>);
    // "Saved the calendar file" is about the plans as they were: once one
    // is changed (moved, done, cancelled), it would read as still true.
    effect(move |_| {
        plans.track();
        message.set(None);
    });
    let cancelled = RwSignal::new(None::<Id>);
    let undo = move |id: Id| {
        let back = state.change(|d, ctx| d.us_time.uncancel(ctx, &id)).is_ok();
        if back {
            focus_first(&["#upcoming-title"]);
        }
        back
    };
    view! {
        {undo_bar(cancelled, "undo-cancel", "Plan cancelled.", Box::new(undo))}
        <Show when=move || !plans.with(Vec::is_empty)>
            <section aria-labelledby="upcoming-title">
                <h2 id="upcoming-title" tabindex="-1">"Coming up"</h2>
                <p role="status" class="small">{move || message.get()}</p>
                <ul class="plain stack">
                    <For each=move || plans.get() key=|p| (p.meta.id.clone(), p.meta.updated_at) let:p>
                        {
                            let (id1, id2, id3, id4) = (p.meta.id.clone(), p.meta.id.clone(), p.meta.id.clone(), p.meta.id.clone());
                            let (start, minutes) = (p.start, p.minutes);
                            let when = move || format!("{} \u{00b7} {}", local_label(start, state.now()), length_words(minutes));
                            // Each card's buttons say which plan they act on: a
                            // screen reader's list of buttons shows them apart.
                            let named = |what: &str| format!("{what}: {}", p.title);
                            let calendar = move |_| {
                                let text = state.doc.with_untracked(|d| {
                                    let names = d.couple.as_ref().map(|c| c.names()).unwrap_or_default();
                                    d.us_time.plans.iter().find(|x| x.meta.id == id1).map(|x| (ics(x, &names, now()), x.start))
                                });
                                if let Some((text, start)) = text {
                                    // Named by the day of the date, not the day it was saved.
                                    let day = crate::domain::dates::ymd(&start.with_timezone(&chrono::Local));
                                    let file = format!("hearth-us-time-{day}.ics");
                                    message.set(Some(match download(&file, "text/calendar", &text) {
                                        Ok(()) => format!("Saved {file}. Open it to add it to your calendar, with a reminder an hour before."),
                                        Err(e) => format!("The calendar file didn't download ({e}). Please try again."),
                                    }));
                                }
                            };
                            view! {
                                <li class="card stack plan">
                                    <p class="gesture-text">{p.title.clone()}</p>
                                    <p class="small">{when}</p>
                                    {(!p.note.is_empty()).then(|| view! { <p class="note">{p.note.clone()}</p> })}
                                    <div class="actions">
                                        <button type="button" class="button-primary" aria-label=named("Add to calendar") on:click=calendar>"Add to calendar"</button>
                                        <button
                                            type="button"
                                            aria-label=named("We did it")
                                            on:click=move |_| {
                                                if state.change(|d, ctx| d.us_time.mark_done(ctx, &id2)).is_ok() {
                                                    // On to "How was it?", just below.
                                                    focus_first(&["#after-title"]);
                                                }
                                            }
                                        >
                                            "We did it"
                                        </button>
                                        <button type="button" aria-label=named("Change plan") on:click=move |_| planning.set(Some(id4.clone()))>
                                            "Change plan"
                                        </button>
                                        <button
                                            type="button"
                                            class="button-quiet"
                                            aria-label=named("Cancel plan")
                                            on:click=move |_| {
                                                if state.change(|d, ctx| d.us_time.cancel(ctx, &id3)).is_ok() {
                                                    cancelled.set(Some(id3.clone()));
                                                    focus_first(&["#undo-cancel"]);
                                                }
                                            }
                                        >
                                            "Cancel plan"
                                        </button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// After a date: mark it done, each partner says how close it made them feel.
#[component]
fn Afterwards() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Answers kept for a date answered in another window, or gone, while
    // this page was closed are of no more use (Reflect's own cleanup).
    state.doc.with_untracked(|d| {
        state.forget_unsent_where(&|k| {
            let Some(rest) = ANSWER_KEYS
                .iter()
                .find_map(|a| k.strip_prefix(a)?.strip_prefix("r-"))
            else {
                return false;
            };
            let Some((id, who)) = rest.rsplit_once('-') else {
                return false;
            };
            !Author::from_letter(who).is_some_and(|w| d.us_time.awaits_answer(id, w))
        });
    });
    let items = Memo::new(move |_| {
        let n = state.now();
        state.doc.with(|d| {
            let mut v: Vec<_> = d.us_time.to_reflect(n).into_iter().cloned().collect();
            v.extend(
                d.us_time
                    .plans_live()
                    .filter(|p| {
                        p.done_at().is_some()
                            && (p.closeness_a.is_none() || (p.closeness_b.is_none() && !state.solo()))
                    })
                    .cloned(),
            );
            v
        })
    });
    // A date that didn't happen, put away: Undo brings it back.
    let put_away = RwSignal::new(None::<Id>);
    let undo = move |id: Id| {
        let back = state.change(|d, ctx| d.us_time.uncancel(ctx, &id)).is_ok();
        if back {
            focus_id_soon(format!("after-{id}"));
        }
        back
    };
    view! {
        {undo_bar(put_away, "undo-put-away", "Put away: Hearth won't ask about that date again.", Box::new(undo))}
        <Show when=move || !items.with(Vec::is_empty)>
            <section aria-labelledby="after-title">
                <h2 id="after-title" tabindex="-1">"How was it?"</h2>
                <ul class="plain stack">
                    // Keyed by the plan alone (and its questions by partner,
                    // in AfterCard): one answer saved, here or in another
                    // window, leaves the other's half-written one as it is.
                    <For each=move || items.get() key=|p| p.meta.id.clone() let:p>
                        <AfterCard id=p.meta.id idea=p.idea items put_away/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// One date to look back on: "We did it", then each partner's questions
/// until they are answered. It follows the plan as it changes.
#[component]
fn AfterCard(id: Id, idea: Id, items: Memo<Vec<Plan>>, put_away: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pid = id.clone();
    let plan = Memo::new(move |_| items.with(|v| v.iter().find(|p| p.meta.id == pid).cloned()));
    let done = move || plan.with(|p| p.as_ref().is_some_and(|p| p.state != PlanState::Planned));
    let card_id = format!("after-{id}");
    let ids = StoredValue::new((id, idea));
    let named =
        move |what: &'static str| move || plan.with(|p| p.as_ref().map(|p| format!("{what}: {}", p.title)));
    let solo = state.solo();
    // Each partner's questions while their answer is missing: built once,
    // so the other's answer saved leaves a half-written one as it is.
    let asks = move |who: Author| {
        let missing = Memo::new(move |_| {
            plan.with(|p| {
                p.as_ref().is_some_and(|p| match who {
                    Author::A => p.closeness_a.is_none(),
                    _ => !solo && p.closeness_b.is_none(),
                })
            })
        });
        move || {
            missing.get().then(|| {
                let (id, idea) = ids.get_value();
                view! { <Reflect id idea who/> }
            })
        }
    };
    let mark_done = move |_| {
        let id = ids.with_value(|(id, _)| id.clone());
        if state.change(|d, ctx| d.us_time.mark_done(ctx, &id)).is_ok() {
            // The same card, now with its questions.
            focus_id_soon(format!("after-{id}"));
        }
    };
    // Plans change; one that didn't happen is not asked about for ever.
    let did_not_happen = move |_| {
        let id = ids.with_value(|(id, _)| id.clone());
        if state.change(|d, ctx| d.us_time.cancel(ctx, &id)).is_ok() {
            put_away.set(Some(id));
            focus_id_soon("undo-put-away".into());
        }
    };
    view! {
        <li class="card stack" id=card_id tabindex="-1">
            <p class="gesture-text">{move || plan.with(|p| p.as_ref().map(|p| p.title.clone()))}</p>
            <p class="small">{move || plan.with(|p| p.as_ref().map(|p| local_label(p.start, state.now())))}</p>
            <Show
                when=done
                fallback=move || view! {
                    <div class="actions">
                        <button type="button" class="button-primary" aria-label=named("We did it") on:click=mark_done>"We did it"</button>
                        <button type="button" class="button-quiet" aria-label=named("It didn't happen") on:click=did_not_happen>"It didn't happen"</button>
                    </div>
                }
            >
                {asks(Author::A)}
                {asks(Author::B)}
            </Show>
        </li>
    }
}

/// The kept parts of a partner's answer about a date: "One thing I loved",
/// the closeness chosen, keeping the idea; each followed by `r-{plan}-{who}`.
const ANSWER_KEYS: [&str; 3] = ["loved-", "close-", "again-"];

#[component]
fn Reflect(id: Id, who: Author, idea: Id) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = format!("r-{}-{}", id, who.letter());
    // The choices are kept as the words are, so a half-done answer comes
    // back whole: the number chosen, and "1" for keeping the idea.
    let keys = ANSWER_KEYS.map(|k| format!("{k}{key}"));
    let [loved, chosen, again] = keys.clone().map(|k| state.unsent(k));
    // Answered (here or in another window) or the date gone, they are of
    // no more use.
    {
        let (keys, id) = (keys.clone(), id.clone());
        on_cleanup(move || {
            if state
                .doc
                .try_with_untracked(|d| d.us_time.awaits_answer(&id.0, who))
                == Some(false)
            {
                keys.iter().for_each(|k| state.sent(k));
            }
        });
    }
    // Words kept from before wait for their writer, as a check-in's do:
    // one device, and the other partner may be the one holding it now.
    // Alone, no one else is here.
    let behind = RwSignal::new(
        !state.solo()
            && [loved, chosen, again]
                .iter()
                .any(|s| s.with_untracked(|v| !v.is_empty())),
    );
    let name = state.name(who);
    let radio = key.clone();
    let carry_on = move |_| {
        behind.set(false);
        // On the number chosen so far, as the form was left.
        let n = chosen.with_untracked(|c| c.parse::<u8>().unwrap_or(1));
        focus_id_soon(format!("{radio}-{n}"));
    };
    view! {
        <Show
            when=move || !behind.get()
            fallback=move || view! {
                <div class="stack">
                    <p>{format!("{name}'s answer is half-way. Nothing of it shows until {name} carries on.")}</p>
                    <div class="actions">
                        <button type="button" class="button-primary" on:click=carry_on.clone()>{format!("I'm {name}: carry on")}</button>
                    </div>
                </div>
            }
        >
            <ReflectForm id=id.clone() who idea=idea.clone() fields=[loved, chosen, again] keys=keys.clone()/>
        </Show>
    }
}

/// A partner's questions about a date, with what they chose so far.
#[component]
fn ReflectForm(
    id: Id,
    who: Author,
    idea: Id,
    fields: [RwSignal<String>; 3],
    keys: [String; 3],
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let [loved, chosen, again] = fields;
    let key = format!("r-{}-{}", id, who.letter());
    let closeness = move || chosen.with(|c| c.parse::<u8>().ok());
    let error = RwSignal::new(None::<String>);
    let who_name = state.name(who);
    let (first, error_id) = (format!("{key}-1"), format!("{key}-error"));
    let described = error_id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(c) = untrack(closeness) else {
            error.set(Some("Choose how close it made you feel, from 1 to 10.".into()));
            // To the choices, which the message describes.
            focus_id(&first);
            return;
        };
        let (l, k) = (loved.get_untracked(), again.with_untracked(|a| !a.is_empty()));
        let idea = idea.clone();
        match state.try_change(|d, ctx| {
            if k {
                d.us_time.keep_idea(ctx, &idea, true);
            }
            d.us_time.reflect(ctx, &id, who, c, &l)
        }) {
            Ok(()) => {
                error.set(None);
                keys.iter().for_each(|k| state.sent(k));
                // The other's questions if they are still there, else the
                // next date to look back on.
                let card = format!("after-{id}");
                request_animation_frame(move || {
                    if !focus_if_there(&card) {
                        focus_first(&["#after-title", "#brainstorm-title"]);
                    }
                });
            }
            Err(e) => error.set(Some(e.message)),
        }
    };
    let loved_id = format!("{key}-loved");
    let keep_id = format!("{key}-keep");
    view! {
        <form class="stack reflect" on:submit=save novalidate>
            <fieldset class="scale" aria-describedby=move || error.with(Option::is_some).then(|| described.clone())>
                <legend>{format!("{who_name}: how close did it make you feel?")}</legend>
                <div class="scale-ends" aria-hidden="true"><span>"1 · far apart"</span><span>"10 · very close"</span></div>
                <div class="scale-options">
                    {(1u8..=10)
                        .map(|n| {
                            let dom = format!("{key}-{n}");
                            view! {
                                <div class="scale-option">
                                    <input type="radio" id=dom.clone() name=key.clone() prop:checked=move || closeness() == Some(n) on:change=move |_| chosen.set(n.to_string())/>
                                    <label for=dom><span class="n">{n}</span><span class="sr-only">{format!(" — {}", crate::domain::checkin::connection_words(n))}</span></label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for=loved_id.clone()>"One thing I loved (optional)"</label>
                <input type="text" id=loved_id prop:value=move || loved.get() on:input=move |ev| loved.set(event_target_value(&ev))/>
            </div>
            <div class="check">
                <input type="checkbox" id=keep_id.clone() prop:checked=move || again.with(|a| !a.is_empty())
                    on:change=move |ev| again.set(if event_target_checked(&ev) { "1".into() } else { String::new() })/>
                <label for=keep_id>"Keep this idea for another time"</label>
            </div>
            <div role="alert">{move || error.get().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}</div>
            <button type="submit" class="button-primary">{format!("Save {who_name}'s answer")}</button>
        </form>
    }
}

/// Said, and shown by the timer, when the round ends (in another window)
/// with an idea typed and not added yet.
const ENDED: &str =
    "This round was finished in the meantime. Your idea is still here: Add puts it on the list.";

#[component]
fn Brainstorm(tick: RwSignal<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let round = Memo::new(move |_| state.doc.with(|d| d.us_time.open_round().cloned()));
    let remaining = Memo::new(move |_| round.get().map(|r| r.remaining(tick.get())).unwrap_or(0));
    let minutes = RwSignal::new(5u8);
    // An idea being typed stays until it is added: a round finished or
    // started in another window leaves it as it is (in the next round, or
    // with no round, to add to the list), as does coming back to the page.
    let text = RwSignal::new(String::new());
    let round_id = move || round.with(|r| r.as_ref().map(|r| r.meta.id.0.clone()));
    let tags = RwSignal::new(Tags::default());
    let me = RwSignal::new(Author::A);
    let solo = state.solo();
    // With whose it is and its tags (as the document writes them); first,
    // the round it was begun in, as before.
    let kept = state.unsent_form(
        "idea".into(),
        Box::new(move || {
            let tags = serde_json::to_string(&tags.get()).unwrap_or_default();
            text.with(|t| !t.is_empty()).then(|| {
                vec![
                    round_id().unwrap_or_default(),
                    text.get(),
                    me.get().letter().into(),
                    tags,
                ]
            })
        }),
    );
    if let Some([_, t, rest @ ..]) = kept.as_deref() {
        text.set(t.clone());
        if let [who, tg] = rest {
            me.set(match Author::from_letter(who) {
                Some(Author::B) if !solo => Author::B,
                _ => Author::A,
            });
            tags.set(crate::store::maps::from_str(tg).unwrap_or_default());
        }
    }
    // Tags chosen for it come back in sight.
    let tags_kept = tags.get_untracked() != Tags::default();
    // Words typed while no round is open any more (finished in another
    // window): the brainstorm stays, with them, until they are added.
    let pending = move || round.with(Option::is_some) || text.with(|t| !t.trim().is_empty());
    let error = RwSignal::new(None::<String>);
    let mixed = RwSignal::new(None);
    let said = RwSignal::new(String::new());
    // Speak only at the moments `announcement` chooses, of the round shown:
    // another round shown instead (two were started at once) or none open,
    // nothing stays said of the one before (its "5 minutes left." would),
    // but that words typed are still here to add.
    // Time up, Pause goes: if it had the focus, the round's other button
    // takes it.
    let mut running = false;
    let mut shown = None::<String>;
    effect(move |_| {
        let left = remaining.get();
        let now = round_id();
        if now != shown {
            said.set(if now.is_none() && untrack(pending) {
                ENDED.into()
            } else {
                String::new()
            });
        }
        if now.is_some() {
            if let Some(a) = announcement(left) {
                said.set(a);
            }
        }
        shown = now;
        if running && left == 0 {
            focus_id_if_lost("round-finish");
        }
        running = left != 0;
    });
    let round_ideas = Memo::new(move |_| {
        state.doc.with(|d| {
            d.us_time
                .round_ideas()
                .map(|i| (i.meta.id.clone(), i.text.clone(), i.tags.words().join(" · ")))
                .collect::<Vec<_>>()
        })
    });
    // The idea typed goes on the list (Add), or the round ends with it
    // (Finish: `finish` true), in one save. Refused, the reason is at the
    // field, and the round stays open with the words.
    let add = move |finish: bool| {
        let (t, tg, by) = (text.get_untracked(), tags.get_untracked(), me.get_untracked());
        match state.try_change(|d, ctx| {
            if finish {
                d.us_time.finish_with(ctx, by, &t, tg)
            } else {
                d.us_time.add_idea(ctx, by, &t, tg).map(drop)
            }
        }) {
            Ok(()) => {
                text.set(String::new());
                tags.set(Tags::default());
                error.set(None);
                // Finished, or added with no round open, the brainstorm
                // goes: on to the vote.
                if finish || round.with_untracked(Option::is_none) {
                    said.set(String::new());
                    focus_first(&["#vote-title", "#brainstorm-title"]);
                }
            }
            Err(e) => {
                error.set(Some(e.message));
                if finish {
                    focus_id_soon("idea-text".into());
                }
            }
        }
    };
    let start = move |_| {
        let m = minutes.get_untracked();
        let _ = state.change(|d, ctx| d.us_time.start_round(ctx, m));
        tick.set(now());
        focus_first(&["#idea-text"]);
    };
    // Then focus goes to the button that took the place of the one pressed.
    let with_round = move |f: fn(&mut crate::domain::us_time::UsTime, &mut crate::domain::Ctx, &Id),
                           then: &'static [&'static str]| {
        if let Some(r) = round.get_untracked() {
            state.change(|d, ctx| f(&mut d.us_time, ctx, &r.meta.id));
        }
        tick.set(now());
        focus_first(then);
    };
    view! {
        <section aria-labelledby="brainstorm-title">
            <h2 id="brainstorm-title" tabindex="-1">"Brainstorm"</h2>
            <p class="sr-only" aria-live="polite">{move || said.get()}</p>
            <Show
                when=pending
                fallback=move || {
                    view! {
                        <div class="card stack">
                            <p>"Set a timer and call out ideas, fast. No judging during the round: every idea goes on the list."</p>
                            <fieldset>
                                <legend>"How long?"</legend>
                                <div class="chips-inline">
                                    {ROUND_MINUTES
                                        .into_iter()
                                        .map(|m| {
                                            let dom = format!("round-{m}");
                                            view! {
                                                <div class="pill">
                                                    <input type="radio" id=dom.clone() name="round-minutes" prop:checked=move || minutes.get() == m on:change=move |_| minutes.set(m)/>
                                                    <label for=dom>{format!("{m} minutes")}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                            <button type="button" id="round-start" class="button-primary" on:click=start>"Start the brainstorm"</button>
                        </div>
                    }
                }
            >
                <div class="card stack">
                    <div class="timer">
                        <p class="clock" aria-hidden="true">{move || clock(remaining.get())}</p>
                        <p class="small">
                            {move || {
                                if round.with(Option::is_none) {
                                    ENDED
                                } else if remaining.get() == 0 {
                                    "Time's up. Lovely ideas."
                                } else if round.with(|r| r.as_ref().is_some_and(|r| r.is_paused())) {
                                    "Paused."
                                } else {
                                    "Keep them coming."
                                }
                            }}
                        </p>
                        <div class="actions">
                            // Time up, there is nothing left to pause.
                            <Show when=move || remaining.get() != 0>
                            <Show
                                when=move || round.with(|r| r.as_ref().is_some_and(|r| r.is_paused()))
                                fallback=move || view! { <button type="button" id="round-pause" on:click=move |_| with_round(|u, c, id| u.pause_round(c, id), &["#round-resume"])>"Pause"</button> }
                            >
                                <button type="button" id="round-resume" on:click=move |_| with_round(|u, c, id| u.resume_round(c, id), &["#round-pause"])>"Resume"</button>
                            </Show>
                            </Show>
                            <button type="button" id="round-finish" class="button-quiet" on:click=move |_| add(true)>
                                "Finish the round"
                            </button>
                        </div>
                    </div>
                    {(!solo).then(|| view! {
                        <div class="segmented" role="group" aria-label="Who is adding">
                            {[Author::A, Author::B].into_iter().map(|p| view! {
                                <button type="button" aria-pressed=move || (me.get() == p).to_string() on:click=move |_| me.set(p)>{move || state.name(p)}</button>
                            }).collect_view()}
                        </div>
                    })}
                    <form
                        class="stack"
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            add(false);
                        }
                        novalidate
                    >
                        <div class="field">
                            <label for="idea-text">"An idea"</label>
                            <div class="inline-form">
                                <input type="text" id="idea-text"
                                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                                    aria-describedby=move || error.with(Option::is_some).then_some("idea-error")
                                    prop:value=move || text.get() on:input=move |ev| {
                                        text.set(event_target_value(&ev));
                                        // Words kept from a round that ended, cleared: the
                                        // start card takes the field's place, and the focus.
                                        if !untrack(pending) {
                                            said.set(String::new());
                                            focus_id_soon("round-start".into());
                                        }
                                    }/>
                                <button type="submit" class="button-primary">"Add"</button>
                            </div>
                            <div role="alert">
                                {move || error.get().map(|e| view! { <p class="error" id="idea-error">{e}</p> })}
                            </div>
                        </div>
                        <details class="tags" open=tags_kept>
                            <summary>"Tags (optional)"</summary>
                            <TagSelects tags/>
                        </details>
                    </form>
                    <button type="button" on:click=move |_| {
                        let r = roll();
                        // Fewer than asked for: Hearth's own ideas have run out.
                        mixed.set((state.change(|d, ctx| d.us_time.mix_in_deck(ctx, 5, r)) < 5).then_some(
                            "Hearth's own ideas are all on your list now. Over to you: anything goes!",
                        ));
                    }>
                        "We're stuck: mix in 5 ideas"
                    </button>
                    <p role="status" class="small">{move || mixed.get()}</p>
                    <ul class="plain idea-list" aria-label="Ideas in this round">
                        {move || round_ideas.get().into_iter().map(|(_, t, tags)| view! {
                            <li><span>{t}</span>{(!tags.is_empty()).then(|| view! { <span class="small">{format!(" · {tags}")}</span> })}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
        </section>
    }
}

fn select<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    label: &'static str,
    all: &'static [T],
    label_of: fn(T) -> &'static str,
    get: impl Fn() -> Option<T> + Send + Sync + 'static,
    set: impl Fn(Option<T>) + Send + Sync + 'static,
) -> AnyView {
    // The tag's type goes no further than here: one copy of the view code
    // for all eight selects.
    let labels = all.iter().map(|x| label_of(*x)).collect();
    let chosen = Signal::derive(move || get().and_then(|x| all.iter().position(|y| *y == x)));
    let pick = Box::new(move |i: Option<usize>| set(i.and_then(|i| all.get(i).copied())));
    choice_select(id, label, labels, chosen, pick)
}

/// A select of "Any" and `labels`; `chosen` is the index shown, followed by
/// property: it changes from code too (tags cleared after an idea is added).
fn choice_select(
    id: &'static str,
    label: &'static str,
    labels: Vec<&'static str>,
    chosen: Signal<Option<usize>>,
    pick: Box<dyn Fn(Option<usize>) + Send + Sync>,
) -> AnyView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| pick(event_target_value(&ev).parse::<usize>().ok())>
                <option value="" prop:selected=move || chosen.get().is_none()>"Any"</option>
                {labels.into_iter().enumerate().map(|(i, l)| {
                    view! { <option value=i.to_string() prop:selected=move || chosen.get() == Some(i)>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

#[component]
fn TagSelects(tags: RwSignal<Tags>) -> impl IntoView {
    view! {
        <div class="tag-grid">
            {select("tag-cost", "Cost", &Cost::ALL, Cost::label, move || tags.with(|t| t.cost), move |v| tags.update(|t| t.cost = v))}
            {select("tag-length", "How long", &Length::ALL, Length::label, move || tags.with(|t| t.length), move |v| tags.update(|t| t.length = v))}
            {select("tag-place", "Where", &Place::ALL, Place::label, move || tags.with(|t| t.place), move |v| tags.update(|t| t.place = v))}
            {select("tag-energy", "Energy", &Energy::ALL, Energy::label, move || tags.with(|t| t.energy), move |v| tags.update(|t| t.energy = v))}
        </div>
    }
}

fn voter_button(p: Author) -> &'static str {
    if p == Author::A {
        "vote-as-a"
    } else {
        "vote-as-b"
    }
}

/// Private votes: one partner at a time, never seeing the other's.
/// The voter's ideas as a list picks them (to vote on, or voted on): id and
/// words, none while no one is voting.
fn ideas_of(
    state: AppState,
    voter: RwSignal<Option<Author>>,
    list: fn(&crate::domain::us_time::UsTime, Author) -> Vec<&Idea>,
) -> Memo<Vec<(Id, String)>> {
    Memo::new(move |_| {
        let who = voter.get();
        state.doc.with(|d| match who {
            Some(w) => list(&d.us_time, w)
                .into_iter()
                .map(|i| (i.meta.id.clone(), i.text.clone()))
                .collect(),
            None => Vec::new(),
        })
    })
}

#[component]
fn Voting(tick: RwSignal<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = state.solo();
    let voter = RwSignal::new(None::<Author>);
    let todo = ideas_of(state, voter, crate::domain::us_time::UsTime::to_vote);
    // The votes the voter has cast, to change one; a page at a time.
    let mine = ideas_of(state, voter, crate::domain::us_time::UsTime::voted);
    let shown = RwSignal::new(MATCHES_PAGE);
    let left = Memo::new(move |_| {
        state.doc.with(|d| {
            let a = d.us_time.to_vote(Author::A).len();
            let b = if solo {
                0
            } else {
                d.us_time.to_vote(Author::B).len()
            };
            (a, b)
        })
    });
    let has_ideas = move || state.doc.with(|d| d.us_time.ideas_live().next().is_some());
    // No judging while ideas are still coming: votes open once the round is
    // finished (here or in another window) or its time has run out (asked
    // each second, as the timer is).
    let in_round = Memo::new(move |_| {
        let now = tick.get();
        state
            .doc
            .with(|d| d.us_time.open_round().is_some_and(|r| !r.is_over(now)))
    });
    view! {
        <Show when=has_ideas>
            <section aria-labelledby="vote-title">
                <h2 id="vote-title" tabindex="-1">"Vote"</h2>
                {move || {
                    if in_round.get() {
                        return view! { <p>"Voting opens when the brainstorm round ends (or with \u{201c}Finish the round\u{201d}), so every idea gets its turn before anyone judges."</p> }.into_any();
                    }
                    match voter.get() {
                        None => {
                            let (a, b) = left.get();
                            let people: Vec<(Author, usize)> = if solo { vec![(Author::A, a)] } else { vec![(Author::A, a), (Author::B, b)] };
                            view! {
                                <p>
                                    {if solo {
                                        "Rate every idea: love it, maybe, or not now."
                                    } else {
                                        "Each of you rates every idea on your own: love it, maybe, or not now. Your votes stay hidden from each other."
                                    }}
                                </p>
                                <div class="actions">
                                    {people.into_iter().map(|(p, n)| {
                                        let label = if n == 0 { format!("I'm {}: change a vote", state.name(p)) } else { format!("I'm {}: vote on {n} {}", state.name(p), if n == 1 { "idea" } else { "ideas" }) };
                                        // All voted reads as done: quiet, there only to change a vote.
                                        let class = if n == 0 { "" } else { "button-primary" };
                                        let open = move |_| {
                                            shown.set(MATCHES_PAGE);
                                            voter.set(Some(p));
                                            focus_first(&["#votes-list button", "#change-vote", "#votes-done"]);
                                        };
                                        view! { <button type="button" class=class id=voter_button(p) on:click=open>{label}</button> }
                                    }).collect_view()}
                                </div>
                            }.into_any()
                        }
                        Some(p) => {
                            // The answers given since the card opened: this
                            // person's, so shown as pressed. Earlier ones stay
                            // private, as anyone can open a partner's card.
                            let answered = RwSignal::new(Vec::<(Id, VoteKind)>::new());
                            // All voted: the card opens on changing a vote.
                            let all_voted = todo.with_untracked(Vec::is_empty);
                            view! {
                            <div class="card stack">
                                <p class="small">{if solo { "Your votes.".to_string() } else { format!("{}'s votes, private until you've both voted.", state.name(p)) }}</p>
                                <Show when=move || !todo.with(Vec::is_empty) fallback=move || view! { <p>"All done. Thank you!"</p> }>
                                    <ul class="plain stack" id="votes-list">
                                        <For each=move || todo.get() key=|(id, _)| id.clone() let:item>
                                            <VoteRow id=item.0 text=item.1 who=p answered/>
                                        </For>
                                    </ul>
                                </Show>
                                <button
                                    type="button"
                                    id="votes-done"
                                    on:click=move |_| {
                                        voter.set(None);
                                        // The other's turn, if they have one.
                                        focus_first(if p == Author::A { &["#vote-as-b.button-primary", "#vote-title"] } else { &["#vote-as-a.button-primary", "#vote-title"] });
                                    }
                                >
                                    // Handing over only when the other has ideas to vote on.
                                    {move || {
                                        let (a, b) = left.get();
                                        let theirs = if p == Author::A { b } else { a };
                                        if solo || theirs == 0 { "Done".to_string() } else { format!("Done: hand over to {}", state.name(p.other())) }
                                    }}
                                </button>
                                <Show when=move || !mine.with(Vec::is_empty)>
                                    <details class="tags" open=all_voted>
                                        <summary id="change-vote">"Change a vote"</summary>
                                        <p class="small">"Every idea you have voted on, the newest first. Your earlier votes stay hidden, even from you: press the one you'd give now."</p>
                                        <ul class="plain stack" id="my-votes">
                                            <For each=move || mine.with(|m| m.iter().take(shown.get()).cloned().collect()) key=|(id, _)| id.clone() let:item>
                                                <VoteRow id=item.0 text=item.1 who=p answered changing=true/>
                                            </For>
                                        </ul>
                                        <ShowMore shown total=Signal::derive(move || mine.with(Vec::len)) page=MATCHES_PAGE items="#my-votes > li" noun=("idea", "ideas")/>
                                    </details>
                                </Show>
                            </div>
                        }.into_any()
                        },
                    }
                }}
            </section>
        </Show>
    }
}

/// One idea to vote on: a button per answer, so the vote is a deliberate
/// press (radios cast it on an arrow key). A new vote leaves the list. A
/// vote being changed stays, its answers toggle buttons: pressed only the
/// one `answered` since the card opened (an older one stays private).
#[component]
fn VoteRow(
    id: Id,
    text: String,
    who: Author,
    answered: RwSignal<Vec<(Id, VoteKind)>>,
    #[prop(optional)] changing: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    view! {
        <li>
            <fieldset class="vote">
                <legend>{text}</legend>
                <div class="chips-inline">
                    {VoteKind::ALL.into_iter().map(|v| view! {
                        <button
                            type="button"
                            aria-pressed=move || {
                                changing.then(|| {
                                    let now = id.with_value(|id| answered.with(|a| a.iter().any(|(i, g)| i == id && *g == v)));
                                    if now { "true" } else { "false" }
                                })
                            }
                            on:click=move |_| {
                                id.with_value(|id| {
                                    state.change(|d, ctx| d.us_time.vote(ctx, id, who, v));
                                    answered.update(|a| {
                                        a.retain(|(i, _)| i != id);
                                        a.push((id.clone(), v));
                                    });
                                });
                                if !changing {
                                    // This idea leaves the list: on to the next one.
                                    focus_first(&["#votes-list button", "#votes-done"]);
                                }
                            }
                        >
                            {v.label()}
                        </button>
                    }).collect_view()}
                </div>
            </fieldset>
        </li>
    }
}

/// Matches shown at first, and added by each "Show more".
const MATCHES_PAGE: usize = 20;

#[component]
fn Matches(planning: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = state.solo();
    let filter = RwSignal::new(Filter::default());
    // The words picked and their idea (None: every match is planned), in
    // two signals of types Hearth already has rather than one of a new type.
    let picked = RwSignal::new(None::<String>);
    let picked_id = RwSignal::new(None::<Id>);
    // The best matches first, a page at a time (years of brainstorms make
    // hundreds).
    let shown = RwSignal::new(MATCHES_PAGE);
    let ready = Memo::new(move |_| {
        state.doc.with(|d| {
            d.us_time.ideas_live().next().is_some()
                && d.us_time.to_vote(Author::A).is_empty()
                && (solo || d.us_time.to_vote(Author::B).is_empty())
        })
    });
    let list = Memo::new(move |_| {
        let f = filter.get();
        let now = state.now();
        state.doc.with(|d| {
            // A match already on the way says so: a second "Plan" would
            // read as if it were not planned yet.
            let coming: Vec<&Id> = d.us_time.upcoming(now).into_iter().map(|p| &p.idea).collect();
            d.us_time
                .matches(&f, solo)
                .into_iter()
                .map(|(i, l)| {
                    let planned = coming.contains(&&i.meta.id);
                    let mut about = l.label(solo).to_string();
                    for word in i.tags.words() {
                        about.push_str(" · ");
                        about.push_str(word);
                    }
                    if planned {
                        about.push_str(" · planned");
                    }
                    (i.meta.id.clone(), i.text.clone(), about, planned)
                })
                .collect::<Vec<_>>()
        })
    });
    let pick_one = move |_| {
        let (f, seed) = (filter.get_untracked(), roll());
        let p = state.doc.with_untracked(|d| {
            pick(&d.us_time, &f, solo, now(), seed).map(|i| (Some(i.meta.id.clone()), i.text.clone()))
        });
        let (id, t) = p.unwrap_or_else(|| {
            (None, "Every match is planned already. Lovely! To do one again, choose \u{201c}Plan again\u{201d} on it.".into())
        });
        picked_id.set(id);
        picked.set(Some(t));
    };
    // A pick no longer among the matches not yet planned (the filter
    // changed, or it was planned) goes; so does "every match is planned".
    effect(move |_| {
        let fits = list.with(|l| {
            picked.with_untracked(Option::is_some)
                && picked_id.with_untracked(|p| matches!(p, Some(id) if l.iter().any(|x| &x.0 == id && !x.3)))
        });
        if !fits {
            picked.set(None);
            picked_id.set(None);
        }
    });
    view! {
        <Show when=move || ready.get()>
            <section aria-labelledby="matches-title">
                <h2 id="matches-title" tabindex="-1">"Your matches"</h2>
                <details class="tags">
                    <summary>"Filter"</summary>
                    <div class="tag-grid">
                        {select("f-cost", "Cost", &Cost::ALL, Cost::label, move || filter.with(|t| t.cost), move |v| filter.update(|t| t.cost = v))}
                        {select("f-length", "How long", &Length::ALL, Length::label, move || filter.with(|t| t.length), move |v| filter.update(|t| t.length = v))}
                        {select("f-place", "Where", &Place::ALL, Place::label, move || filter.with(|t| t.place), move |v| filter.update(|t| t.place = v))}
                        {select("f-energy", "Energy", &Energy::ALL, Energy::label, move || filter.with(|t| t.energy), move |v| filter.update(|t| t.energy = v))}
                    </div>
                </details>
                <Show when=move || !list.with(Vec::is_empty) fallback=|| view! { <p class="small">"No matches with these filters yet."</p> }>
                    <div class="actions">
                        <button type="button" class="button-primary" on:click=pick_one>"Pick for us"</button>
                    </div>
                    <div aria-live="polite">
                        {move || picked.get().map(|t| (picked_id.get(), t)).map(|(id, t)| view! {
                            <div class="card stack picked">
                                <p class="gesture-text">{t}</p>
                                {id.map(|id| view! { <button type="button" class="button-primary" on:click=move |_| planning.set(Some(id.clone()))>"Plan this"</button> })}
                            </div>
                        })}
                    </div>
                    <ul class="plain stack matches">
                        {move || list.get().into_iter().take(shown.get()).map(|(id, t, about, planned)| {
                            let act = if planned { "Plan again" } else { "Plan" };
                            view! {
                                <li class="card">
                                    <p class="small">{about}</p>
                                    <p>{t.clone()}</p>
                                    <button type="button" aria-label=format!("{act}: {t}") on:click=move |_| planning.set(Some(id.clone()))>{act}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <ShowMore shown total=Signal::derive(move || list.with(Vec::len)) page=MATCHES_PAGE items=".matches > li" noun=("match", "matches")/>
                </Show>
            </section>
        </Show>
    }
}

/// A plan still to come, as the form shows it: its local day and start
/// time, length and note. Read untracked (the clock included), so the
/// form's effect runs again only when the form opens or closes.
fn plan_fields(state: AppState, id: &Id) -> Option<[String; 4]> {
    use crate::domain::dates::{hm, ymd};
    state.doc.with_untracked(|d| {
        d.us_time
            .upcoming(now())
            .into_iter()
            .find(|p| &p.meta.id == id)
            .map(|p| {
                let local = p.start.with_timezone(&Local);
                [ymd(&local), hm(&local), p.minutes.to_string(), p.note.clone()]
            })
    })
}

#[component]
fn PlanForm(planning: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let date = RwSignal::new(String::new());
    let time = RwSignal::new("19:00".to_string());
    let (date_field, time_field) = (NodeRef::new(), NodeRef::new());
    field_value(date_field, move || date.get());
    field_value(time_field, move || time.get());
    let minutes = RwSignal::new(120u32);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The field the error is about: "plan-" and the domain's word for it.
    let wrong = RwSignal::new(None::<String>);
    // Said (an alert) and the field marked and described, then focused once
    // it is (the page is updated just after the handler).
    let refuse = move |field: &str, message: String| {
        let id = format!("plan-{field}");
        wrong.set(Some(id.clone()));
        error.set(Some(message));
        focus_id_soon(id);
    };
    // The field refused is marked and described, the others not: set by
    // one effect, not as two attributes on each field (a smaller app). It
    // reads the day's field, so a form opened again is marked anew.
    effect(move |_| {
        date_field.track();
        let wrong = error
            .with(Option::is_some)
            .then(|| wrong.get_untracked())
            .flatten();
        let wrong = wrong.as_deref();
        for id in ["plan-date", "plan-time", "plan-length", "plan-note"] {
            if let Some(el) = document().get_element_by_id(id) {
                let _ = if wrong == Some(id) {
                    el.set_attribute("aria-invalid", "true")
                        .and(el.set_attribute("aria-describedby", "plan-error"))
                } else {
                    el.remove_attribute("aria-invalid")
                        .and(el.remove_attribute("aria-describedby"))
                };
            }
        }
    });
    // The id is a plan's when one is being changed (and stays one if a merge
    // marks it done meanwhile: saving then says so).
    let changing = move || {
        planning.with(|p| {
            p.as_ref()
                .is_some_and(|id| state.doc.with_untracked(|d| d.us_time.is_plan(id)))
        })
    };
    // A plan left open on another page, or before a reload, opens again as
    // it was (its idea, or the plan being changed, still there), without
    // moving the focus.
    let kept = state.unsent_form(
        "us-plan".into(),
        Box::new(move || {
            planning.get().map(|id| {
                vec![
                    id.0,
                    date.get(),
                    time.get(),
                    minutes.get().to_string(),
                    note.get(),
                ]
            })
        }),
    );
    // A length not in the list (a plan from a backup, say) is offered as it
    // is, so that saving a change keeps it.
    let odd = RwSignal::new(None::<u32>);
    let set_minutes = move |m: u32| {
        minutes.set(m);
        odd.set((!LENGTHS.iter().any(|(l, _)| *l == m)).then_some(m));
    };
    let mut restored = false;
    if let Some([id, d, t, m, n]) = kept.as_deref() {
        let id = Id(id.clone());
        if plan_fields(state, &id).is_some()
            || state
                .doc
                .with_untracked(|doc| doc.us_time.ideas_live().any(|i| i.meta.id == id))
        {
            date.set(d.clone());
            time.set(t.clone());
            set_minutes(m.parse().unwrap_or(120));
            note.set(n.clone());
            planning.set(Some(id));
            restored = true;
        }
    }
    let title = move || {
        planning.get().and_then(|id| {
            state.doc.with(|d| {
                let idea = d.us_time.ideas.iter().find(|i| i.meta.id == id);
                idea.map(|i| i.text.clone()).or_else(|| {
                    let plan = d.us_time.plans.iter().find(|p| p.meta.id == id);
                    plan.map(|p| p.title.clone())
                })
            })
        })
    };
    // A closed form sends the focus back to its opener, or if that is gone,
    // to the list it was opened from.
    let close = move || {
        let to: &'static [&'static str] = if changing() {
            // A plan marked done meanwhile may have taken "Coming up" with it.
            &["#upcoming-title", "#after-title", "#brainstorm-title"]
        } else {
            &["#matches-title"]
        };
        planning.set(None);
        back_to_opener(to);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(open) = planning.get_untracked() else {
            return;
        };
        // Say exactly what is missing, and go to it.
        let (day, at) = match (
            crate::domain::dates::parse_ymd(&date.get_untracked()),
            crate::domain::dates::parse_hm(&time.get_untracked()),
        ) {
            (Some(day), Some(at)) => (day, at),
            missing => {
                let (message, field) = match missing {
                    (None, Some(_)) => ("Please choose a day.", "date"),
                    (Some(_), None) => ("Please choose a start time.", "time"),
                    _ => ("Please choose a day and a start time.", "date"),
                };
                refuse(field, message.into());
                return;
            }
        };
        // The browser's own offset for that local moment (daylight saving aware).
        let js = js_sys::Date::new_with_year_month_day_hr_min(
            chrono::Datelike::year(&day) as u32,
            chrono::Datelike::month0(&day) as i32,
            chrono::Datelike::day(&day) as i32,
            chrono::Timelike::hour(&at) as i32,
            chrono::Timelike::minute(&at) as i32,
        );
        let offset = -(js.get_timezone_offset() as i32);
        // A time the clocks skip (02:30 as they go forward) does not exist:
        // the browser moves it on, which shows in its hours.
        let skipped = js.get_hours() != chrono::Timelike::hour(&at)
            || js.get_minutes() != chrono::Timelike::minute(&at);
        let Some(start) = local_to_utc(day, at, offset).filter(|_| !skipped) else {
            refuse(
                "time",
                "That time doesn't exist on that day (the clocks go forward). Please choose another.".into(),
            );
            return;
        };
        let (m, n) = (minutes.get_untracked(), note.get_untracked());
        let saved = state.try_change(|d, ctx| {
            d.us_time.start_ahead(&open, start, ctx.now, &local_offset)?;
            if d.us_time.is_plan(&open) {
                d.us_time.change_plan(ctx, &open, start, m, &n)
            } else {
                d.us_time.plan(ctx, &open, start, m, &n).map(drop)
            }
        });
        match saved {
            Ok(()) => {
                planning.set(None);
                error.set(None);
                // The next plan starts on no day, at the usual time, not on
                // this one's (its length, the last one chosen, stays).
                date.set(String::new());
                time.set("19:00".into());
                note.set(String::new());
                // Where the plan now is: ahead, or (a plan begun, made shorter
                // than the time since) to look back on.
                let past = start + chrono::Duration::minutes(m.into()) < now();
                focus_first(if past {
                    &["#after-title"]
                } else {
                    &["#upcoming-title"]
                });
            }
            // The domain names the field; "idea" (gone) and "plan" (done
            // meanwhile) are none of the form's, so the focus stays on Save.
            Err(e) => refuse(e.field, e.message),
        }
    };
    let mut last = None::<Id>;
    let mut was_change = false;
    effect(move |first: Option<()>| {
        let open = planning.get();
        let fields = open.as_ref().and_then(|id| plan_fields(state, id));
        // Opened again on the same idea or plan: what was typed stays.
        let again = open.is_some() && open == last;
        last.clone_from(&open);
        let before = std::mem::replace(&mut was_change, fields.is_some());
        // A form restored as it was left keeps its words and the focus where
        // it is; one opened before this part of the page was built opens.
        if first.is_none() && (restored || open.is_none()) {
            return;
        }
        if !again {
            // A plan being changed shows what it is now; a new one after it
            // starts afresh.
            if let Some([d, t, m, n]) = fields {
                date.set(d);
                time.set(t);
                set_minutes(m.parse().unwrap_or(120));
                note.set(n);
            } else if before {
                date.set(String::new());
                time.set("19:00".into());
                set_minutes(120);
                note.set(String::new());
            }
            error.set(None);
        }
        if open.is_some() {
            remember_opener();
            request_animation_frame(|| focus_id("plan-date"));
        }
    });
    view! {
        <Show when=move || planning.with(Option::is_some)>
            <section
                aria-labelledby="plan-us-title"
                class="card stack plan-form"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <h2 id="plan-us-title">{move || if changing() { "Change the plan" } else { "Plan it" }}</h2>
                <p class="gesture-text">{title}</p>
                <form class="stack" on:submit=save novalidate>
                    <div class="field">
                        <label for="plan-date">"Day"</label>
                        <input type="date" id="plan-date" node_ref=date_field on:input=move |ev| date.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="plan-time">"Start time"</label>
                        <input type="time" id="plan-time" node_ref=time_field on:input=move |ev| time.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="plan-length">"How long"</label>
                        <select id="plan-length" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { minutes.set(v) } }>
                            {LENGTHS.into_iter().map(|(m, l)| view! { <option value=m.to_string() prop:selected=move || minutes.get() == m>{l}</option> }).collect_view()}
                            {move || odd.get().map(|m| view! { <option value=m.to_string() prop:selected=move || minutes.get() == m>{length_words(m)}</option> })}
                        </select>
                    </div>
                    <div class="field">
                        <label for="plan-note">"A note (optional)"</label>
                        <input type="text" id="plan-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    </div>
                    {move || error.get().map(|e| view! { <p class="error" id="plan-error" role="alert">{e}</p> })}
                    <div class="actions">
                        <button type="submit" class="button-primary">{move || if changing() { "Save the change" } else { "Save the plan" }}</button>
                        <button type="button" class="button-quiet" on:click=move |_| close()>
                            "Cancel"
                        </button>
                    </div>
                </form>
            </section>
        </Show>
    }
}

#[component]
fn RhythmGoal() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What is saved (once a week until anything is).
    let goal = move || {
        state.doc.with(|d| {
            d.us_time
                .rhythm
                .as_ref()
                .map_or((Period::Week, 1), |r| (r.per, r.times))
        })
    };
    let mut was = untrack(goal);
    let (per, times) = (RwSignal::new(was.0), RwSignal::new(was.1));
    // Saved in another window, it shows here in each field not changed here
    // (as the names form does), so saving never puts back an old value.
    effect(move |_| {
        let now = goal();
        per.set(follow(&per.get_untracked(), &was.0, &now.0));
        times.set(follow(&times.get_untracked(), &was.1, &now.1));
        was = now;
    });
    let saved = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, t) = (per.get_untracked(), times.get_untracked());
        // Said saved only once it is written (with the lock on, once sealed);
        // nothing when the save failed (the save error says why).
        const SAVING: &str = "Saving our rhythm\u{2026}";
        saved.set(Some(SAVING.into()));
        let done = state.change_then(
            |d, ctx| d.us_time.set_rhythm(ctx, p, t),
            move |ok| {
                let _ = saved.try_update(|s| {
                    if s.as_deref() == Some(SAVING) {
                        *s = ok.then(|| "Rhythm saved.".into());
                    }
                });
            },
        );
        if let Err(e) = done {
            saved.set(Some(e.message));
        }
    };
    view! {
        <section aria-labelledby="rhythm-title">
            <h2 id="rhythm-title">"Your rhythm"</h2>
            <form class="card stack" on:submit=save novalidate>
                <p>"How often would you like time that's just for the two of you? A rhythm, not a score."</p>
                <div class="inline-form">
                    <div class="field">
                        <label for="rhythm-times">"Times"</label>
                        <select id="rhythm-times" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { times.set(v) } }>
                            {(1u8..=7).map(|n| view! { <option value=n.to_string() prop:selected=move || times.get() == n>{n}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="rhythm-per">"Every"</label>
                        <select id="rhythm-per" on:change=move |ev| per.set(if event_target_value(&ev) == "month" { Period::Month } else { Period::Week })>
                            <option value="week" prop:selected=move || per.get() == Period::Week>"week"</option>
                            <option value="month" prop:selected=move || per.get() == Period::Month>"month"</option>
                        </select>
                    </div>
                </div>
                <button type="submit">"Save our rhythm"</button>
                <p role="status" class="small">{move || saved.get()}</p>
            </form>
        </section>
    }
}
