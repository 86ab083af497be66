//! The whole of a couple's data: one value, saved as one versioned document.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::checkin::{CheckIns, CONNECTION_MAX, CONNECTION_MIN};
use super::couple::{Couple, Partner, Struggle};
use super::dilemma::Dilemmas;
use super::gestures::Gestures;
use super::record::Ctx;
use super::us_time::UsTime;

/// The schema this build writes. Bump it whenever a field is added, and add a
/// migration in `store::migrate`: an older build must never write over data
/// it does not understand (it opens a newer document read-only instead).
pub const SCHEMA: u32 = 7;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema: u32,
    /// `None` until the Welcome form has been completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub couple: Option<Couple>,
    /// When the couple last downloaded a backup (for a gentle reminder).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::dates::moment::option"
    )]
    pub last_backup_at: Option<DateTime<Utc>>,
    /// Until when the backup reminder is quieted ("Not now"; schema 6).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::dates::moment::option"
    )]
    pub backup_snoozed_until: Option<DateTime<Utc>>,
    /// Connection check-ins and the answer being written (schema 2).
    #[serde(default)]
    pub checkins: CheckIns,
    /// Gestures, own ideas and the appreciation journal (schema 3).
    #[serde(default)]
    pub gestures: Gestures,
    /// Connection-dilemma conversations (schema 4).
    #[serde(default)]
    pub dilemmas: Dilemmas,
    /// Us-time ideas, brainstorm rounds, votes, plans and rhythm (schema 5).
    #[serde(default)]
    pub us_time: UsTime,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            schema: SCHEMA,
            couple: None,
            last_backup_at: None,
            backup_snoozed_until: None,
            checkins: CheckIns::default(),
            gestures: Gestures::default(),
            dilemmas: Dilemmas::default(),
            us_time: UsTime::default(),
        }
    }
}

impl Document {
    /// True when there is something the couple would miss if it were lost.
    pub fn has_data(&self) -> bool {
        self.couple.is_some()
            || self.checkins.live().next().is_some()
            || self.gestures.live().next().is_some()
            || self.dilemmas.live().next().is_some()
            || self.us_time.ideas_live().next().is_some()
    }

    /// Saves the Welcome or Settings form: creates the couple the first time,
    /// edits it afterwards (keeping its id, so merges see one record).
    pub fn set_couple(&mut self, ctx: &mut Ctx, a: Partner, b: Option<Partner>, struggles: Vec<Struggle>) {
        match &mut self.couple {
            Some(c) => {
                if c.b.is_none() && b.is_some() {
                    // Answers given alone were complete when given: they must
                    // not start waiting for the partner who joins now.
                    self.checkins.items.update_where(
                        |ci| !ci.closed && !ci.meta.deleted && (ci.a.is_none() || ci.b.is_none()),
                        |ci| {
                            ci.closed = true;
                            ci.meta.touch(ctx.now);
                        },
                    );
                }
                c.a = a;
                c.b = b;
                c.struggles = struggles;
                c.meta.touch(ctx.now);
            }
            None => self.couple = Some(Couple::new(ctx, a, b, struggles)),
        }
    }

    /// A value Hearth never writes, said as a phrase for a message: names
    /// its form refuses, or a reading of how close one feels outside 1 to
    /// 10 (drawn off its scale). Only a hand-edited file holds one, so an
    /// import refuses it.
    pub fn odd_value(&self) -> Option<String> {
        // Names the names form would refuse: sentences are built from them,
        // and a backup from the other phone is matched up by them.
        if let Some(c) = &self.couple {
            if super::couple::NamesForm::from_couple(c).validate().is_err() {
                return Some(
                    "names Hearth\u{2019}s own form would not take: empty, the same for both, or too long"
                        .into(),
                );
            }
        }
        let mut odd = None;
        let mut see = |n: Option<u8>| {
            if let Some(n) = n.filter(|n| !(CONNECTION_MIN..=CONNECTION_MAX).contains(n)) {
                odd = Some(n);
            }
        };
        for c in self.checkins.items.iter() {
            see(c.a.as_ref().map(|a| a.connection));
            see(c.b.as_ref().map(|a| a.connection));
        }
        for d in self.dilemmas.items.iter() {
            see(d.closeness_a);
            see(d.closeness_b);
        }
        for p in self.us_time.plans.iter() {
            see(p.closeness_a);
            see(p.closeness_b);
        }
        let n = odd?;
        Some(format!(
            "a reading of {n}, where Hearth's go from {CONNECTION_MIN} to {CONNECTION_MAX}"
        ))
    }

    /// A short human list of what the document holds, used where the couple
    /// must know what a deletion or replacement would lose.
    pub fn inventory(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = &self.couple {
            out.push(format!("your names ({})", c.names()));
            if !c.struggles.is_empty() {
                out.push("what brings you here".into());
            }
        }
        // Every kind of record, as the import preview counts them.
        out.extend(super::backup::count_phrases(self));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Seeded;
    use chrono::Duration;

    #[test]
    fn set_couple_creates_once_then_edits_the_same_record() {
        let t0 = DateTime::parse_from_rfc3339("2026-05-01T09:00:00Z")
            .unwrap()
            .to_utc();
        let mut rng = Seeded(3);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut doc = Document::default();
        assert!(!doc.has_data());
        let sam = Partner {
            name: "Sam".into(),
            pronouns: String::new(),
        };
        doc.set_couple(&mut ctx, sam.clone(), None, vec![]);
        let id = doc.couple.as_ref().unwrap().meta.id.clone();
        ctx.now = t0 + Duration::hours(1);
        let alex = Partner {
            name: "Alex".into(),
            pronouns: "they/them".into(),
        };
        doc.set_couple(&mut ctx, sam, Some(alex), vec![Struggle::Money]);
        let c = doc.couple.as_ref().unwrap();
        assert_eq!(c.meta.id, id);
        assert_eq!(c.meta.created_at, t0);
        assert_eq!(c.meta.updated_at, t0 + Duration::hours(1));
        assert_eq!(c.names(), "Sam & Alex");
        assert_eq!(
            doc.inventory(),
            vec!["your names (Sam & Alex)", "what brings you here"]
        );
    }
}
