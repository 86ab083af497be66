//! Home's one suggested next step, chosen from the data. Worded as an
//! invitation, never as a reminder of something missed.

use chrono::{DateTime, Utc};

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
    /// No check-in yet, or none for a week.
    CheckIn { days: Option<i64> },
    /// The latest readings were low: the dilemma flow is for exactly this.
    TryDilemma,
    /// Someone most needed to feel appreciated: say what you appreciate.
    Appreciate { for_whom: Author },
    /// All is well: make room for time together.
    UsTime,
}

pub fn next_step(doc: &Document, now: DateTime<Utc>) -> NextStep {
    let Some(couple) = &doc.couple else {
        return NextStep::Welcome;
    };
    let solo = couple.is_solo();
    let c = &doc.checkins;
    if let Some(d) = &c.draft {
        return NextStep::ResumeCheckIn { who: d.who };
    }
    if let Some((_, waiting_for)) = c.waiting(solo) {
        return NextStep::FinishCheckIn { waiting_for };
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
            return NextStep::Appreciate { for_whom };
        }
    }
    NextStep::UsTime
}
