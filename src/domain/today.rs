//! Home's one suggested next step, chosen from the data. Worded as an
//! invitation, never as a reminder of something missed.

use chrono::{DateTime, Datelike, Utc};

use super::checkin::{days_since_last, Need, Status};
use super::document::Document;
use super::record::Author;

/// Readings at or below this count as "feeling far apart".
pub const LOW: u8 = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Set up the couple first.
    Welcome,
    /// An answer was begun and not yet saved.
    ResumeCheckIn { who: Author },
    /// One partner answered; the other's turn is open.
    FinishCheckIn { waiting_for: Author },
    /// A conversation to pick up: the partner's reply, a pause that is over,
    /// one left part-way, or a "not now" offered again. `text` is worded for
    /// Home.
    Conversation { id: super::record::Id, text: String },
    /// No check-in yet, or none for a week.
    CheckIn { days: Option<i64> },
    /// The latest readings were low: the dilemma flow is for exactly this.
    TryDilemma,
    /// Someone most needed to feel appreciated: say what you appreciate.
    /// `alone`: the one partner using Hearth is the one who needs it.
    Appreciate { for_whom: Author, alone: bool },
    /// All is well: make room for time together; or, with a date already
    /// `planned`, a small gesture in the meantime.
    UsTime { planned: bool },
}

pub fn next_step(doc: &Document, now: DateTime<Utc>) -> NextStep {
    let Some(couple) = &doc.couple else {
        return NextStep::Welcome;
    };
    let solo = couple.is_solo();
    let c = &doc.checkins;
    // Alone, the partner's answer begun before "Just me for now" is theirs,
    // out of sight like their saved ones.
    if let Some(d) = c.shown_draft(solo) {
        return NextStep::ResumeCheckIn { who: d.who };
    }
    if let Some((_, waiting_for)) = c.waiting(solo) {
        return NextStep::FinishCheckIn { waiting_for };
    }
    if let Some((d, pending)) = doc.dilemmas.pending(now, solo) {
        let names = super::dilemma::Names::of(couple);
        return NextStep::Conversation {
            id: d.meta.id.clone(),
            text: pending.invitation(&names, d),
        };
    }
    let days = days_since_last(c, solo, now);
    if days.is_none_or(|d| d >= 7) {
        return NextStep::CheckIn { days };
    }
    let Some(latest) = c.live().rev().find(|ci| ci.status(solo) == Status::Revealed) else {
        return NextStep::CheckIn { days };
    };
    let partners: &[Author] = if solo {
        &[Author::A]
    } else {
        &[Author::A, Author::B]
    };
    let low = partners
        .iter()
        .all(|p| latest.answer(*p).is_none_or(|a| a.connection <= LOW))
        && partners.iter().any(|p| latest.answer(*p).is_some());
    if low {
        return NextStep::TryDilemma;
    }
    for p in partners {
        if latest
            .answer(*p)
            .is_some_and(|a| a.need == Some(Need::Appreciated))
        {
            let for_whom = match p {
                Author::A if !solo => Author::A,
                Author::B => Author::B,
                _ => Author::A,
            };
            return NextStep::Appreciate {
                for_whom,
                alone: solo,
            };
        }
    }
    NextStep::UsTime {
        planned: !doc.us_time.upcoming(now).is_empty(),
    }
}

/// How far back Home's rhythm line can look: a month, plus the widest time
/// zone, with room to spare.
const RHYTHM_REACH_DAYS: i64 = 62;

/// The records Home may read, drawn at `since` or at any later time, as long
/// as nothing is edited: the ones it must have before it is drawn. The rest
/// of ten years can follow while the browser is idle.
///
/// Over-generous on purpose, never short: a record that could matter later
/// without an edit (a pause that ends, a date that comes) is included now.
/// `everything` means Home may read any record (no couple yet, or too few
/// records to judge the backup reminder by part of them).
#[derive(Debug, Default)]
pub struct Reads<'a> {
    pub checkins: Vec<&'a super::checkin::CheckIn>,
    pub dilemmas: Vec<&'a super::dilemma::Dilemma>,
    pub gestures: Vec<&'a super::gestures::Gesture>,
    pub appreciations: Vec<&'a super::gestures::Appreciation>,
    pub plans: Vec<&'a super::us_time::Plan>,
    pub everything: bool,
}

pub fn reads(doc: &Document, since: DateTime<Utc>) -> Reads<'_> {
    let Some(couple) = &doc.couple else {
        return Reads {
            everything: true,
            ..Reads::default()
        };
    };
    let solo = couple.is_solo();
    let items = &doc.checkins.items;
    // From the older of each partner's latest shown answer on (`latest`,
    // `days_since_last`), and every turn still open (`waiting` looks back
    // as far as it must). By creation month, not by place in memory: read
    // back, records come in month order (an import may have kept another).
    // (`naive_utc`: already UTC, so no offset to go through; this runs over
    // every check-in on each save.)
    let month = |c: &super::checkin::CheckIn| {
        let at = c.meta.created_at.naive_utc();
        (at.year(), at.month())
    };
    let newest_shown = |who: Author| {
        items
            .iter()
            .filter(|c| !c.meta.deleted && c.status(solo) == Status::Revealed && c.answer(who).is_some())
            .map(month)
            .max()
    };
    let from = if solo {
        newest_shown(Author::A)
    } else {
        newest_shown(Author::A)
            .zip(newest_shown(Author::B))
            .map(|(a, b)| a.min(b))
    };
    let checkins = items
        .iter()
        .filter(|c| {
            !c.meta.deleted && (from.is_none_or(|f| month(c) >= f) || c.status(solo) != Status::Revealed)
        })
        .collect();
    // `since` may be the earliest time there is (a vault not opened yet).
    let rhythm_from = since
        .checked_sub_signed(chrono::Duration::days(RHYTHM_REACH_DAYS))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let reads = Reads {
        checkins,
        dilemmas: open_conversations(doc, since),
        // "Waiting for you" only says whether there is something: one of
        // each for each partner is enough.
        gestures: [Author::A, Author::B]
            .into_iter()
            .filter_map(|p| doc.gestures.live().rev().find(|g| g.to == p && g.to_notice()))
            .collect(),
        appreciations: [Author::A, Author::B]
            .into_iter()
            .filter_map(|by| {
                doc.gestures
                    .appreciations
                    .iter()
                    .rev()
                    .find(|a| a.meta.by == by && !a.meta.deleted && !a.private && a.seen_at.is_none())
            })
            .collect(),
        plans: doc
            .us_time
            .plans_live()
            .filter(|p| p.state == super::us_time::PlanState::Planned || p.start >= rhythm_from)
            .collect(),
        everything: false,
    };
    let held = reads.checkins.len()
        + reads.dilemmas.len()
        + reads.gestures.len()
        + reads.appreciations.len()
        + reads.plans.len();
    Reads {
        // The backup reminder waits for a few records: counted on part of
        // them, it could be missing at first and then appear.
        everything: held < super::backup::WORTH_KEEPING,
        ..reads
    }
}

/// The conversations Home may pick from (see [`super::dilemma::pending`]):
/// every one still open, except that of those a pause or a "not now" has
/// already made ready again by `since` (and so for good), only the one Home
/// would pick of each kind can matter.
fn open_conversations(doc: &Document, since: DateTime<Utc>) -> Vec<&super::dilemma::Dilemma> {
    use super::dilemma::{Dilemma, Status as Talk, OFFER_AGAIN_AFTER_DAYS};
    let mut out = Vec::new();
    let mut best: [Option<&Dilemma>; 2] = [None, None];
    for d in doc.dilemmas.live() {
        let ready = match d.status {
            Talk::Finished { .. } => continue,
            Talk::Paused { resume_after } => (resume_after <= since).then_some(0),
            Talk::NotNow { since: at } => at
                .checked_add_signed(chrono::Duration::days(OFFER_AGAIN_AFTER_DAYS))
                .is_some_and(|ready| ready <= since)
                .then_some(1),
            Talk::InProgress => None,
        };
        let Some(kind) = ready else {
            out.push(d);
            continue;
        };
        // Home's order within a kind: the most recently touched, then id.
        let key = |d: &Dilemma| (std::cmp::Reverse(d.meta.updated_at), d.meta.id.clone());
        if best[kind].is_none_or(|b| key(d) < key(b)) {
            best[kind] = Some(d);
        }
    }
    out.extend(best.into_iter().flatten());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::AnswerForm;
    use crate::domain::couple::Partner;
    use crate::domain::record::{Ctx, Id, Seeded};
    use chrono::Duration;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn partner(name: &str) -> Partner {
        Partner {
            name: name.into(),
            pronouns: String::new(),
        }
    }

    fn couple(ctx: &mut Ctx, solo: bool) -> Document {
        let mut doc = Document::default();
        let b = (!solo).then(|| partner("Alex"));
        doc.set_couple(ctx, partner("Sam"), b, vec![]);
        doc
    }

    fn turn(doc: &mut Document, ctx: &mut Ctx, who: Author, connection: u8, need: Option<Need>) -> Id {
        let solo = doc.couple.as_ref().unwrap().is_solo();
        doc.checkins.start(ctx, who, solo);
        doc.checkins
            .edit_draft(ctx, |f: &mut AnswerForm| {
                f.connection = Some(connection);
                f.need = need;
            })
            .unwrap();
        doc.checkins.submit(ctx).unwrap()
    }

    /// Saturday evening, so a week later crosses into another ISO week.
    const SAT: &str = "2026-02-28T21:30:00Z";

    #[test]
    fn welcome_until_there_is_a_couple() {
        assert_eq!(next_step(&Document::default(), t(SAT)), NextStep::Welcome);
    }

    #[test]
    fn an_unsaved_answer_comes_first_then_a_waiting_turn() {
        let t0 = t(SAT);
        let mut rng = Seeded(41);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, false);
        assert_eq!(next_step(&doc, t0), NextStep::CheckIn { days: None });

        doc.checkins.start(&mut ctx, Author::B, false);
        assert_eq!(next_step(&doc, t0), NextStep::ResumeCheckIn { who: Author::B });
        doc.checkins.discard_draft(&ctx);

        turn(&mut doc, &mut ctx, Author::B, 6, None);
        let later = t0 + Duration::days(3);
        assert_eq!(
            next_step(&doc, later),
            NextStep::FinishCheckIn {
                waiting_for: Author::A
            }
        );
        // A draft to finish it still counts as the answer being written.
        doc.checkins.start(&mut ctx, Author::A, false);
        assert_eq!(next_step(&doc, later), NextStep::ResumeCheckIn { who: Author::A });

        // Alone after "Just me for now": the partner's answer begun before
        // is not offered (the page keeps it out of sight too).
        doc.checkins.start(&mut ctx, Author::B, false);
        let sam = doc.couple.as_ref().unwrap().a.clone();
        doc.set_couple(&mut ctx, sam, None, vec![]);
        assert!(!matches!(next_step(&doc, later), NextStep::ResumeCheckIn { .. }));
    }

    #[test]
    fn check_in_again_after_a_week_across_the_week_boundary() {
        let t0 = t(SAT);
        let mut rng = Seeded(42);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, false);
        turn(&mut doc, &mut ctx, Author::A, 7, None);
        ctx.now = t0 + Duration::minutes(15);
        turn(&mut doc, &mut ctx, Author::B, 8, None);

        // Monday, in the next week, two days later: all is well.
        assert_eq!(
            next_step(&doc, t("2026-03-02T07:00:00Z")),
            NextStep::UsTime { planned: false }
        );
        // With a date on the calendar, not "plan us time" again: until it
        // has passed.
        let mut planned = doc.clone();
        let idea = planned
            .us_time
            .add_idea(&mut ctx, Author::A, "Dinner at the lake", Default::default())
            .unwrap();
        let at = t("2026-03-04T18:00:00Z");
        planned.us_time.plan(&mut ctx, &idea, at, 120, "").unwrap();
        let monday = t("2026-03-02T07:00:00Z");
        assert_eq!(next_step(&planned, monday), NextStep::UsTime { planned: true });
        assert_eq!(
            next_step(&planned, at + Duration::hours(3)),
            NextStep::UsTime { planned: false }
        );
        // A week from the check-in's last answer (Alex's, 15 minutes on).
        let last = t0 + Duration::minutes(15);
        assert_eq!(
            next_step(&doc, last + Duration::days(7) - Duration::seconds(1)),
            NextStep::UsTime { planned: false }
        );
        assert_eq!(
            next_step(&doc, last + Duration::days(7)),
            NextStep::CheckIn { days: Some(7) }
        );
        // The Sunday after next: eight days.
        assert_eq!(
            next_step(&doc, t("2026-03-08T22:00:00Z")),
            NextStep::CheckIn { days: Some(8) }
        );
    }

    #[test]
    fn low_readings_from_both_suggest_the_dilemma_flow() {
        let t0 = t(SAT);
        let mut rng = Seeded(43);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, false);
        turn(&mut doc, &mut ctx, Author::A, 9, Some(Need::Appreciated));
        turn(&mut doc, &mut ctx, Author::B, 9, None);
        ctx.now = t0 + Duration::days(2);
        turn(&mut doc, &mut ctx, Author::A, 4, Some(Need::Appreciated));
        turn(&mut doc, &mut ctx, Author::B, 3, None);
        let now = t0 + Duration::days(3);
        assert_eq!(next_step(&doc, now), NextStep::TryDilemma, "low wins over a need");

        // Only one of them low: not the dilemma.
        let id = doc.checkins.items[1].meta.id.clone();
        let form = AnswerForm {
            connection: Some(5),
            ..AnswerForm::default()
        };
        doc.checkins.edit_answer(&mut ctx, &id, Author::B, &form).unwrap();
        assert_eq!(
            next_step(&doc, now),
            NextStep::Appreciate {
                for_whom: Author::A,
                alone: false
            }
        );

        // One low answer, closed without the other's: the dilemma.
        ctx.now = t0 + Duration::days(4);
        let id = turn(&mut doc, &mut ctx, Author::B, 2, None);
        doc.checkins.close(&mut ctx, &id).unwrap();
        assert_eq!(next_step(&doc, t0 + Duration::days(5)), NextStep::TryDilemma);
    }

    #[test]
    fn a_need_to_feel_appreciated_suggests_appreciating_that_partner() {
        let t0 = t(SAT);
        let mut rng = Seeded(44);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, false);
        turn(&mut doc, &mut ctx, Author::A, 6, Some(Need::Understood));
        turn(&mut doc, &mut ctx, Author::B, 7, Some(Need::Appreciated));
        let now = t0 + Duration::days(1);
        assert_eq!(
            next_step(&doc, now),
            NextStep::Appreciate {
                for_whom: Author::B,
                alone: false
            }
        );
        // An older check-in's need does not count: only the latest.
        ctx.now = t0 + Duration::days(1);
        turn(&mut doc, &mut ctx, Author::A, 6, Some(Need::Prioritised));
        turn(&mut doc, &mut ctx, Author::B, 7, None);
        assert_eq!(
            next_step(&doc, now + Duration::hours(1)),
            NextStep::UsTime { planned: false }
        );
        // Deleting the latest brings the earlier one back.
        let latest = doc.checkins.items[1].meta.id.clone();
        doc.checkins.set_deleted(&mut ctx, &latest, true).unwrap();
        assert_eq!(
            next_step(&doc, now + Duration::hours(1)),
            NextStep::Appreciate {
                for_whom: Author::B,
                alone: false
            }
        );
    }

    #[test]
    fn alone_every_answer_counts_at_once() {
        let t0 = t(SAT);
        let mut rng = Seeded(45);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, true);
        assert_eq!(next_step(&doc, t0), NextStep::CheckIn { days: None });
        turn(&mut doc, &mut ctx, Author::A, 8, None);
        assert_eq!(
            next_step(&doc, t0 + Duration::hours(1)),
            NextStep::UsTime { planned: false }
        );
        ctx.now = t0 + Duration::days(1);
        turn(&mut doc, &mut ctx, Author::A, 8, Some(Need::Appreciated));
        assert_eq!(
            next_step(&doc, t0 + Duration::days(2)),
            NextStep::Appreciate {
                for_whom: Author::A,
                alone: true
            }
        );
        ctx.now = t0 + Duration::days(2);
        turn(&mut doc, &mut ctx, Author::A, 2, None);
        assert_eq!(next_step(&doc, t0 + Duration::days(3)), NextStep::TryDilemma);
        assert_eq!(
            next_step(&doc, t0 + Duration::days(10)),
            NextStep::CheckIn { days: Some(8) }
        );
    }

    #[test]
    fn a_partner_joining_later_does_not_reopen_answers_given_alone() {
        let t0 = t(SAT);
        let mut rng = Seeded(46);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = couple(&mut ctx, true);
        turn(&mut doc, &mut ctx, Author::A, 8, None);
        ctx.now = t0 + Duration::days(1);
        turn(&mut doc, &mut ctx, Author::A, 7, None);

        ctx.now = t0 + Duration::days(2);
        doc.set_couple(&mut ctx, partner("Sam"), Some(partner("Alex")), vec![]);
        assert!(doc.checkins.waiting(false).is_none());
        assert_eq!(
            next_step(&doc, t0 + Duration::days(2)),
            NextStep::UsTime { planned: false }
        );
        assert_eq!(doc.checkins.latest(Author::A, false).unwrap().connection, 7);
        let history = crate::domain::stats::series(&doc.checkins, Author::A, false, None);
        assert_eq!(history.len(), 2, "Sam's history still shows");

        // Alex's first answer starts a new check-in rather than completing
        // yesterday's.
        let before = doc.checkins.items.len();
        turn(&mut doc, &mut ctx, Author::B, 6, None);
        assert_eq!(doc.checkins.items.len(), before + 1);
        assert_eq!(
            next_step(&doc, t0 + Duration::days(2)),
            NextStep::FinishCheckIn {
                waiting_for: Author::A
            }
        );
    }
}
