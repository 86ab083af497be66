//! The connection check-in: each partner, privately, says how connected they
//! feel, what they feel and which need is loudest. On one device the answers
//! stay hidden until both are in (or the check-in is closed as one person's).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::couple::FormError;
use super::feelings;
use super::figures::keep_to;
use super::record::{Author, Ctx, Id, Meta, Records};

pub const CONNECTION_MIN: u8 = 1;
pub const CONNECTION_MAX: u8 = 10;
pub const NOTE_MAX: usize = 2000;
pub const FEELINGS_MAX: usize = 8;

/// The four needs couples most often say go unmet (the article's words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Prioritised,
    Appreciated,
    Respected,
    Understood,
}
super::record::unit_enum_deserialize!(Need {
    Prioritised = "prioritised",
    Appreciated = "appreciated",
    Respected = "respected",
    Understood = "understood",
});

impl Need {
    pub const ALL: [Need; 4] = [
        Need::Prioritised,
        Need::Appreciated,
        Need::Respected,
        Need::Understood,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Need::Prioritised => "prioritised",
            Need::Appreciated => "appreciated",
            Need::Respected => "respected",
            Need::Understood => "understood",
        }
    }

    /// "I most need to feel …"
    pub fn label(self) -> &'static str {
        match self {
            Need::Prioritised => "prioritised",
            Need::Appreciated => "appreciated",
            Need::Respected => "respected",
            Need::Understood => "understood",
        }
    }
}

/// Words for a connection reading, so it is never a bare number.
pub fn connection_words(n: u8) -> &'static str {
    match n {
        0..=2 => "far apart",
        3..=4 => "a little distant",
        5..=6 => "somewhere in between",
        7..=8 => "fairly close",
        _ => "very close",
    }
}

/// One partner's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(with = "super::dates::moment")]
    pub at: DateTime<Utc>,
    pub connection: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feelings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// An answer being written: what the form holds, saved as it changes so a
/// reload or a closed tab resumes exactly there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feelings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl AnswerForm {
    pub fn from_answer(a: &Answer) -> Self {
        AnswerForm {
            connection: Some(a.connection),
            feelings: a.feelings.clone(),
            need: a.need,
            note: a.note.clone(),
        }
    }

    pub fn toggle_feeling(&mut self, key: &str) {
        if let Some(i) = self.feelings.iter().position(|f| f == key) {
            self.feelings.remove(i);
        } else if feelings::is_known(key) && self.feelings.len() < FEELINGS_MAX {
            self.feelings.push(key.to_string());
        }
    }

    /// Checks the form; `at` is when the answer is given.
    pub fn validate(&self, at: DateTime<Utc>) -> Result<Answer, Vec<FormError>> {
        let mut errors = Vec::new();
        let connection = match self.connection {
            Some(n) if (CONNECTION_MIN..=CONNECTION_MAX).contains(&n) => n,
            _ => {
                errors.push(FormError {
                    field: "connection",
                    message:
                        "Choose how connected you feel right now, from 1 (far apart) to 10 (very close)."
                            .into(),
                });
                0
            }
        };
        let note = self.note.trim().to_string();
        if note.chars().count() > NOTE_MAX {
            errors.push(FormError {
                field: "note",
                message: keep_to("the note", NOTE_MAX),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut seen = Vec::new();
        for f in &self.feelings {
            if !seen.contains(f) {
                seen.push(f.clone());
            }
        }
        Ok(Answer {
            at,
            connection,
            feelings: seen,
            need: self.need,
            note,
        })
    }
}

/// A check-in: up to one answer from each partner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub meta: Meta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Answer>,
    /// Finished with one answer: the other partner was away or chose not to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// Where a check-in stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// One partner has answered; the other's turn is still open.
    Waiting { answered: Author, waiting_for: Author },
    /// Both answered, or one answered and it was closed (or the couple is
    /// one person for now): the answers can be shown.
    Revealed,
}

impl CheckIn {
    pub fn answer(&self, who: Author) -> Option<&Answer> {
        match who {
            Author::A => self.a.as_ref(),
            Author::B => self.b.as_ref(),
            Author::Both => None,
        }
    }

    fn slot(&mut self, who: Author) -> Option<&mut Option<Answer>> {
        match who {
            Author::A => Some(&mut self.a),
            Author::B => Some(&mut self.b),
            Author::Both => None,
        }
    }

    pub fn status(&self, solo_couple: bool) -> Status {
        match (&self.a, &self.b) {
            (Some(_), None) if !self.closed && !solo_couple => Status::Waiting {
                answered: Author::A,
                waiting_for: Author::B,
            },
            (None, Some(_)) if !self.closed && !solo_couple => Status::Waiting {
                answered: Author::B,
                waiting_for: Author::A,
            },
            _ => Status::Revealed,
        }
    }

    /// When the check-in happened: its first answer.
    pub fn at(&self) -> DateTime<Utc> {
        match (&self.a, &self.b) {
            (Some(a), Some(b)) => a.at.min(b.at),
            (Some(x), None) | (None, Some(x)) => x.at,
            (None, None) => self.meta.created_at,
        }
    }

    /// Feelings both partners named: something they share.
    pub fn shared_feelings(&self) -> Vec<String> {
        match (&self.a, &self.b) {
            (Some(a), Some(b)) => a
                .feelings
                .iter()
                .filter(|f| b.feelings.contains(f))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The answer a partner is writing right now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInDraft {
    pub meta: Meta,
    /// Who is answering (A or B).
    pub who: Author,
    /// The waiting check-in this answer completes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completes: Option<Id>,
    #[serde(default)]
    pub form: AnswerForm,
}

/// Why a check-in action could not be done, for a clear message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckInError {
    Form(Vec<FormError>),
    NoDraft,
    NotFound,
}

/// The check-in collection and its draft, as they live in the document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIns {
    #[serde(default)]
    pub items: Records<CheckIn>,
    /// The answer being written. Once it is saved or put away it stays as a
    /// tombstone (deleted, its words cleared), so that a copy still holding
    /// it (another window, a save still being sealed, a backup) cannot bring
    /// it back in a merge and have it saved twice; a copy typed on after
    /// that wins the merge, and is still known as saved. Read it through
    /// [`CheckIns::current_draft`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<CheckInDraft>,
}

impl CheckIns {
    /// The answer being written, if there is one. A draft already given as
    /// an answer is not one, even when a copy that never heard so (a window
    /// brought back from the browser's history, typed on) made it the newer
    /// draft in a merge: else the same answer could be saved twice.
    pub fn current_draft(&self) -> Option<&CheckInDraft> {
        self.draft
            .as_ref()
            .filter(|d| !d.meta.deleted && !self.answered(d))
    }

    /// The answer being written, unless it is the hidden partner's: alone
    /// after "Just me for now", theirs stays out of sight (`Author::shown`),
    /// on Home and on the check-in page alike.
    pub fn shown_draft(&self, solo_couple: bool) -> Option<&CheckInDraft> {
        self.current_draft().filter(|d| d.who.shown(solo_couple))
    }

    /// Whether `d` was saved: the check-in it began carries its id, or the
    /// one it completes holds its partner's answer, given after it began.
    fn answered(&self, d: &CheckInDraft) -> bool {
        let began = d.meta.created_at;
        let completed = d
            .completes
            .as_ref()
            .and_then(|id| self.get(id))
            .and_then(|c| c.answer(d.who))
            .is_some_and(|a| a.at >= began);
        // A check-in it began was created after it: only the newest few are
        // looked at, not ten years of them.
        completed
            || self
                .items
                .iter()
                .rev()
                .take_while(|c| c.meta.created_at >= began)
                .any(|c| c.meta.id == d.meta.id)
    }

    /// Ends the draft: a tombstone newer than any copy of it (even one
    /// touched in this very millisecond), without its words.
    fn end_draft(&mut self, now: DateTime<Utc>) {
        if let Some(d) = self.draft.as_mut().filter(|d| !d.meta.deleted) {
            d.meta.deleted = true;
            d.meta.touch(now);
            d.form = AnswerForm::default();
        }
    }

    /// Live (not deleted) check-ins, oldest first.
    pub fn live(&self) -> impl DoubleEndedIterator<Item = &CheckIn> {
        self.items.iter().filter(|c| !c.meta.deleted)
    }

    pub fn get(&self, id: &Id) -> Option<&CheckIn> {
        // Newest first: the one asked for is nearly always recent (the one
        // waiting, the one just saved), and the draft asks on every keystroke.
        self.items.iter().rev().find(|c| &c.meta.id == id)
    }

    fn get_mut(&mut self, id: &Id) -> Option<&mut CheckIn> {
        self.items.find_mut(|c| &c.meta.id == id)
    }

    /// The newest check-in still waiting for a partner's answer.
    pub fn waiting(&self, solo_couple: bool) -> Option<(&CheckIn, Author)> {
        self.live().rev().find_map(|c| match c.status(solo_couple) {
            Status::Waiting { waiting_for, .. } => Some((c, waiting_for)),
            Status::Revealed => None,
        })
    }

    /// The latest revealed answer of one partner.
    pub fn latest(&self, who: Author, solo_couple: bool) -> Option<&Answer> {
        self.live()
            .rev()
            .filter(|c| c.status(solo_couple) == Status::Revealed)
            .find_map(|c| c.answer(who))
    }

    /// Starts (or restarts) `who`'s answer. If a check-in is waiting for
    /// `who`, the answer will complete it.
    pub fn start(&mut self, ctx: &mut Ctx, who: Author, solo_couple: bool) {
        if let Some(d) = self.current_draft() {
            if d.who == who {
                return; // resume what was begun
            }
        }
        let completes = self
            .waiting(solo_couple)
            .filter(|(_, waiting_for)| *waiting_for == who)
            .map(|(c, _)| c.meta.id.clone());
        let mut meta = Meta::new(ctx, who);
        // Begun after the draft it replaces, even with the clock set back:
        // the one begun last is the one a merge keeps.
        if let Some(old) = &self.draft {
            let after = old.meta.updated_at + chrono::Duration::milliseconds(1);
            meta.created_at = meta.created_at.max(after);
            meta.updated_at = meta.created_at;
        }
        self.draft = Some(CheckInDraft {
            meta,
            who,
            completes,
            form: AnswerForm::default(),
        });
    }

    pub fn edit_draft(&mut self, ctx: &mut Ctx, f: impl FnOnce(&mut AnswerForm)) -> Result<(), CheckInError> {
        self.current_draft().ok_or(CheckInError::NoDraft)?;
        let d = self.draft.as_mut().ok_or(CheckInError::NoDraft)?;
        f(&mut d.form);
        d.meta.touch(ctx.now);
        Ok(())
    }

    pub fn discard_draft(&mut self, ctx: &Ctx) {
        self.end_draft(ctx.now);
    }

    /// Saves the draft as an answer. Returns the check-in it went into.
    pub fn submit(&mut self, ctx: &mut Ctx) -> Result<Id, CheckInError> {
        let d = self.current_draft().ok_or(CheckInError::NoDraft)?;
        // Never before the draft began, even with the clock set back since:
        // that order is how a copy of the draft is known as saved.
        let at = ctx.now.max(d.meta.created_at);
        let answer = d.form.validate(at).map_err(CheckInError::Form)?;
        let who = d.who;
        let draft_id = d.meta.id.clone();
        if self.get(&draft_id).is_some() {
            // Already a check-in (out of creation order, so not seen above).
            return Err(CheckInError::NoDraft);
        }
        let target = d.completes.clone().filter(|id| {
            self.get(id)
                .is_some_and(|c| !c.meta.deleted && !c.closed && c.answer(who).is_none())
        });
        let id = match target {
            Some(id) => {
                let now = ctx.now;
                if let Some(c) = self.get_mut(&id) {
                    if let Some(slot) = c.slot(who) {
                        *slot = Some(answer);
                    }
                    c.meta.by = Author::Both;
                    c.meta.touch(now);
                }
                id
            }
            None => {
                let mut c = CheckIn {
                    // The draft's id: how a copy of the draft that comes
                    // back in a merge is known as saved.
                    meta: Meta {
                        id: draft_id,
                        created_at: at,
                        updated_at: at,
                        by: who,
                        deleted: false,
                    },
                    a: None,
                    b: None,
                    closed: false,
                };
                if let Some(slot) = c.slot(who) {
                    *slot = Some(answer);
                }
                let id = c.meta.id.clone();
                self.items.push(c);
                id
            }
        };
        self.end_draft(ctx.now);
        Ok(id)
    }

    /// Finishes a waiting check-in with the one answer it has.
    pub fn close(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), CheckInError> {
        let c = self.get_mut(id).ok_or(CheckInError::NotFound)?;
        c.closed = true;
        c.meta.touch(ctx.now);
        if self
            .current_draft()
            .is_some_and(|d| d.completes.as_ref() == Some(id))
        {
            self.end_draft(ctx.now);
        }
        Ok(())
    }

    /// Replaces one partner's answer (keeping when it was first given).
    pub fn edit_answer(
        &mut self,
        ctx: &mut Ctx,
        id: &Id,
        who: Author,
        form: &AnswerForm,
    ) -> Result<(), CheckInError> {
        let c = self.get_mut(id).ok_or(CheckInError::NotFound)?;
        let at = c.answer(who).map(|a| a.at).unwrap_or(ctx.now);
        let answer = form.validate(at).map_err(CheckInError::Form)?;
        if let Some(slot) = c.slot(who) {
            *slot = Some(answer);
        }
        c.meta.touch(ctx.now);
        Ok(())
    }

    /// Deletes (as a tombstone, so a merge does not bring it back) or, with
    /// `deleted = false`, undoes that.
    pub fn set_deleted(&mut self, ctx: &mut Ctx, id: &Id, deleted: bool) -> Result<(), CheckInError> {
        let c = self.get_mut(id).ok_or(CheckInError::NotFound)?;
        c.meta.deleted = deleted;
        c.meta.touch(ctx.now);
        Ok(())
    }
}

/// How long since the last revealed check-in (for the next step), from
/// its latest answer: one finished today after a week's wait is today's.
pub fn days_since_last(items: &CheckIns, solo_couple: bool, now: DateTime<Utc>) -> Option<i64> {
    items
        .live()
        .rev()
        .find(|c| c.status(solo_couple) == Status::Revealed)
        .map(|c| {
            let last =
                c.a.iter()
                    .chain(&c.b)
                    .map(|x| x.at)
                    .max()
                    .unwrap_or_else(|| c.at());
            (now - last).num_days()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Seeded;
    use chrono::Duration;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn form(connection: u8, feelings: &[&str], need: Option<Need>, note: &str) -> AnswerForm {
        AnswerForm {
            connection: Some(connection),
            feelings: feelings.iter().map(|f| f.to_string()).collect(),
            need,
            note: note.into(),
        }
    }

    /// One partner's whole turn: start, fill in, save.
    fn answer(c: &mut CheckIns, ctx: &mut Ctx, who: Author, solo: bool, f: AnswerForm) -> Id {
        c.start(ctx, who, solo);
        c.edit_draft(ctx, |d| *d = f).unwrap();
        c.submit(ctx).unwrap()
    }

    fn fields(e: CheckInError) -> Vec<&'static str> {
        match e {
            CheckInError::Form(errs) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("expected form errors, got {other:?}"),
        }
    }

    #[test]
    fn answers_stay_hidden_until_both_are_in() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(11);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();

        let id = answer(&mut c, &mut ctx, Author::A, false, form(7, &["calm"], None, ""));
        assert!(c.current_draft().is_none(), "saving clears the draft");
        assert_eq!(c.items.len(), 1);
        assert_eq!(c.items[0].meta.by, Author::A);
        assert_eq!(
            c.items[0].status(false),
            Status::Waiting {
                answered: Author::A,
                waiting_for: Author::B
            }
        );
        let (w, waiting_for) = c.waiting(false).unwrap();
        assert_eq!((&w.meta.id, waiting_for), (&id, Author::B));
        assert!(c.latest(Author::A, false).is_none(), "not revealed yet");

        ctx.now = t0 + Duration::minutes(20);
        c.start(&mut ctx, Author::B, false);
        let d = c.current_draft().unwrap();
        assert_eq!((d.who, d.completes.as_ref()), (Author::B, Some(&id)));
        c.edit_draft(&mut ctx, |f| {
            *f = form(5, &["tired", "calm"], Some(Need::Understood), "")
        })
        .unwrap();
        assert_eq!(c.submit(&mut ctx).unwrap(), id);

        assert_eq!(c.items.len(), 1, "B's answer went into the same check-in");
        let ci = &c.items[0];
        assert_eq!(ci.status(false), Status::Revealed);
        assert_eq!(ci.meta.by, Author::Both);
        assert_eq!(ci.meta.created_at, t0);
        assert_eq!(ci.meta.updated_at, t0 + Duration::minutes(20));
        assert_eq!(ci.a.as_ref().unwrap().connection, 7);
        assert_eq!(ci.b.as_ref().unwrap().connection, 5);
        assert_eq!(ci.b.as_ref().unwrap().at, t0 + Duration::minutes(20));
        assert_eq!(ci.at(), t0, "a check-in happened when it began");
        assert!(c.waiting(false).is_none());
        assert_eq!(c.latest(Author::B, false).unwrap().need, Some(Need::Understood));
        assert_eq!(ci.shared_feelings(), vec!["calm".to_string()]);
    }

    #[test]
    fn b_can_go_first_and_a_completes() {
        let mut rng = Seeded(12);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-03-01T21:00:00Z"), &mut gen);
        let mut c = CheckIns::default();
        let id = answer(&mut c, &mut ctx, Author::B, false, form(3, &[], None, ""));
        assert_eq!(
            c.items[0].status(false),
            Status::Waiting {
                answered: Author::B,
                waiting_for: Author::A
            }
        );
        assert_eq!(
            answer(&mut c, &mut ctx, Author::A, false, form(4, &[], None, "")),
            id
        );
        assert_eq!(c.items.len(), 1);
        assert_eq!(c.items[0].status(false), Status::Revealed);
    }

    #[test]
    fn a_solo_couple_sees_an_answer_at_once() {
        let mut rng = Seeded(13);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-03-01T08:00:00Z"), &mut gen);
        let mut c = CheckIns::default();
        answer(&mut c, &mut ctx, Author::A, true, form(6, &[], None, ""));
        assert_eq!(c.items[0].status(true), Status::Revealed);
        assert!(c.waiting(true).is_none());
        assert_eq!(c.latest(Author::A, true).unwrap().connection, 6);
        // The same data seen by a couple of two would be waiting.
        assert!(c.waiting(false).is_some());
        assert!(c.items[0].shared_feelings().is_empty());
    }

    #[test]
    fn closing_reveals_and_drops_the_draft_that_would_complete_it() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(14);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        let id = answer(&mut c, &mut ctx, Author::A, false, form(8, &[], None, ""));
        c.start(&mut ctx, Author::B, false);
        assert_eq!(c.current_draft().unwrap().completes.as_ref(), Some(&id));

        ctx.now = t0 + Duration::hours(3);
        c.close(&mut ctx, &id).unwrap();
        assert!(c.current_draft().is_none());
        let ci = c.get(&id).unwrap();
        assert!(ci.closed);
        assert_eq!(ci.status(false), Status::Revealed);
        assert_eq!(ci.meta.updated_at, t0 + Duration::hours(3));
        assert!(c.waiting(false).is_none());
        assert_eq!(c.latest(Author::A, false).unwrap().connection, 8);
        assert!(c.latest(Author::B, false).is_none());

        // A draft for a new check-in is not touched by closing another.
        let other = answer(&mut c, &mut ctx, Author::A, false, form(5, &[], None, ""));
        c.start(&mut ctx, Author::A, false);
        assert!(c.current_draft().unwrap().completes.is_none());
        c.close(&mut ctx, &other).unwrap();
        assert!(c.current_draft().is_some());

        let missing = Id("0".repeat(32));
        assert_eq!(c.close(&mut ctx, &missing), Err(CheckInError::NotFound));
    }

    #[test]
    fn an_answer_for_a_closed_check_in_starts_a_new_one() {
        let mut rng = Seeded(15);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-03-01T08:00:00Z"), &mut gen);
        let mut c = CheckIns::default();
        let id = answer(&mut c, &mut ctx, Author::A, false, form(8, &[], None, ""));
        c.start(&mut ctx, Author::B, false);
        // Closed meanwhile (say, in another tab), keeping B's draft.
        c.items[0].closed = true;
        c.edit_draft(&mut ctx, |f| f.connection = Some(2)).unwrap();
        let new = c.submit(&mut ctx).unwrap();
        assert_ne!(new, id);
        assert_eq!(c.items.len(), 2);
        assert!(c.get(&id).unwrap().b.is_none());
        assert_eq!(c.get(&new).unwrap().b.as_ref().unwrap().connection, 2);
    }

    #[test]
    fn starting_again_resumes_the_same_draft() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(16);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        c.start(&mut ctx, Author::A, false);
        let draft_id = c.current_draft().unwrap().meta.id.clone();
        ctx.now = t0 + Duration::minutes(2);
        c.edit_draft(&mut ctx, |f| {
            f.connection = Some(9);
            f.note = "half written".into();
        })
        .unwrap();
        ctx.now = t0 + Duration::minutes(30);
        c.start(&mut ctx, Author::A, false);
        let d = c.current_draft().unwrap();
        assert_eq!(d.meta.id, draft_id);
        assert_eq!(d.form.connection, Some(9));
        assert_eq!(d.form.note, "half written");
        assert_eq!(d.meta.updated_at, t0 + Duration::minutes(2));
        assert!(c.items.is_empty());

        c.discard_draft(&ctx);
        assert!(c.current_draft().is_none());
        assert_eq!(c.edit_draft(&mut ctx, |_| {}), Err(CheckInError::NoDraft));
        assert_eq!(c.submit(&mut ctx), Err(CheckInError::NoDraft));
    }

    #[test]
    fn invalid_answers_name_the_field_and_keep_the_draft() {
        let at = t("2026-03-01T08:00:00Z");
        let mut missing = form(5, &[], None, "");
        missing.connection = None;
        assert_eq!(
            fields(CheckInError::Form(missing.validate(at).unwrap_err())),
            ["connection"]
        );
        for bad in [0, 11, 255] {
            let errs = form(bad, &[], None, "").validate(at).unwrap_err();
            assert_eq!(errs[0].field, "connection", "{bad}");
            assert!(errs[0].message.contains("1 (far apart) to 10"));
        }
        for ok in [CONNECTION_MIN, CONNECTION_MAX] {
            assert_eq!(form(ok, &[], None, "").validate(at).unwrap().connection, ok);
        }

        let long = "é".repeat(NOTE_MAX + 1);
        let errs = form(5, &[], None, &long).validate(at).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "note");
        assert!(errs[0].message.contains("2,000 characters"));
        // Characters, not bytes, and surrounding space does not count.
        let at_limit = format!("  {}\n", "é".repeat(NOTE_MAX));
        let ok = form(5, &[], None, &at_limit).validate(at).unwrap();
        assert_eq!(ok.note.chars().count(), NOTE_MAX);

        let mut both = form(0, &[], None, &long);
        both.connection = None;
        let errs = both.validate(at).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["connection", "note"]
        );

        let mut rng = Seeded(17);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut c = CheckIns::default();
        c.start(&mut ctx, Author::A, false);
        c.edit_draft(&mut ctx, |f| f.connection = Some(11)).unwrap();
        assert_eq!(fields(c.submit(&mut ctx).unwrap_err()), ["connection"]);
        assert!(c.current_draft().is_some(), "the draft is kept to be corrected");
        assert!(c.items.is_empty());
    }

    #[test]
    fn a_valid_answer_is_trimmed_and_deduplicated() {
        let at = t("2026-03-01T08:00:00Z");
        let a = form(
            7,
            &["calm", "tired", "calm"],
            Some(Need::Respected),
            "  café <3 & more \n",
        )
        .validate(at)
        .unwrap();
        assert_eq!(a.at, at);
        assert_eq!(a.feelings, ["calm", "tired"]);
        assert_eq!(a.need, Some(Need::Respected));
        assert_eq!(a.note, "café <3 & more");
        assert_eq!(AnswerForm::from_answer(&a).validate(at).unwrap(), a);
    }

    #[test]
    fn feelings_toggle_on_and_off_known_keys_only_up_to_the_cap() {
        let mut f = AnswerForm::default();
        f.toggle_feeling("not-a-feeling");
        assert!(f.feelings.is_empty());
        f.toggle_feeling("calm");
        f.toggle_feeling("tired");
        assert_eq!(f.feelings, ["calm", "tired"]);
        f.toggle_feeling("calm");
        assert_eq!(f.feelings, ["tired"]);

        let keys: Vec<&str> = feelings::FAMILIES
            .iter()
            .flat_map(|fam| fam.words.iter().map(|(k, _)| *k))
            .filter(|k| *k != "tired")
            .collect();
        for k in &keys {
            f.toggle_feeling(k);
        }
        assert_eq!(f.feelings.len(), FEELINGS_MAX);
        assert_eq!(f.feelings[0], "tired");
        assert_eq!(&f.feelings[1..], &keys[..FEELINGS_MAX - 1]);
        // At the cap a new one is ignored, but removing still works.
        let extra = keys[FEELINGS_MAX];
        f.toggle_feeling(extra);
        assert!(!f.feelings.iter().any(|x| x == extra));
        f.toggle_feeling("tired");
        assert_eq!(f.feelings.len(), FEELINGS_MAX - 1);
        f.toggle_feeling(extra);
        assert_eq!(f.feelings.last().map(String::as_str), Some(extra));
    }

    #[test]
    fn editing_an_answer_keeps_when_it_was_given() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(18);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        let id = answer(&mut c, &mut ctx, Author::A, false, form(4, &["sad"], None, ""));
        ctx.now = t0 + Duration::minutes(5);
        answer(&mut c, &mut ctx, Author::B, false, form(6, &[], None, ""));

        ctx.now = t0 + Duration::days(2);
        c.edit_answer(
            &mut ctx,
            &id,
            Author::A,
            &form(9, &["hopeful"], Some(Need::Appreciated), "better"),
        )
        .unwrap();
        let ci = c.get(&id).unwrap();
        let a = ci.a.as_ref().unwrap();
        assert_eq!(a.at, t0);
        assert_eq!((a.connection, a.note.as_str()), (9, "better"));
        assert_eq!(a.feelings, ["hopeful"]);
        assert_eq!(ci.meta.updated_at, t0 + Duration::days(2));
        assert_eq!(ci.meta.created_at, t0);
        assert_eq!(
            ci.b.as_ref().unwrap().connection,
            6,
            "the other answer is untouched"
        );

        let err = c
            .edit_answer(&mut ctx, &id, Author::A, &form(0, &[], None, ""))
            .unwrap_err();
        assert_eq!(fields(err), ["connection"]);
        assert_eq!(c.get(&id).unwrap().a.as_ref().unwrap().connection, 9, "unchanged");
        assert_eq!(
            c.edit_answer(&mut ctx, &Id("f".repeat(32)), Author::A, &form(5, &[], None, "")),
            Err(CheckInError::NotFound)
        );
    }

    #[test]
    fn deleting_hides_everywhere_and_undo_brings_it_back() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(19);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        let first = answer(&mut c, &mut ctx, Author::A, false, form(3, &[], None, ""));
        answer(&mut c, &mut ctx, Author::B, false, form(4, &[], None, ""));
        ctx.now = t0 + Duration::days(1);
        let second = answer(&mut c, &mut ctx, Author::A, false, form(8, &[], None, ""));
        ctx.now = t0 + Duration::days(1) + Duration::minutes(10);
        answer(&mut c, &mut ctx, Author::B, false, form(9, &[], None, ""));
        ctx.now = t0 + Duration::days(2);
        let third = answer(&mut c, &mut ctx, Author::A, false, form(6, &[], None, ""));
        assert_eq!(c.waiting(false).unwrap().0.meta.id, third);
        assert_eq!(c.latest(Author::A, false).unwrap().connection, 8);

        ctx.now = t0 + Duration::days(3);
        c.set_deleted(&mut ctx, &third, true).unwrap();
        c.set_deleted(&mut ctx, &second, true).unwrap();
        assert_eq!(c.items.len(), 3, "kept as tombstones");
        assert!(c.get(&second).unwrap().meta.deleted);
        assert_eq!(c.get(&second).unwrap().meta.updated_at, t0 + Duration::days(3));
        assert_eq!(c.live().map(|ci| &ci.meta.id).collect::<Vec<_>>(), [&first]);
        assert!(c.waiting(false).is_none());
        assert_eq!(c.latest(Author::A, false).unwrap().connection, 3);
        assert_eq!(c.latest(Author::B, false).unwrap().connection, 4);
        // From the later of its answers (Alex's, a moment after Sam's).
        assert_eq!(
            days_since_last(&c, false, t0 + Duration::days(3) + Duration::minutes(1)),
            Some(3)
        );

        ctx.now = t0 + Duration::days(3) + Duration::seconds(5);
        c.set_deleted(&mut ctx, &second, false).unwrap();
        c.set_deleted(&mut ctx, &third, false).unwrap();
        assert_eq!(c.live().count(), 3);
        assert!(!c.get(&second).unwrap().meta.deleted);
        assert_eq!(c.latest(Author::A, false).unwrap().connection, 8);
        assert_eq!(c.waiting(false).unwrap().0.meta.id, third);
        assert_eq!(
            c.set_deleted(&mut ctx, &Id("e".repeat(32)), true),
            Err(CheckInError::NotFound)
        );
    }

    #[test]
    fn a_draft_does_not_complete_a_deleted_check_in() {
        let mut rng = Seeded(20);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-03-01T08:00:00Z"), &mut gen);
        let mut c = CheckIns::default();
        let id = answer(&mut c, &mut ctx, Author::A, false, form(5, &[], None, ""));
        c.start(&mut ctx, Author::B, false);
        c.set_deleted(&mut ctx, &id, true).unwrap();
        c.edit_draft(&mut ctx, |f| f.connection = Some(7)).unwrap();
        let new = c.submit(&mut ctx).unwrap();
        assert_ne!(new, id);
        assert!(c.get(&id).unwrap().b.is_none());
    }

    #[test]
    fn shared_feelings_are_those_both_named_in_a_order() {
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(21);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut ci = CheckIn {
            meta: Meta::new(&mut ctx, Author::Both),
            a: Some(
                form(5, &["tired", "calm", "hopeful"], None, "")
                    .validate(at)
                    .unwrap(),
            ),
            b: Some(
                form(5, &["hopeful", "sad", "tired"], None, "")
                    .validate(at)
                    .unwrap(),
            ),
            closed: false,
        };
        assert_eq!(ci.shared_feelings(), ["tired", "hopeful"]);
        ci.b.as_mut().unwrap().feelings.clear();
        assert!(ci.shared_feelings().is_empty());
        ci.b = None;
        assert!(ci.shared_feelings().is_empty());
    }

    #[test]
    fn days_since_last_counts_whole_days_from_the_last_revealed_check_in() {
        let t0 = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(22);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut c = CheckIns::default();
        assert_eq!(days_since_last(&c, false, t0), None);
        answer(&mut c, &mut ctx, Author::A, false, form(5, &[], None, ""));
        assert_eq!(
            days_since_last(&c, false, t0 + Duration::days(9)),
            None,
            "still waiting"
        );
        assert_eq!(days_since_last(&c, true, t0 + Duration::days(9)), Some(9));
        assert_eq!(
            days_since_last(&c, true, t0 + Duration::days(7) - Duration::seconds(1)),
            Some(6)
        );
        // Alex answers eight days later: the check-in is today's, not a
        // week old the moment it is finished.
        ctx.now = t0 + Duration::days(8);
        answer(&mut c, &mut ctx, Author::B, false, form(6, &[], None, ""));
        assert_eq!(days_since_last(&c, false, t0 + Duration::days(8)), Some(0));
    }

    #[test]
    fn need_keys_match_their_serde_names_and_words_cover_the_scale() {
        for n in Need::ALL {
            assert_eq!(serde_json::to_string(&n).unwrap(), format!("\"{}\"", n.key()));
        }
        assert_eq!(connection_words(1), "far apart");
        assert_eq!(connection_words(4), "a little distant");
        assert_eq!(connection_words(6), "somewhere in between");
        assert_eq!(connection_words(8), "fairly close");
        assert_eq!(connection_words(10), "very close");
    }
}
