//! What every saved record carries so that two devices' data can later be
//! merged record by record: a stable random id, when it was made and last
//! changed (UTC), and who wrote it.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    A,
    B,
    Both,
}

/// The bookkeeping every record carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Id,
    pub created_at: DateTime<Utc>,
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
        // Never move backwards: a device with a clock behind must still win
        // over its own older edit.
        self.updated_at = now.max(self.updated_at);
    }
}

/// One of the document's collections of records (all the check-ins, all
/// the plans…). Copies of the document share each collection until one copy
/// changes it (copy on write): every edit starts from a copy of what is on
/// screen, and ten years of records are copied only where the edit touches
/// them. A save then compares only the collections that are not the very
/// same ([`Records::same`]). Reads and writes go through `Vec` (`Deref`);
/// a write through a shared collection first makes it this copy's own.
#[derive(Debug)]
pub struct Records<T>(Arc<Vec<T>>);

impl<T> Records<T> {
    /// Whether `self` and `other` are the very same collection, shared by
    /// two copies of the document (so certainly equal).
    pub fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: Clone> Records<T> {
    /// The records as this copy's own list (copied only if still shared).
    pub fn into_vec(self) -> Vec<T> {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone())
    }
}

impl<T> Clone for Records<T> {
    fn clone(&self) -> Self {
        Records(Arc::clone(&self.0))
    }
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records(Arc::new(Vec::new()))
    }
}

impl<T> Deref for Records<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T: Clone> DerefMut for Records<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        Arc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for Records<T> {
    fn eq(&self, other: &Self) -> bool {
        self.same(other) || self.0 == other.0
    }
}

impl<T: Eq> Eq for Records<T> {}

impl<T> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records(Arc::new(items))
    }
}

impl<T> FromIterator<T> for Records<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Records::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
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
        self.0.as_slice().serialize(s)
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let a: Records<u32> = vec![1, 2, 3].into();
        let mut b = a.clone();
        assert!(a.same(&b));
        // Reading does not part them.
        assert_eq!(b.iter().sum::<u32>(), 6);
        assert!(a.same(&b));
        b.push(4);
        assert!(!a.same(&b));
        assert_eq!(*a, vec![1, 2, 3], "the other copy is untouched");
        assert_eq!(*b, vec![1, 2, 3, 4]);
        // Equal contents are equal, shared or not.
        let c: Records<u32> = vec![1, 2, 3].into();
        assert!(!a.same(&c));
        assert_eq!(a, c);
        assert_ne!(a, b);
        // Stored as a plain JSON list, as before.
        assert_eq!(serde_json::to_string(&b).unwrap(), "[1,2,3,4]");
        let back: Records<u32> = serde_json::from_str("[1,2,3,4]").unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn touch_never_moves_backwards() {
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
        assert_eq!(m.updated_at, t0);
    }
}
