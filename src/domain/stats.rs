//! What the Journey shows: readings over a range, the chart's geometry, and
//! the feelings and needs each partner named most. Never a comparison score.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

use super::checkin::{CheckIns, Need, Status, CONNECTION_MAX, CONNECTION_MIN};
use super::dates::{local_day, OffsetAt};
use super::record::Author;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    FourWeeks,
    SixMonths,
    All,
}

impl Range {
    pub const ALL: [Range; 3] = [Range::FourWeeks, Range::SixMonths, Range::All];

    pub fn label(self) -> &'static str {
        match self {
            Range::FourWeeks => "4 weeks",
            Range::SixMonths => "6 months",
            Range::All => "All",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Range::FourWeeks => "4w",
            Range::SixMonths => "6m",
            Range::All => "all",
        }
    }

    /// The first moment inside the range (`None`: since the beginning).
    pub fn since(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Range::FourWeeks => Some(now - Duration::weeks(4)),
            Range::SixMonths => Some(now - Duration::days(183)),
            Range::All => None,
        }
    }
}

/// One partner's revealed readings in the range, oldest first.
pub fn series(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
) -> Vec<(DateTime<Utc>, u8)> {
    let mut v = c
        .live()
        .filter(|ci| ci.status(solo) == Status::Revealed)
        .filter_map(|ci| ci.answer(who))
        .filter(|a| since.is_none_or(|s| a.at >= s))
        .map(|a| (a.at, a.connection))
        .collect::<Vec<_>>();
    // Check-ins are kept in the order they were begun, but an older one can be
    // completed after a newer one: order the answers by when they were given.
    super::order::sort_by_key(&mut v, |p| p.0);
    v
}

/// Averages readings into at most `max` equal time buckets, so a decade of
/// daily check-ins draws as a calm line rather than 7,000 points.
pub fn bucket(points: &[(DateTime<Utc>, u8)], max: usize) -> Vec<(DateTime<Utc>, f32)> {
    if points.len() <= max || max == 0 {
        return points.iter().map(|(t, v)| (*t, *v as f32)).collect();
    }
    let (t0, t1) = (points[0].0, points[points.len() - 1].0);
    let span = (t1 - t0).num_seconds().max(1) as f64;
    let mut sums = vec![(0f64, 0f64, 0u32); max];
    for (t, v) in points {
        let i = (((*t - t0).num_seconds() as f64 / span) * (max as f64 - 1.0)).round() as usize;
        let b = &mut sums[i.min(max - 1)];
        b.0 += (*t - t0).num_seconds() as f64;
        b.1 += *v as f64;
        b.2 += 1;
    }
    sums.into_iter()
        .filter(|b| b.2 > 0)
        .map(|(secs, sum, n)| {
            (
                t0 + Duration::seconds((secs / n as f64) as i64),
                (sum / n as f64) as f32,
            )
        })
        .collect()
}

/// Maps readings into an SVG box: x by time across `[x0, x1]`, y with 10 at
/// the top. Returns points in drawing order.
pub fn plot(
    points: &[(DateTime<Utc>, f32)],
    t0: DateTime<Utc>,
    t1: DateTime<Utc>,
    width: f32,
    height: f32,
) -> Vec<(f32, f32)> {
    let span = (t1 - t0).num_seconds().max(1) as f32;
    let (lo, hi) = (CONNECTION_MIN as f32, CONNECTION_MAX as f32);
    points
        .iter()
        .map(|(t, v)| {
            let x = ((*t - t0).num_seconds() as f32 / span).clamp(0.0, 1.0) * width;
            let y = (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo)) * height;
            ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
        })
        .collect()
}

pub fn average(points: &[(DateTime<Utc>, u8)]) -> Option<f32> {
    (!points.is_empty()).then(|| points.iter().map(|(_, v)| *v as f32).sum::<f32>() / points.len() as f32)
}

/// The feelings one partner named most in the range, most frequent first
/// (ties alphabetical, so the list is stable).
pub fn top_feelings(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
    n: usize,
) -> Vec<(String, usize)> {
    // Counted in a list, not in a map from word to count (a
    // BTreeMap<&str, usize> linked a B-tree of its own for this alone): the
    // vocabulary is a few dozen words, and telling two apart is mostly a
    // comparison of their lengths.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for a in answers(c, who, solo, since) {
        for f in &a.feelings {
            match counts.iter_mut().find(|(word, _)| *word == f.as_str()) {
                Some((_, n)) => *n += 1,
                None => counts.push((f, 1)),
            }
        }
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    super::order::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// How often each need was named, most frequent first.
pub fn top_needs(c: &CheckIns, who: Author, solo: bool, since: Option<DateTime<Utc>>) -> Vec<(Need, usize)> {
    let mut counts = [0usize; 4];
    for a in answers(c, who, solo, since) {
        if let Some(n) = a.need {
            counts[Need::ALL.iter().position(|x| *x == n).unwrap_or(0)] += 1;
        }
    }
    let mut v: Vec<(Need, usize)> = Need::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .collect();
    super::order::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// What one partner named most in the range, worded once for Journey and
/// the summary: the five feelings named most, each as "calm ×4", and the
/// needs in one line, "appreciated (6), understood (2)" (empty if none).
pub fn named_most(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
) -> (Vec<String>, String) {
    let feelings = top_feelings(c, who, solo, since, 5)
        .iter()
        .map(|(k, n)| format!("{} \u{00d7}{n}", super::feelings::label(k)))
        .collect();
    let needs: Vec<String> = top_needs(c, who, solo, since)
        .iter()
        .map(|(need, n)| format!("{} ({n})", need.label()))
        .collect();
    (feelings, needs.join(", "))
}

fn answers(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
) -> impl Iterator<Item = &super::checkin::Answer> {
    c.live()
        .filter(move |ci| ci.status(solo) == Status::Revealed)
        .filter_map(move |ci| ci.answer(who))
        .filter(move |a| since.is_none_or(|s| a.at >= s))
}

/// A sentence a screen reader reads in place of the chart.
pub fn summary(name: &str, points: &[(DateTime<Utc>, u8)]) -> String {
    match (points.first(), points.last(), average(points)) {
        (Some(first), Some(last), Some(avg)) if points.len() > 1 => format!(
            "{name}: {} readings, on average {} out of 10; the first was {}, the latest {}.",
            super::figures::count(points.len()),
            super::figures::decimal(f64::from(avg), 1),
            first.1,
            last.1
        ),
        (Some(only), _, _) => format!("{name}: one reading, {} out of 10.", only.1),
        _ => format!("{name}: no readings in this range yet."),
    }
}

/// Local weeks (from Monday) or local months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    Week,
    Month,
}

/// How many of `times` fall in each of the last `n` local weeks or months,
/// the one holding `now` included, oldest first, each with the local day it
/// starts on. The couple's count together: never one partner against the
/// other.
pub fn per_period(
    times: impl Iterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
    offset_at: OffsetAt,
    per: Per,
    n: usize,
) -> Vec<(NaiveDate, u32)> {
    let local = |t: DateTime<Utc>| local_day(t, offset_at);
    let start_of = |d: NaiveDate| match per {
        Per::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
        Per::Month => d.with_day(1).unwrap_or(d),
    };
    let last = start_of(local(now));
    let starts: Vec<NaiveDate> = (0..n)
        .rev()
        .map(|back| match per {
            Per::Week => last - Duration::weeks(back as i64),
            Per::Month => last - Months::new(back as u32),
        })
        .collect();
    let mut counts = vec![0u32; n];
    for t in times {
        let start = start_of(local(t));
        if let Ok(i) = starts.binary_search(&start) {
            counts[i] += 1;
        }
    }
    starts.into_iter().zip(counts).collect()
}

/// The sentence read in place of a bar chart: the total, then each
/// period's count, oldest first.
pub fn per_period_summary(counts: &[(NaiveDate, u32)], what: (&str, &str), per: Per) -> String {
    let total: u32 = counts.iter().map(|c| c.1).sum();
    let span = match per {
        Per::Week => "weeks",
        Per::Month => "months",
    };
    let each: Vec<String> = counts.iter().map(|c| c.1.to_string()).collect();
    let (one, many) = what;
    match total {
        0 => format!("No {many} in the last {} {span} yet.", counts.len()),
        1 => format!(
            "1 {one} in the last {} {span}: {}.",
            counts.len(),
            each.join(", ")
        ),
        _ => format!(
            "{total} {many} in the last {} {span}: {}.",
            counts.len(),
            each.join(", ")
        ),
    }
}

/// What kind of moment a line of Journey's "Along the way" is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentKind {
    /// A conversation that reached the partner: `text` is its moment.
    Conversation,
    /// A gesture the partner noticed.
    Gesture,
    /// A shared appreciation, once its reader opened it.
    Appreciation,
    /// Us time that happened.
    Date,
}

/// One moment of the timeline beside the check-ins: what both of you may
/// read, by whom, and when. A conversation is named by its moment, as the
/// dilemma's list names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub kind: MomentKind,
    pub by: Author,
    pub text: String,
}

impl Moment {
    /// The moment in a sentence, `by` its author's name (a date is the
    /// couple's and names no one).
    pub fn line(&self, by: &str) -> String {
        let text = &self.text;
        match self.kind {
            MomentKind::Conversation => {
                // No pronoun: "by" is a name here, and theirs may not be "they".
                format!("{by} shared a moment of holding back: \u{201c}{text}\u{201d}")
            }
            MomentKind::Gesture => format!("A gesture from {by}, noticed: {text}"),
            MomentKind::Appreciation => format!("{by} felt loved: \u{201c}{text}\u{201d}"),
            MomentKind::Date => format!("Us time: {text}"),
        }
    }
}

/// Conversations, gestures, appreciations and dates, newest first. Nothing
/// still private to one partner: a conversation that has not reached the
/// partner, a gesture not noticed yet, a private or unopened appreciation,
/// a date still to come or cancelled.
pub fn moments(doc: &super::document::Document) -> Vec<Moment> {
    let mut out = Vec::new();
    let mut add = |at, kind, by, text: &str| {
        out.push(Moment {
            at,
            kind,
            by,
            text: text.to_string(),
        })
    };
    let here = doc.couple.as_ref().is_some_and(|c| c.b.is_some());
    // Alone, the hidden partner's conversations, gestures and
    // appreciations stay out (`shown`, `readable_by`).
    for d in doc.dilemmas.shown(!here) {
        if d.reached_partner(here) {
            add(d.meta.created_at, MomentKind::Conversation, d.by, &d.moment);
        }
    }
    for g in doc.gestures.shown(!here) {
        if let (Some(at), Some(_)) = (g.done_at(), &g.noticed) {
            add(at, MomentKind::Gesture, g.giver(), &g.text);
        }
    }
    for a in doc.gestures.readable_by(None, !here) {
        add(a.meta.created_at, MomentKind::Appreciation, a.meta.by, &a.text);
    }
    for p in doc.us_time.plans_live() {
        if matches!(p.state, super::us_time::PlanState::Done { .. }) {
            add(p.start, MomentKind::Date, Author::Both, &p.title);
        }
    }
    // One sort for the app (`order::places`), newest first.
    let order = super::order::places(out.len(), &|x, y| out[y].at.cmp(&out[x].at));
    let mut sorted: Vec<Option<Moment>> = out.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| sorted[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::{Answer, AnswerForm, CheckIn};
    use crate::domain::record::{Ctx, Meta, Seeded};
    use chrono::FixedOffset;

    /// Along the way: every kind of moment, newest first, and nothing
    /// still private to one partner.
    #[test]
    fn moments_hold_what_both_may_read_newest_first() {
        let mut doc = crate::domain::generate::decade(3, t("2025-01-01T10:00:00Z"), 1);
        let all = moments(&doc);
        assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
        for kind in [
            MomentKind::Conversation,
            MomentKind::Gesture,
            MomentKind::Appreciation,
            MomentKind::Date,
        ] {
            assert!(all.iter().any(|m| m.kind == kind), "{kind:?}");
        }
        let apps = &doc.gestures.appreciations;
        let shared_seen = apps
            .iter()
            .filter(|a| !a.meta.deleted && !a.private && a.seen_at.is_some())
            .count();
        let listed = all.iter().filter(|m| m.kind == MomentKind::Appreciation).count();
        assert_eq!(listed, shared_seen);
        // An entry made private, or not opened yet, leaves the timeline.
        let text = "A-CANARY".to_string();
        let i = apps
            .iter()
            .position(|a| !a.meta.deleted && !a.private && a.seen_at.is_some())
            .unwrap();
        doc.gestures.appreciations[i].text = text.clone();
        assert!(moments(&doc).iter().any(|m| m.text == text));
        doc.gestures.appreciations[i].private = true;
        assert!(!moments(&doc).iter().any(|m| m.text == text));
        doc.gestures.appreciations[i].private = false;
        doc.gestures.appreciations[i].seen_at = None;
        assert!(!moments(&doc).iter().any(|m| m.text == text));
        // A conversation shared alone and not yet heard by the partner who
        // joined since is not in it either.
        let i = doc.dilemmas.items.iter().position(|d| d.is_finished()).unwrap();
        let moment = "M-CANARY".to_string();
        doc.dilemmas.items[i].moment = moment.clone();
        assert!(moments(&doc).iter().any(|m| m.text == moment));
        doc.dilemmas.items[i].solo = true;
        doc.dilemmas.items[i].step = crate::domain::dilemma::Step::Handover;
        assert!(!moments(&doc).iter().any(|m| m.text == moment), "waits for Alex");
        // Alex's own, alone after "Just me for now": it stays hidden.
        doc.dilemmas.items[i].solo = false;
        doc.dilemmas.items[i].step = crate::domain::dilemma::Step::Closeness;
        (doc.dilemmas.items[i].by, doc.dilemmas.items[i].meta.by) = (Author::B, Author::B);
        assert!(moments(&doc).iter().any(|m| m.text == moment), "Alex's, together");
        let alex = doc.couple.as_mut().unwrap().b.take();
        assert!(!moments(&doc).iter().any(|m| m.text == moment), "Alex's, alone");
        // Alex's noticed gesture and opened appreciation too; Sam's stay.
        doc.couple.as_mut().unwrap().b = alex;
        for (by, canary) in [(Author::A, "G-SAM"), (Author::B, "G-ALEX")] {
            let g = doc
                .gestures
                .items
                .find_mut(|g| !g.meta.deleted && g.noticed.is_some() && g.giver() == by);
            g.unwrap().text = canary.into();
        }
        for (by, canary) in [(Author::A, "A-SAM"), (Author::B, "A-ALEX")] {
            let a = (doc.gestures.appreciations)
                .find_mut(|a| !a.meta.deleted && !a.private && a.seen_at.is_some() && a.meta.by == by);
            a.unwrap().text = canary.into();
        }
        let canaries = ["G-SAM", "G-ALEX", "A-SAM", "A-ALEX"];
        let shown = |doc: &super::super::document::Document| {
            canaries.map(|c| moments(doc).iter().any(|m| m.text == c))
        };
        assert_eq!(shown(&doc), [true; 4], "together");
        doc.couple.as_mut().unwrap().b = None;
        assert_eq!(shown(&doc), [true, false, true, false], "alone: Sam's only");
        // A gesture not noticed yet, and a date still to come, are not in it.
        let noticed = doc.gestures.items.iter().filter(|g| g.noticed.is_some()).count();
        assert_eq!(
            all.iter().filter(|m| m.kind == MomentKind::Gesture).count(),
            noticed
        );
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn ans(at: DateTime<Utc>, connection: u8, feelings: &[&str], need: Option<Need>) -> Answer {
        Answer {
            at,
            connection,
            feelings: feelings.iter().map(|f| f.to_string()).collect(),
            need,
            note: String::new(),
        }
    }

    /// Check-ins from `(a, b, closed)` triples, each made when its first answer was.
    fn checkins(list: Vec<(Option<Answer>, Option<Answer>, bool)>) -> CheckIns {
        let mut rng = Seeded(31);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2020-01-01T00:00:00Z"), &mut gen);
        let items = list
            .into_iter()
            .map(|(a, b, closed)| {
                ctx.now = [&a, &b].into_iter().flatten().map(|x| x.at).min().unwrap();
                CheckIn {
                    meta: Meta::new(&mut ctx, Author::Both),
                    a,
                    b,
                    closed,
                }
            })
            .collect();
        CheckIns { items, draft: None }
    }

    #[test]
    fn counts_per_local_week_and_month_oldest_first() {
        let berlin = |_| FixedOffset::east_opt(3600).unwrap();
        // Thursday 3 December 2026, 10:00 UTC.
        let now = t("2026-12-03T10:00:00Z");
        let times = [
            "2026-12-01T08:00:00Z", // this week
            "2026-11-29T23:30:00Z", // Sunday in UTC, already Monday 30 Nov in Berlin
            "2026-11-29T12:00:00Z", // last week
            "2026-11-10T12:00:00Z", // four weeks back: outside 3 weeks
            "2026-12-04T12:00:00Z", // tomorrow (a plan): this week all the same
        ];
        let weeks = per_period(times.iter().map(|s| t(s)), now, &berlin, Per::Week, 3);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            weeks,
            vec![(d("2026-11-16"), 0), (d("2026-11-23"), 1), (d("2026-11-30"), 3)]
        );
        let months = per_period(times.iter().map(|s| t(s)), now, &berlin, Per::Month, 13);
        assert_eq!(months.len(), 13);
        assert_eq!(months[0], (d("2025-12-01"), 0));
        // 30 November in Berlin is still November.
        assert_eq!(months[11], (d("2026-11-01"), 3));
        assert_eq!(months[12], (d("2026-12-01"), 2));
        assert_eq!(
            per_period_summary(&weeks, ("gesture", "gestures"), Per::Week),
            "4 gestures in the last 3 weeks: 0, 1, 3."
        );
        assert_eq!(
            per_period_summary(&weeks[..2], ("date", "dates"), Per::Week),
            "1 date in the last 2 weeks: 0, 1."
        );
        assert_eq!(
            per_period_summary(&months[..2], ("date", "dates"), Per::Month),
            "No dates in the last 2 months yet."
        );
    }

    #[test]
    fn a_moment_in_summer_time_counts_on_its_own_local_day() {
        // Asked in December (UTC+1): half past midnight on 1 July, summer
        // time (UTC+2), is July, though today's offset would make it June.
        let now = t("2026-12-03T10:00:00Z");
        let july_first = [t("2026-06-30T22:30:00Z")];
        let months = per_period(
            july_first.into_iter(),
            now,
            &crate::domain::dates::berlin_2026,
            Per::Month,
            7,
        );
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(months[0], (d("2026-06-01"), 0));
        assert_eq!(months[1], (d("2026-07-01"), 1));
    }

    #[test]
    fn ranges_start_four_weeks_or_six_months_back_or_never() {
        let now = t("2026-06-30T12:00:00Z");
        assert_eq!(Range::FourWeeks.since(now), Some(t("2026-06-02T12:00:00Z")));
        assert_eq!(Range::SixMonths.since(now), Some(t("2025-12-29T12:00:00Z")));
        assert_eq!(Range::All.since(now), None);
        let keys: Vec<_> = Range::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(keys, ["4w", "6m", "all"]);
        assert_eq!(Range::All.label(), "All");
    }

    #[test]
    fn series_has_only_revealed_live_answers_in_range_oldest_first() {
        let now = t("2026-06-30T20:00:00Z");
        let at = |days: i64| now - Duration::days(days);
        let mut c = checkins(vec![
            (
                Some(ans(at(40), 2, &[], None)),
                Some(ans(at(40), 3, &[], None)),
                false,
            ),
            (
                Some(ans(at(20), 5, &[], None)),
                Some(ans(at(20), 6, &[], None)),
                false,
            ),
            (Some(ans(at(10), 7, &[], None)), None, true),
            (
                Some(ans(at(5), 1, &[], None)),
                Some(ans(at(5), 1, &[], None)),
                false,
            ),
            (None, Some(ans(at(2), 8, &[], None)), false),
            (Some(ans(at(1), 9, &[], None)), None, false),
        ]);
        c.items[3].meta.deleted = true;

        let since = Range::FourWeeks.since(now);
        assert_eq!(series(&c, Author::A, false, since), [(at(20), 5), (at(10), 7)]);
        assert_eq!(series(&c, Author::B, false, since), [(at(20), 6)]);
        assert_eq!(
            series(&c, Author::A, false, None),
            [(at(40), 2), (at(20), 5), (at(10), 7)]
        );
        // Alone, nothing is waiting, so every answer shows.
        assert_eq!(
            series(&c, Author::A, true, since),
            [(at(20), 5), (at(10), 7), (at(1), 9)]
        );
        // The boundary itself is inside the range.
        assert_eq!(series(&c, Author::A, false, Some(at(20))).len(), 2);
        assert!(series(&c, Author::Both, false, None).is_empty());
    }

    #[test]
    fn series_is_in_time_order_when_check_ins_were_completed_out_of_order() {
        let t0 = t("2026-03-02T08:00:00Z");
        let mut rng = Seeded(32);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        let turn = |c: &mut CheckIns, ctx: &mut Ctx, who, hours, n| {
            ctx.now = t0 + Duration::hours(hours);
            c.start(ctx, who, false);
            c.edit_draft(ctx, |f: &mut AnswerForm| f.connection = Some(n))
                .unwrap();
            c.submit(ctx).unwrap()
        };
        let x = turn(&mut c, &mut ctx, Author::A, 0, 5);
        let y = turn(&mut c, &mut ctx, Author::A, 1, 6);
        assert_eq!(
            turn(&mut c, &mut ctx, Author::B, 2, 7),
            y,
            "the newest waiting one first"
        );
        assert_eq!(turn(&mut c, &mut ctx, Author::B, 3, 8), x);
        let b = series(&c, Author::B, false, None);
        assert_eq!(b, [(t0 + Duration::hours(2), 7), (t0 + Duration::hours(3), 8)]);
        assert!(summary("Alex", &b).ends_with("the first was 7, the latest 8."));
    }

    #[test]
    fn bucketing_keeps_short_series_and_averages_long_ones() {
        let t0 = t("2026-01-01T00:00:00Z");
        let m = |mins: i64| t0 + Duration::minutes(mins);
        let few = [(m(0), 3), (m(5), 9)];
        assert_eq!(bucket(&few, 2), [(m(0), 3.0), (m(5), 9.0)]);
        assert_eq!(bucket(&few, 120), [(m(0), 3.0), (m(5), 9.0)]);
        assert!(bucket(&[], 10).is_empty());

        // Into 3 buckets over 100 minutes: 0 and 10 → first, 50 → middle,
        // 90 and 100 → last; each averaged in time and value.
        let pts = [(m(0), 2), (m(10), 5), (m(50), 7), (m(90), 1), (m(100), 10)];
        assert_eq!(bucket(&pts, 3), [(m(5), 3.5), (m(50), 7.0), (m(95), 5.5)]);
        assert_eq!(
            bucket(&[(m(0), 2), (m(60), 4), (m(120), 6), (m(180), 8)], 2),
            [(m(30), 3.0), (m(150), 7.0)]
        );

        // A decade of twice-daily readings stays within the limit.
        let long: Vec<_> = (0..7300)
            .map(|i| (t0 + Duration::hours(12 * i), (i % 10 + 1) as u8))
            .collect();
        let b = bucket(&long, 120);
        assert!(b.len() <= 120 && b.len() > 100, "{}", b.len());
        assert_eq!(b[0].0, t0 + Duration::hours(12 * 15));
        assert!(b.windows(2).all(|w| w[0].0 < w[1].0), "still in time order");
        assert!(b.iter().all(|(_, v)| (1.0..=10.0).contains(v)));
        let total: f32 = b.iter().map(|(_, v)| v).sum::<f32>() / b.len() as f32;
        assert!((total - 5.5).abs() < 0.2, "{total}");
    }

    #[test]
    fn plot_puts_ten_at_the_top_and_time_across() {
        let t0 = t("2026-01-01T00:00:00Z");
        let t1 = t0 + Duration::days(10);
        let pts = [
            (t0, 10.0),
            (t0 + Duration::days(5), 5.5),
            (t1, 1.0),
            (t0 - Duration::days(1), 12.0),
            (t1 + Duration::days(1), 0.0),
        ];
        assert_eq!(
            plot(&pts, t0, t1, 600.0, 200.0),
            [
                (0.0, 0.0),
                (300.0, 100.0),
                (600.0, 200.0),
                (0.0, 0.0),
                (600.0, 200.0)
            ]
        );
        // Rounded to a tenth, so the SVG path stays short.
        let p = plot(&[(t0 + Duration::days(1), 7.0)], t0, t1, 100.0, 100.0);
        assert_eq!(p, [(10.0, 33.3)]);
        // One moment only: no division by zero.
        assert_eq!(plot(&[(t0, 1.0)], t0, t0, 600.0, 200.0), [(0.0, 200.0)]);
    }

    #[test]
    fn most_named_feelings_and_needs_most_first_ties_stable() {
        let now = t("2026-06-30T20:00:00Z");
        let at = |days: i64| now - Duration::days(days);
        let c = checkins(vec![
            (
                Some(ans(at(300), 2, &["numb"], Some(Need::Respected))),
                None,
                true,
            ),
            (
                Some(ans(at(9), 5, &["tired", "calm"], Some(Need::Understood))),
                Some(ans(at(9), 5, &["close"], Some(Need::Prioritised))),
                false,
            ),
            (
                Some(ans(at(8), 5, &["sad", "tired"], Some(Need::Appreciated))),
                None,
                true,
            ),
            (
                Some(ans(at(7), 5, &["calm", "hopeful"], None)),
                Some(ans(at(7), 5, &["close"], Some(Need::Prioritised))),
                false,
            ),
            (Some(ans(at(6), 5, &["sad"], Some(Need::Understood))), None, true),
            (Some(ans(at(5), 5, &["sad"], Some(Need::Appreciated))), None, true),
            // Waiting: not counted until revealed.
            (
                Some(ans(at(1), 5, &["hopeful"], Some(Need::Respected))),
                None,
                false,
            ),
        ]);
        let since = Range::FourWeeks.since(now);
        let top = top_feelings(&c, Author::A, false, since, 3);
        let want = [("sad", 3), ("calm", 2), ("tired", 2)];
        assert_eq!(top, want.map(|(k, n)| (k.to_string(), n)));
        assert_eq!(top_feelings(&c, Author::A, false, since, 10).len(), 4);
        assert_eq!(top_feelings(&c, Author::A, false, None, 10).len(), 5, "numb");
        assert_eq!(
            top_feelings(&c, Author::B, false, since, 3),
            [("close".to_string(), 2)]
        );

        assert_eq!(
            top_needs(&c, Author::A, false, since),
            [(Need::Appreciated, 2), (Need::Understood, 2)]
        );
        assert_eq!(
            top_needs(&c, Author::A, true, since),
            [
                (Need::Appreciated, 2),
                (Need::Understood, 2),
                (Need::Respected, 1)
            ]
        );
        assert_eq!(top_needs(&c, Author::A, false, None)[2], (Need::Respected, 1));
        assert_eq!(top_needs(&c, Author::B, false, since), [(Need::Prioritised, 2)]);
        assert!(top_needs(&CheckIns::default(), Author::A, false, None).is_empty());

        let (feelings, needs) = named_most(&c, Author::A, false, since);
        assert_eq!(
            feelings,
            [
                "sad \u{00d7}3",
                "calm \u{00d7}2",
                "tired \u{00d7}2",
                "hopeful \u{00d7}1"
            ]
        );
        assert_eq!(needs, "appreciated (2), understood (2)");
        assert_eq!(
            named_most(&CheckIns::default(), Author::B, false, None),
            (vec![], String::new())
        );
    }

    #[test]
    fn summary_reads_the_chart_aloud() {
        let t0 = t("2026-01-01T00:00:00Z");
        assert_eq!(summary("Sam", &[]), "Sam: no readings in this range yet.");
        assert_eq!(summary("Sam", &[(t0, 7)]), "Sam: one reading, 7 out of 10.");
        let pts = [(t0, 4), (t0 + Duration::days(1), 6), (t0 + Duration::days(2), 8)];
        assert_eq!(
            summary("Sam", &pts),
            "Sam: 3 readings, on average 6.0 out of 10; the first was 4, the latest 8."
        );
        assert_eq!(
            summary("Alex", &[(t0, 1), (t0, 2)]),
            "Alex: 2 readings, on average 1.5 out of 10; the first was 1, the latest 2."
        );
        assert_eq!(average(&[]), None);
        assert_eq!(average(&pts), Some(6.0));
    }
}
