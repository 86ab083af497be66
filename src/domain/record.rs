//! What every saved record carries so that two devices' data can later be
//! merged record by record: a stable random id, when it was made and last
//! changed (UTC), and who wrote it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field a tagged record needs for its tag but did not have. The tagged
/// enums (a conversation's status, a gesture's or a date's state, a
/// gesture's source) are read through a flat "shape" struct instead of
/// serde's derive for internally tagged enums, which first buffers the
/// whole object and costs about 6 KB of wasm per enum; the JSON is the same.
#[derive(Debug)]
pub struct MissingField(pub &'static str);

impl std::fmt::Display for MissingField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "missing field `{}`", self.0)
    }
}

/// The value a tag requires, or which field was missing.
pub fn need<T>(value: Option<T>, field: &'static str) -> Result<T, MissingField> {
    value.ok_or(MissingField(field))
}

/// A stable random identifier (32 lowercase hex digits, 128 bits).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// Builds an id from 16 random bytes supplied by the caller (the browser's
    /// `crypto.getRandomValues`, or a seeded generator in tests).
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        let mut s = String::with_capacity(32);
        for b in bytes {
            s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
            s.push(char::from_digit((b & 0xf) as u32, 16).unwrap_or('0'));
        }
        Id(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who wrote a record: partner A, partner B, or both together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    A,
    B,
    Both,
}
unit_enum_deserialize!(Author { A = "a", B = "b", Both = "both" });

impl Author {
    /// The other partner. Something written together has no "other", so
    /// `Both` stays `Both`.
    pub fn other(self) -> Author {
        match self {
            Author::A => Author::B,
            Author::B => Author::A,
            Author::Both => Author::Both,
        }
    }

    /// Whether Hearth shows what this partner wrote: alone after "Just me
    /// for now" (`solo`), the hidden partner's (B's) words stay saved but
    /// out of sight, as their check-in answers and conversations do.
    pub fn shown(self, solo: bool) -> bool {
        !solo || self != Author::B
    }

    /// The short name the stored document uses ("a", "b", "both"), for
    /// keys and ids built from a partner.
    pub fn letter(self) -> &'static str {
        match self {
            Author::A => "a",
            Author::B => "b",
            Author::Both => "both",
        }
    }

    /// The partner a short name stands for, back from [`Author::letter`].
    pub fn from_letter(letter: &str) -> Option<Author> {
        [Author::A, Author::B, Author::Both]
            .into_iter()
            .find(|a| a.letter() == letter)
    }
}

/// The bookkeeping every record carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Id,
    #[serde(with = "super::dates::moment")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::dates::moment")]
    pub updated_at: DateTime<Utc>,
    pub by: Author,
    /// A deleted record stays as a tombstone so that a merge with an older
    /// copy from another device does not bring it back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Meta {
    pub fn new(ctx: &mut Ctx, by: Author) -> Self {
        Meta {
            id: ctx.new_id(),
            created_at: ctx.now,
            updated_at: ctx.now,
            by,
            deleted: false,
        }
    }

    /// Marks a change made now.
    pub fn touch(&mut self, now: DateTime<Utc>) {
        // Always forwards, if only by a millisecond: with the clock set back
        // (by hand, or corrected by the network), an edit must still be newer
        // than the copy it was made from, or a merge with that copy (another
        // tab's, a backup's) could keep the old one.
        self.updated_at = now.max(self.updated_at + chrono::Duration::milliseconds(1));
    }
}

/// One of the document's collections of records (all the check-ins, all
/// the plans…). Copies of the document share each collection, and each
/// record in it, until one copy changes them (copy on write): every edit
/// starts from a copy of what is on screen, so ten years of records must not
/// be copied for it. Adding a check-in copies the list's 7,300 pointers, not
/// the check-ins; editing one copies that one. A save then compares records
/// by pointer first ([`Records::for_each_change`]).
///
/// Reads give `&T` (`iter`, `get`, indexing). There is deliberately no
/// `iter_mut`: it would copy every shared record it passes. Writes go
/// through `push`, `find_mut`, `update_where` and the like, which copy only
/// the record they change.
pub struct Records<T>(Arc<Vec<Arc<T>>>);

impl<T> Records<T> {
    pub fn new() -> Self {
        Records(Arc::new(Vec::new()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone + '_ {
        self.0.iter().map(|r| &**r)
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).map(|r| &**r)
    }

    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|r| &**r)
    }

    /// The shared records themselves, for code that keeps them shared (the
    /// merge, joining parts read later).
    pub(crate) fn shared(&self) -> &[Arc<T>] {
        &self.0
    }

    pub(crate) fn from_shared(records: Vec<Arc<T>>) -> Self {
        Records(Arc::new(records))
    }

    /// Whether `self` and `other` are the very same collection, shared by
    /// two copies of the document (so certainly equal).
    pub fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Calls `f` with the records of `self` and of `after` at each place
    /// where the two may differ: a pair that is not the same shared record
    /// and not equal, and every record past the end of the shorter list.
    /// Nothing is read where both share a record, or the whole list.
    pub fn for_each_change(&self, after: &Self, mut f: impl FnMut(&T))
    where
        T: PartialEq,
    {
        if self.same(after) {
            return;
        }
        let (xs, ys) = (&*self.0, &*after.0);
        let n = xs.len().min(ys.len());
        for (x, y) in xs[..n].iter().zip(&ys[..n]) {
            if !Arc::ptr_eq(x, y) && x != y {
                f(x);
                f(y);
            }
        }
        for r in xs[n..].iter().chain(&ys[n..]) {
            f(r);
        }
    }
}

impl<T: Clone> Records<T> {
    /// This copy's own list (of pointers), copied if still shared.
    fn list(&mut self) -> &mut Vec<Arc<T>> {
        Arc::make_mut(&mut self.0)
    }

    /// Adds a record at its place in creation order (then id), the order a
    /// merge leaves: one made with the clock set back does not go last, so a
    /// window that merely heard of it never finds the stored list different
    /// in order alone (and writes it back for nothing).
    pub fn push(&mut self, record: T)
    where
        T: crate::domain::merge::Record,
    {
        let (m, last) = (record.meta(), self.last().map(|r| r.meta()));
        if last.is_none_or(|l| (l.created_at, &l.id) <= (m.created_at, &m.id)) {
            self.list().push(Arc::new(record));
        } else {
            // Rare: the merge already puts lists in this order, and its code
            // is in the app for every kind of record anyway. It also settles
            // the list as any merge would (one copy of a repeated id, from a
            // damaged file), so callers count what they push, not the length.
            let one = Records::from_shared(vec![Arc::new(record)]);
            *self = crate::domain::merge::merge_records(self, &one);
        }
    }

    /// Adds a record last, in the order read (a stored or imported list).
    pub(crate) fn append(&mut self, record: T) {
        self.list().push(Arc::new(record));
    }

    /// A record at a chosen place, for tests of lists in any order.
    #[cfg(test)]
    pub(crate) fn insert(&mut self, i: usize, record: T) {
        self.list().insert(i, Arc::new(record));
    }

    pub fn remove(&mut self, i: usize) -> T {
        Arc::unwrap_or_clone(self.list().remove(i))
    }

    /// The record at `i`, this copy's own to change.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.list().get_mut(i).map(Arc::make_mut)
    }

    /// The first record matching `pred`, this copy's own to change; the
    /// records it passes stay shared.
    pub fn find_mut(&mut self, pred: impl Fn(&T) -> bool) -> Option<&mut T> {
        let i = self.0.iter().position(|r| pred(r))?;
        self.get_mut(i)
    }

    /// Applies `change` to every record matching `pred` (copying only those);
    /// how many there were.
    pub fn update_where(&mut self, pred: impl Fn(&T) -> bool, mut change: impl FnMut(&mut T)) -> usize {
        let at: Vec<usize> = (0..self.0.len()).filter(|&i| pred(&self.0[i])).collect();
        if at.is_empty() {
            return 0; // still shared: nothing to copy
        }
        let list = self.list();
        for &i in &at {
            change(Arc::make_mut(&mut list[i]));
        }
        at.len()
    }

    /// The records as this copy's own list (copied only where still shared).
    pub fn into_vec(self) -> Vec<T> {
        Arc::unwrap_or_clone(self.0)
            .into_iter()
            .map(Arc::unwrap_or_clone)
            .collect()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Clone for Records<T> {
    fn clone(&self) -> Self {
        Records(Arc::clone(&self.0))
    }
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records::new()
    }
}

impl<T> std::ops::Index<usize> for Records<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T: Clone> std::ops::IndexMut<usize> for Records<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        Arc::make_mut(&mut self.list()[i])
    }
}

impl<T: PartialEq> PartialEq for Records<T> {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
            || (self.len() == other.len()
                && self
                    .0
                    .iter()
                    .zip(other.0.iter())
                    .all(|(x, y)| Arc::ptr_eq(x, y) || x == y))
    }
}

impl<T: Eq> Eq for Records<T> {}

impl<T> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records(Arc::new(items.into_iter().map(Arc::new).collect()))
    }
}

impl<T> FromIterator<T> for Records<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Records(Arc::new(iter.into_iter().map(Arc::new).collect()))
    }
}

impl<T: Clone> Extend<T> for Records<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.list().extend(iter.into_iter().map(Arc::new));
    }
}

impl<'a, T> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Arc<T>>, fn(&'a Arc<T>) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|r| &**r)
    }
}

impl<T: Clone> IntoIterator for Records<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<T: Serialize> Serialize for Records<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Records<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(Records::from)
    }
}

/// The outside world, handed to domain functions: the current time and a
/// source of fresh ids. The browser fills it from `Date.now()` and
/// `crypto.getRandomValues`; tests fill it with fixed values.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    random: &'a mut dyn FnMut() -> [u8; 16],
}

impl<'a> Ctx<'a> {
    pub fn new(now: DateTime<Utc>, random: &'a mut dyn FnMut() -> [u8; 16]) -> Self {
        Ctx { now, random }
    }

    pub fn new_id(&mut self) -> Id {
        Id::from_bytes((self.random)())
    }
}

/// A small deterministic generator for tests and generated data sets
/// (SplitMix64: tiny, well distributed, no dependency).
#[derive(Clone, Debug)]
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn bytes16(&mut self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        out[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        out
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
}

/// Reads an enum whose variants carry no data, as serde's derive would
/// (`deserialize_enum`: the variant's name, or `{"name": null}`), through one
/// visitor shared by every such enum instead of a derived copy each. Gives
/// the variant's place in `names`.
pub(crate) fn unit_variant<'de, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    use serde::de::{EnumAccess, VariantAccess};
    struct Names(&'static str, &'static [&'static str]);
    impl<'de> serde::de::Visitor<'de> for Names {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("enum ")?;
            f.write_str(self.0)
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
            let (i, v) = data.variant_seed(Variant(self.1))?;
            v.unit_variant()?;
            Ok(i)
        }
    }
    struct Variant(&'static [&'static str]);
    impl<'de> serde::de::DeserializeSeed<'de> for Variant {
        type Value = usize;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
            d.deserialize_identifier(self)
        }
    }
    impl<'de> serde::de::Visitor<'de> for Variant {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("variant identifier")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
            self.0
                .iter()
                .position(|n| *n == v)
                .ok_or_else(|| E::unknown_variant(v, self.0))
        }
    }
    d.deserialize_enum(name, names, Names(name, names))
}

/// `Deserialize` for an enum of unit variants through [`unit_variant`]:
/// each variant with the name serde's `rename_all` gives it (the derived
/// `Serialize` writes the same; `unit_names_match` checks both agree).
macro_rules! unit_enum_deserialize {
    ($t:ident { $($v:ident = $n:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const ALL: &[$t] = &[$($t::$v),+];
                crate::domain::record::unit_variant(d, stringify!($t), &[$($n),+]).map(|i| ALL[i])
            }
        }
        #[cfg(test)]
        impl $t {
            /// Every variant, for `unit_names_match` (the match fails to
            /// compile if one is left out of the list).
            #[allow(dead_code)]
            pub(crate) fn unit_all() -> Vec<$t> {
                let _ = |x: $t| match x { $($t::$v => ()),+ };
                vec![$($t::$v),+]
            }
        }
    };
}
pub(crate) use unit_enum_deserialize;

#[cfg(test)]
mod tests {

    /// The names `unit_enum_deserialize!` reads are the ones the derived
    /// `Serialize` writes, in both of serde's forms for a unit variant, and
    /// anything else is refused.
    #[test]
    fn unit_names_match() {
        fn check<T>(all: Vec<T>)
        where
            T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            for v in all {
                let s = serde_json::to_string(&v).unwrap();
                assert_eq!(serde_json::from_str::<T>(&s).unwrap(), v);
                assert_eq!(serde_json::from_str::<T>(&format!("{{{s}:null}}")).unwrap(), v);
                assert!(serde_json::from_str::<T>(&format!("{{{s}:1}}")).is_err());
                assert!(serde_json::from_str::<T>(&s.to_uppercase()).is_err());
            }
            for bad in ["\"nope\"", "0", "null", "[]", "{}"] {
                assert!(serde_json::from_str::<T>(bad).is_err(), "{bad}");
            }
        }
        use crate::domain::{checkin, couple, dilemma, gestures, us_time};
        check(checkin::Need::unit_all());
        check(Author::unit_all());
        check(couple::Struggle::unit_all());
        check(us_time::Cost::unit_all());
        check(us_time::Length::unit_all());
        check(us_time::Place::unit_all());
        check(us_time::Energy::unit_all());
        check(us_time::VoteKind::unit_all());
        check(us_time::Period::unit_all());
        check(dilemma::Step::unit_all());
        check(dilemma::Fear::unit_all());
        check(dilemma::Protection::unit_all());
        check(dilemma::Choice::unit_all());
        check(gestures::Kind::unit_all());
        check(gestures::Language::unit_all());
        check(gestures::Cost::unit_all());
    }

    #[test]
    fn a_partners_letter_is_the_one_the_document_stores() {
        for who in [Author::A, Author::B, Author::Both] {
            assert_eq!(
                serde_json::to_string(&who).unwrap(),
                format!("\"{}\"", who.letter())
            );
            assert_eq!(Author::from_letter(who.letter()), Some(who));
        }
        assert_eq!(Author::from_letter("c"), None);
        assert_eq!(Author::from_letter(""), None);
    }
    use super::*;

    #[test]
    fn the_other_partner_of_each_is_the_one_not_named_and_both_stays_both() {
        assert_eq!(Author::A.other(), Author::B);
        assert_eq!(Author::B.other(), Author::A);
        assert_eq!(Author::Both.other(), Author::Both);
        assert_eq!(Author::A.other().other(), Author::A);
    }

    /// Each tagged enum, every variant: the flat reading takes back exactly
    /// what the derived writing wrote, and names the field a tag lacks.
    #[test]
    fn tagged_records_read_back_what_they_write() {
        use crate::domain::dilemma::Status;
        use crate::domain::gestures::{GestureState, Source};
        use crate::domain::us_time::PlanState;
        use serde::de::DeserializeOwned;
        use std::fmt::Debug;

        fn round<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: T, json: &str) {
            assert_eq!(serde_json::to_string(&v).unwrap(), json);
            assert_eq!(serde_json::from_str::<T>(json).unwrap(), v);
        }
        fn refused<T: DeserializeOwned + Debug>(json: &str, why: &str) {
            let e = serde_json::from_str::<T>(json).unwrap_err().to_string();
            assert!(e.contains(why), "{json}: {e}");
        }
        let at: DateTime<Utc> = "2026-11-25T20:30:00Z".parse().unwrap();
        round(Status::InProgress, r#"{"kind":"in_progress"}"#);
        round(
            Status::Paused { resume_after: at },
            r#"{"kind":"paused","resume_after":"2026-11-25T20:30:00Z"}"#,
        );
        round(
            Status::NotNow { since: at },
            r#"{"kind":"not_now","since":"2026-11-25T20:30:00Z"}"#,
        );
        round(
            Status::Finished { at },
            r#"{"kind":"finished","at":"2026-11-25T20:30:00Z"}"#,
        );
        round(GestureState::Planned, r#"{"state":"planned"}"#);
        round(
            GestureState::Done {
                at,
                note: String::new(),
            },
            r#"{"state":"done","at":"2026-11-25T20:30:00Z"}"#,
        );
        round(
            GestureState::Done {
                at,
                note: "lovely".into(),
            },
            r#"{"state":"done","at":"2026-11-25T20:30:00Z","note":"lovely"}"#,
        );
        round(
            GestureState::LetGo { at },
            r#"{"state":"let_go","at":"2026-11-25T20:30:00Z"}"#,
        );
        round(PlanState::Planned, r#"{"state":"planned"}"#);
        round(
            PlanState::Done { at },
            r#"{"state":"done","at":"2026-11-25T20:30:00Z"}"#,
        );
        round(
            PlanState::Cancelled { at },
            r#"{"state":"cancelled","at":"2026-11-25T20:30:00Z"}"#,
        );
        round(
            Source::Builtin("thanks-note".into()),
            r#"{"type":"builtin","ref":"thanks-note"}"#,
        );
        round(
            Source::Own(Id("ab".repeat(16))),
            &format!(r#"{{"type":"own","ref":"{}"}}"#, "ab".repeat(16)),
        );
        round(Source::Free, r#"{"type":"free"}"#);
        // Field order and fields Hearth does not know don't matter.
        assert_eq!(
            serde_json::from_str::<Status>(r#"{"since":"2026-11-25T20:30:00Z","later":1,"kind":"not_now"}"#)
                .unwrap(),
            Status::NotNow { since: at }
        );
        refused::<Status>(r#"{"kind":"paused"}"#, "missing field `resume_after`");
        refused::<Status>(r#"{"kind":"asleep"}"#, "unknown variant `asleep`");
        refused::<Status>(
            r#"{"resume_after":"2026-11-25T20:30:00Z"}"#,
            "missing field `kind`",
        );
        refused::<GestureState>(r#"{"state":"let_go"}"#, "missing field `at`");
        refused::<PlanState>(
            r#"{"state":"done","at":"soon"}"#,
            "invalid value: string \"soon\", expected a moment like 2026-11-29T10:00:00Z",
        );
        refused::<Source>(r#"{"type":"own"}"#, "missing field `ref`");
    }

    #[test]
    fn ids_are_32_hex_digits_and_differ() {
        let mut rng = Seeded(7);
        let a = Id::from_bytes(rng.bytes16());
        let b = Id::from_bytes(rng.bytes16());
        assert_eq!(a.as_str().len(), 32);
        assert!(a
            .as_str()
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
        assert_eq!(Id::from_bytes([0xab; 16]).as_str(), "ab".repeat(16));
    }

    #[test]
    fn records_are_shared_until_one_copy_changes_them() {
        let a: Records<String> = vec!["one".to_string(), "two".into(), "three".into()].into();
        let mut b = a.clone();
        assert!(a.same(&b));
        // Reading does not part them.
        assert_eq!(b.iter().map(String::len).sum::<usize>(), 11);
        assert!(a.same(&b));
        b.append("four".into());
        assert!(!a.same(&b));
        assert_eq!(
            a.iter().collect::<Vec<_>>(),
            ["one", "two", "three"],
            "the other copy is untouched"
        );
        // The records themselves are still shared; changing one copies it.
        assert!(Arc::ptr_eq(&a.0[1], &b.0[1]));
        b.find_mut(|s| s == "two").unwrap().push('!');
        assert!(!Arc::ptr_eq(&a.0[1], &b.0[1]));
        assert!(Arc::ptr_eq(&a.0[0], &b.0[0]) && Arc::ptr_eq(&a.0[2], &b.0[2]));
        assert_eq!(a[1], "two");
        assert_eq!(b[1], "two!");
        // Only the places that differ are reported.
        let mut seen = Vec::new();
        a.for_each_change(&b, |s| seen.push(s.clone()));
        assert_eq!(seen, ["two", "two!", "four"]);
        // A write that matches nothing copies nothing.
        let mut d = a.clone();
        assert_eq!(d.update_where(|s| s.is_empty(), |s| s.push('?')), 0);
        assert!(d.same(&a));
        // An unchanged record that is no longer shared compares by value.
        let mut c = a.clone();
        c.update_where(|s| s.starts_with('t'), |s| s.make_ascii_uppercase());
        c.update_where(|s| s.starts_with('T'), |s| s.make_ascii_lowercase());
        let mut none = 0;
        a.for_each_change(&c, |_| none += 1);
        assert_eq!(none, 0);
        assert_eq!(a, c);
        assert_ne!(a, b);
        // Stored as a plain JSON list, as before.
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"["one","two!","three","four"]"#
        );
        let back: Records<String> = serde_json::from_str(r#"["one","two!","three","four"]"#).unwrap();
        assert_eq!(back, b);
        assert_eq!(b.into_vec(), ["one", "two!", "three", "four"]);
    }

    #[test]
    fn touch_always_moves_forwards() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-02T10:00:00Z")
            .unwrap()
            .to_utc();
        let earlier = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut rng = Seeded(1);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t0, &mut gen);
        let mut m = Meta::new(&mut ctx, Author::A);
        m.touch(earlier);
        assert_eq!(m.updated_at, t0 + chrono::Duration::milliseconds(1));
        // Twice in the same millisecond: each change is newer than the last.
        m.touch(t0);
        assert_eq!(m.updated_at, t0 + chrono::Duration::milliseconds(2));
        let later = t0 + chrono::Duration::hours(1);
        m.touch(later);
        assert_eq!(m.updated_at, later);
    }
}
