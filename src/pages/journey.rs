//! Journey: both partners' connection over time (an SVG chart drawn here,
//! with a sentence a screen reader reads), the feelings and needs each named
//! most, gestures per week and dates per month (bars, the couple together),
//! what happened along the way (conversations, gestures, appreciations,
//! dates) and the timeline of check-ins, newest first, a page at a time.

use chrono::Local;
use leptos::prelude::*;

use crate::components::answer_card::AnswerCard;
use crate::components::answer_form::AnswerFields;
use crate::components::keyed::For;
use crate::components::links::href;
use crate::components::more::ShowMore;
use crate::components::page::{focus_first, focus_id, focus_id_soon, Later, PageHeading};
use crate::components::show::Show;
use crate::components::undo::undo_bar;
use crate::domain::checkin::{AnswerForm, CheckIn, CheckInError, Status};
use crate::domain::couple::FormError;
use crate::domain::figures;
use crate::domain::stats::{self, Per, Range};
use crate::domain::{Author, Id};
use crate::state::{local_offset, now, AppState};

const PAGE: usize = 20;
// Whole numbers, so the SVG's sizes need no float printing (domain::figures).
const CHART_W: u16 = 600;
const CHART_H: u16 = 200;
/// At most this many points per line: a decade draws as a calm curve.
const CHART_POINTS: usize = 120;

fn partners(state: AppState) -> Vec<(Author, String)> {
    state.doc.with(|d| match &d.couple {
        Some(c) if c.is_solo() => vec![(Author::A, c.a.name.clone())],
        Some(c) => vec![
            (Author::A, c.name_of(Author::A)),
            (Author::B, c.name_of(Author::B)),
        ],
        None => Vec::new(),
    })
}

fn solo(state: AppState) -> bool {
    state.doc.with(|d| d.couple.as_ref().is_some_and(|c| c.is_solo()))
}

#[component]
pub fn Journey() -> impl IntoView {
    let state = expect_context::<AppState>();
    let range = RwSignal::new(Range::FourWeeks);
    let has_any = move || state.doc.with(|d| d.checkins.live().next().is_some());
    let deleted = RwSignal::new(None::<Id>);
    let undo = move |id: Id| {
        state.change(|d, ctx| d.checkins.set_deleted(ctx, &id, false).ok());
        // Undo is gone with its bar: to the check-in that came back.
        focus_id_soon(format!("ci-{id}"));
        true
    };
    view! {
        <PageHeading title="Journey"/>
        <p class="summary-link">
            "Seeing a counsellor, or looking back together? "
            <a href=href("/summary")>"Make a summary to bring along"</a>
        </p>
        <Show
            when=has_any
            fallback=|| {
                view! {
                    <p class="lead">"Your journey starts with your first check-in."</p>
                    <p><a class="button button-primary" href=href("/check-in")>"Check in"</a></p>
                }
            }
        >
            <section aria-labelledby="chart-title">
                <h2 id="chart-title">"How connected you've felt"</h2>
                <RangePicker range/>
                <Chart range/>
                <Frequent range/>
            </section>
        </Show>
        // Gestures and dates may come before any check-in.
        <Later>
            <Rhythms/>
        </Later>
        <Later>
            <AlongTheWay/>
        </Later>
        <Later>
            // Outside the timeline, which goes with the last check-in: that
            // one can come back too.
            {undo_bar(deleted, "undo-checkin", "Check-in deleted.", Box::new(undo))}
            <Show when=has_any>
                <Timeline deleted/>
            </Show>
        </Later>
    }
}

/// The timeline of everything beside the check-ins: conversations, gestures
/// noticed, shared appreciations and dates had, newest first, a page at a
/// time; only what both of you may read (`stats::moments`).
#[component]
fn AlongTheWay() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = RwSignal::new(PAGE);
    let all = Memo::new(move |_| state.doc.with(stats::moments));
    let total = Memo::new(move |_| all.with(Vec::len));
    let page = move || all.with(|m| m.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    view! {
        <Show when=move || { total.get() > 0 }>
            <section aria-labelledby="along-title">
                <h2 id="along-title">"Along the way"</h2>
                <ol class="moments">
                    {move || {
                        page()
                            .into_iter()
                            .map(|m| {
                                let line = m.line(&state.name(m.by));
                                let when = crate::domain::dates::weekday_day_mon_year_hm(&m.at.with_timezone(&Local));
                                view! {
                                    <li class="entry card" tabindex="-1">
                                        <h3 class="entry-when">{when}</h3>
                                        <p>{line}</p>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
                <ShowMore shown total page=PAGE items=".moments > li" noun=("moment", "moments")/>
            </section>
        </Show>
    }
}

/// Bars shown per chart: twelve weeks of gestures, twelve months of dates.
const BARS: usize = 12;
const BARS_H: u16 = 150;

/// Gestures done per week and dates had per month, the couple together.
#[component]
fn Rhythms() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gestures = Memo::new(move |_| {
        state.doc.with(|d| {
            let done = d.gestures.live().filter_map(|g| g.done_at());
            stats::per_period(done, state.now(), &local_offset, Per::Week, BARS)
        })
    });
    let dates = Memo::new(move |_| {
        state.doc.with(|d| {
            let had = d
                .us_time
                .plans_live()
                .filter(|p| p.done_at().is_some())
                .map(|p| p.start);
            stats::per_period(had, state.now(), &local_offset, Per::Month, BARS)
        })
    });
    view! {
        <Bars id="gestures-chart" title="Gestures, week by week" counts=gestures per=Per::Week what=("gesture", "gestures")/>
        <Bars id="dates-chart" title="Us time, month by month" counts=dates per=Per::Month what=("date", "dates")/>
    }
}

/// A section with a bar per week or month, its count above it, and the
/// sentence a screen reader reads instead; none until there is a count.
/// Its heading is `{id}-title`, its sentence `{id}-desc`.
#[component]
fn Bars(
    id: &'static str,
    title: &'static str,
    counts: Memo<Vec<(chrono::NaiveDate, u32)>>,
    per: Per,
    what: (&'static str, &'static str),
) -> impl IntoView {
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let label = move |d: &chrono::NaiveDate| match per {
        Per::Week => crate::domain::dates::day_mon_year(d),
        Per::Month => crate::domain::dates::mon_year(d),
    };
    let any = move || counts.with(|c| c.iter().any(|c| c.1 > 0));
    let chart = move || {
        let counts = counts.get();
        let most = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
        let slot = u32::from(CHART_W) / BARS as u32;
        // Each bar's left edge and top; all bars are one path.
        let tops: Vec<(u32, u32, u32)> = counts
            .iter()
            .enumerate()
            .map(|(i, (_, n))| {
                (
                    slot * i as u32 + slot / 5,
                    u32::from(BARS_H) - u32::from(BARS_H - 20) * n / most,
                    *n,
                )
            })
            .collect();
        let width = slot * 3 / 5;
        let bars: String = tops
            .iter()
            .filter(|t| t.2 > 0)
            .map(|(x, y, _)| format!("M{x} {BARS_H}V{y}h{width}V{BARS_H}Z"))
            .collect();
        let numbers = tops
                .into_iter()
                .filter(|t| t.2 > 0)
                .map(|(x, y, n)| view! {
                    <text class="axis" x=(x + width / 2).to_string() y=(y - 6).to_string() text-anchor="middle">{n.to_string()}</text>
                })
                .collect_view();
        let first = counts.first().map(|c| label(&c.0)).unwrap_or_default();
        let last = counts.last().map(|c| label(&c.0)).unwrap_or_default();
        // The picture is named by the sentence under it, and the sentence
        // itself is hidden: a screen reader says it once, not as figure,
        // image and caption in turn.
        view! {
            <div class="chart">
                <svg class="bars" viewBox=format!("-30 -10 {} {}", CHART_W + 40, BARS_H + 30) role="img" aria-labelledby=desc_id.clone()>
                    <line class="grid" x1="0" x2=CHART_W.to_string() y1=BARS_H.to_string() y2=BARS_H.to_string()></line>
                    <path class="bar" d=bars></path>
                    {numbers}
                    <text class="axis" x="0" y=(BARS_H + 20).to_string()>{first}</text>
                    <text class="axis" x=CHART_W.to_string() y=(BARS_H + 20).to_string() text-anchor="end">{last}</text>
                </svg>
                <p class="caption" id=desc_id.clone() aria-hidden="true">{stats::per_period_summary(&counts, what, per)}</p>
            </div>
        }
    };
    view! {
        <Show when=any>
            <section aria-labelledby=title_id.clone()>
                <h2 id=title_id.clone()>{title}</h2>
                {chart.clone()}
            </section>
        </Show>
    }
}

#[component]
fn RangePicker(range: RwSignal<Range>) -> impl IntoView {
    view! {
        <div class="segmented" role="group" aria-label="Time range">
            {Range::ALL
                .into_iter()
                .map(|r| {
                    view! {
                        <button
                            type="button"
                            aria-pressed=move || (range.get() == r).to_string()
                            on:click=move |_| range.set(r)
                        >
                            {r.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A chart coordinate (already rounded to tenths by `stats::plot`).
fn coord(v: f32) -> String {
    figures::decimal(f64::from(v), 1)
}

fn path_of(points: &[(f32, f32)]) -> String {
    let mut d = String::with_capacity(points.len() * 12);
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{} {}", coord(*x), coord(*y)));
    }
    d
}

#[component]
fn Chart(range: RwSignal<Range>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        let r = range.get();
        let since = r.since(now());
        let solo = solo(state);
        let people = partners(state);
        state.doc.with(|d| {
            let lines: Vec<(Author, String, Vec<_>)> = people
                .into_iter()
                .map(|(p, name)| (p, name, stats::series(&d.checkins, p, solo, since)))
                .collect();
            let first = lines.iter().filter_map(|l| l.2.first().map(|x| x.0)).min();
            let t0 = since.or(first).unwrap_or_else(now);
            let t1 = now();
            let drawn: Vec<(Author, String, String, String, usize)> = lines
                .iter()
                .map(|(p, name, pts)| {
                    let plotted = stats::plot(
                        &stats::bucket(pts, CHART_POINTS),
                        t0,
                        t1,
                        f32::from(CHART_W),
                        f32::from(CHART_H),
                    );
                    let dots = if plotted.len() <= 40 {
                        plotted.clone()
                    } else {
                        Vec::new()
                    };
                    let dots = dots
                        .iter()
                        .map(|(x, y)| format!("M{} {}h0", coord(*x), coord(*y)))
                        .collect::<String>();
                    (*p, name.clone(), path_of(&plotted), dots, pts.len())
                })
                .collect();
            let summary: Vec<String> = lines
                .iter()
                .map(|(_, name, pts)| stats::summary(name, pts))
                .collect();
            (drawn, summary.join(" "), t0, t1)
        })
    });
    let label =
        |t: chrono::DateTime<chrono::Utc>| crate::domain::dates::day_mon_year(&t.with_timezone(&Local));
    view! {
        {move || {
            let (lines, summary, t0, t1) = data.get();
            let empty = lines.iter().all(|l| l.4 == 0);
            view! {
                // Heard once, as the image's name (see the bars above).
                <div class="chart">
                    <svg
                        viewBox=format!("-30 -10 {} {}", CHART_W + 40, CHART_H + 30)
                        role="img"
                        aria-labelledby="chart-desc"
                    >
                        {[10u16, 5, 1]
                            .into_iter()
                            .map(|v| {
                                // 10 at the top, 1 at the bottom, as stats::plot draws.
                                let y = f32::from(10 - v) * f32::from(CHART_H) / 9.0;
                                view! {
                                    <line class="grid" x1="0" x2=CHART_W.to_string() y1=coord(y) y2=coord(y)></line>
                                    <text class="axis" x="-8" y=coord(y + 4.0) text-anchor="end">{v.to_string()}</text>
                                }
                            })
                            .collect_view()}
                        {lines
                            .into_iter()
                            .map(|(p, _, d, dots, _)| {
                                let class = if p == Author::A { "line line-a" } else { "line line-b" };
                                view! {
                                    <path class=class d=d></path>
                                    <path class=format!("{class} dots") d=dots></path>
                                }
                            })
                            .collect_view()}
                        <text class="axis" x="0" y=(CHART_H + 20).to_string()>{label(t0)}</text>
                        <text class="axis" x=CHART_W.to_string() y=(CHART_H + 20).to_string() text-anchor="end">{label(t1)}</text>
                    </svg>
                    <p class="caption" id="chart-desc" aria-hidden="true">
                        {if empty { "No check-ins in this range yet.".to_string() } else { summary }}
                    </p>
                </div>
            }
        }}
        <ul class="legend" aria-hidden="true">
            {move || {
                partners(state)
                    .into_iter()
                    .map(|(p, name)| {
                        let class = if p == Author::A { "key key-a" } else { "key key-b" };
                        view! { <li><span class=class></span>{name}</li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

#[component]
fn Frequent(range: RwSignal<Range>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| {
        let since = range.get().since(now());
        let solo = solo(state);
        let people = partners(state);
        state.doc.with(|d| {
            people
                .into_iter()
                .map(|(p, name)| {
                    let (f, n) = stats::named_most(&d.checkins, p, solo, since);
                    (name, f, n)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <h2>"What you've named most"</h2>
        <div class="side-by-side">
            {move || {
                rows.get()
                    .into_iter()
                    .map(|(name, fs, ns)| {
                        view! {
                            <div class="card">
                                <h3>{name}</h3>
                                {if fs.is_empty() {
                                    view! { <p class="small">"No feelings named in this range."</p> }.into_any()
                                } else {
                                    view! {
                                        // A list, so the pills are heard one by one.
                                        <ul class="plain tag-row">
                                            {fs.into_iter().map(|f| view! { <li class="tag">{f}</li> }).collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                {(!ns.is_empty())
                                    .then(|| view! { <p class="need">"Most needed to feel: " {ns}</p> })}
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
fn Timeline(deleted: RwSignal<Option<Id>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = RwSignal::new(PAGE);
    let editing = RwSignal::new(None::<(Id, Author)>);
    // The answer being edited lives here, not in its card: a save of the same
    // check-in in another window draws the card anew, and the words typed so
    // far must survive that.
    let draft = RwSignal::new(AnswerForm::default());
    // And the field being typed in, to give the focus back to it.
    let typing_in = StoredValue::new(None::<String>);
    // Another answer's Edit was pressed while this one had changes.
    let held = RwSignal::new(false);
    // An edit kept from before, waiting for its writer to say it is them:
    // its card says so, and nothing of its words is drawn until then.
    let waiting = RwSignal::new(false);
    // An answer left half-edited on another page, or before a reload, opens
    // again as it was, its check-in shown however far down it is; with a
    // partner here, behind "I'm Sam: carry on" (alone, at once).
    let kept = state.unsent_form(
        "edit-answer".into(),
        Box::new(move || {
            editing.get().map(|(id, who)| {
                let form = serde_json::to_string(&draft.get()).unwrap_or_default();
                vec![id.0, who.letter().into(), form]
            })
        }),
    );
    if let Some([id, who, form]) = kept.as_deref() {
        let (id, who) = (
            Id(id.clone()),
            if who == Author::A.letter() {
                Author::A
            } else {
                Author::B
            },
        );
        let place = state.doc.with_untracked(|d| {
            d.checkins
                .live()
                .rev()
                .position(|c| c.meta.id == id && c.answer(who).is_some())
        });
        if let (Some(at), Ok(form)) = (place, crate::store::maps::from_str(form)) {
            draft.set(form);
            shown.set((at / PAGE + 1) * PAGE);
            editing.set(Some((id, who)));
            // An edit with nothing changed holds nothing unshared (the
            // answer is on the page already): it opens as it was.
            waiting.set(!solo(state) && !as_saved(state, editing, draft));
        }
    }
    let total = Memo::new(move |_| state.doc.with(|d| d.checkins.live().count()));
    let page = Memo::new(move |_| {
        let n = shown.get();
        state
            .doc
            .with(|d| d.checkins.live().rev().take(n).cloned().collect::<Vec<_>>())
    });
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Your check-ins"</h2>
            <ol class="timeline">
                // An answer kept by a merge from an older copy changes no
                // `updated_at`: the answers are in the key too.
                <For each=move || page.get() key=|c| (c.meta.id.clone(), c.meta.updated_at, u8::from(c.a.is_some()) | u8::from(c.b.is_some()) << 1) let:ci>
                    <Entry ci deleted editing draft typing_in held waiting/>
                </For>
            </ol>
            <ShowMore shown total page=PAGE items=".timeline > li" noun=("check-in", "check-ins")/>
        </section>
    }
}

#[component]
fn Entry(
    ci: CheckIn,
    deleted: RwSignal<Option<Id>>,
    editing: RwSignal<Option<(Id, Author)>>,
    draft: RwSignal<AnswerForm>,
    typing_in: StoredValue<Option<String>>,
    held: RwSignal<bool>,
    waiting: RwSignal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let solo = solo(state);
    let people = partners(state);
    let when = crate::domain::dates::weekday_day_mon_year_hm(&ci.at().with_timezone(&Local));
    let id = ci.meta.id.clone();
    // Which check-in, for a screen reader's list of buttons.
    let which = format!(" from {when}");
    let status = ci.status(solo);
    let del_id = id.clone();
    let delete = move |_| {
        let id = del_id.clone();
        if state
            .change(|d, ctx| d.checkins.set_deleted(ctx, &id, true))
            .is_ok()
        {
            deleted.set(Some(id));
            request_animation_frame(|| focus_id("undo-checkin"));
        }
    };
    let body = match status {
        Status::Waiting { waiting_for, .. } => {
            let who = people.iter().find(|(p, _)| *p == waiting_for).map(|x| x.1.clone()).unwrap_or_default();
            view! { <p class="small">{format!("Waiting for {who}'s answer. The answers are shown once both are in.")}</p> }
                .into_any()
        }
        Status::Revealed => people
            .into_iter()
            .filter_map(|(p, name)| ci.answer(p).cloned().map(|ans| (p, name, ans)))
            .map(|(p, name, ans)| {
                let id = id.clone();
                let is_editing = {
                    let id = id.clone();
                    move || !waiting.get() && editing.with(|e| e.as_ref() == Some(&(id.clone(), p)))
                };
                let edit_name = name.clone();
                let button_id = edit_button_id(&id, p);
                let which = which.clone();
                view! {
                    <div class="entry-answer">
                        <Show
                            when=is_editing
                            fallback={
                                let (id, ans, name) = (id.clone(), ans.clone(), name.clone());
                                move || {
                                    let (id, ans) = (id.clone(), ans.clone());
                                    // This answer's edit, kept from before, waits for its
                                    // writer (as a check-in's half-way answer does): the
                                    // words stay kept, and out of the page.
                                    if waiting.get_untracked()
                                        && editing.with_untracked(|e| e.as_ref() == Some(&(id.clone(), p)))
                                    {
                                        return view! {
                                            <div class="stack">
                                                <h4>{format!("{name}'s edit is half-way")}</h4>
                                                <p>{format!("Nothing of it shows until {name} carries on. Everything changed so far is still there.")}</p>
                                                <p role="status" id="edit-held">
                                                    {let ask = format!("{name} carries on first, to save or cancel this edit.");
                                                    move || held.get().then(|| ask.clone())}
                                                </p>
                                                <div class="actions" id="edit-actions" tabindex="-1">
                                                    <button
                                                        type="button"
                                                        class="button-primary"
                                                        on:click=move |_| {
                                                            held.set(false);
                                                            typing_in.set_value(None);
                                                            waiting.set(false);
                                                            focus_first(&["form.edit input:checked", "form.edit input"]);
                                                        }
                                                    >
                                                        {format!("I'm {name}: carry on")}
                                                    </button>
                                                </div>
                                            </div>
                                        }
                                            .into_any();
                                    }
                                    view! {
                                        <AnswerCard name=name.clone() answer=ans.clone() partner_b=p == Author::B nested=true/>
                                        <button
                                            type="button"
                                            class="button-quiet"
                                            id=button_id.clone()
                                            on:click=move |_| {
                                                // Changes in the answer open now stay, and so
                                                // does it, saying why (as with Escape).
                                                if !as_saved(state, editing, draft) {
                                                    held.set(true);
                                                    focus_id_soon("edit-actions".into());
                                                    return;
                                                }
                                                held.set(false);
                                                waiting.set(false);
                                                draft.set(AnswerForm::from_answer(&ans));
                                                typing_in.set_value(None);
                                                editing.set(Some((id.clone(), p)));
                                                // Into the form, at the reading chosen.
                                                focus_first(&["form.edit input:checked", "form.edit input"]);
                                            }
                                        >
                                            {format!("Edit {}'s answer", name)}
                                            <span class="sr-only">{which.clone()}</span>
                                        </button>
                                    }
                                        .into_any()
                                }
                            }
                        >
                            <EditAnswer id=id.clone() who=p name=edit_name.clone() form=draft editing typing_in held/>
                        </Show>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <li class="entry card" id=format!("ci-{}", ci.meta.id) tabindex="-1">
            <h3 class="entry-when">{when}</h3>
            <div class="side-by-side">{body}</div>
            <button type="button" class="button-quiet" on:click=delete>
                "Delete this check-in"
                <span class="sr-only">{which}</span>
            </button>
        </li>
    }
}

/// The id of the button that opens one partner's answer for editing.
fn edit_button_id(id: &Id, who: Author) -> String {
    format!("edit-{id}-{}", who.letter())
}

/// Whether the answer open for editing, if any, is as saved. Only then may
/// it close without a word, by Escape or by another answer's Edit: a key
/// pressed by mistake must not lose what was typed ("Cancel" still
/// discards on purpose).
fn as_saved(state: AppState, editing: RwSignal<Option<(Id, Author)>>, draft: RwSignal<AnswerForm>) -> bool {
    editing.with_untracked(|e| {
        e.as_ref().is_none_or(|(id, who)| {
            state.doc.with_untracked(|d| {
                d.checkins
                    .get(id)
                    .filter(|c| !c.meta.deleted)
                    .and_then(|c| c.answer(*who))
                    .is_none_or(|a| draft.with_untracked(|f| *f == AnswerForm::from_answer(a)))
            })
        })
    })
}

#[component]
fn EditAnswer(
    id: Id,
    who: Author,
    name: String,
    form: RwSignal<AnswerForm>,
    editing: RwSignal<Option<(Id, Author)>>,
    typing_in: StoredValue<Option<String>>,
    held: RwSignal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = RwSignal::new(Vec::<FormError>::new());
    // Drawn anew while open (another window saved this check-in): the field
    // that was being typed in went with the old form, and the focus to the
    // page; it comes back to the same field.
    request_animation_frame(move || {
        let dropped = document().active_element().is_none_or(|a| a.tag_name() == "BODY");
        if let Some(Some(id)) = typing_in.try_get_value().filter(|_| dropped) {
            focus_id(&id);
        }
    });
    // Saved or cancelled: back to the button that opened the form.
    let button_id = edit_button_id(&id, who);
    let close = move || {
        editing.set(None);
        focus_id_soon(button_id.clone());
    };
    let cancel = close.clone();
    let escape = close.clone();
    let ask = format!("Save or cancel your changes to {name}'s answer first.");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let es = match state.try_change(|d, ctx| d.checkins.edit_answer(ctx, &id, who, &f)) {
            Ok(()) => return close(),
            Err(CheckInError::Form(es)) => es,
            Err(_) => vec![FormError {
                field: "connection",
                message: "This check-in no longer exists.".into(),
            }],
        };
        // To the field in question, once it is marked and tied to its message.
        if let Some(e) = es.first() {
            focus_id_soon(format!("edit-{}", e.field));
        }
        errors.set(es);
    };
    view! {
        <form
            class="stack edit"
            on:submit=save
            novalidate
            aria-label=format!("Edit {name}'s answer")
            on:focusin=move |ev| typing_in.set_value(Some(event_target::<web_sys::Element>(&ev).id()))
            aria-describedby="edit-held"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && as_saved(state, editing, form) {
                    escape();
                }
            }
        >
            <AnswerFields form errors prefix="edit"/>
            // Above the two ways out it asks for, where focus is taken.
            <p role="status" id="edit-held">{move || held.get().then(|| ask.clone())}</p>
            <div class="actions" id="edit-actions" tabindex="-1">
                <button type="submit" class="button-primary">"Save changes"</button>
                <button type="button" class="button-quiet" on:click=move |_| cancel()>"Cancel"</button>
            </div>
        </form>
    }
}
