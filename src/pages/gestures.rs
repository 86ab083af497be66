//! Gestures: plan one of the five kinds (ours or your own idea), mark it done
//! or let it go, and let the partner who received it say "I noticed". Plus
//! the appreciation journal, shared by default and revealed when opened.

use chrono::{Local, NaiveDate};
use leptos::prelude::*;

use crate::components::effect::{effect, field_value};
use crate::components::keyed::For;
use crate::components::limit::OverLimit;
use crate::components::links::href;
use crate::components::more::ShowMore;
use crate::components::page::{
    back_to_opener, focus_first, focus_id, focus_id_soon, focus_if_there, remember_opener, Later, PageHeading,
};
use crate::components::show::Show;
use crate::components::undo::undo_bar;
use crate::domain::couple::FormError;
use crate::domain::gestures::{
    surprise, this_week, week_sentence, Filter, Gesture, GestureState, Kind, Source, IDEAS,
};
use crate::domain::{Author, Id};
use crate::state::{local_offset, now, random_bytes, AppState};

fn today() -> NaiveDate {
    now().with_timezone(&Local).date_naive()
}

/// The kept words of a word back to a gesture, and of a plan's "How did
/// it go?" and Edit, are named by these and the gesture's id.
const REPLY: &str = "reply-";
const DONE_NOTE: &str = "done-note-";
const EDIT_PLAN: &str = "edit-plan-";

/// What is being planned right now (from an idea, a surprise, or blank).
#[derive(Clone, PartialEq)]
struct Planning {
    kind: Kind,
    source: Source,
    text: String,
}

/// What each partner is planning: a plan is a surprise for the other, so
/// each has a form of their own, drawn only while they are the one here.
#[derive(Clone, Copy)]
struct Planner {
    me: RwSignal<Author>,
    forms: [RwSignal<Option<Planning>>; 2],
}

impl Planner {
    fn of(self, who: Author) -> RwSignal<Option<Planning>> {
        self.forms[usize::from(who == Author::B)]
    }

    /// An idea chosen by whoever is here: their form opens on it.
    fn start(self, p: Planning) {
        self.of(self.me.get_untracked()).set(Some(p));
    }
}

impl Planning {
    /// Its kind and where it came from, as words, for the form kept unsent.
    fn origin(&self) -> [String; 2] {
        let source = match &self.source {
            Source::Builtin(key) => format!("b{key}"),
            Source::Own(id) => format!("o{id}"),
            Source::Free => "f".into(),
        };
        [self.kind.key().into(), source]
    }

    fn from_origin(kind: &str, source: &str, text: String) -> Option<Self> {
        let kind = Kind::ALL.into_iter().find(|k| k.key() == kind)?;
        let source = match source.split_at_checked(1)? {
            ("b", key) => Source::Builtin(key.into()),
            ("o", id) => Source::Own(Id(id.into())),
            ("f", "") => Source::Free,
            _ => return None,
        };
        Some(Self { kind, source, text })
    }
}

#[component]
pub fn Gestures() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_couple = move || state.doc.with(|d| d.couple.is_some());
    view! {
        <PageHeading title="Gestures"/>
        <Show
            when=has_couple
            fallback=|| view! { <p>"First, tell Hearth your names."</p><p><a class="button" href=href("/")>"Start"</a></p> }
        >
            <GesturesBody/>
        </Show>
    }
}

#[component]
fn GesturesBody() -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = state.solo();
    // Words kept for a gesture noticed, or a plan done or let go, in
    // another window while this page was closed are of no more use. The
    // same tests as the items' own cleanups in ToNotice and PlanItem.
    state.doc.with_untracked(|d| {
        state.forget_unsent_where(&|k| {
            if let Some(id) = k.strip_prefix(REPLY) {
                !d.gestures.waits_to_be_noticed(id)
            } else if let Some(id) = k.strip_prefix(DONE_NOTE).or_else(|| k.strip_prefix(EDIT_PLAN)) {
                !d.gestures.still_planned(id)
            } else {
                false
            }
        });
    });
    // On a shared device no one is here until they say so: until then the
    // page shows nothing that is one partner's (what waits for them, their
    // plans, their private entries). Asked again each time the page opens,
    // as the votes are: the device may have changed hands since. Alone,
    // it is the one partner.
    let me = RwSignal::new(Author::A);
    let here = RwSignal::new(solo);
    let planner = Planner {
        me,
        forms: [RwSignal::new(None), RwSignal::new(None)],
    };
    view! {
        <p class="lead">
            "Small, concrete ways to reach toward each other. Pick one, do it this week, and let your partner notice."
        </p>
        {(!solo).then(|| view! { <WhoIsHere me here/> })}
        <Show when=move || here.get()>
            <ForYou me/>
        </Show>
        <ThisWeek/>
        // Below the first screen, each in a task of its own.
        <Later>
            <Show when=move || here.get()>
                {move || {
                    let who = me.get();
                    view! { <PlanForm who planning=planner.of(who)/> }
                }}
                <Plans me/>
                <Surprise planner/>
            </Show>
        </Later>
        <Later>
            <Show when=move || here.get()>
                <FiveWays me planner/>
            </Show>
        </Later>
        <Later>
            <Journal me here/>
        </Later>
    }
}

#[component]
fn WhoIsHere(me: RwSignal<Author>, here: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="who card">
            <p id="who-label">"Who's using Hearth right now?"</p>
            <Show when=move || !here.get()>
                <p class="small" id="who-hint">"Choose your name to see what's waiting for you, your plans and ideas, and your own journal entries."</p>
            </Show>
            <div class="segmented" role="group" aria-labelledby="who-label" aria-describedby=move || (!here.get()).then_some("who-hint")>
                {[Author::A, Author::B]
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (here.get() && me.get() == p).to_string()
                                // The one already here changes nothing (the plan form would be drawn anew).
                                on:click=move |_| {
                                    if me.get_untracked() != p {
                                        me.set(p);
                                    }
                                    here.set(true);
                                }
                            >
                                {move || state.name(p)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// Gestures waiting to be noticed shown at first, and added by each "Show more".
const NOTICE_PAGE: usize = 3;

/// Gestures to notice and appreciations to read, for `me` only. Hidden until
/// the receiver asks to see them, so the giver's surprise is theirs to open.
#[component]
fn ForYou(me: RwSignal<Author>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Alone, the hidden partner's gestures, words back and appreciations
    // stay out (`Gestures::shown`).
    let solo = state.solo();
    // Newest first, a few at a time: surprises can pile up over the years.
    let shown = RwSignal::new(NOTICE_PAGE);
    let waiting = Memo::new(move |_| {
        let who = me.get();
        state.doc.with(|d| d.gestures.to_notice_for(who, solo).len())
    });
    let pending = Memo::new(move |_| {
        let (who, n) = (me.get(), shown.get());
        state.doc.with(|d| {
            d.gestures
                .to_notice_for(who, solo)
                .into_iter()
                .rev()
                .take(n)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let unseen = Memo::new(move |_| {
        let who = me.get();
        state.doc.with(|d| d.gestures.unseen_for(who, solo).len())
    });
    // What `me` gave and the other noticed lately, with their word back:
    // theirs to read, so shown only while the giver is here.
    let noticed = Memo::new(move |_| {
        let (who, now) = (me.get(), state.now());
        state.doc.with(|d| {
            d.gestures
                .noticed_from(who, now)
                .into_iter()
                .map(|g| (g.text.clone(), g.reply(solo).to_string()))
                .collect::<Vec<_>>()
        })
    });
    let open_notes = move |_| {
        let who = me.get_untracked();
        // The newest of them, first in the journal (newest first).
        let newest = state.doc.with_untracked(|d| {
            d.gestures
                .unseen_for(who, solo)
                .last()
                .map(|a| format!("entry-{}", a.meta.id))
        });
        state.change(|d, ctx| d.gestures.open_appreciations(ctx, who));
        // This card is gone: to the words just opened (scrolled into view),
        // else, further down than the journal shows yet, to its heading.
        request_animation_frame(move || {
            if !newest.is_some_and(|id| focus_if_there(&id)) {
                focus_id("journal-title");
            }
        });
    };
    view! {
        <Show when=move || { !pending.with(Vec::is_empty) || unseen.get() > 0 || !noticed.with(Vec::is_empty) }>
            <section aria-labelledby="for-you-title" class="for-you">
                <h2 id="for-you-title">{move || format!("For {}", state.name(me.get()))}</h2>
                <For each=move || pending.get() key=|g| g.meta.id.clone() let:g>
                    <ToNotice g/>
                </For>
                <ShowMore shown total=waiting page=NOTICE_PAGE items=".notice-gesture" noun=("gesture", "gestures")/>
                <Show when=move || { unseen.get() > 0 }>
                    <div class="card stack">
                        <p>
                            {move || {
                                let n = unseen.get();
                                let from = state.name(me.get().other());
                                let them = state.pronoun(me.get().other(), true);
                                if n == 1 {
                                    format!("{from} wrote down a time you made {them} feel loved.")
                                } else {
                                    format!("{from} wrote down {n} times you made {them} feel loved.")
                                }
                            }}
                        </p>
                        <button type="button" class="button-primary" on:click=open_notes>{move || if unseen.get() == 1 { "Read it" } else { "Read them" }}</button>
                    </div>
                </Show>
                <Show when=move || !noticed.with(Vec::is_empty)>
                    <section aria-labelledby="noticed-title" class="card stack noticed">
                        <h3 id="noticed-title">{move || format!("{} noticed", state.name(me.get().other()))}</h3>
                        <ul class="plain stack">
                            {move || {
                                let them = state.pronoun(me.get().other(), true);
                                noticed
                                    .get()
                                    .into_iter()
                                    .map(|(text, reply)| {
                                        view! {
                                            <li>
                                                <p class="gesture-text">{text}</p>
                                                <p class="note">
                                                    {if reply.is_empty() {
                                                        format!("It made {them} feel loved.")
                                                    } else {
                                                        format!("It made {them} feel loved: \u{201c}{reply}\u{201d}")
                                                    }}
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </section>
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn ToNotice(g: Gesture) -> impl IntoView {
    let state = expect_context::<AppState>();
    let reply_key = format!("{REPLY}{}", g.meta.id);
    let reply = state.unsent(reply_key.clone());
    // A reply kept from before comes back where it was being written.
    let shown = RwSignal::new(!reply.get_untracked().is_empty());
    // Noticed (here or in another window), it is of no more use.
    {
        let (key, id) = (reply_key.clone(), g.meta.id.clone());
        on_cleanup(move || {
            let waiting = state
                .doc
                .try_with_untracked(|d| d.gestures.waits_to_be_noticed(&id.0));
            if waiting == Some(false) {
                state.sent(&key);
            }
        });
    }
    let giver = g.giver();
    let from = move || state.name(giver);
    // Several may wait, some from another year: the date tells them apart.
    let when = g
        .done_at()
        .map(|at| {
            format!(
                " on {}",
                crate::domain::dates::day_mon_year(&at.with_timezone(&Local))
            )
        })
        .unwrap_or_default();
    let note = match &g.state {
        GestureState::Done { note, .. } => note.clone(),
        _ => String::new(),
    };
    let id = g.meta.id.clone();
    let notice = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reply.get_untracked();
        let _ = state.change(|d, ctx| d.gestures.notice(ctx, &id, &r));
        state.sent(&reply_key);
        // This one is noticed and gone: the next, else the plans below.
        focus_first(&[".notice-gesture button", "#plans-title"]);
    };
    let reply_id = format!("reply-{}", g.meta.id);
    let shown_id = format!("shown-{}", g.meta.id);
    let show_focus = shown_id.clone();
    // Each "Show me" is described by its sentence, so a list of buttons
    // tells them apart.
    let about_id = format!("about-{}", g.meta.id);
    let described = about_id.clone();
    view! {
        <div class="card stack notice-gesture">
            <p id=about_id>{move || format!("{} did something for you{when}.", from())}</p>
            <Show
                when=move || shown.get()
                fallback=move || {
                    let show_focus = show_focus.clone();
                    view! {
                        <button
                            type="button"
                            aria-describedby=described.clone()
                            on:click=move |_| {
                                shown.set(true);
                                focus_id_soon(show_focus.clone());
                            }
                        >
                            "Show me"
                        </button>
                    }
                }
            >
                <p class="gesture-text" id=shown_id.clone() tabindex="-1">{g.text.clone()}</p>
                {(!note.is_empty()).then(|| view! { <p class="note">{note.clone()}</p> })}
                <form class="stack" on:submit=notice.clone()>
                    <div class="field">
                        <label for=reply_id.clone()>{move || format!("A word back to {} (optional)", from())}</label>
                        <input
                            type="text"
                            id=reply_id.clone()
                            prop:value=move || reply.get()
                            on:input=move |ev| reply.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="submit" class="button-primary">"I noticed \u{2014} it made me feel loved"</button>
                </form>
            </Show>
        </div>
    }
}

#[component]
fn ThisWeek() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lines = Memo::new(move |_| {
        state.doc.with(|d| {
            let Some(c) = &d.couple else { return Vec::new() };
            let people: Vec<Author> = if c.is_solo() {
                vec![Author::A]
            } else {
                vec![Author::A, Author::B]
            };
            people
                .into_iter()
                .map(|p| {
                    (
                        c.name_of(p),
                        week_sentence(&this_week(&d.gestures, p, state.now(), &local_offset)),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section aria-labelledby="week-title">
            <h2 id="week-title">"This week"</h2>
            <ul class="plain">
                {move || {
                    lines
                        .get()
                        .into_iter()
                        .map(|(n, s)| view! { <li><strong>{n}</strong>": " {s}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The one place a gesture is planned: text (editable), an optional day.
#[component]
fn PlanForm(who: Author, planning: RwSignal<Option<Planning>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    // The idea's words as the form put them in: while the text still reads
    // so, another idea may replace it; any other words are the couple's.
    let filled = RwSignal::new(String::new());
    let day_field = NodeRef::new();
    field_value(day_field, move || day.get());
    let error = RwSignal::new(None::<String>);
    // Which field the error is about: the day's, or else the text's.
    let day_wrong = RwSignal::new(false);
    let wrong = move |is_day: bool| error.with(Option::is_some) && day_wrong.get() == is_day;
    // Said (an alert) and the field in question focused, once it is marked
    // and described (the page is updated just after this handler).
    let refuse = move |is_day: bool, message: String| {
        day_wrong.set(is_day);
        error.set(Some(message));
        focus_id_soon(if is_day { "plan-day" } else { "plan-text" }.into());
    };
    // A form left open on another page, or before a reload, opens again as
    // it was, without moving the focus.
    let kept = state.unsent_form(
        format!("plan-{}", who.letter()),
        Box::new(move || {
            planning.with(|p| {
                p.as_ref().map(|p| {
                    let [kind, source] = p.origin();
                    vec![kind, source, text.get(), day.get(), filled.get()]
                })
            })
        }),
    );
    if let Some([kind, source, t, d, idea @ ..]) = kept.as_deref() {
        if let Some(p) = Planning::from_origin(kind, source, t.clone()) {
            text.set(t.clone());
            day.set(d.clone());
            // Kept without it (an older Hearth): the words count as theirs.
            if let [idea] = idea {
                filled.set(idea.clone());
            }
            planning.set(Some(p));
        }
    }
    // Another idea chosen while the couple's own words are in the form:
    // the words stay with the idea they were written for (nothing they
    // wrote is lost, nor saved under another kind), and a line says how to
    // switch.
    let kept_note = RwSignal::new(None::<String>);
    // A new idea chosen: its words in the form (and the day kept), and the
    // form brought into view. Closed, the next opens blank.
    let follow = move |before: Option<Option<Planning>>| {
        let p = planning.get();
        let Some(before) = before else { return p };
        if p == before {
            return p;
        }
        kept_note.set(None);
        let Some(new) = p.clone() else {
            text.set(String::new());
            day.set(String::new());
            return p;
        };
        if before.is_none() || text.with_untracked(|t| t.trim().is_empty() || *t == filled.get_untracked()) {
            filled.set(new.text.clone());
            text.set(new.text);
        } else {
            kept_note.set(Some(format!(
                "Your words are kept. To plan \u{201c}{}\u{201d} instead, empty the field and choose it again.",
                new.text
            )));
            // The rerun this causes finds the planning it returns: nothing to do.
            planning.set(before.clone());
            focus_id("plan-text");
            return before;
        }
        error.set(None);
        remember_opener();
        focus_id("plan-text");
        p
    };
    // What `follow` gave the time before, kept here so the effect gives
    // `()` (one copy of the effect's task for all of them).
    let mut last = None;
    effect(move |_| last = Some(follow(last.take())));
    let cancel = move |_| {
        planning.set(None);
        back_to_opener(&["#plans-title"]);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = planning.get_untracked() else { return };
        let d = day.get_untracked();
        let parsed = if d.is_empty() {
            Ok(None)
        } else {
            crate::domain::dates::parse_ymd(&d).map(Some).ok_or(())
        };
        let Ok(when) = parsed else {
            refuse(
                true,
                "Please choose a day, or leave it empty for \u{201c}any day\u{201d}.".into(),
            );
            return;
        };
        let (by, t) = (who, text.get_untracked());
        match state.try_change(|doc, ctx| {
            doc.gestures.day_ahead(None, when, today())?;
            doc.gestures.plan(ctx, by, p.kind, p.source.clone(), &t, when)
        }) {
            Ok(_) => {
                planning.set(None);
                // The new plan is the list's latest, under this heading.
                focus_first(&["#plans-title"]);
            }
            Err(FormError { field, message }) => refuse(field == "day", message),
        }
    };
    view! {
        <Show when=move || planning.with(Option::is_some)>
            <section aria-labelledby="plan-title" class="card stack plan-form">
                <h2 id="plan-title">
                    {move || format!("Plan a gesture for {}", state.name(who.other()))}
                </h2>
                <form class="stack" on:submit=save novalidate>
                    <div class="field">
                        <label for="plan-text">"What you'd like to do"</label>
                        <textarea
                            id="plan-text"
                            rows="3"
                            aria-invalid=move || wrong(false).then_some("true")
                            aria-describedby=move || wrong(false).then_some("plan-error")
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                        ></textarea>
                        <p class="hint" role="status">{move || kept_note.get()}</p>
                    </div>
                    <div class="field">
                        <label for="plan-day">"On which day? (optional)"</label>
                        <input
                            type="date"
                            id="plan-day"
                            min=crate::domain::dates::ymd(&today())
                            aria-invalid=move || wrong(true).then_some("true")
                            aria-describedby=move || wrong(true).then_some("plan-error")
                            node_ref=day_field
                            on:input=move |ev| day.set(event_target_value(&ev))
                        />
                    </div>
                    <div role="alert">
                        {move || error.get().map(|e| view! { <p class="error" id="plan-error">{e}</p> })}
                    </div>
                    <div class="actions">
                        <button type="submit" class="button-primary">"Plan it"</button>
                        <button type="button" class="button-quiet" on:click=cancel>"Cancel"</button>
                    </div>
                </form>
            </section>
        </Show>
    }
}

#[component]
fn Plans(me: RwSignal<Author>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let removed = RwSignal::new(None::<Id>);
    let plans = Memo::new(move |_| {
        let who = me.get();
        state.doc.with(|d| {
            d.gestures
                .planned_by(who)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let undo = move |id: Id| {
        state.change(|d, ctx| d.gestures.set_deleted(ctx, &id, false));
        // Undo is gone with its bar: to the plan that came back.
        request_animation_frame(move || {
            if !focus_if_there(&format!("did-{id}")) {
                focus_id("plans-title");
            }
        });
        true
    };
    view! {
        <section aria-labelledby="plans-title">
            <h2 id="plans-title" tabindex="-1">{move || format!("{}'s plans", state.name(me.get()))}</h2>
            {undo_bar(removed, "undo-plan", "Gesture removed.", Box::new(undo))}
            <Show
                when=move || !plans.with(Vec::is_empty)
                fallback=|| view! { <p class="small">"Nothing planned right now. Choose an idea below."</p> }
            >
                <ul class="plain stack">
                    // Keyed by id alone: a save in another window must not
                    // draw an open card anew (its words and focus would go).
                    <For each=move || plans.get() key=|g| g.meta.id.clone() let:g>
                        <PlanItem g plans removed/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// Shows or hides a part of a plan's card, then focuses the element with
/// id `to` (the field just shown, or the button that showed it). One
/// function, so the card's four such buttons share one handler in the wasm.
fn show_then_focus(
    part: RwSignal<bool>,
    shown: bool,
    to: String,
) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    move |_| {
        part.set(shown);
        focus_id_soon(to.clone());
    }
}

/// A plan's day as the date field holds it ("" for any day).
fn day_of(g: &Gesture) -> String {
    g.planned_for
        .map(|d| crate::domain::dates::ymd(&d))
        .unwrap_or_default()
}

#[component]
fn PlanItem(g: Gesture, plans: Memo<Vec<Gesture>>, removed: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The card stays while its text and day follow the document.
    let plan_id = StoredValue::new(g.meta.id.clone());
    let current = move |then: &dyn Fn(&Gesture) -> String| {
        plan_id.with_value(|id| plans.with(|ps| ps.iter().find(|p| &p.meta.id == id).map(then)))
    };
    let editing = RwSignal::new(false);
    let note_key = format!("{DONE_NOTE}{}", g.meta.id);
    let note = state.unsent(note_key.clone());
    // "How did it go?" kept from before comes back open.
    let finishing = RwSignal::new(!note.get_untracked().is_empty());
    let edit_text = RwSignal::new(String::new());
    let edit_day = RwSignal::new(String::new());
    let edit_day_field = NodeRef::new();
    field_value(edit_day_field, move || edit_day.get());
    let edit_error = RwSignal::new(None::<String>);
    // Which field the message is about: the day (gone by) or the words.
    let error_on_day = RwSignal::new(false);
    // An edit left open elsewhere opens again as it was.
    let edit_key = format!("{EDIT_PLAN}{}", g.meta.id);
    let kept = state.unsent_form(
        edit_key.clone(),
        Box::new(move || editing.get().then(|| vec![edit_text.get(), edit_day.get()])),
    );
    if let Some([t, d]) = kept.as_deref() {
        edit_text.set(t.clone());
        edit_day.set(d.clone());
        editing.set(true);
    }
    // The card gone with its plan (done or let go, here or in another
    // window), the words kept for it are of no more use. Removed, they stay
    // for its Undo.
    {
        let (keys, id) = ([note_key.clone(), edit_key.clone()], g.meta.id.clone());
        on_cleanup(move || {
            let planned = state.doc.try_with_untracked(|d| d.gestures.still_planned(&id.0));
            if planned == Some(false) {
                keys.iter().for_each(|k| state.sent(k));
            }
        });
    }
    let edit_id = g.meta.id.clone();
    let save_edit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = edit_day.get_untracked();
        let day = if d.is_empty() {
            None
        } else {
            crate::domain::dates::parse_ymd(&d)
        };
        let t = edit_text.get_untracked();
        match state.try_change(|doc, ctx| {
            doc.gestures.day_ahead(Some(&edit_id), day, today())?;
            doc.gestures.edit_planned(ctx, &edit_id, &t, day)
        }) {
            Ok(()) => {
                editing.set(false);
                state.sent(&edit_key);
                focus_id_soon(format!("edit-{edit_id}"));
            }
            // Back in the field the message is about, once it describes it.
            Err(FormError { field, message }) => {
                let gone = field == "day";
                edit_error.set(Some(message));
                error_on_day.set(gone);
                let field = if gone { "edit-day-" } else { "edit-text-" };
                focus_id_soon(format!("{field}{edit_id}"));
            }
        }
    };
    let text_id = format!("edit-text-{}", g.meta.id);
    let error_id = format!("edit-error-{}", g.meta.id);
    let wrong = move |day: bool| edit_error.with(Option::is_some) && error_on_day.get() == day;
    let day_id = format!("edit-day-{}", g.meta.id);
    let when = move || {
        // Tracked: "still want to?" comes the morning after, page open or not.
        let today = state.now().with_timezone(&Local).date_naive();
        current(&|g| match g.planned_for {
            Some(d) if g.is_overdue(today) => {
                format!(
                    "Planned for {} \u{2014} still want to?",
                    crate::domain::dates::weekday_day_mon_near(&d, &today)
                )
            }
            Some(d) => format!("For {}", crate::domain::dates::weekday_day_mon_near(&d, &today)),
            None => "Any day this week".to_string(),
        })
    };
    let (id1, id2, id3) = (g.meta.id.clone(), g.meta.id.clone(), g.meta.id.clone());
    let note_id = format!("done-note-{}", g.meta.id);
    // The note goes with the gesture to the one it was for: said before it
    // is typed, so nothing meant for oneself is shared by surprise.
    let (note_hint, to) = (format!("done-note-hint-{}", g.meta.id), g.to);
    // Buttons that stay (the card is drawn anew after each change), for focus
    // to come back to.
    let did_id = format!("did-{}", g.meta.id);
    let edit_button_id = format!("edit-{}", g.meta.id);
    // Every card has the same four buttons: each is described by its plan's
    // words, so a screen reader tells them apart.
    let what_id = format!("plan-{}", g.meta.id);
    let done = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = note.get_untracked();
        if state.change(|d, ctx| d.gestures.mark_done(ctx, &id1, &n)).is_ok() {
            state.sent(&note_key);
            focus_first(&["#plans-title"]);
        }
    };
    let let_go = move |_| {
        if state.change(|d, ctx| d.gestures.let_go(ctx, &id2)).is_ok() {
            focus_first(&["#plans-title"]);
        }
    };
    let (note_focus, text_focus) = (note_id.clone(), text_id.clone());
    let (did_focus, edit_focus) = (did_id.clone(), edit_button_id.clone());
    let remove = move |_| {
        state.change(|d, ctx| d.gestures.set_deleted(ctx, &id3, true));
        removed.set(Some(id3.clone()));
        // The card is gone: focus goes to what can bring it back.
        request_animation_frame(|| focus_id("undo-plan"));
    };
    view! {
        <li class="card stack plan">
            <p class="gesture-text" id=what_id.clone()>{move || current(&|g| g.text.clone())}</p>
            <p class="small">{when}</p>
            <Show when=move || editing.get()>
                <form class="stack" on:submit=save_edit.clone() novalidate>
                    <div class="field">
                        <label for=text_id.clone()>"What you'd like to do"</label>
                        <textarea
                            id=text_id.clone()
                            rows="3"
                            aria-invalid=move || wrong(false).then_some("true")
                            aria-describedby={
                                let e = error_id.clone();
                                move || wrong(false).then(|| e.clone())
                            }
                            prop:value=move || edit_text.get()
                            on:input=move |ev| edit_text.set(event_target_value(&ev))
                        ></textarea>
                    </div>
                    <div class="field">
                        <label for=day_id.clone()>"On which day? (optional)"</label>
                        <input
                            type="date"
                            id=day_id.clone()
                            node_ref=edit_day_field
                            aria-invalid=move || wrong(true).then_some("true")
                            aria-describedby={
                                let e = error_id.clone();
                                move || wrong(true).then(|| e.clone())
                            }
                            on:input=move |ev| edit_day.set(event_target_value(&ev))
                        />
                    </div>
                    <div role="alert">
                        {
                            let id = error_id.clone();
                            move || edit_error.get().map(|e| view! { <p class="error" id=id.clone()>{e}</p> })
                        }
                    </div>
                    <div class="actions">
                        <button type="submit" class="button-primary">"Save changes"</button>
                        <button
                            type="button"
                            class="button-quiet"
                            on:click=show_then_focus(editing, false, edit_focus.clone())
                        >
                            "Cancel"
                        </button>
                    </div>
                </form>
            </Show>
            <Show
                when=move || finishing.get()
                fallback=move || {
                    view! {
                        <div class="actions">
                            <button
                                type="button"
                                class="button-primary"
                                id=did_id.clone()
                                aria-describedby=what_id.clone()
                                on:click=show_then_focus(finishing, true, note_focus.clone())
                            >
                                "I did it"
                            </button>
                            <button type="button" aria-describedby=what_id.clone() on:click=let_go.clone()>"Let it go"</button>
                            <button
                                type="button"
                                class="button-quiet"
                                id=edit_button_id.clone()
                                aria-describedby=what_id.clone()
                                on:click={
                                    let to = text_focus.clone();
                                    // Opens on what is saved now, not on words cancelled before.
                                    move |_| {
                                        untrack(|| {
                                            edit_text.set(current(&|g| g.text.clone()).unwrap_or_default());
                                            edit_day.set(current(&day_of).unwrap_or_default());
                                        });
                                        edit_error.set(None);
                                        editing.set(true);
                                        focus_id_soon(to.clone());
                                    }
                                }
                            >
                                "Edit"
                            </button>
                            <button type="button" class="button-quiet" aria-describedby=what_id.clone() on:click=remove.clone()>"Remove"</button>
                        </div>
                    }
                }
            >
                <form class="stack" on:submit=done.clone()>
                    <div class="field">
                        <label for=note_id.clone()>"How did it go? (optional)"</label>
                        <input
                            type="text"
                            id=note_id.clone()
                            aria-describedby=note_hint.clone()
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))
                        />
                        <p class="hint" id=note_hint.clone()>{move || format!("{} will read it with the gesture.", state.name(to))}</p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button-primary">"Mark as done"</button>
                        <button
                            type="button"
                            class="button-quiet"
                            on:click={
                                // Cancelled, the note is not kept for later either.
                                let close = show_then_focus(finishing, false, did_focus.clone());
                                move |ev| {
                                    note.set(String::new());
                                    close(ev);
                                }
                            }
                        >
                            "Cancel"
                        </button>
                    </div>
                </form>
            </Show>
        </li>
    }
}

#[component]
fn Surprise(planner: Planner) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kind = RwSignal::new(None::<Kind>);
    let free_only = RwSignal::new(false);
    let pick = RwSignal::new(None::<&'static crate::domain::gestures::Idea>);
    let roll = move |_| {
        let r = u64::from_le_bytes(random_bytes()[..8].try_into().unwrap_or([0; 8]));
        let filter = Filter {
            kind: kind.get_untracked(),
            free_only: free_only.get_untracked(),
            language: None,
        };
        let current = pick.get_untracked().map(|i| i.key);
        // Avoid showing the same idea twice in a row when there is a choice.
        let next = state.doc.with_untracked(|d| {
            let first = surprise(&d.gestures, filter, now(), r);
            match (first, current) {
                (Some(i), Some(c)) if i.key == c => surprise(&d.gestures, filter, now(), r.wrapping_add(1)),
                _ => first,
            }
        });
        pick.set(next);
    };
    view! {
        <section aria-labelledby="surprise-title">
            <h2 id="surprise-title">"Surprise me"</h2>
            <div class="card stack">
                <div class="field">
                    <label for="surprise-kind">"Kind of gesture"</label>
                    <select
                        id="surprise-kind"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            kind.set(Kind::ALL.into_iter().find(|k| k.key() == v));
                        }
                    >
                        <option value="">"Any kind"</option>
                        {Kind::ALL.into_iter().map(|k| view! { <option value=k.key()>{k.title()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="check">
                    <input
                        type="checkbox"
                        id="surprise-free"
                        prop:checked=move || free_only.get()
                        on:change=move |ev| free_only.set(event_target_checked(&ev))
                    />
                    <label for="surprise-free">"Only free ideas"</label>
                </div>
                <button type="button" on:click=roll>"Surprise me"</button>
                <div aria-live="polite">
                    {move || {
                        pick.get()
                            .map(|i| {
                                view! {
                                    <p class="gesture-text surprise-pick">{i.text}</p>
                                    <p class="small">{format!("{} \u{00b7} {}", i.language.label(), i.cost.label())}</p>
                                    <button
                                        type="button"
                                        class="button-primary"
                                        on:click=move |_| {
                                            planner.start(Planning {
                                                kind: i.kind,
                                                source: Source::Builtin(i.key.into()),
                                                text: i.text.into(),
                                            })
                                        }
                                    >
                                        "Plan this"
                                    </button>
                                }
                            })
                    }}
                </div>
            </div>
        </section>
    }
}

#[component]
fn FiveWays(me: RwSignal<Author>, planner: Planner) -> impl IntoView {
    view! {
        <section aria-labelledby="ways-title">
            <h2 id="ways-title">"Five ways to reach out"</h2>
            {Kind::ALL.into_iter().map(|k| view! { <KindCard kind=k me planner/> }).collect_view()}
        </section>
    }
}

#[component]
fn KindCard(kind: Kind, me: RwSignal<Author>, planner: Planner) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Only the chosen partner's own ideas, as with their plans.
    let own = Memo::new(move |_| {
        let by = me.get();
        state.doc.with(|d| {
            d.gestures
                .own_ideas_of(by)
                .filter(|i| i.kind == kind)
                .map(|i| (i.meta.id.clone(), i.text.clone()))
                .collect::<Vec<_>>()
        })
    });
    // Each partner's idea being typed is their own: it comes back to them.
    let ideas = [Author::A, Author::B].map(|p| state.unsent(format!("own-{}-{}", kind.key(), p.letter())));
    let idea_of = move |who: Author| ideas[usize::from(who == Author::B)];
    let error = RwSignal::new(None::<String>);
    let input_id = format!("own-{}", kind.key());
    let error_id = format!("own-{}-error", kind.key());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let by = me.get_untracked();
        let text = idea_of(by).get_untracked();
        match state.try_change(|d, ctx| d.gestures.add_idea(ctx, by, kind, &text)) {
            Ok(_) => {
                idea_of(by).set(String::new());
                error.set(None);
            }
            Err(e) => {
                error.set(Some(e.message));
                // Back in the field, once its description is the message.
                focus_id_soon(format!("own-{}", kind.key()));
            }
        }
    };
    let plan = move |source: Source, text: String| planner.start(Planning { kind, source, text });
    // The ideas are built when the card is first opened (a click on its
    // summary, before it opens, or the toggle when the browser opens it
    // itself, as find-in-page does): five closed cards of them were half
    // of the page's elements.
    // An idea of one's own kept from before: its card comes back open.
    let kept = !idea_of(me.get_untracked()).get_untracked().is_empty();
    let opened = RwSignal::new(kept);
    view! {
        <details class="kind card" open=kept on:toggle=move |_| opened.set(true)>
            <summary on:click=move |_| opened.set(true)>
                <span class="kind-title">{kind.title()}</span>
            </summary>
            <p class="small">{kind.why()}</p>
            {(kind == Kind::UsTime)
                .then(|| {
                    view! {
                        <p>
                            "Us time has its own place: "
                            <a href=href("/us-time")>"brainstorm and plan it together"</a>
                            "."
                        </p>
                    }
                })}
            <Show when=move || opened.get()>
                <ul class="ideas">
                    {IDEAS
                        .iter()
                        .filter(|i| i.kind == kind)
                        .map(|i| {
                            view! {
                                <li>
                                    <span>{i.text}</span>
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        aria-label=format!("Plan: {}", i.text)
                                        on:click=move |_| plan(Source::Builtin(i.key.into()), i.text.into())
                                    >
                                        "Plan"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                    <For each=move || own.get() key=|(id, t)| (id.clone(), t.clone()) let:item>
                        {
                            let (id, text) = item;
                            let label = format!("Plan: {text}");
                            let t2 = text.clone();
                            view! {
                                <li class="own">
                                    <span>{text.clone()}<span class="tag">"yours"</span></span>
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        aria-label=label
                                        on:click=move |_| plan(Source::Own(id.clone()), t2.clone())
                                    >
                                        "Plan"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <form class="own-idea" on:submit=add novalidate>
                <label for=input_id.clone()>"Your own idea"</label>
                <div class="inline-form">
                    <input
                        type="text"
                        id=input_id.clone()
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby={
                            let e = error_id.clone();
                            move || error.with(Option::is_some).then(|| e.clone())
                        }
                        prop:value=move || idea_of(me.get()).get()
                        on:input=move |ev| idea_of(me.get_untracked()).set(event_target_value(&ev))
                    />
                    <button type="submit">"Add"</button>
                </div>
                <div role="alert">
                    {move || error.get().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
                </div>
            </form>
        </details>
    }
}

/// Journal entries shown at first, and added by each "Show more".
const JOURNAL_PAGE: usize = 20;

#[component]
fn Journal(me: RwSignal<Author>, here: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let removed = RwSignal::new(None::<Id>);
    // Newest first, a page at a time: after years there are a thousand
    // entries, and building them all would stall the page.
    let shown = RwSignal::new(JOURNAL_PAGE);
    // No one here yet: only what both may read. Alone, nothing of the
    // hidden partner's.
    let reader = move || here.get().then(|| me.get());
    let solo = state.solo();
    let total = Memo::new(move |_| {
        let who = reader();
        state.doc.with(|d| d.gestures.readable_by(who, solo).len())
    });
    let entries = Memo::new(move |_| {
        let (who, n) = (reader(), shown.get());
        state.doc.with(|d| {
            d.gestures
                .readable_by(who, solo)
                .into_iter()
                .rev()
                .take(n)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let undo = move |id: Id| {
        state.change(|d, ctx| d.gestures.delete_appreciation(ctx, &id, false));
        // Undo is gone with its bar: to the entry that came back.
        focus_id_soon(format!("entry-{id}"));
        true
    };
    view! {
        <section aria-labelledby="journal-title">
            <h2 id="journal-title" tabindex="-1">"Appreciation journal"</h2>
            // Drawn for whoever is here: each partner's words not saved yet
            // are their own, and come back only to them.
            {move || {
                let who = me.get();
                here.get().then(|| view! { <JournalForm who/> })
            }}
            <Show when=move || !here.get() && entries.with(Vec::is_empty)>
                <p class="small">"Choose your name above to write in it and read what is yours."</p>
            </Show>
            {undo_bar(removed, "undo-entry", "Entry removed.", Box::new(undo))}
            <ul class="plain stack journal">
                // Opening an entry changes no `updated_at`: read or not is in
                // the key too (its card's class).
                <For each=move || entries.get() key=|a| (a.meta.id.clone(), a.meta.updated_at, u8::from(a.seen_at.is_some())) let:a>
                    {
                        // Text of its own, so a rename, or switching who is
                        // here, reaches it without the list following every
                        // change of the document.
                        let by = a.meta.by;
                        let mine = move || here.get() && by == me.get();
                        let who = move || if mine() { "You wrote".to_string() } else { format!("From {}", state.name(by)) };
                        let local = a.meta.created_at.with_timezone(&Local);
                        let when = crate::domain::dates::day_mon_year(&local);
                        // Which entry, for a screen reader's list of buttons
                        // (to the minute: a day may have several).
                        let which = format!(" the entry of {when}, {}", crate::domain::dates::hm(&local));
                        let id = StoredValue::new(a.meta.id.clone());
                        view! {
                            // Private, or not opened yet: still the writer's
                            // alone, never printed.
                            <li class=if a.both_read() { "card" } else { "card own" } id=format!("entry-{}", a.meta.id) tabindex="-1">
                                <p class="small">
                                    {move || format!("{} \u{00b7} {when}", who())}
                                    {a.private.then(|| view! { <span class="tag">"private"</span> })}
                                </p>
                                <p class="note">{a.text.clone()}</p>
                                {move || {
                                    mine()
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button-quiet"
                                                    on:click=move |_| {
                                                        let id = id.get_value();
                                                        state.change(|d, ctx| d.gestures.delete_appreciation(ctx, &id, true));
                                                        removed.set(Some(id));
                                                        request_animation_frame(|| focus_id("undo-entry"));
                                                    }
                                                >
                                                    "Remove"
                                                    <span class="sr-only">{which.clone()}</span>
                                                </button>
                                            }
                                        })
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <ShowMore shown total page=JOURNAL_PAGE items=".journal > li" noun=("appreciation", "appreciations")/>
        </section>
    }
}

/// The journal's form for `who`. Their words and "private" are kept until
/// saved (another page, a reload, a dropped tab lose nothing), apart from the
/// other partner's.
#[component]
fn JournalForm(who: Author) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = format!("appreciation-{}", who.letter());
    let private = state.unsent(format!("{key}-private"));
    let text = state.unsent(key);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, p) = (text.get_untracked(), private.with_untracked(|p| !p.is_empty()));
        match state.try_change(|d, ctx| d.gestures.write_appreciation(ctx, who, &t, p)) {
            Ok(_) => {
                text.set(String::new());
                private.set(String::new());
                error.set(None);
            }
            Err(e) => {
                error.set(Some(e.message));
                focus_id("appreciation");
            }
        }
    };
    view! {
        <form class="card stack" on:submit=save novalidate>
            <div class="field">
                <label for="appreciation">
                    {move || {
                        // Alone, the partner has no name yet: "your partner" would
                        // talk to the writer and about them in one breath.
                        // (Adding a partner changes the name read here too.)
                        let them = if state.solo() { "my partner".to_string() } else { state.name(who.other()) };
                        format!("A time {them} made me feel loved")
                    }}
                </label>
                <textarea
                    id="appreciation"
                    rows="3"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then_some("appreciation-error")
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <OverLimit text=text max=crate::domain::gestures::TEXT_MAX/>
                <div role="alert">
                    {move || error.get().map(|e| view! { <p class="error" id="appreciation-error">{e}</p> })}
                </div>
            </div>
            <div class="check">
                <input
                    type="checkbox"
                    id="appreciation-private"
                    prop:checked=move || private.with(|p| !p.is_empty())
                    on:change=move |ev| private.set(if event_target_checked(&ev) { "1".into() } else { String::new() })
                />
                <label for="appreciation-private">"Keep this one private (only I will see it)"</label>
            </div>
            <button type="submit" class="button-primary">"Save to the journal"</button>
        </form>
    }
}
