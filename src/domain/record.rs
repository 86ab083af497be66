//! What every saved record carries so that two devices' data can later be
//! merged record by record: a stable random id, when it was made and last
//! changed (UTC), and who wrote it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
