//! A readable Markdown copy of the couple's words, to keep, print or read
//! years later without Hearth. Pure: the export time is passed in.
//!
//! What it holds follows the same reveal rules as the app, because the file
//! is made by whoever holds the device and is then readable by both:
//! - check-ins only once both answers are shown (or the one answer was
//!   closed, or one partner uses Hearth alone); a waiting answer stays out;
//! - conversations only once they reached the partner (the share and the
//!   partner's replies); the inner steps (fears, protections) stay private;
//! - gestures only once done and noticed by the one who received them
//!   (a planned gesture is a surprise, an unopened one not yet seen);
//! - appreciations only when shared and opened; a private appreciation
//!   belongs to its writer and is never in the file;
//! - planned dates, with what each loved once both have said (or alone).
//!
//! Votes, drafts and deleted records are never in it.
//!
//! Every piece of the couple's text is escaped so that it reads as text:
//! it can't start a heading, a list, a quote, a link, an image or HTML, and
//! a line break inside a note stays inside its entry.
//!
//! The file is written straight into one string, the couple's text escaped
//! as it goes (`Line`, `Text`): with ten years, a string per line and per
//! escaped piece made it a task of about 40 ms in the browser.

use std::fmt::{self, Write as _};

use chrono::{DateTime, Utc};

use super::checkin::{connection_words, Answer, Status as CheckInStatus};
use super::dates::OffsetAt;
use super::dilemma::{Names, Step};
use super::document::Document;
use super::feelings;
use super::gestures::GestureState;
use super::record::Author;
use super::us_time::PlanState;

/// One line of the couple's text, escaped for Markdown as it is written:
/// characters that make structure anywhere are backslash-escaped, and those
/// that only do at the start of a line (`#`, `-`, `+`, `=`, `1.`) are
/// escaped there. Tabs and control characters become spaces.
struct Line<'a>(&'a str);

/// Text that may span lines, as one paragraph: each line escaped, joined by
/// hard line breaks, continuation lines indented by the second field so they
/// stay in their list item. Blank lines are dropped (they would end the item).
struct Text<'a>(&'a str, &'a str);

/// The part of a line that is written: leading spaces would make an indented
/// code block (and leading controls, written as spaces, would indent a `#`
/// past its escape), and trailing ones say nothing.
fn trimmed(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c.is_control())
}

/// Writes `line` (already [`trimmed`]) escaped, in runs between the
/// characters that need it. `!` is not one: it only makes an image before
/// `[`, which is escaped, and a couple's text is full of them.
fn write_escaped(f: &mut fmt::Formatter<'_>, line: &str) -> fmt::Result {
    let mut at_start = true;
    let mut digits = 0usize;
    let mut from = 0;
    for (i, c) in line.char_indices() {
        let space = c == '\t' || c.is_control();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '{' | '}' => true,
            '#' | '-' | '+' | '=' => at_start,
            '.' | ')' => at_start && digits > 0,
            _ => false,
        };
        if space || escape {
            f.write_str(&line[from..i])?;
            f.write_str(if space { " " } else { "\\" })?;
            from = if space { i + c.len_utf8() } else { i };
        }
        if c.is_ascii_digit() && at_start {
            digits += 1;
        } else {
            at_start = false;
            digits = 0;
        }
    }
    f.write_str(&line[from..])
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, trimmed(self.0))
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for line in self.0.lines().map(trimmed).filter(|l| !l.is_empty()) {
            if !first {
                f.write_str("\\\n")?;
                f.write_str(self.1)?;
            }
            first = false;
            write_escaped(f, line)?;
        }
        Ok(())
    }
}

/// One line of the couple's text, escaped (see [`Line`]).
pub fn escape_line(line: &str) -> String {
    Line(line).to_string()
}

/// Text over several lines, as one escaped paragraph (see [`Text`]).
pub fn escape_text(text: &str, indent: &str) -> String {
    Text(text, indent).to_string()
}

/// A moment in the couple's own time (`offset_at`), as `day` and `hm` read it.
fn local(t: DateTime<Utc>, offset_at: OffsetAt) -> DateTime<chrono::FixedOffset> {
    t.with_timezone(&offset_at(t))
}

fn day(t: DateTime<Utc>, offset_at: OffsetAt) -> String {
    crate::domain::dates::day_month_year(&local(t, offset_at))
}

/// Writes one line of the file (formatted like `format!`), or an empty one.
/// Writing to a `String` cannot fail.
macro_rules! put {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

fn answer_lines(out: &mut String, who: &str, a: &Answer) {
    put!(
        out,
        "- **{}** felt {} ({}/10).",
        Line(who),
        connection_words(a.connection),
        a.connection
    );
    if !a.feelings.is_empty() {
        out.push_str("  Feelings: ");
        for (i, k) in a.feelings.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}{}", Line(feelings::label(k)));
        }
        put!(out, ".");
    }
    if let Some(n) = a.need {
        put!(out, "  Most needed to feel {}.", n.label());
    }
    if !a.note.trim().is_empty() {
        put!(out, "  Note: {}", Text(&a.note, "  "));
    }
}

fn quote(out: &mut String, label: fmt::Arguments<'_>, text: &str) {
    if !text.trim().is_empty() {
        put!(out, "- {label}: {}", Text(text, "  "));
    }
}

/// The whole Markdown file.
pub fn render(doc: &Document, exported_at: DateTime<Utc>, offset_at: OffsetAt) -> String {
    render_parts(doc, exported_at, offset_at, &|_| true)
}

/// How many parts [`render_part`] writes the file in.
pub const PARTS: usize = 6;

/// One part of the Markdown file (0 to [`PARTS`] - 1: the heading, then one
/// per kind of record), the parts in order making the whole file. With ten
/// years, the whole file at once was a task of 30 to 50 ms.
pub fn render_part(doc: &Document, exported_at: DateTime<Utc>, offset_at: OffsetAt, part: usize) -> String {
    render_parts(doc, exported_at, offset_at, &|p| p == part)
}

fn render_parts(
    doc: &Document,
    exported_at: DateTime<Utc>,
    offset_at: OffsetAt,
    wanted: &dyn Fn(usize) -> bool,
) -> String {
    let mut out = String::new();
    let (a, b) = match &doc.couple {
        Some(c) => (c.a.name.clone(), c.b.as_ref().map(|p| p.name.clone())),
        None => ("Partner A".to_string(), None),
    };
    let b_name = b.clone().unwrap_or_else(|| "your partner".into());
    let solo = b.is_none();
    let names = Names::new(&a, b.as_deref());
    let name = |who: Author| -> &str {
        match who {
            Author::A => &a,
            Author::B => &b_name,
            Author::Both => "Both of you",
        }
    };
    if wanted(0) {
        match &b {
            Some(b) => put!(out, "# {} & {} \u{2014} our words in Hearth", Line(&a), Line(b)),
            None => put!(out, "# {} \u{2014} our words in Hearth", Line(&a)),
        }
        put!(out);
        put!(
        out,
        "Exported on {}. Private appreciations, appreciations not opened yet, gestures not noticed yet and answers still waiting for the other partner are not included.",
        day(exported_at, offset_at)
    );
        if let Some(c) = &doc.couple {
            put!(out);
            out.push_str("Us: ");
            for (i, p) in std::iter::once(&c.a).chain(c.b.iter()).enumerate() {
                let sep = if i == 0 { "" } else { " and " };
                let _ = if p.pronouns.is_empty() {
                    write!(out, "{sep}{}", Line(&p.name))
                } else {
                    write!(out, "{sep}{} ({})", Line(&p.name), Line(&p.pronouns))
                };
            }
            put!(out, ".");
        }
    }
    // Check-ins
    if wanted(1) {
        let mut checkins = doc
            .checkins
            .live()
            .filter(|c| c.status(solo) == CheckInStatus::Revealed)
            // Alone, a check-in is one person's: a partner taken off by
            // "just me for now" keeps their answers hidden, as Journey does
            // (one of theirs left waiting was never shown at all).
            .filter(|c| !solo || c.a.is_some())
            .peekable();
        if checkins.peek().is_some() {
            put!(out);
            put!(out, "## Check-ins");
            for c in checkins {
                put!(out);
                // With the time: two check-ins of one day are told apart.
                let at = c.at();
                put!(
                    out,
                    "### {}, {}",
                    day(at, offset_at),
                    crate::domain::dates::hm(&local(at, offset_at))
                );
                put!(out);
                if let Some(x) = &c.a {
                    answer_lines(&mut out, &a, x);
                }
                if let Some(x) = c.b.as_ref().filter(|_| !solo) {
                    answer_lines(&mut out, &b_name, x);
                }
            }
        }
    }
    // Conversations
    if wanted(2) {
        // Alone, the present partner's own (`shown`), and in them only
        // their words: what the hidden partner wrote stays hidden.
        let mut convos = doc
            .dilemmas
            .shown(solo)
            .filter(|d| d.reached_partner(!solo))
            .peekable();
        if convos.peek().is_some() {
            put!(out);
            put!(out, "## Conversations");
            for d in convos {
                let me = Line(names.name(d.by));
                let p = Line(name(d.partner()));
                put!(out);
                put!(out, "### {} \u{2014} {me}", day(d.meta.created_at, offset_at));
                put!(out);
                quote(&mut out, format_args!("{me} shared"), &d.share);
                if !d.answers_shown(solo) {
                    continue;
                }
                // Only answers given: words the listener is still typing stay out.
                quote(
                    &mut out,
                    format_args!("{p} heard"),
                    d.given_answer(Step::Heard, solo),
                );
                quote(
                    &mut out,
                    format_args!("Why it makes sense to {p}"),
                    d.given_answer(Step::MakesSense, solo),
                );
                quote(
                    &mut out,
                    format_args!("{p} can care for it by"),
                    d.given_answer(Step::Care, solo),
                );
                if let (Some(x), Some(y)) = (d.closeness_a, d.closeness_b) {
                    put!(
                        out,
                        "- Closeness afterwards: {} {x}/10, {} {y}/10.",
                        Line(&a),
                        Line(&b_name)
                    );
                }
            }
        }
    }
    // Gestures
    if wanted(3) {
        // Alone, the hidden partner's gestures and words back stay out.
        let mut gestures = doc
            .gestures
            .shown(solo)
            .filter(|g| g.noticed.is_some())
            .peekable();
        if gestures.peek().is_some() {
            put!(out);
            put!(out, "## Gestures");
            put!(out);
            for g in gestures {
                let when = g.done_at().map(|t| day(t, offset_at)).unwrap_or_default();
                put!(
                    out,
                    "- {when} \u{2014} {}, for {}: {}",
                    Line(name(g.giver())),
                    Line(name(g.to)),
                    Text(&g.text, "  ")
                );
                if let GestureState::Done { note, .. } = &g.state {
                    if !note.trim().is_empty() {
                        put!(out, "  Note: {}", Text(note, "  "));
                    }
                }
                let reply = g.reply(solo);
                if !reply.trim().is_empty() {
                    put!(out, "  {} replied: {}", Line(name(g.to)), Text(reply, "  "));
                }
            }
        }
    }
    // Appreciations
    if wanted(4) {
        // Shared and opened; alone, none of the hidden partner's.
        let apps = doc.gestures.readable_by(None, solo);
        if !apps.is_empty() {
            put!(out);
            put!(out, "## Appreciations");
            put!(out);
            for x in apps {
                put!(
                    out,
                    "- {} \u{2014} {}, about {}: {}",
                    day(x.meta.created_at, offset_at),
                    Line(name(x.meta.by)),
                    Line(name(x.meta.by.other())),
                    Text(&x.text, "  ")
                );
            }
        }
    }
    // Us time
    if wanted(5) {
        let mut plans = doc
            .us_time
            .plans_live()
            .filter(|p| !matches!(p.state, PlanState::Cancelled { .. }))
            .peekable();
        if plans.peek().is_some() {
            put!(out);
            put!(out, "## Us time");
            put!(out);
            for p in plans {
                let state = match p.state {
                    PlanState::Done { .. } => " (done)",
                    _ => "",
                };
                put!(
                    out,
                    "- {}: {}{state}",
                    day(p.start, offset_at),
                    Text(&p.title, "  ")
                );
                if !p.note.trim().is_empty() {
                    put!(out, "  Note: {}", Text(&p.note, "  "));
                }
                // Shown when both have said (each wrote without seeing the
                // other's); alone, only one's own words.
                let both_said = !p.loved_a.trim().is_empty() && !p.loved_b.trim().is_empty();
                if solo || both_said {
                    let b_loved = if solo { "" } else { p.loved_b.as_str() };
                    for (who, loved) in [(&a, p.loved_a.as_str()), (&b_name, b_loved)] {
                        if !loved.trim().is_empty() {
                            put!(out, "  {} loved: {}", Line(who), Text(loved, "  "));
                        }
                    }
                }
            }
        }
    }

    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::CheckIn;
    use crate::domain::couple::Partner;
    use crate::domain::gestures::{Appreciation, Gesture, Kind, Noticed, Source};
    use crate::domain::record::{Ctx, Meta, Seeded};
    use pulldown_cmark::{Event, Parser, Tag};

    const XSS: &str = "<img src=x onerror=alert(1)> </script> [click](javascript:alert(1)) ![i](x.png)";
    const BREAKER: &str = "# not a heading\n- not a list\n> not a quote\n1. not numbered\n    not code\n```\n|a|b|\n*bold* _it_ `code` \\ & &amp;\n\u{1}# a control, then not a heading\n\u{b}\u{1}\u{c}\u{1}\u{1}not code either";

    fn utc(_: DateTime<Utc>) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(0).unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn answer(at: DateTime<Utc>, n: u8, note: &str) -> Answer {
        Answer {
            at,
            connection: n,
            feelings: vec!["calm".into()],
            need: Some(crate::domain::checkin::Need::Understood),
            note: note.into(),
        }
    }

    #[test]
    fn the_parts_in_order_are_the_whole_file_and_each_holds_its_own() {
        let start = t("2020-01-01T00:00:00Z");
        let doc = crate::domain::generate::decade(3, start, 2);
        let at = t("2022-01-01T00:00:00Z");
        let parts: Vec<String> = (0..PARTS).map(|p| render_part(&doc, at, &utc, p)).collect();
        assert_eq!(parts.concat(), render(&doc, at, &utc));
        let heads = [
            "# ",
            "## Check-ins",
            "## Conversations",
            "## Gestures",
            "## Appreciations",
            "## Us time",
        ];
        for (part, head) in parts.iter().zip(heads) {
            assert!(
                part.trim_start().starts_with(head),
                "{head}: {}",
                &part[..part.len().min(80)]
            );
            assert_eq!(
                part.matches("\n## ").count(),
                usize::from(head != "# "),
                "one section in {head}"
            );
        }
        assert_eq!(render_part(&doc, at, &utc, PARTS), "");
    }

    fn doc() -> Document {
        let mut rng = Seeded(5);
        let mut gen = || rng.bytes16();
        let now = t("2026-06-01T19:00:00Z");
        let mut ctx = Ctx::new(now, &mut gen);
        let mut d = Document::default();
        d.set_couple(
            &mut ctx,
            Partner {
                name: "Sam".into(),
                pronouns: "she/her".into(),
            },
            Some(Partner {
                name: "Alex".into(),
                pronouns: String::new(),
            }),
            vec![],
        );
        // Both answered: shown.
        d.checkins.items.push(CheckIn {
            meta: Meta::new(&mut ctx, Author::A),
            a: Some(answer(now, 8, BREAKER)),
            b: Some(answer(now, 6, XSS)),
            closed: false,
        });
        // Waiting for Alex: Sam's answer stays out.
        d.checkins.items.push(CheckIn {
            meta: Meta::new(&mut ctx, Author::A),
            a: Some(answer(now, 3, "WAITING-SECRET")),
            b: None,
            closed: false,
        });
        let gesture = |ctx: &mut Ctx, text: &str, state: GestureState, noticed: Option<Noticed>| Gesture {
            meta: Meta::new(ctx, Author::A),
            to: Author::B,
            kind: Kind::Special,
            source: Source::Free,
            text: text.into(),
            planned_for: None,
            state,
            noticed,
        };
        let done = GestureState::Done {
            at: now,
            note: "left it on the pillow".into(),
        };
        let g1 = gesture(
            &mut ctx,
            "Breakfast in bed",
            done.clone(),
            Some(Noticed {
                at: now,
                reply: "Best morning".into(),
            }),
        );
        let g2 = gesture(&mut ctx, "SURPRISE-SECRET", GestureState::Planned, None);
        let g3 = gesture(&mut ctx, "UNOPENED-SECRET", done, None);
        d.gestures.items.extend([g1, g2, g3]);
        let app = |ctx: &mut Ctx, text: &str, private: bool, seen: bool| Appreciation {
            meta: Meta::new(ctx, Author::B),
            text: text.into(),
            private,
            seen_at: seen.then_some(now),
        };
        let a1 = app(&mut ctx, "You listened so well", false, true);
        let a2 = app(&mut ctx, "PRIVATE-SECRET", true, false);
        let a3 = app(&mut ctx, "UNSEEN-SECRET", false, false);
        d.gestures.appreciations.extend([a1, a2, a3]);
        d
    }

    #[test]
    fn a_line_starting_with_spaces_or_controls_starts_no_block() {
        // Written as spaces, four controls would make an indented code block,
        // and one before a `#` would push it past its escape.
        assert_eq!(escape_line("\u{1}\u{1}\u{1}\u{1}not code"), "not code");
        assert_eq!(
            escape_line(" \u{b}\u{1}\u{c} # not a heading"),
            "\\# not a heading"
        );
    }

    #[test]
    fn the_couples_shared_words_are_in_it_and_private_ones_are_not() {
        let md = render(&doc(), t("2026-06-02T08:00:00Z"), &utc);
        assert!(
            md.starts_with("# Sam & Alex \u{2014} our words in Hearth\n"),
            "{md}"
        );
        assert!(md.contains("Exported on 2 June 2026."));
        assert!(md.contains("Us: Sam (she/her) and Alex."));
        assert!(md.contains("## Check-ins\n\n### 1 June 2026"));
        assert!(md.contains("- **Sam** felt fairly close (8/10)."));
        assert!(md.contains("  Most needed to feel understood."));
        assert!(md.contains("- 1 June 2026 \u{2014} Sam, for Alex: Breakfast in bed"));
        assert!(md.contains("  Note: left it on the pillow"));
        assert!(md.contains("  Alex replied: Best morning"));
        assert!(md.contains("- 1 June 2026 \u{2014} Alex, about Sam: You listened so well"));
        for secret in [
            "WAITING-SECRET",
            "SURPRISE-SECRET",
            "UNOPENED-SECRET",
            "PRIVATE-SECRET",
            "UNSEEN-SECRET",
        ] {
            assert!(!md.contains(secret), "{secret} leaked:\n{md}");
        }
    }

    #[test]
    fn conversations_appear_once_they_reached_the_partner_and_dates_reveal_together() {
        let mut d = doc();
        let convo = |step: &str, share: &str| -> crate::domain::dilemma::Dilemma {
            serde_json::from_value(serde_json::json!({
                "meta": {"id": format!("d{step}"), "created_at": "2026-06-01T20:00:00Z",
                         "updated_at": "2026-06-01T20:00:00Z", "by": "a"},
                "by": "a", "step": step, "moment": "MOMENT-SECRET", "fears": ["rejection"],
                "share": share, "heard": "that you felt alone", "care": "sit with you",
                "closeness_a": 7, "closeness_b": 8
            }))
            .unwrap()
        };
        d.dilemmas.items.push(convo("share", "NOT-YET-SHOWN"));
        d.dilemmas
            .items
            .push(convo("closeness", "I missed you at dinner"));
        // Alex is still on "how I can care": what Alex typed there waits.
        let mut typing = convo("care", "Typing now");
        typing.care = "CARE-BEING-TYPED".into();
        d.dilemmas.items.push(typing);
        // Shared alone, before Alex joined: not theirs to read until heard.
        let mut alone = convo("handover", "ALONE-NOT-HEARD");
        alone.meta.id = crate::domain::Id("dalone".into());
        alone.solo = true;
        alone.status = crate::domain::dilemma::Status::Finished {
            at: t("2026-06-01T21:00:00Z"),
        };
        d.dilemmas.items.push(alone);
        let plan = |loved_b: &str| -> crate::domain::us_time::Plan {
            serde_json::from_value(serde_json::json!({
                "meta": {"id": format!("p{loved_b}"), "created_at": "2026-06-01T20:00:00Z",
                         "updated_at": "2026-06-01T20:00:00Z", "by": "b"},
                "idea": "i1", "title": "Picnic", "start": "2026-06-05T17:00:00Z", "minutes": 90,
                "state": {"state": "done", "at": "2026-06-05T19:00:00Z"},
                "loved_a": "LOVED-A", "loved_b": loved_b
            }))
            .unwrap()
        };
        d.us_time.plans.push(plan(""));
        d.us_time.plans.push(plan("the sun"));
        let md = render(&d, t("2026-06-10T08:00:00Z"), &utc);
        assert!(md.contains("## Conversations"), "{md}");
        assert!(md.contains("- Sam shared: I missed you at dinner"));
        assert_eq!(md.matches("- Alex heard: that you felt alone").count(), 2, "{md}");
        assert!(md.contains("- Alex can care for it by: sit with you"));
        assert!(
            md.contains("- Sam shared: Typing now") && !md.contains("CARE-BEING-TYPED"),
            "{md}"
        );
        assert!(md.contains("- Closeness afterwards: Sam 7/10, Alex 8/10."));
        assert!(
            !md.contains("NOT-YET-SHOWN") && !md.contains("MOMENT-SECRET") && !md.contains("ALONE-NOT-HEARD"),
            "{md}"
        );
        assert!(md.contains("- 5 June 2026: Picnic (done)"));
        // Sam's words about the first date wait until Alex has said theirs.
        assert_eq!(md.matches("Sam loved: LOVED-A").count(), 1, "{md}");
        assert!(md.contains("  Alex loved: the sun"));
    }

    #[test]
    fn alone_after_just_me_the_partners_words_stay_hidden() {
        let mut d = doc();
        let now = t("2026-06-01T20:00:00Z");
        let mut rng = Seeded(7);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(now, &mut gen);
        // Alex answered and Sam had not: never shown to Sam.
        d.checkins.items.push(CheckIn {
            meta: Meta::new(&mut ctx, Author::B),
            a: None,
            b: Some(answer(now, 6, "ALEX-UNREVEALED")),
            closed: false,
        });
        d.us_time.plans.push(
            serde_json::from_value(serde_json::json!({
                "meta": {"id": "p1", "created_at": "2026-06-01T20:00:00Z",
                         "updated_at": "2026-06-01T20:00:00Z", "by": "a"},
                "idea": "i1", "title": "Picnic", "start": "2026-06-05T17:00:00Z", "minutes": 90,
                "state": {"state": "done", "at": "2026-06-05T19:00:00Z"},
                "loved_a": "SAM-LOVED", "loved_b": "ALEX-LOVED"
            }))
            .unwrap(),
        );
        let both = render(&d, t("2026-06-10T08:00:00Z"), &utc);
        assert!(
            both.contains("ALEX-LOVED") && !both.contains("ALEX-UNREVEALED"),
            "{both}"
        );

        // Two conversations finished together: Sam's, which Alex answered,
        // and Alex's own.
        let convo = |by: &str, canary: &str| -> crate::domain::dilemma::Dilemma {
            serde_json::from_value(serde_json::json!({
                "meta": {"id": format!("d{by}"), "created_at": "2026-06-01T20:00:00Z",
                         "updated_at": "2026-06-01T20:00:00Z", "by": by},
                "by": by, "step": "closeness", "status": {"kind": "finished", "at": "2026-06-01T21:00:00Z"},
                "share": format!("{canary}-SHARE"), "heard": format!("{canary}-HEARD"),
                "closeness_a": 7, "closeness_b": 8
            }))
            .unwrap()
        };
        d.dilemmas.items.push(convo("a", "SAM"));
        d.dilemmas.items.push(convo("b", "ALEX"));
        // Alex's gesture, noticed by Sam, and Sam's appreciation Alex opened
        // (Sam's gesture with Alex's word back, and Alex's opened
        // appreciation, are in `doc`).
        let mut alex = d.gestures.items[0].clone();
        (alex.meta.by, alex.to, alex.text) = (Author::B, Author::A, "ALEX-GESTURE".into());
        alex.meta.id = crate::domain::record::Id("g-alex".into());
        alex.state = GestureState::Done {
            at: now,
            note: "ALEX-NOTE".into(),
        };
        alex.noticed.as_mut().unwrap().reply = "SAM-REPLY".into();
        d.gestures.items.push(alex);
        let mut sams = d.gestures.appreciations[0].clone();
        (sams.meta.by, sams.text) = (Author::A, "SAM-APPRECIATION".into());
        sams.meta.id = crate::domain::record::Id("a-sam".into());
        d.gestures.appreciations.push(sams);
        let both = render(&d, t("2026-06-10T08:00:00Z"), &utc);
        for canary in [
            "SAM-SHARE",
            "SAM-HEARD",
            "ALEX-SHARE",
            "ALEX-HEARD",
            "Closeness",
            "Alex replied: Best morning",
            "ALEX-GESTURE",
            "ALEX-NOTE",
            "SAM-REPLY",
            "You listened so well",
            "SAM-APPRECIATION",
        ] {
            assert!(both.contains(canary), "{canary} missing:\n{both}");
        }

        d.couple.as_mut().unwrap().b = None;
        let md = render(&d, t("2026-06-10T08:00:00Z"), &utc);
        assert!(md.contains("- **Sam** felt fairly close (8/10)."), "{md}");
        assert!(md.contains("  Sam loved: SAM-LOVED"), "{md}");
        assert!(md.contains("- Sam shared: SAM-SHARE"), "{md}");
        // Sam's gesture and its note are Sam's; Alex's word back is not.
        assert!(
            md.contains("Breakfast in bed") && md.contains("Note: left it on the pillow"),
            "{md}"
        );
        assert!(md.contains("SAM-APPRECIATION"), "{md}");
        for hidden in [
            "Best morning",
            "replied",
            "ALEX-GESTURE",
            "ALEX-NOTE",
            "SAM-REPLY",
            "You listened so well",
            "ALEX-UNREVEALED",
            "ALEX-LOVED",
            "your partner** felt",
            "SAM-HEARD",
            "ALEX-SHARE",
            "ALEX-HEARD",
            "Closeness",
        ] {
            assert!(!md.contains(hidden), "{hidden} shown:\n{md}");
        }
    }

    /// An independent CommonMark parser reads the file: the couple's text
    /// makes no HTML, no link, no image, no code, no extra heading or list,
    /// and reads back exactly as typed.
    #[test]
    fn hostile_text_stays_inert_text_for_a_real_markdown_parser() {
        let md = render(&doc(), t("2026-06-02T08:00:00Z"), &utc);
        let mut headings = 0;
        let mut text = String::new();
        for ev in Parser::new(&md) {
            match ev {
                Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} in\n{md}"),
                Event::Code(c) => panic!("code {c:?}"),
                Event::Start(
                    Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_),
                ) => {
                    panic!("structure from user text in\n{md}")
                }
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                _ => {}
            }
        }
        // Title, four section headings' worth: Check-ins, its day, Gestures, Appreciations.
        assert_eq!(headings, 5, "{md}");
        assert!(text.contains(XSS), "{text}");
        for line in BREAKER.lines() {
            let words = line.trim_matches(|c: char| c.is_whitespace() || c.is_control());
            assert!(text.contains(words), "{line:?} not read back in\n{text}");
        }
    }

    #[test]
    fn escaping_is_only_where_needed_so_it_stays_readable() {
        assert_eq!(
            escape_line("We laughed a lot, didn't we?"),
            "We laughed a lot, didn't we?"
        );
        assert_eq!(escape_line("# one"), "\\# one");
        assert_eq!(escape_line("10. ten"), "10\\. ten");
        assert_eq!(escape_line("costs 10.50"), "costs 10.50");
        assert_eq!(escape_line("a-b"), "a-b");
        assert_eq!(escape_line("<b>"), "\\<b\\>");
        assert_eq!(escape_text("one\n\n  two", "  "), "one\\\n  two");
        assert_eq!(escape_line("I saw it! ![x]"), "I saw it! !\\[x\\]");
    }

    /// Days and times are the couple's own: a check-in at 19:00 in the
    /// evening is not filed under the next day's date, and two of one day
    /// are told apart by their time.
    #[test]
    fn check_ins_are_dated_in_the_couples_own_time() {
        let new_york = |_: DateTime<Utc>| chrono::FixedOffset::west_opt(4 * 3600).unwrap();
        let paris = |_: DateTime<Utc>| chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        let at = t("2026-06-02T08:00:00Z");
        // `doc()`'s check-in was answered at 19:00 UTC.
        assert!(render(&doc(), at, &new_york).contains("### 1 June 2026, 15:00\n"));
        assert!(render(&doc(), at, &paris).contains("### 1 June 2026, 21:00\n"));
        let late = |_: DateTime<Utc>| chrono::FixedOffset::east_opt(6 * 3600).unwrap();
        assert!(render(&doc(), at, &late).contains("### 2 June 2026, 01:00\n"));
    }
}
