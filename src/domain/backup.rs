//! What a backup holds, what importing it would change, and when to remind
//! the couple to make one. Pure: the clock is passed in.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::document::Document;
use super::merge::Record;
use super::record::Records;

/// The kinds of records the couple would recognise, in the order they are
/// listed to them. Votes, brainstorm rounds and the rhythm are bookkeeping
/// around these and are not counted on their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    CheckIn,
    Conversation,
    Gesture,
    GestureIdea,
    Appreciation,
    UsTimeIdea,
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::CheckIn,
        Kind::Conversation,
        Kind::Gesture,
        Kind::GestureIdea,
        Kind::Appreciation,
        Kind::UsTimeIdea,
        Kind::Plan,
    ];

    /// "1 check-in", "3 check-ins".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::CheckIn => ("check-in", "check-ins"),
            Kind::Conversation => ("conversation", "conversations"),
            Kind::Gesture => ("gesture", "gestures"),
            Kind::GestureIdea => ("gesture idea of your own", "gesture ideas of your own"),
            Kind::Appreciation => ("appreciation", "appreciations"),
            Kind::UsTimeIdea => ("us-time idea", "us-time ideas"),
            Kind::Plan => ("planned date", "planned dates"),
        };
        format!("{} {}", super::figures::count(n), if n == 1 { one } else { many })
    }
}

/// How one copy of a collection differs from another, record by record (by
/// id; of a repeated id, the last copy counts).
#[derive(Default)]
struct Diff {
    /// Alive in `new` and not in `old` (absent there, or deleted).
    added: usize,
    /// Alive in `old` and not in `new`.
    removed: usize,
    /// Alive in both, with different content.
    changed: usize,
}

fn diff<T: Record>(old: &Records<T>, new: &Records<T>) -> Diff {
    fn by_id<T: Record>(xs: &Records<T>) -> HashMap<&str, &T> {
        let mut map = HashMap::with_capacity(xs.len());
        for r in xs {
            map.insert(r.meta().id.as_str(), r);
        }
        map
    }
    let (old, new) = (by_id(old), by_id(new));
    let mut d = Diff::default();
    for (id, n) in &new {
        match old.get(id) {
            Some(o) if !o.meta().deleted => {
                if n.meta().deleted {
                    d.removed += 1;
                } else if !std::ptr::eq(*o, *n) && o != n {
                    // Compared as values (not as written out): over a
                    // decade, writing every record twice took ~90 ms.
                    d.changed += 1;
                }
            }
            _ if !n.meta().deleted => d.added += 1,
            _ => {}
        }
    }
    d.removed += old
        .iter()
        .filter(|(id, o)| !o.meta().deleted && !new.contains_key(*id))
        .count();
    d
}

fn diff_of_kind(old: &Document, new: &Document, kind: Kind) -> Diff {
    match kind {
        Kind::CheckIn => diff(&old.checkins.items, &new.checkins.items),
        Kind::Conversation => diff(&old.dilemmas.items, &new.dilemmas.items),
        Kind::Gesture => diff(&old.gestures.items, &new.gestures.items),
        Kind::GestureIdea => diff(&old.gestures.own_ideas, &new.gestures.own_ideas),
        Kind::Appreciation => diff(&old.gestures.appreciations, &new.gestures.appreciations),
        Kind::UsTimeIdea => diff(&old.us_time.ideas, &new.us_time.ideas),
        Kind::Plan => diff(&old.us_time.plans, &new.us_time.plans),
    }
}

/// How many live records of one kind, one per id (the last copy of an id
/// deciding, as in [`diff`]), without a map on each render of Today: the
/// ids are put in order through [`super::order::places`], the app's one
/// copy of a sort, which keeps the copies of one id side by side in the
/// order they come (it is stable), so the last of each run is the copy that
/// decides. (A map from id to deleted, for when ids repeat, linked a hash
/// map of its own.)
fn live_count<T: Record>(xs: &Records<T>) -> usize {
    let ids: Vec<&str> = xs.iter().map(|r| r.meta().id.as_str()).collect();
    let order = super::order::places(ids.len(), &|a, b| ids[a].cmp(ids[b]));
    order
        .iter()
        .enumerate()
        .filter(|&(k, &i)| {
            let last_of_its_id = order.get(k + 1).is_none_or(|&next| ids[next] != ids[i]);
            last_of_its_id && !xs[i].meta().deleted
        })
        .count()
}

/// Adds `xs`'s live records to `found` (counted as [`live_count`] does),
/// stopping once there are `n`: from the end, where the last copy of an id
/// is met first, so it usually stops after `n` records.
fn at_least_live<T: Record>(xs: &Records<T>, n: usize, found: &mut usize) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    for r in xs.iter().rev() {
        if *found >= n {
            break;
        }
        let m = r.meta();
        if seen.insert(m.id.as_str()) && !m.deleted {
            *found += 1;
        }
    }
    *found >= n
}

/// Whether the document holds at least `n` live records in all (as
/// [`total`] would say, without counting them all).
fn holds_at_least(doc: &Document, n: usize) -> bool {
    let found = &mut 0;
    at_least_live(&doc.checkins.items, n, found)
        || at_least_live(&doc.dilemmas.items, n, found)
        || at_least_live(&doc.gestures.items, n, found)
        || at_least_live(&doc.gestures.own_ideas, n, found)
        || at_least_live(&doc.gestures.appreciations, n, found)
        || at_least_live(&doc.us_time.ideas, n, found)
        || at_least_live(&doc.us_time.plans, n, found)
}

fn live_of_kind(doc: &Document, kind: Kind) -> usize {
    match kind {
        Kind::CheckIn => live_count(&doc.checkins.items),
        Kind::Conversation => live_count(&doc.dilemmas.items),
        Kind::Gesture => live_count(&doc.gestures.items),
        Kind::GestureIdea => live_count(&doc.gestures.own_ideas),
        Kind::Appreciation => live_count(&doc.gestures.appreciations),
        Kind::UsTimeIdea => live_count(&doc.us_time.ideas),
        Kind::Plan => live_count(&doc.us_time.plans),
    }
}

/// How many live (not deleted) records of each kind a document holds.
pub fn counts(doc: &Document) -> Vec<(Kind, usize)> {
    Kind::ALL.iter().map(|&k| (k, live_of_kind(doc, k))).collect()
}

/// The non-zero counts as phrases: ["12 check-ins", "1 conversation"].
pub fn count_phrases(doc: &Document) -> Vec<String> {
    counts(doc)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| k.count(n))
        .collect()
}

/// Live records in total: what "data worth keeping" is measured in.
pub fn total(doc: &Document) -> usize {
    counts(doc).iter().map(|(_, n)| n).sum()
}

/// What replacing `here` with `incoming` would lose: records alive here that
/// are missing or deleted in the file, and records changed here since the
/// file's copy (their newer words would go back to the file's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loss {
    pub missing: Vec<(Kind, usize)>,
    pub changed: usize,
    /// The names here differ from the file's (or the file has none).
    pub names: bool,
}

impl Loss {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed == 0 && !self.names
    }

    /// The phrases to show in the confirmation.
    pub fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = self.missing.iter().map(|(k, n)| k.count(*n)).collect();
        if self.changed == 1 {
            out.push("1 record changed here since this backup was made".into());
        } else if self.changed > 1 {
            out.push(format!(
                "{} records changed here since this backup was made",
                self.changed
            ));
        }
        if self.names {
            out.push("the names as they are here".into());
        }
        out
    }
}

pub fn loss_if_replaced(here: &Document, incoming: &Document) -> Loss {
    let mut loss = Loss::default();
    for kind in Kind::ALL {
        let d = diff_of_kind(here, incoming, kind);
        loss.changed += d.changed;
        if d.removed > 0 {
            loss.missing.push((kind, d.removed));
        }
    }
    loss.names = match (&here.couple, &incoming.couple) {
        (Some(a), Some(b)) => a.names() != b.names(),
        (Some(_), None) => true,
        _ => false,
    };
    loss
}

/// What an import did, worded for the couple: "Added 12 check-ins and
/// 1 conversation. Updated 2 records from the file. 1 record the file doesn't
/// have is no longer here." (After a replace, that may be one made here
/// since the file was, which is why it doesn't say "deleted".)
pub fn import_report(before: &Document, after: &Document) -> String {
    let mut added = Vec::new();
    let mut updated = 0;
    let mut removed = 0;
    for kind in Kind::ALL {
        let d = diff_of_kind(before, after, kind);
        updated += d.changed;
        removed += d.removed;
        if d.added > 0 {
            added.push(kind.count(d.added));
        }
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("Added {}.", join(&added)));
    }
    if updated > 0 {
        // Not "newer words": a record may have changed by what the file adds
        // to an older copy (a partner's answer, a read), not by its edits.
        parts.push(if updated == 1 {
            "Updated 1 record from the file.".into()
        } else {
            format!("Updated {updated} records from the file.")
        });
    }
    if removed > 0 {
        parts.push(if removed == 1 {
            "1 record the file doesn\u{2019}t have is no longer here.".into()
        } else {
            format!("{removed} records the file doesn\u{2019}t have are no longer here.")
        });
    }
    if before.couple.as_ref().map(|c| c.names()) != after.couple.as_ref().map(|c| c.names()) {
        parts.push("Your names now read as in the file.".into());
    }
    if parts.is_empty() {
        "Nothing new: everything in the file was already here.".into()
    } else {
        parts.join(" ")
    }
}

/// Whether a backup names the two of you the other way round: made on the
/// other partner's device, where each person typed their own name first
/// (Sam is A here and B there). Merged as it is, each one's check-ins,
/// gestures and votes would be shown as the other's. Names are compared as
/// words, whatever their case. A file whose first name is ours is never
/// crossed; one from a partner on their own is, when its name is our B's.
fn partners_crossed(here: &Document, file: &Document) -> bool {
    let (Some(here), Some(file)) = (&here.couple, &file.couple) else {
        return false;
    };
    let same = super::dilemma::same_words;
    if same(&here.a.name, &file.a.name) {
        return false;
    }
    match (&here.b, &file.b) {
        (_, Some(file_b)) => {
            same(&here.a.name, &file_b.name) && here.b.as_ref().is_none_or(|b| same(&b.name, &file.a.name))
        }
        (Some(here_b), None) => same(&here_b.name, &file.a.name),
        (None, None) => false,
    }
}

/// Matches a backup up with this device's names when they are crossed
/// ([`partners_crossed`]); whether it did. A file from a partner on their
/// own takes this device's names: its one partner is our B.
pub fn match_partners(here: &Document, file: &mut Document) -> bool {
    if !partners_crossed(here, file) {
        return false;
    }
    cross_partners(file);
    if file.couple.as_ref().is_some_and(|c| c.b.is_none()) {
        file.couple.clone_from(&here.couple);
    }
    true
}

/// A file to merge whose names are not this device's in either order, and
/// none in its place (a nickname on the other phone): the couple says whose
/// entries are whose. The file's names, first and second, when that is to
/// be asked: only where both partners have names here and the file has
/// any. The second item says which answer to offer first: crossed, when one
/// of the file's names is the other partner's here.
pub fn names_to_match(here: &Document, file: &Document) -> Option<(Vec<String>, bool)> {
    let (Some(here), Some(file)) = (&here.couple, &file.couple) else {
        return None;
    };
    let here_b = &here.b.as_ref()?.name;
    let same = super::dilemma::same_words;
    let file_b = file.b.as_ref().map(|b| &b.name);
    // One name in its place: the other is a rename, which the merge takes
    // as any change (the newer names win).
    if same(&here.a.name, &file.a.name) || file_b.is_some_and(|b| same(here_b, b)) {
        return None;
    }
    let crossed = same(here_b, &file.a.name) || file_b.is_some_and(|b| same(&here.a.name, b));
    let mut names = vec![file.a.name.clone()];
    names.extend(file_b.cloned());
    Some((names, crossed))
}

/// Takes a file to merge whose names did not match ([`names_to_match`]) as
/// the couple said: crossed or not, and with this device's names, which
/// the file's stood for. (A replace takes the file as it is: its names and
/// records agree with each other.)
pub fn take_as_said(here: &Document, file: &mut Document, crossed: bool) {
    if crossed {
        cross_partners(file);
    }
    // Only the names: the file's pronouns and struggles are a change like
    // any other, which the merge takes when newer. A file of one partner
    // takes this device's couple whole, so the merge never drops our B.
    match (&mut file.couple, &here.couple) {
        (Some(f), Some(h)) if f.b.is_some() => {
            f.a.name.clone_from(&h.a.name);
            if let (Some(fb), Some(hb)) = (f.b.as_mut(), h.b.as_ref()) {
                fb.name.clone_from(&hb.name);
            }
        }
        _ => file.couple.clone_from(&here.couple),
    }
}

/// Swaps partners A and B everywhere in `doc`: the names, who wrote each
/// record, each one's answers, votes and closeness. What is shared (`Both`)
/// stays. Ids and times do not change, so a merge still meets each record's
/// other copy.
fn cross_partners(doc: &mut Document) {
    // A loop per collection, not a generic helper: one copy of code each
    // (the helper's cost about a kilobyte of wasm).
    macro_rules! all {
        ($xs:expr, |$x:ident| $body:expr) => {
            for i in 0..$xs.len() {
                if let Some($x) = $xs.get_mut(i) {
                    $body;
                }
            }
        };
    }
    if let Some(c) = &mut doc.couple {
        if let Some(b) = c.b.take() {
            c.b = Some(std::mem::replace(&mut c.a, b));
        }
        c.meta.by = c.meta.by.other();
    }
    all!(doc.checkins.items, |x| {
        x.meta.by = x.meta.by.other();
        std::mem::swap(&mut x.a, &mut x.b);
    });
    if let Some(d) = &mut doc.checkins.draft {
        d.meta.by = d.meta.by.other();
        d.who = d.who.other();
    }
    all!(doc.gestures.items, |x| {
        x.meta.by = x.meta.by.other();
        x.to = x.to.other();
    });
    all!(doc.gestures.own_ideas, |x| x.meta.by = x.meta.by.other());
    all!(doc.gestures.appreciations, |x| x.meta.by = x.meta.by.other());
    all!(doc.dilemmas.items, |x| {
        x.meta.by = x.meta.by.other();
        x.by = x.by.other();
        std::mem::swap(&mut x.closeness_a, &mut x.closeness_b);
    });
    all!(doc.us_time.ideas, |x| x.meta.by = x.meta.by.other());
    all!(doc.us_time.rounds, |x| x.meta.by = x.meta.by.other());
    all!(doc.us_time.votes, |x| {
        x.meta.by = x.meta.by.other();
        x.who = x.who.other();
    });
    all!(doc.us_time.plans, |x| {
        x.meta.by = x.meta.by.other();
        std::mem::swap(&mut x.closeness_a, &mut x.closeness_b);
        std::mem::swap(&mut x.loved_a, &mut x.loved_b);
    });
    if let Some(r) = &mut doc.us_time.rhythm {
        r.meta.by = r.meta.by.other();
    }
}

/// "a, b and c".
pub fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How old the last backup may be before a reminder.
pub const REMIND_AFTER_DAYS: i64 = 30;
/// How long "Not now" quiets the reminder.
pub const SNOOZE_DAYS: i64 = 14;
/// Fewer live records than this is not yet much to lose.
pub const WORTH_KEEPING: usize = 3;

/// Whether to show the gentle backup reminder now.
pub fn should_remind(doc: &Document, now: DateTime<Utc>) -> bool {
    if doc.couple.is_none() || !holds_at_least(doc, WORTH_KEEPING) {
        return false;
    }
    if doc.backup_snoozed_until.is_some_and(|until| now < until) {
        return false;
    }
    match doc.last_backup_at {
        None => true,
        Some(at) => now - at >= Duration::days(REMIND_AFTER_DAYS),
    }
}

/// "Not now": quiet the reminder for [`SNOOZE_DAYS`].
pub fn snooze(doc: &mut Document, now: DateTime<Utc>) {
    doc.backup_snoozed_until = Some(now + Duration::days(SNOOZE_DAYS));
}

/// The reminder's sentence.
pub fn reminder_text(doc: &Document, now: DateTime<Utc>) -> String {
    match doc.last_backup_at {
        None => "Your words live only in this browser. A backup file keeps them safe if it is ever cleared."
            .into(),
        Some(at) => {
            let days = (now - at).num_days();
            format!(
                "Your last backup was {days} days ago. A fresh one keeps what you've written since then safe."
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::{Answer, CheckIn};
    use crate::domain::couple::Partner;
    use crate::domain::record::{Author, Ctx, Meta, Seeded};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn checkin(ctx: &mut Ctx, note: &str) -> CheckIn {
        CheckIn {
            meta: Meta::new(ctx, Author::A),
            a: Some(Answer {
                at: ctx.now,
                connection: 6,
                feelings: vec![],
                need: None,
                note: note.into(),
            }),
            b: None,
            closed: true,
        }
    }

    fn couple_with(n: usize, seed: u64) -> Document {
        let mut rng = Seeded(seed);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-01-01T10:00:00Z"), &mut gen);
        let mut doc = Document::default();
        doc.set_couple(
            &mut ctx,
            Partner {
                name: "Sam".into(),
                pronouns: String::new(),
            },
            None,
            vec![],
        );
        for i in 0..n {
            let c = checkin(&mut ctx, &format!("note {i}"));
            doc.checkins.items.push(c);
        }
        doc
    }

    /// Alex's device names Alex first. Its backup, merged on Sam's device,
    /// keeps each person's words with them.
    #[test]
    fn a_backup_from_the_other_partners_device_is_matched_up_by_name() {
        let here = crate::domain::generate::decade(5, t("2025-01-01T10:00:00Z"), 1);
        let mut theirs = here.clone();
        cross_partners(&mut theirs);
        assert_eq!(
            theirs.couple.as_ref().map(|c| c.names()),
            Some("Alex & Sam".to_string())
        );
        assert_ne!(theirs, here);
        assert!(partners_crossed(&here, &theirs));
        assert!(!partners_crossed(&here, &here));
        assert!(!partners_crossed(&theirs, &theirs));

        // Who wrote what, and each one's answers, follow the names.
        let sam_first = |d: &Document| {
            let sam = if d.couple.as_ref().unwrap().a.name == "Sam" {
                Author::A
            } else {
                Author::B
            };
            let answer = |c: &CheckIn| {
                if sam == Author::A {
                    c.a.clone()
                } else {
                    c.b.clone()
                }
            };
            let gestures: Vec<_> = d
                .gestures
                .items
                .iter()
                .filter(|g| g.meta.by == sam)
                .map(|g| g.meta.id.clone())
                .collect();
            let votes: Vec<_> = d
                .us_time
                .votes
                .iter()
                .filter(|v| v.who == sam)
                .map(|v| v.meta.id.clone())
                .collect();
            let answers: Vec<_> = d.checkins.items.iter().map(answer).collect();
            (gestures, votes, answers)
        };
        assert_eq!(sam_first(&theirs), sam_first(&here));
        assert!(!sam_first(&here).0.is_empty() && !sam_first(&here).1.is_empty());

        // Crossed back, it is the very same document: ids and times kept,
        // so a merge meets every record's other copy.
        cross_partners(&mut theirs);
        assert!(theirs == here);

        // Only when the names say so.
        let mut other = here.clone();
        other.couple.as_mut().unwrap().b.as_mut().unwrap().name = "Jo".into();
        let mut jo = other.clone();
        cross_partners(&mut jo);
        assert!(
            !partners_crossed(&here, &jo),
            "Jo & Sam is not Sam & Alex crossed"
        );
        let solo = couple_with(0, 1);
        assert!(
            partners_crossed(&solo, &theirs_of(&here)),
            "Sam alone here, Alex & Sam there"
        );
        assert!(
            !partners_crossed(&here, &solo),
            "Sam alone in the file: Sam is A here too"
        );
        let mut shouted = theirs_of(&here);
        shouted.couple.as_mut().unwrap().b.as_mut().unwrap().name = " SAM ".into();
        assert!(partners_crossed(&here, &shouted));
        let mut accents = here.clone();
        accents.couple.as_mut().unwrap().a.name = "Émile".into();
        let mut theirs = theirs_of(&accents);
        theirs.couple.as_mut().unwrap().b.as_mut().unwrap().name = "émile".into();
        assert!(partners_crossed(&accents, &theirs), "case beyond ASCII");

        // Alex on their own, on their own device: Alex's words are our B's,
        // and the names stay this device's.
        let mut alex_alone = here.clone();
        let couple = alex_alone.couple.as_mut().unwrap();
        couple.a = couple.b.take().unwrap();
        assert!(match_partners(&here, &mut alex_alone));
        assert_eq!(alex_alone.couple, here.couple);
        let first = &alex_alone.checkins.items[0];
        assert_eq!(first.b, here.checkins.items[0].a, "A's answer there is B's here");
        let mut same = here.clone();
        assert!(!match_partners(&here, &mut same));
        assert!(same == here, "not crossed: not touched");
    }

    /// Names that match in neither order are asked about; the answer is
    /// offered crossed when one name is the other partner's here.
    #[test]
    fn names_that_do_not_match_are_asked_about_and_taken_as_said() {
        let here = crate::domain::generate::decade(5, t("2025-01-01T10:00:00Z"), 1);
        let named = |d: &Document, a: &str, b: Option<&str>| {
            let mut d = d.clone();
            let c = d.couple.as_mut().unwrap();
            c.a.name = a.into();
            match (b, c.b.as_mut()) {
                (Some(b), Some(p)) => p.name = b.into(),
                _ => c.b = None,
            }
            d
        };
        let ask = |file: &Document| names_to_match(&here, file);
        assert_eq!(ask(&here), None);
        assert_eq!(ask(&named(&here, "sam", Some("ALEX"))), None, "same words");
        assert_eq!(ask(&named(&here, "Sam", None)), None, "Sam alone, in place");
        let words = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ask(&named(&here, "Alex", Some("Sammy"))),
            Some((words(&["Alex", "Sammy"]), true)),
            "a nickname on the other device"
        );
        assert_eq!(ask(&named(&here, "Sammy", Some("Alex"))), None, "a rename");
        assert_eq!(ask(&named(&here, "Sam", Some("Al"))), None, "a rename");
        assert_eq!(
            ask(&named(&here, "Jo", Some("Kim"))),
            Some((words(&["Jo", "Kim"]), false))
        );
        assert_eq!(ask(&named(&here, "Jo", None)), Some((words(&["Jo"]), false)));
        let mut alone = here.clone();
        alone.couple.as_mut().unwrap().b = None;
        assert_eq!(
            names_to_match(&alone, &named(&here, "Jo", Some("Kim"))),
            None,
            "nobody to ask about here"
        );

        // Taken crossed: Alex's entries (A there) are our B's, with our names.
        let mut file = named(&theirs_of(&here), "Alex", Some("Sammy"));
        take_as_said(&here, &mut file, true);
        assert!(file == here, "the very records, each with its writer");
        let mut file = named(&here, "Jo", Some("Kim"));
        file.couple.as_mut().unwrap().a.pronouns = "they/them".into();
        take_as_said(&here, &mut file, false);
        let c = file.couple.as_ref().unwrap();
        assert_eq!(c.names(), "Sam & Alex");
        assert_eq!(c.a.pronouns, "they/them", "only the names are this device's");
        let mut one = named(&here, "Jo", None);
        take_as_said(&here, &mut one, true);
        assert_eq!(one.couple, here.couple, "a file of one takes our couple: B stays");
    }

    fn theirs_of(here: &Document) -> Document {
        let mut d = here.clone();
        cross_partners(&mut d);
        d
    }

    #[test]
    fn counts_skip_tombstones_and_read_as_phrases() {
        let mut doc = couple_with(3, 1);
        doc.checkins.items[0].meta.deleted = true;
        assert_eq!(count_phrases(&doc), vec!["2 check-ins"]);
        assert_eq!(total(&doc), 2);
        assert_eq!(Kind::Conversation.count(1), "1 conversation");
        assert_eq!(Kind::CheckIn.count(3_650), "3,650 check-ins");
    }

    #[test]
    fn a_record_saved_twice_under_one_id_counts_once_as_its_last_copy() {
        // (`append`: a list as read from a file, where an id can repeat.)
        let mut doc = couple_with(3, 1);
        let mut gone = doc.checkins.items[0].clone();
        gone.meta.deleted = true;
        doc.checkins.items.append(gone);
        assert_eq!(total(&doc), 2, "the last copy is a tombstone");
        let again = doc.checkins.items[1].clone();
        doc.checkins.items.append(again);
        assert_eq!(total(&doc), 2, "one id, one record");
        // The reminder's early stop agrees with the full count.
        let mut revived = doc.checkins.items[0].clone();
        revived.meta.deleted = false;
        let mut more = doc.clone();
        more.checkins.items.append(revived);
        for d in [&doc, &more, &couple_with(0, 1), &couple_with(5, 2)] {
            for n in 0..=6 {
                assert_eq!(holds_at_least(d, n), total(d) >= n, "{n} of {}", total(d));
            }
        }
    }

    #[test]
    fn replacing_names_what_would_be_lost() {
        let here = couple_with(3, 1);
        let mut file = here.clone();
        file.checkins.items.remove(2);
        file.checkins.items[1].meta.deleted = true;
        file.checkins.items[0].a.as_mut().unwrap().note = "older words".into();
        let loss = loss_if_replaced(&here, &file);
        assert_eq!(loss.missing, vec![(Kind::CheckIn, 2)]);
        assert_eq!(loss.changed, 1);
        assert!(!loss.names);
        assert_eq!(
            loss.phrases(),
            vec!["2 check-ins", "1 record changed here since this backup was made"]
        );
        assert!(loss_if_replaced(&here, &here).is_empty());
        assert!(loss_if_replaced(&here, &Document::default()).names);
    }

    #[test]
    fn the_report_says_what_was_added_updated_and_removed() {
        let before = couple_with(1, 1);
        let mut after = before.clone();
        let extra = couple_with(2, 9);
        after.checkins.items.extend(extra.checkins.items);
        assert_eq!(import_report(&before, &after), "Added 2 check-ins.");
        after.checkins.items[0].meta.deleted = true;
        assert_eq!(
            import_report(&before, &after),
            "Added 2 check-ins. 1 record the file doesn\u{2019}t have is no longer here."
        );
        assert_eq!(
            import_report(&before, &before),
            "Nothing new: everything in the file was already here."
        );
        // The file older, but holding Alex's answer that this copy lacks:
        // the answer is kept, and the report says the record changed, not
        // that the file's words were newer.
        let mut here = couple_with(1, 3);
        let mut file = here.clone();
        file.checkins.items.update_where(
            |_| true,
            |c| {
                c.b = c.a.clone();
            },
        );
        here.checkins.items.update_where(
            |_| true,
            |c| {
                c.meta.touch(t("2026-02-01T10:00:00Z"));
            },
        );
        let after = crate::domain::merge::merge(&here, &file);
        assert!(after.checkins.items[0].b.is_some());
        assert_eq!(import_report(&here, &after), "Updated 1 record from the file.");
        assert_eq!(join(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn the_reminder_waits_for_data_and_thirty_days_and_respects_a_snooze() {
        let now = t("2026-03-01T10:00:00Z");
        assert!(!should_remind(&couple_with(2, 1), now), "too little to lose");
        let mut doc = couple_with(3, 1);
        assert!(should_remind(&doc, now), "never backed up");
        doc.last_backup_at = Some(now - Duration::days(29));
        assert!(!should_remind(&doc, now));
        doc.last_backup_at = Some(now - Duration::days(30));
        assert!(should_remind(&doc, now));
        assert!(reminder_text(&doc, now).contains("30 days ago"));
        snooze(&mut doc, now);
        assert!(!should_remind(&doc, now + Duration::days(13)));
        assert!(should_remind(&doc, now + Duration::days(14)));
        doc.last_backup_at = Some(now + Duration::days(14));
        assert!(!should_remind(&doc, now + Duration::days(14)), "a fresh backup");
    }
}
