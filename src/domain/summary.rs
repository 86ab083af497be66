//! A summary to bring along: what the couple shared since a day they choose,
//! on one page to print, for a session with a counsellor or an evening of
//! their own. It keeps the rules of Journey and the Markdown export: only
//! what both may read (answers revealed, conversations that reached the
//! partner, gestures noticed, appreciations shared and opened, dates had).
//!
//! Written here as sections of lines, words and all, so the page is a
//! small loop (each shape of view costs the wasm its own code) and the
//! wording is tested on the host.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::checkin::Status;
use super::dates::{day_mon_year, local_day, local_midnight, parse_ymd, weekday_day_mon_near, OffsetAt};
use super::dilemma::Step;
use super::document::Document;
use super::record::Author;
use super::stats::{self, MomentKind};

/// The days a summary starts from when the couple has not chosen: about the
/// time between two sessions.
pub const DEFAULT_DAYS: i64 = 14;

/// One line: a lead in bold ("Tue 2 Sep, Sam: ") and the words, with the
/// lines that are its own (what one partner felt most, a conversation's
/// replies), each a lead and words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub lead: String,
    pub text: String,
    pub under: Vec<(String, String)>,
}

/// Adds a line to `lines`, or with `under` one of the last line's own.
fn push(lines: &mut Vec<Line>, under: bool, lead: String, text: &str) {
    match lines.last_mut() {
        Some(last) if under => last.under.push((lead, text.to_string())),
        _ => lines.push(Line {
            lead,
            text: text.to_string(),
            under: Vec::new(),
        }),
    }
}

/// A part of the summary under its heading; `id` names the heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub lines: Vec<Line>,
}

/// The first day a summary may start from: a year before `today`. A
/// summary is for the weeks between two sessions; everything, all years,
/// is in the Markdown export (and drawing a decade as one page would hold
/// the browser up for a tenth of a second).
pub fn earliest(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(12)).unwrap_or(today)
}

/// The day a summary starts from, as typed in a date input: no later than
/// `today`, no earlier than [`earliest`].
pub fn read_since(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match parse_ymd(text.trim()) {
        None => Err("Choose the day the summary starts from.".into()),
        Some(day) if day > today => Err("That day hasn't come yet: choose today or a day before it.".into()),
        Some(day) if day < earliest(today) => Err(format!(
            "A summary covers a year at most: choose {} or later. All your words, every year, are in Settings: Download our words.",
            day_mon_year(&earliest(today))
        )),
        Some(day) => Ok(day),
    }
}

/// Everything both may read since the start of `from` (local time), each
/// part in the order things happened; no section at all when nothing did.
pub fn since(doc: &Document, from: NaiveDate, offset_at: OffsetAt) -> Vec<Section> {
    let start = local_midnight(from, offset_at);
    let solo = doc.couple.as_ref().is_none_or(|c| c.is_solo());
    let people: &[Author] = if solo {
        &[Author::A]
    } else {
        &[Author::A, Author::B]
    };
    let name = |who| doc.couple.as_ref().map(|c| c.name_of(who)).unwrap_or_default();
    // With its year when that is not the first day's (a year's summary
    // crosses a New Year).
    let on = |t: DateTime<Utc>| weekday_day_mon_near(&local_day(t, offset_at), &from);
    let checkins = &doc.checkins;
    let mut out = Vec::new();
    let mut add = |id, title, lines: Vec<Line>| {
        if !lines.is_empty() {
            out.push(Section { id, title, lines });
        }
    };

    let mut felt = Vec::new();
    let mut readings = 0;
    for &who in people {
        let points = stats::series(checkins, who, solo, Some(start));
        readings += points.len();
        // The chart's sentence, "Sam: 12 readings, …", its name in bold.
        let sentence = stats::summary(&name(who), &points);
        let (lead, text) = sentence.split_at(sentence.find(": ").map_or(0, |i| i + 2));
        push(&mut felt, false, lead.into(), text);
        let (feelings, needs) = stats::named_most(checkins, who, solo, Some(start));
        for (lead, words) in [
            ("Felt most: ", feelings.join(", ")),
            ("Most needed to feel: ", needs),
        ] {
            if !words.is_empty() {
                push(&mut felt, true, lead.into(), &words);
            }
        }
    }
    add(
        "felt-title",
        "How connected you've felt",
        if readings == 0 { Vec::new() } else { felt },
    );

    let mut notes: Vec<(DateTime<Utc>, String, &str)> = Vec::new();
    for c in checkins.live().filter(|c| c.status(solo) == Status::Revealed) {
        for &who in people {
            if let Some(a) = c
                .answer(who)
                .filter(|a| a.at >= start && !a.note.trim().is_empty())
            {
                let lead = format!("{}, {}: ", on(a.at), name(who));
                notes.push((a.at, lead, &a.note));
            }
        }
    }
    // Answers are kept by check-in, which an older one finished late can
    // put out of order.
    super::order::sort_by_key(&mut notes, |n| n.0);
    let mut lines = Vec::new();
    for (_, lead, note) in notes {
        push(&mut lines, false, lead, note);
    }
    add("notes-title", "From your check-in notes", lines);

    // Records are kept in the order they were made: no sort needed.
    let mut talks = Vec::new();
    // Alone, only the present partner's conversations, and only their own
    // words in them: what the hidden partner wrote stays hidden.
    for d in doc.dilemmas.shown(solo) {
        // Begun before the day but shared or answered since: it is in,
        // under the day it was begun.
        if d.meta.updated_at < start || !d.reached_partner(!solo) {
            continue;
        }
        let (me, them) = (name(d.by), name(d.partner()));
        let lead = format!("{}, {me} held back: ", on(d.meta.created_at));
        push(&mut talks, false, lead, &d.moment);
        for (lead, words) in [
            (format!("{me} shared: "), d.share.as_str()),
            (format!("{them} heard: "), d.given_answer(Step::Heard, solo)),
            (
                format!("Why it makes sense to {them}: "),
                d.given_answer(Step::MakesSense, solo),
            ),
            (
                format!("{them} can care for it by: "),
                d.given_answer(Step::Care, solo),
            ),
        ] {
            if !words.trim().is_empty() {
                push(&mut talks, true, lead, words);
            }
        }
        if let (Some(a), Some(b), true) = (d.closeness_a, d.closeness_b, d.answers_shown(solo)) {
            let close = format!(
                "{} {a} out of 10, {} {b} out of 10.",
                name(Author::A),
                name(Author::B)
            );
            push(&mut talks, true, "Closeness afterwards: ".into(), &close);
        }
    }
    add("talks-title", "Conversations", talks);

    // `moments` is newest first; a summary reads in the order things happened.
    let mut way = Vec::new();
    for m in stats::moments(doc).iter().rev() {
        if m.at >= start && m.kind != MomentKind::Conversation {
            push(&mut way, false, format!("{}: ", on(m.at)), &m.line(&name(m.by)));
        }
    }
    add("way-title", "Along the way", way);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::{Answer, CheckIn, Need};
    use crate::domain::gestures::Appreciation;
    use crate::domain::record::{Ctx, Meta, Seeded};
    use chrono::{Datelike, FixedOffset};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(_: DateTime<Utc>) -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn year() -> Document {
        crate::domain::generate::decade(5, t("2025-01-01T10:00:00Z"), 1)
    }

    fn answer(at: DateTime<Utc>, connection: u8, note: &str) -> Answer {
        Answer {
            at,
            connection,
            feelings: vec!["calm".into()],
            need: Some(Need::Understood),
            note: note.into(),
        }
    }

    fn push_checkin(doc: &mut Document, a: Option<Answer>, b: Option<Answer>, closed: bool) {
        let mut rng = Seeded(99);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2025-09-02T12:00:00Z"), &mut gen);
        let meta = Meta::new(&mut ctx, Author::A);
        doc.checkins.items.push(CheckIn { meta, a, b, closed });
    }

    fn section<'a>(s: &'a [Section], id: &str) -> &'a [Line] {
        s.iter().find(|x| x.id == id).map_or(&[], |x| &x.lines)
    }

    /// Every word of the summary, to look for what must not be there.
    fn words(s: &[Section]) -> String {
        let mut out = String::new();
        for l in s.iter().flat_map(|x| &x.lines) {
            out.push_str(&format!("{}{}\n", l.lead, l.text));
            for (lead, text) in &l.under {
                out.push_str(&format!("  {lead}{text}\n"));
            }
        }
        out
    }

    #[test]
    fn the_day_is_read_from_a_date_input_within_the_last_year() {
        let today = day(2026, 12, 7);
        assert_eq!(read_since("2026-11-23", today), Ok(day(2026, 11, 23)));
        assert_eq!(read_since("2026-12-07", today), Ok(today));
        assert_eq!(read_since(" 2025-12-07 ", today), Ok(day(2025, 12, 7)));
        for bad in ["", "  ", "2026-02-30", "23/11/2026"] {
            let e = read_since(bad, today).unwrap_err();
            assert_eq!(e, "Choose the day the summary starts from.", "{bad:?}");
        }
        assert!(read_since("2026-12-08", today)
            .unwrap_err()
            .contains("hasn't come yet"));
        assert_eq!(
            read_since("2025-12-06", today).unwrap_err(),
            "A summary covers a year at most: choose 7 Dec 2025 or later. \
             All your words, every year, are in Settings: Download our words."
        );
        // A leap day's year before is the last day of that February.
        assert_eq!(earliest(day(2028, 2, 29)), day(2027, 2, 28));
    }

    /// A small couple's fortnight, read as the page shows it.
    #[test]
    fn it_reads_as_a_page_to_bring_along() {
        let mut doc = year();
        doc.checkins.items = Default::default();
        doc.dilemmas.items = Default::default();
        push_checkin(
            &mut doc,
            Some(answer(t("2025-09-02T20:00:00Z"), 6, "Tired but glad")),
            Some(answer(t("2025-09-02T20:05:00Z"), 8, "")),
            false,
        );
        push_checkin(
            &mut doc,
            Some(answer(t("2025-09-04T19:00:00Z"), 8, "")),
            Some(answer(t("2025-09-04T19:00:00Z"), 9, "Dinner was lovely")),
            false,
        );
        let s = since(&doc, day(2025, 9, 1), &utc);
        assert_eq!(
            words(&s[..1]),
            "Sam: 2 readings, on average 7.0 out of 10; the first was 6, the latest 8.\n\
             \x20 Felt most: calm \u{00d7}2\n\
             \x20 Most needed to feel: understood (2)\n\
             Alex: 2 readings, on average 8.5 out of 10; the first was 8, the latest 9.\n\
             \x20 Felt most: calm \u{00d7}2\n\
             \x20 Most needed to feel: understood (2)\n"
        );
        let notes = section(&s, "notes-title");
        assert_eq!(notes.len(), 2);
        assert_eq!(
            (notes[0].lead.as_str(), notes[0].text.as_str()),
            ("Tue 2 Sep, Sam: ", "Tired but glad")
        );
        assert_eq!(notes[1].lead, "Thu 4 Sep, Alex: ");
        assert!(
            section(&s, "talks-title").is_empty(),
            "no conversation, no section"
        );
        assert_eq!(s.first().map(|x| x.title), Some("How connected you've felt"));
    }

    /// Only the days chosen, in the order they happened, and as much as the
    /// document holds for them: counted here from the records themselves.
    #[test]
    fn it_holds_the_days_chosen_in_the_order_they_happened() {
        let doc = year();
        let start = t("2025-09-01T00:00:00Z");
        let s = since(&doc, day(2025, 9, 1), &utc);
        let felt = section(&s, "felt-title");
        assert_eq!(felt.len(), 2);
        for (line, who) in felt.iter().zip([Author::A, Author::B]) {
            let revealed = doc
                .checkins
                .live()
                .filter(|c| c.status(false) == Status::Revealed)
                .filter_map(|c| c.answer(who))
                .filter(|a| a.at >= start)
                .count();
            assert!(revealed > 1);
            assert!(
                line.text.starts_with(&format!("{revealed} readings")),
                "{}",
                line.text
            );
        }
        let notes = doc
            .checkins
            .live()
            .filter(|c| c.status(false) == Status::Revealed)
            .flat_map(|c| [c.answer(Author::A), c.answer(Author::B)])
            .flatten()
            .filter(|a| a.at >= start && !a.note.trim().is_empty())
            .count();
        assert!(notes > 0);
        assert_eq!(section(&s, "notes-title").len(), notes);
        let talks = section(&s, "talks-title");
        assert!(!talks.is_empty());
        // Each conversation: its moment, then at least what was shared.
        for l in talks {
            assert!(l.lead.ends_with(" held back: "), "{}", l.lead);
            assert!(l.under[0].0.ends_with(" shared: "), "{:?}", l.under);
        }
        let later = stats::moments(&doc)
            .iter()
            .filter(|m| m.at >= start && m.kind != MomentKind::Conversation)
            .count();
        assert!(later > 0);
        assert_eq!(section(&s, "way-title").len(), later);
        // In the order things happened: the days in each lead never go back.
        let mut crossed = false;
        for id in ["notes-title", "talks-title", "way-title"] {
            let days: Vec<NaiveDate> = section(&s, id)
                .iter()
                .map(|l| {
                    // The year is written when it is not the first day's.
                    let d = l.lead.split([',', ':']).next().unwrap();
                    let d = if d.split(' ').count() == 4 {
                        d.to_string()
                    } else {
                        format!("{d} 2025")
                    };
                    NaiveDate::parse_from_str(&d, "%a %e %b %Y").unwrap()
                })
                .collect();
            assert!(days.windows(2).all(|w| w[0] <= w[1]), "{id}: {days:?}");
            crossed |= days.last().unwrap().year() == 2026;
            if id != "talks-title" {
                assert!(days[0] >= day(2025, 9, 1), "{id}");
            }
        }
        assert!(crossed, "the year's data runs into January, dated with its year");
        // A day after everything: nothing to bring.
        assert!(since(&doc, day(2027, 1, 1), &utc).is_empty());
    }

    /// A conversation begun before the day and answered since is in it,
    /// under the day it was begun; one last touched before the day is not.
    #[test]
    fn a_conversation_answered_since_the_day_is_in_it() {
        let mut doc = year();
        let i = doc
            .dilemmas
            .items
            .iter()
            .position(|d| d.meta.created_at < t("2025-08-01T00:00:00Z") && d.is_finished())
            .unwrap();
        doc.dilemmas.items[i].heard = "HEARD-LATER".into();
        let begun = weekday_day_mon_near(
            &doc.dilemmas.items[i].meta.created_at.date_naive(),
            &day(2025, 9, 1),
        );
        let found = |doc: &Document| {
            let s = since(doc, day(2025, 9, 1), &utc);
            section(&s, "talks-title")
                .iter()
                .find(|l| l.under.iter().any(|u| u.1 == "HEARD-LATER"))
                .map(|l| l.lead.clone())
        };
        doc.dilemmas.items[i].meta.updated_at = t("2025-08-20T10:00:00Z");
        assert_eq!(found(&doc), None, "last touched before the day");
        doc.dilemmas.items[i].meta.updated_at = t("2025-09-03T10:00:00Z");
        let lead = found(&doc).expect("answered since the day");
        assert!(lead.starts_with(&format!("{begun}, ")), "{lead}");
    }

    /// What waits for one partner, or belongs to one, stays out of the paper.
    #[test]
    fn nothing_one_partner_has_not_yet_seen_is_in_it() {
        let mut doc = year();
        let from = day(2025, 9, 1);
        let at = t("2025-09-02T20:00:00Z");
        push_checkin(&mut doc, Some(answer(at, 3, "WAIT-CANARY")), None, false);
        assert!(!words(&since(&doc, from, &utc)).contains("WAIT-CANARY"));
        // Closed with one answer, it is shown, and so it is in the summary.
        // (Records keep creation order: it sits among September's.)
        let i = doc
            .checkins
            .items
            .iter()
            .position(|c| c.a.as_ref().is_some_and(|a| a.note == "WAIT-CANARY"))
            .unwrap();
        doc.checkins.items[i].closed = true;
        assert!(words(&since(&doc, from, &utc)).contains("Tue 2 Sep, Sam: WAIT-CANARY"));

        let mut rng = Seeded(7);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        for (text, private, seen) in [
            ("PRIVATE-CANARY", true, true),
            ("UNOPENED-CANARY", false, false),
            ("OPENED", false, true),
        ] {
            doc.gestures.appreciations.push(Appreciation {
                meta: Meta::new(&mut ctx, Author::B),
                text: text.into(),
                private,
                seen_at: seen.then_some(at),
            });
        }
        let all = words(&since(&doc, from, &utc));
        assert!(
            all.contains("Tue 2 Sep: Alex felt loved: \u{201c}OPENED\u{201d}"),
            "{all}"
        );
        assert!(!all.contains("PRIVATE-CANARY") && !all.contains("UNOPENED-CANARY"));

        // A conversation still in its speaker's own steps is theirs alone.
        let i = doc
            .dilemmas
            .items
            .iter()
            .position(|d| d.meta.created_at >= t("2025-09-01T00:00:00Z") && d.is_finished())
            .unwrap();
        doc.dilemmas.items[i].share = "SHARE-CANARY".into();
        assert!(words(&since(&doc, from, &utc)).contains("shared: SHARE-CANARY"));
        // Shared while Sam was alone, and not yet heard by Alex, who joined
        // since: it waits for them, off the paper.
        let finished = doc.dilemmas.items[i].clone();
        doc.dilemmas.items[i].solo = true;
        doc.dilemmas.items[i].step = crate::domain::dilemma::Step::Handover;
        assert!(doc.dilemmas.items[i].waits_for_partner(true));
        assert!(!words(&since(&doc, from, &utc)).contains("SHARE-CANARY"));
        doc.dilemmas.items[i] = finished;
        doc.dilemmas.items[i].step = crate::domain::dilemma::Step::Moment;
        doc.dilemmas.items[i].status = crate::domain::dilemma::Status::InProgress;
        assert!(!words(&since(&doc, from, &utc)).contains("SHARE-CANARY"));
    }

    /// The day starts at the couple's own midnight, not UTC's, and its
    /// lines are dated in their time.
    #[test]
    fn the_day_starts_at_local_midnight() {
        let mut doc = year();
        // 01:00 on 1 September in Sydney (UTC+10), 31 August in UTC.
        let at = t("2025-08-31T15:00:00Z");
        push_checkin(
            &mut doc,
            Some(answer(at, 5, "EDGE-A")),
            Some(answer(at, 5, "EDGE-B")),
            false,
        );
        let sydney = |_| FixedOffset::east_opt(10 * 3600).unwrap();
        let from = day(2025, 9, 1);
        let there = words(&since(&doc, from, &sydney));
        assert!(
            there.contains("Mon 1 Sep, Sam: EDGE-A\nMon 1 Sep, Alex: EDGE-B\n"),
            "{there}"
        );
        assert!(!words(&since(&doc, from, &utc)).contains("EDGE"));
    }

    /// One partner alone: one line of readings, and their notes only.
    #[test]
    fn one_partner_alone_reads_as_one() {
        let mut doc = year();
        doc.couple.as_mut().unwrap().b = None;
        let s = since(&doc, day(2025, 9, 1), &utc);
        let felt = section(&s, "felt-title");
        assert_eq!(felt.len(), 1);
        assert_eq!(felt[0].lead, "Sam: ");
        assert!(section(&s, "notes-title")
            .iter()
            .all(|l| l.lead.ends_with(", Sam: ")));
    }

    /// After "Just me for now", Alex's conversations and Alex's answers in
    /// Sam's stay saved, and off the page.
    #[test]
    fn alone_the_hidden_partners_conversations_and_answers_stay_out() {
        let mut doc = year();
        let from = day(2025, 9, 1);
        let finished: Vec<usize> = (0..doc.dilemmas.items.len())
            .filter(|&i| {
                let d = &doc.dilemmas.items[i];
                d.meta.created_at >= t("2025-09-01T00:00:00Z") && d.is_finished() && !d.solo
            })
            .collect();
        let (i, j) = (finished[0], finished[1]);
        for (k, by, canary) in [(i, Author::A, "SAM-CANARY"), (j, Author::B, "ALEX-CANARY")] {
            let d = &mut doc.dilemmas.items[k];
            (d.by, d.meta.by) = (by, by);
            d.share = format!("{canary} share");
            d.heard = format!("{canary} heard");
        }
        let together = words(&since(&doc, from, &utc));
        for canary in [
            "SAM-CANARY share",
            "SAM-CANARY heard",
            "ALEX-CANARY share",
            "ALEX-CANARY heard",
        ] {
            assert!(together.contains(canary), "{canary}");
        }
        doc.couple.as_mut().unwrap().b = None;
        let alone = words(&since(&doc, from, &utc));
        assert!(alone.contains("SAM-CANARY share"), "{alone}");
        assert!(!alone.contains("SAM-CANARY heard"), "Alex's answer to Sam");
        assert!(!alone.contains("ALEX-CANARY"), "Alex's own conversation");
        assert!(!alone.contains("Closeness afterwards"));
    }

    /// While Alex is still answering, what Alex is typing is not on the
    /// page: each answer appears once Alex has gone on from its step.
    #[test]
    fn a_listeners_answer_is_in_once_given_not_while_typed() {
        use crate::domain::dilemma::Status as Talk;
        let mut doc = year();
        let from = day(2025, 9, 1);
        let i = (0..doc.dilemmas.items.len())
            .find(|&i| {
                let d = &doc.dilemmas.items[i];
                d.meta.created_at >= t("2025-09-01T00:00:00Z") && d.is_finished() && !d.solo
            })
            .unwrap();
        let d = &mut doc.dilemmas.items[i];
        d.heard = "HEARD-CANARY".into();
        d.makes_sense = "SENSE-CANARY".into();
        d.care = "CARE-CANARY".into();
        d.status = Talk::InProgress;
        d.step = Step::MakesSense;
        let mid = words(&since(&doc, from, &utc));
        assert!(mid.contains("HEARD-CANARY"), "given: Alex went on from it");
        assert!(!mid.contains("SENSE-CANARY"), "still being typed");
        assert!(!mid.contains("CARE-CANARY"), "not reached yet");
        doc.dilemmas.items[i].step = Step::Closeness;
        let all = words(&since(&doc, from, &utc));
        for canary in ["HEARD-CANARY", "SENSE-CANARY", "CARE-CANARY"] {
            assert!(all.contains(canary), "{canary}");
        }
    }
}
