//! Merging two copies of the couple's data (another tab, later another
//! device or a backup) record by record: the newer `updated_at` wins, and a
//! deletion is a change like any other, but a partner's half that is never
//! taken back once given (an answer, a reflection, a gesture noticed, an
//! appreciation read) is kept from the other copy when the newer lacks it
//! ([`Record::keeping`]): the two halves were often given on two phones.
//! The merge is commutative, associative and idempotent, so the order in
//! which copies meet does not matter.

use std::sync::Arc;

use serde::Serialize;

use super::checkin::{CheckIn, CheckInDraft, CheckIns};
use super::couple::Couple;
use super::dilemma::{Dilemma, Dilemmas};
use super::document::Document;
use super::gestures::{Appreciation, Gesture, Gestures, OwnIdea};
use super::record::{Meta, Records};
use super::us_time::{self, Plan, Rhythm, Round, UsTime, Vote};

/// Records that carry [`Meta`].
pub trait Record: Clone + PartialEq + Serialize {
    fn meta(&self) -> &Meta;

    /// This version with what `other`, another version of the record,
    /// holds of a partner's half that this one lacks, when there is any:
    /// only halves the domain never takes back once given, so none that was
    /// cleared on purpose comes back (two tabs merge on every save).
    fn keeping(&self, _other: &Self) -> Option<Self> {
        None
    }

    /// This version without those halves, when it has any: what a tie is
    /// broken on, so that a half kept or not never decides which wins.
    fn bare(&self) -> Option<Self> {
        None
    }
}

/// Whether `mine` lacks a half that `theirs` holds.
fn lacks<H>(mine: &Option<H>, theirs: &Option<H>) -> bool {
    mine.is_none() && theirs.is_some()
}

fn fill<H: Clone>(mine: &mut Option<H>, theirs: &Option<H>) {
    if mine.is_none() {
        mine.clone_from(theirs);
    }
}

impl Record for Couple {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

/// Records with a half for each partner, `$a` and `$b`, each kept on its
/// own (see [`Record::keeping`]).
macro_rules! two_halves {
    ($($t:ident: $a:ident, $b:ident;)*) => {$(
        impl Record for $t {
            fn meta(&self) -> &Meta {
                &self.meta
            }
            fn bare(&self) -> Option<Self> {
                (self.$a.is_some() || self.$b.is_some()).then(|| $t {
                    $a: None,
                    $b: None,
                    ..self.clone()
                })
            }
            fn keeping(&self, o: &Self) -> Option<Self> {
                (lacks(&self.$a, &o.$a) || lacks(&self.$b, &o.$b)).then(|| {
                    let mut r = self.clone();
                    fill(&mut r.$a, &o.$a);
                    fill(&mut r.$b, &o.$b);
                    r
                })
            }
        }
    )*};
}

two_halves! {
    // An answer once saved is edited, never taken away (`CheckIns::submit`,
    // `edit_answer`): one partner's, given on their phone while the other
    // closed the check-in on theirs, stays.
    CheckIn: a, b;
    // How close each felt at the end: `set_closeness` changes a number,
    // never clears it, and Back keeps it.
    Dilemma: closeness_a, closeness_b;
}

macro_rules! records {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn meta(&self) -> &Meta {
                &self.meta
            }
        }
    )*};
}

records!(us_time::Idea, Round, Vote, Rhythm);

/// "How was it?": each partner's reflection is saved whole by `reflect`
/// (closeness, and what they loved with it), never cleared.
impl Record for Plan {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn bare(&self) -> Option<Self> {
        (self.closeness_a.is_some() || self.closeness_b.is_some()).then(|| Plan {
            closeness_a: None,
            closeness_b: None,
            loved_a: String::new(),
            loved_b: String::new(),
            ..self.clone()
        })
    }
    fn keeping(&self, o: &Self) -> Option<Self> {
        let (a, b) = (
            lacks(&self.closeness_a, &o.closeness_a),
            lacks(&self.closeness_b, &o.closeness_b),
        );
        (a || b).then(|| {
            let mut p = self.clone();
            if a {
                (p.closeness_a, p.loved_a) = (o.closeness_a, o.loved_a.clone());
            }
            if b {
                (p.closeness_b, p.loved_b) = (o.closeness_b, o.loved_b.clone());
            }
            p
        })
    }
}

/// "I noticed" is said once, with its word back, and never unsaid.
impl Record for Gesture {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn bare(&self) -> Option<Self> {
        self.noticed.is_some().then(|| Gesture {
            noticed: None,
            ..self.clone()
        })
    }
    fn keeping(&self, o: &Self) -> Option<Self> {
        lacks(&self.noticed, &o.noticed).then(|| {
            let mut g = self.clone();
            g.noticed.clone_from(&o.noticed);
            g
        })
    }
}

impl Record for OwnIdea {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

/// Read stays read: the first time it was opened, on either copy (opening
/// it is no edit, so it does not make a copy newer than a removal).
impl Record for Appreciation {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn bare(&self) -> Option<Self> {
        self.seen_at.is_some().then(|| Appreciation {
            seen_at: None,
            ..self.clone()
        })
    }
    fn keeping(&self, o: &Self) -> Option<Self> {
        let first = o.seen_at.filter(|t| self.seen_at.is_none_or(|s| t < &s))?;
        let mut a = self.clone();
        a.seen_at = Some(first);
        Some(a)
    }
}

impl Record for CheckInDraft {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

/// Picks the winner of two versions of the same record. Equal timestamps with
/// different contents are broken by the serialised form, so that both sides
/// pick the same one whatever the order.
pub fn newer<'a, T: Record>(x: &'a T, y: &'a T) -> &'a T {
    use std::cmp::Ordering::*;
    match x.meta().updated_at.cmp(&y.meta().updated_at) {
        Greater => x,
        Less => y,
        // The same record on both sides (a backup brought back into the
        // copy it came from): what the texts would say, without writing
        // both out.
        Equal if x == y => x,
        Equal => {
            let text = |r: &T| serde_json::to_string(r).unwrap_or_default();
            let bare = |r: &T| r.bare().map_or_else(|| text(r), |b| text(&b));
            // Without the halves first (see `pick`), then as they are.
            if (bare(x), text(x)) >= (bare(y), text(y)) {
                x
            } else {
                y
            }
        }
    }
}

fn merge_one<T: Record>(x: &Option<T>, y: &Option<T>) -> Option<T> {
    match (x, y) {
        (Some(x), Some(y)) => Some(newer(x, y).clone()),
        (Some(v), None) | (None, Some(v)) => Some(v.clone()),
        (None, None) => None,
    }
}

/// The one answer being written: the one begun last, and of two copies of
/// the same one, the newer edit. (By edits alone, a window that never heard
/// a draft was saved, typing on in it, would push out an answer begun since
/// in a window that did.) An order by (begun, edited), so the merge stays
/// associative.
fn later_draft(x: &Option<CheckInDraft>, y: &Option<CheckInDraft>) -> Option<CheckInDraft> {
    match (x, y) {
        (Some(a), Some(b)) if a.meta.created_at != b.meta.created_at => Some(
            if a.meta.created_at > b.meta.created_at {
                a
            } else {
                b
            }
            .clone(),
        ),
        _ => merge_one(x, y),
    }
}

/// Merges collections keyed by id. The result is ordered by creation time
/// then id, so it is the same whichever side came first.
pub fn merge_records<T: Record>(xs: &Records<T>, ys: &Records<T>) -> Records<T> {
    // (A hash map: the result is sorted below anyway.)
    let mut by_id: std::collections::HashMap<&str, Arc<T>> =
        std::collections::HashMap::with_capacity(xs.len().max(ys.len()));
    for r in xs.shared().iter().chain(ys.shared()) {
        let id = r.meta().id.as_str();
        let chosen = match by_id.get(id) {
            // The same shared record on both sides: nothing to choose.
            Some(existing) if Arc::ptr_eq(existing, r) => continue,
            Some(existing) => pick(existing, r),
            None => Arc::clone(r),
        };
        by_id.insert(id, chosen);
    }
    // Records keep being shared with the side they came from.
    let picked: Vec<Arc<T>> = by_id.into_values().collect();
    let order = creation_order(&picked.iter().map(|r| r.meta()).collect::<Vec<_>>());
    Records::from_shared(order.into_iter().map(|i| Arc::clone(&picked[i])).collect())
}

/// Of two versions of a record, the newer, with the halves it lacks kept
/// from the other. Each is compared as it would be with the other's
/// halves, so that a tie is broken the same way whichever copies met first.
/// (A half given differently on two older copies, one edited since, fills
/// a newer copy's gap from whichever it meets first: order matters only
/// then, and both copies agree once they have met; `props` says more.)
fn pick<T: Record>(x: &Arc<T>, y: &Arc<T>) -> Arc<T> {
    let (fx, fy) = (x.keeping(y), y.keeping(x));
    let a = fx.as_ref().unwrap_or(x);
    if std::ptr::eq(newer(a, fy.as_ref().unwrap_or(y)), a) {
        fx.map_or_else(|| Arc::clone(x), Arc::new)
    } else {
        fy.map_or_else(|| Arc::clone(y), Arc::new)
    }
}

/// The places of `metas` in order of creation time, then id. Sorting places
/// rather than records keeps one copy of the sort in the app for every kind
/// of record (a copy per kind cost kilobytes of wasm each). Ids are unique,
/// so the order is total and an unstable sort gives the same one.
fn creation_order(metas: &[&Meta]) -> Vec<usize> {
    super::order::places(metas.len(), &|a, b| {
        (metas[a].created_at, &metas[a].id).cmp(&(metas[b].created_at, &metas[b].id))
    })
}

/// The partner a merge of `file` into `here` would take off: here has one,
/// and the file's couple, the more recent, is one partner alone. Said
/// before the merge, never found out after it.
pub fn partner_it_takes_off(here: &Document, file: &Document) -> Option<String> {
    let after = merge_one(&here.couple, &file.couple)?;
    let partner = here.couple.as_ref()?.b.as_ref()?;
    after.b.is_none().then(|| partner.name.clone())
}

/// Merges two documents of the current schema.
pub fn merge(x: &Document, y: &Document) -> Document {
    Document {
        schema: x.schema.max(y.schema),
        couple: merge_one(&x.couple, &y.couple),
        last_backup_at: x.last_backup_at.max(y.last_backup_at),
        backup_snoozed_until: x.backup_snoozed_until.max(y.backup_snoozed_until),
        checkins: CheckIns {
            items: merge_records(&x.checkins.items, &y.checkins.items),
            draft: later_draft(&x.checkins.draft, &y.checkins.draft),
        },
        gestures: Gestures {
            items: merge_records(&x.gestures.items, &y.gestures.items),
            own_ideas: merge_records(&x.gestures.own_ideas, &y.gestures.own_ideas),
            appreciations: merge_records(&x.gestures.appreciations, &y.gestures.appreciations),
        },
        dilemmas: Dilemmas {
            items: merge_records(&x.dilemmas.items, &y.dilemmas.items),
        },
        us_time: UsTime {
            ideas: merge_records(&x.us_time.ideas, &y.us_time.ideas),
            rounds: merge_records(&x.us_time.rounds, &y.us_time.rounds),
            votes: merge_records(&x.us_time.votes, &y.us_time.votes),
            plans: merge_records(&x.us_time.plans, &y.us_time.plans),
            rhythm: merge_one(&x.us_time.rhythm, &y.us_time.rhythm),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::couple::Partner;
    use crate::domain::record::{Ctx, Seeded};
    use chrono::{DateTime, Duration, Utc};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn doc_with(name: &str, at: DateTime<Utc>, seed: u64) -> Document {
        let mut rng = Seeded(seed);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut c = Couple::new(
            &mut ctx,
            Partner {
                name: name.into(),
                pronouns: String::new(),
            },
            None,
            vec![],
        );
        // Same couple record on both sides: same id.
        c.meta.id = crate::domain::Id("c".repeat(32));
        Document {
            couple: Some(c),
            ..Document::default()
        }
    }

    #[test]
    fn a_merge_that_would_take_the_partner_off_says_whom() {
        let alone = doc_with("Sam", t("2026-11-02T10:00:00Z"), 1);
        let mut two = doc_with("Sam", t("2026-11-01T10:00:00Z"), 2);
        two.couple.as_mut().unwrap().b = Some(Partner {
            name: "Alex".into(),
            pronouns: String::new(),
        });
        // The file alone and more recent: Alex's name would go.
        assert_eq!(partner_it_takes_off(&two, &alone).as_deref(), Some("Alex"));
        assert!(merge(&two, &alone).couple.unwrap().b.is_none());
        // The couple here the more recent, or nobody to take off: nothing to say.
        two.couple.as_mut().unwrap().meta.updated_at = t("2026-11-03T10:00:00Z");
        assert_eq!(partner_it_takes_off(&two, &alone), None);
        assert_eq!(partner_it_takes_off(&alone, &two), None);
        assert_eq!(partner_it_takes_off(&Document::default(), &alone), None);
    }

    /// A record made with the clock set back (a phone's clock put right)
    /// is added at its place in creation order, not last: a merge with a
    /// copy that lacks it then leaves the list as it is, so a window that
    /// only heard of it has nothing to write back.
    #[test]
    fn a_record_made_with_the_clock_set_back_is_added_at_its_place() {
        let mut d = doc_with("Sam", t("2026-11-01T10:00:00Z"), 1);
        let mut rng = Seeded(9);
        let mut gen = || rng.bytes16();
        let mut write = |d: &mut Document, at: &str| {
            let mut ctx = Ctx::new(t(at), &mut gen);
            d.gestures
                .write_appreciation(&mut ctx, crate::domain::Author::A, at, false)
                .unwrap();
        };
        write(&mut d, "2026-11-03T10:00:00Z");
        write(&mut d, "2026-11-05T10:00:00Z");
        let before = d.clone();
        write(&mut d, "2026-11-04T10:00:00Z");
        let texts: Vec<&str> = d.gestures.appreciations.iter().map(|a| &a.text[8..10]).collect();
        assert_eq!(texts, ["03", "04", "05"]);
        assert!(merge(&before, &d) == d && merge(&d, &before) == d);
    }

    /// A copy still holding a draft (another window, a save still being
    /// sealed, a backup) must not bring it back once it was saved or put
    /// away, or the same answer would be saved twice.
    #[test]
    fn an_ended_draft_stays_ended_whatever_copy_it_meets() {
        use crate::domain::checkin::AnswerForm;
        use crate::domain::Author;
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(9);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut here = doc_with("Sam", at, 1);
        here.checkins.start(&mut ctx, Author::A, true);
        let typed = AnswerForm {
            connection: Some(7),
            note: "private words".into(),
            ..AnswerForm::default()
        };
        here.checkins
            .edit_draft(&mut ctx, |f| *f = typed.clone())
            .unwrap();
        let elsewhere = here.clone();
        // Saved in the very millisecond of the last keystroke.
        let mut saved = here.clone();
        saved.checkins.submit(&mut ctx).unwrap();
        for merged in [merge(&saved, &elsewhere), merge(&elsewhere, &saved)] {
            assert!(merged.checkins.current_draft().is_none());
            assert_eq!(merged.checkins.live().count(), 1);
            // The tombstone keeps no words of its own.
            assert_eq!(
                merged.checkins.draft.as_ref().unwrap().form,
                AnswerForm::default()
            );
        }
        // Put away instead of saved: the same.
        let mut put_away = here.clone();
        ctx.now = at + Duration::minutes(1);
        put_away.checkins.discard_draft(&ctx);
        let merged = merge(&elsewhere, &put_away);
        assert!(merged.checkins.current_draft().is_none() && merged.checkins.live().count() == 0);
        // A new answer begun after that is a draft again, and wins.
        let mut again = merged.clone();
        ctx.now = at + Duration::minutes(2);
        again.checkins.start(&mut ctx, Author::A, true);
        assert!(merge(&put_away, &again).checkins.current_draft().is_some());
    }

    /// A window that never heard the answer was saved (one brought back
    /// from the browser's history) types on: its draft is the newer one in
    /// the merge, and still it is known as saved, whether it began a
    /// check-in or completed one, so it is not offered or saved again.
    #[test]
    fn a_draft_typed_on_after_it_was_saved_elsewhere_is_not_saved_again() {
        use crate::domain::checkin::{AnswerForm, CheckInError};
        use crate::domain::Author;
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(11);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut doc = doc_with("Sam", at, 1);
        for (who, completes) in [(Author::A, false), (Author::B, true)] {
            doc.checkins.start(&mut ctx, who, false);
            assert_eq!(
                doc.checkins.current_draft().unwrap().completes.is_some(),
                completes
            );
            doc.checkins
                .edit_draft(&mut ctx, |f| f.connection = Some(6))
                .unwrap();
            let mut stale = doc.clone();
            ctx.now += Duration::minutes(1);
            doc.checkins.submit(&mut ctx).unwrap();
            ctx.now += Duration::minutes(1);
            stale
                .checkins
                .edit_draft(&mut ctx, |f| f.note = "and one more thing".into())
                .unwrap();
            for mut merged in [merge(&doc, &stale), merge(&stale, &doc)] {
                let slot = merged.checkins.draft.as_ref().unwrap();
                assert!(
                    !slot.meta.deleted,
                    "the window that typed on holds the newer draft"
                );
                assert_eq!(merged.checkins.current_draft(), None);
                assert_eq!(merged.checkins.submit(&mut ctx), Err(CheckInError::NoDraft));
                assert_eq!(
                    merged
                        .checkins
                        .edit_draft(&mut ctx, |f| *f = AnswerForm::default()),
                    Err(CheckInError::NoDraft)
                );
            }
            doc = merge(&doc, &stale);
        }
        // Both answers went into one check-in, each once.
        let saved: Vec<_> = doc.checkins.live().collect();
        assert_eq!(saved.len(), 1);
        assert!(saved[0].a.is_some() && saved[0].b.is_some());
        // A new answer can begin after that.
        doc.checkins.start(&mut ctx, Author::A, false);
        assert!(doc.checkins.current_draft().is_some());
        // The clock set back between beginning an answer and saving it (by
        // hand, or corrected by the network): still known as saved, for a
        // new check-in (A) and for one completed (B).
        for who in [Author::A, Author::B] {
            doc.checkins.start(&mut ctx, who, false);
            doc.checkins
                .edit_draft(&mut ctx, |f| f.connection = Some(5))
                .unwrap();
            let mut stale = doc.clone();
            ctx.now -= Duration::hours(2);
            doc.checkins.submit(&mut ctx).unwrap();
            stale
                .checkins
                .edit_draft(&mut ctx, |f| f.connection = Some(4))
                .unwrap();
            let mut merged = merge(&doc, &stale);
            assert_eq!(merged.checkins.current_draft(), None, "{who:?}");
            assert_eq!(merged.checkins.submit(&mut ctx), Err(CheckInError::NoDraft));
            doc = merged;
            ctx.now += Duration::hours(3);
        }
        assert_eq!(doc.checkins.live().count(), 2);
    }

    /// A window that never heard an answer was saved types on in it, while
    /// in the window that did, the next answer is begun: the merge keeps the
    /// answer begun since, with its words, whichever edit came last.
    #[test]
    fn an_answer_begun_since_is_kept_over_a_saved_one_typed_on() {
        use crate::domain::Author;
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(12);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut here = doc_with("Sam", at, 1);
        here.checkins.start(&mut ctx, Author::A, true);
        here.checkins
            .edit_draft(&mut ctx, |f| f.connection = Some(6))
            .unwrap();
        let mut stale = here.clone();
        ctx.now += Duration::minutes(1);
        here.checkins.submit(&mut ctx).unwrap();
        // The next answer, begun with the clock set back an hour.
        ctx.now -= Duration::hours(1);
        here.checkins.start(&mut ctx, Author::A, true);
        here.checkins
            .edit_draft(&mut ctx, |f| f.note = "the next one".into())
            .unwrap();
        ctx.now += Duration::hours(2);
        stale
            .checkins
            .edit_draft(&mut ctx, |f| f.note = "typed on".into())
            .unwrap();
        for merged in [merge(&here, &stale), merge(&stale, &here)] {
            let d = merged.checkins.current_draft().expect("the answer begun since");
            assert_eq!(d.form.note, "the next one");
        }
        // Two copies of one draft: the newer edit, as before.
        let mut later = here.clone();
        later
            .checkins
            .edit_draft(&mut ctx, |f| f.note = "the next one, longer".into())
            .unwrap();
        for merged in [merge(&here, &later), merge(&later, &here)] {
            assert_eq!(
                merged.checkins.current_draft().unwrap().form.note,
                "the next one, longer"
            );
        }
    }

    /// The device's clock set back (by hand, or corrected by the network)
    /// after a record was saved: what is done to it then is still the newer
    /// version, whichever side of a merge the older copy is on.
    #[test]
    fn a_change_made_with_the_clock_set_back_still_wins() {
        use crate::domain::gestures::Kind;
        use crate::domain::{Author, Partner};
        let at = t("2026-03-01T10:00:00Z");
        let mut rng = Seeded(3);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let partner = |name: &str| Partner {
            name: name.into(),
            pronouns: String::new(),
        };
        let mut here = Document::default();
        here.set_couple(&mut ctx, partner("Sam"), None, vec![]);
        let id = here
            .gestures
            .add_idea(&mut ctx, Author::A, Kind::Thanks, "Breakfast in bed")
            .unwrap();
        let before = here.clone();
        ctx.now = at - Duration::hours(1);
        here.set_couple(&mut ctx, partner("Al"), None, vec![]);
        here.gestures.delete_idea(&mut ctx, &id);
        for merged in [merge(&here, &before), merge(&before, &here)] {
            assert_eq!(merged.couple.as_ref().unwrap().a.name, "Al");
            let idea = merged
                .gestures
                .own_ideas
                .iter()
                .find(|i| i.meta.id == id)
                .unwrap();
            assert!(idea.meta.deleted, "the deletion was undone");
        }
    }

    #[test]
    fn newer_edit_wins_whichever_side_it_is_on() {
        let old = doc_with("Sam", t("2026-01-01T10:00:00Z"), 1);
        let new = doc_with("Samira", t("2026-01-02T10:00:00Z"), 2);
        assert_eq!(merge(&old, &new).couple.unwrap().a.name, "Samira");
        assert_eq!(merge(&new, &old).couple.unwrap().a.name, "Samira");
    }

    #[test]
    fn a_copy_merged_back_keeps_every_record_of_this_side() {
        // A backup brought back into the data it came from: equal records,
        // not the same allocations. The merge keeps this side's, so a save
        // finds nothing changed (and writes no part).
        let here = crate::domain::generate::decade(5, t("2025-01-01T08:00:00Z"), 1);
        let copy: Document = serde_json::from_str(&serde_json::to_string(&here).unwrap()).unwrap();
        let merged = merge(&here, &copy);
        fn kept<T>(merged: &Records<T>, from: &Records<T>) -> bool {
            let ours: std::collections::HashSet<*const T> = from.shared().iter().map(Arc::as_ptr).collect();
            merged.len() == from.len() && merged.shared().iter().all(|r| ours.contains(&Arc::as_ptr(r)))
        }
        assert!(here.checkins.items.len() > 300 && here.us_time.ideas.len() > 10);
        assert!(kept(&merged.checkins.items, &here.checkins.items));
        assert!(!kept(&merged.checkins.items, &copy.checkins.items));
        assert!(kept(&merged.us_time.ideas, &here.us_time.ideas));
        assert!(kept(&merged.gestures.appreciations, &here.gestures.appreciations));
    }

    #[test]
    fn merge_is_commutative_associative_and_idempotent() {
        let base = t("2026-03-01T08:00:00Z");
        let docs: Vec<Document> = (0..4)
            .map(|i| {
                // Two share a timestamp to exercise the tie-break.
                let at = base + Duration::minutes((i / 2) as i64);
                doc_with(&format!("Name{i}"), at, i)
            })
            .chain([Document::default()])
            .collect();
        for x in &docs {
            assert_eq!(merge(x, x), *x);
            let copy: Document = serde_json::from_str(&serde_json::to_string(x).unwrap()).unwrap();
            assert_eq!(merge(x, &copy), *x, "an equal copy that shares nothing");
            for y in &docs {
                assert_eq!(merge(x, y), merge(y, x));
                for z in &docs {
                    assert_eq!(merge(&merge(x, y), z), merge(x, &merge(y, z)));
                }
            }
        }
    }

    /// Two phones, one history: each partner's half given on their own
    /// phone, while the other phone made a newer change to the same record.
    /// The newer change wins and the half stays, whichever side merges.
    #[test]
    fn a_half_given_on_one_phone_survives_a_newer_change_on_the_other() {
        use crate::domain::checkin::AnswerForm;
        use crate::domain::us_time::Tags;
        use crate::domain::Author::{A, B};
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(21);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut sam = doc_with("Sam", at, 1);
        // Sam checks in; a conversation at its last step; a date planned;
        // Sam's gesture done. Then the backup goes to Alex's phone.
        sam.checkins.start(&mut ctx, A, false);
        sam.checkins
            .edit_draft(&mut ctx, |f| f.connection = Some(7))
            .unwrap();
        let checkin = sam.checkins.submit(&mut ctx).unwrap();
        let talk = sam.dilemmas.start(&mut ctx, A, false, None);
        let idea = sam
            .us_time
            .add_idea(&mut ctx, A, "A walk by the river", Tags::default())
            .unwrap();
        let plan = sam
            .us_time
            .plan(&mut ctx, &idea, at + Duration::hours(2), 60, "")
            .unwrap();
        let gesture = sam
            .gestures
            .plan(
                &mut ctx,
                A,
                crate::domain::gestures::Kind::Glad,
                crate::domain::gestures::Source::Free,
                "Tea in bed",
                None,
            )
            .unwrap();
        sam.gestures.mark_done(&mut ctx, &gesture, "").unwrap();
        let mut alex = sam.clone();

        // Alex, on her phone: her answer, her closeness, how the date was,
        // and "I noticed".
        ctx.now = at + Duration::hours(4);
        alex.checkins.start(&mut ctx, B, false);
        alex.checkins
            .edit_draft(&mut ctx, |f| {
                *f = AnswerForm {
                    connection: Some(5),
                    note: "Alex's words".into(),
                    ..AnswerForm::default()
                }
            })
            .unwrap();
        alex.checkins.submit(&mut ctx).unwrap();
        alex.dilemmas
            .edit(&mut ctx, &talk, |d| d.set_closeness(B, 6))
            .unwrap()
            .unwrap();
        alex.us_time.mark_done(&mut ctx, &plan).unwrap();
        alex.us_time
            .reflect(&mut ctx, &plan, B, 8, "Holding hands")
            .unwrap();
        alex.gestures
            .notice(&mut ctx, &gesture, "It made my morning")
            .unwrap();

        // Sam, later, on his: he closes the check-in, which still waits
        // there; his closeness; the date done and his reflection; his
        // gesture removed and brought back.
        ctx.now = at + Duration::hours(5);
        sam.checkins.close(&mut ctx, &checkin).unwrap();
        sam.dilemmas
            .edit(&mut ctx, &talk, |d| d.set_closeness(A, 9))
            .unwrap()
            .unwrap();
        sam.us_time.mark_done(&mut ctx, &plan).unwrap();
        sam.us_time.reflect(&mut ctx, &plan, A, 9, "The quiet").unwrap();
        sam.gestures.set_deleted(&mut ctx, &gesture, true);
        sam.gestures.set_deleted(&mut ctx, &gesture, false);

        for m in [merge(&alex, &sam), merge(&sam, &alex)] {
            let c = m.checkins.get(&checkin).unwrap();
            assert!(c.closed, "Sam's change, the newer, is kept");
            assert_eq!(c.a.as_ref().unwrap().connection, 7);
            assert_eq!(c.b.as_ref().unwrap().note, "Alex's words");
            let d = m.dilemmas.get(&talk).unwrap();
            assert_eq!((d.closeness_a, d.closeness_b), (Some(9), Some(6)));
            let p = m.us_time.plans.iter().find(|p| p.meta.id == plan).unwrap();
            assert_eq!((p.closeness_a, p.loved_a.as_str()), (Some(9), "The quiet"));
            assert_eq!((p.closeness_b, p.loved_b.as_str()), (Some(8), "Holding hands"));
            let g = m.gestures.items.iter().find(|g| g.meta.id == gesture).unwrap();
            assert_eq!(g.noticed.as_ref().unwrap().reply, "It made my morning");
            assert!(!g.meta.deleted);
            // Nothing else to bring from either side.
            assert_eq!(merge(&m, &sam), m);
            assert_eq!(merge(&m, &alex), m);
        }
    }

    /// Reading is no edit: an appreciation its writer removed stays
    /// removed after the partner read it on their phone, and one read
    /// stays read whichever copy is the newer.
    #[test]
    fn an_appreciation_read_elsewhere_stays_removed_and_read_stays_read() {
        use crate::domain::Author::{A, B};
        let at = t("2026-03-01T08:00:00Z");
        let mut rng = Seeded(22);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(at, &mut gen);
        let mut sam = doc_with("Sam", at, 1);
        let id = sam
            .gestures
            .write_appreciation(&mut ctx, A, "You made soup", false)
            .unwrap();
        let mut alex = sam.clone();
        ctx.now = at + Duration::hours(1);
        sam.gestures.delete_appreciation(&mut ctx, &id, true);
        ctx.now = at + Duration::hours(2);
        assert_eq!(alex.gestures.open_appreciations(&mut ctx, B), 1);
        let read = &alex.gestures.appreciations[0];
        assert_eq!(read.meta.updated_at, at, "opening it changes no edit time");
        for m in [merge(&alex, &sam), merge(&sam, &alex)] {
            let a = &m.gestures.appreciations[0];
            assert!(a.meta.deleted, "removed, as Sam did");
            assert_eq!(a.seen_at, Some(at + Duration::hours(2)));
        }
        // Removal undone on Sam's phone (newer): back, and read.
        ctx.now = at + Duration::hours(3);
        sam.gestures.delete_appreciation(&mut ctx, &id, false);
        for m in [merge(&alex, &sam), merge(&sam, &alex)] {
            let a = &m.gestures.appreciations[0];
            assert!(!a.meta.deleted && a.seen_at == Some(at + Duration::hours(2)));
            assert!(m.gestures.unseen_for(B, false).is_empty());
        }
        // Opened on both phones: the first reading is kept.
        let mut sams_tab = sam.clone();
        ctx.now = at + Duration::hours(4);
        sams_tab.gestures.open_appreciations(&mut ctx, B);
        let m = merge(&sams_tab, &alex);
        assert_eq!(m, merge(&alex, &sams_tab));
        assert_eq!(m.gestures.appreciations[0].seen_at, Some(at + Duration::hours(2)));
    }

    #[test]
    fn records_merge_by_id_and_keep_both_sides() {
        let base = t("2026-03-01T08:00:00Z");
        let a = doc_with("A", base, 1).couple.unwrap();
        let mut b = a.clone();
        b.meta.id = crate::domain::Id("d".repeat(32));
        let mut a2 = a.clone();
        a2.a.name = "A2".into();
        a2.meta.touch(base + Duration::seconds(1));
        let merged = merge_records(&vec![a.clone(), b.clone()].into(), &vec![a2.clone()].into());
        assert_eq!(merged.len(), 2);
        assert!(merged.iter().any(|r| r.a.name == "A2"));
        assert!(!merged.iter().any(|r| r.a.name == "A" && r.meta.id == a.meta.id));
    }
}
