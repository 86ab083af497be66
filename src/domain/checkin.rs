//! The connection check-in: each partner, privately, says how connected they
//! feel, what they feel and which need is loudest. On one device the answers
//! stay hidden until both are in (or the check-in is closed as one person's).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::couple::FormError;
use super::feelings;
use super::record::{Author, Ctx, Id, Meta};

pub const CONNECTION_MIN: u8 = 1;
pub const CONNECTION_MAX: u8 = 10;
pub const NOTE_MAX: usize = 2000;
pub const FEELINGS_MAX: usize = 8;

/// The four needs couples most often say go unmet (the article's words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Prioritised,
    Appreciated,
    Respected,
    Understood,
}

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
            Need::Prioritised => "a priority",
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
    pub at: DateTime<Utc>,
    pub connection: u8,
    #[serde(default)]
    pub feelings: Vec<String>,
    #[serde(default)]
    pub need: Option<Need>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// An answer being written: what the form holds, saved as it changes so a
/// reload or a closed tab resumes exactly there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub connection: Option<u8>,
    #[serde(default)]
    pub feelings: Vec<String>,
    #[serde(default)]
    pub need: Option<Need>,
    #[serde(default)]
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
                message: format!("Please keep the note to {NOTE_MAX} characters or fewer."),
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
    #[serde(default)]
    pub a: Option<Answer>,
    #[serde(default)]
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
    #[serde(default)]
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
    pub items: Vec<CheckIn>,
    #[serde(default)]
    pub draft: Option<CheckInDraft>,
}

impl CheckIns {
    /// Live (not deleted) check-ins, oldest first.
    pub fn live(&self) -> impl DoubleEndedIterator<Item = &CheckIn> {
        self.items.iter().filter(|c| !c.meta.deleted)
    }

    pub fn get(&self, id: &Id) -> Option<&CheckIn> {
        self.items.iter().find(|c| &c.meta.id == id)
    }

    fn get_mut(&mut self, id: &Id) -> Option<&mut CheckIn> {
        self.items.iter_mut().find(|c| &c.meta.id == id)
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
        if let Some(d) = &self.draft {
            if d.who == who {
                return; // resume what was begun
            }
        }
        let completes = self
            .waiting(solo_couple)
            .filter(|(_, waiting_for)| *waiting_for == who)
            .map(|(c, _)| c.meta.id.clone());
        self.draft = Some(CheckInDraft {
            meta: Meta::new(ctx, who),
            who,
            completes,
            form: AnswerForm::default(),
        });
    }

    pub fn edit_draft(&mut self, ctx: &mut Ctx, f: impl FnOnce(&mut AnswerForm)) -> Result<(), CheckInError> {
        let d = self.draft.as_mut().ok_or(CheckInError::NoDraft)?;
        f(&mut d.form);
        d.meta.touch(ctx.now);
        Ok(())
    }

    pub fn discard_draft(&mut self) {
        self.draft = None;
    }

    /// Saves the draft as an answer. Returns the check-in it went into.
    pub fn submit(&mut self, ctx: &mut Ctx) -> Result<Id, CheckInError> {
        let d = self.draft.as_ref().ok_or(CheckInError::NoDraft)?;
        let answer = d.form.validate(ctx.now).map_err(CheckInError::Form)?;
        let who = d.who;
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
                    meta: Meta::new(ctx, who),
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
        self.draft = None;
        Ok(id)
    }

    /// Finishes a waiting check-in with the one answer it has.
    pub fn close(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), CheckInError> {
        let c = self.get_mut(id).ok_or(CheckInError::NotFound)?;
        c.closed = true;
        c.meta.touch(ctx.now);
        if self
            .draft
            .as_ref()
            .is_some_and(|d| d.completes.as_ref() == Some(id))
        {
            self.draft = None;
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

/// How long since the last revealed check-in (for the next step).
pub fn days_since_last(items: &CheckIns, solo_couple: bool, now: DateTime<Utc>) -> Option<i64> {
    items
        .live()
        .rev()
        .find(|c| c.status(solo_couple) == Status::Revealed)
        .map(|c| (now - c.at()).num_days())
}
