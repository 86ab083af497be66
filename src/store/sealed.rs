//! The sealed form of the couple's document when the passphrase lock is on:
//! a small JSON envelope around AES-256-GCM ciphertext (see docs/security.md).
//!
//! Only the format lives here (pure, host-tested, never panics on any input);
//! the WebCrypto calls that fill it are in `src/crypto.rs` (wasm only).

use serde_json::{json, Map, Value};

/// The marker at the top level of every envelope (and of an encrypted backup).
pub const MARKER: &str = "hearth_sealed";
/// The envelope version this build writes: 2, the text LZ4-compressed before
/// it is sealed (as sealed text, ten years of JSON did not fit in
/// localStorage). It reads version 1 (the text as it is) too.
pub const VERSION: u64 = 2;
/// The versions this build opens.
pub fn readable(version: u64) -> bool {
    version == 1 || version == VERSION
}
/// A sealed text longer than this, once opened, is damage: the largest
/// backup Hearth accepts (a document in localStorage is far smaller).
pub const MAX_PLAIN_BYTES: usize = super::backup::MAX_BACKUP_BYTES;
pub const KDF: &str = "PBKDF2-SHA256";
pub const CIPHER: &str = "AES-256-GCM";
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
pub const MIN_ITERATIONS: u32 = 600_000;
/// What this build writes.
pub const ITERATIONS: u32 = 600_000;
/// More than this would hang the tab for minutes: refused as damaged.
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// The longest "lock again after" this build accepts: a day.
pub const MAX_RELOCK_MINUTES: u32 = 24 * 60;

/// The choices offered in Settings; `None` is "never".
pub const RELOCK_CHOICES: [Option<u32>; 5] = [None, Some(1), Some(5), Some(15), Some(60)];

/// Settings of the lock itself. Not secret, so kept in clear beside the
/// ciphertext: they must be known before the passphrase is typed, and they
/// are not part of the document (no schema bump).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockSettings {
    /// Lock again after this many minutes in the background; `None` = never.
    pub relock_after_minutes: Option<u32>,
}

impl Default for LockSettings {
    fn default() -> Self {
        LockSettings {
            relock_after_minutes: Some(5),
        }
    }
}

/// One sealed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub iterations: u32,
    pub salt: [u8; SALT_LEN],
    pub nonce: [u8; NONCE_LEN],
    /// The document text, encrypted; the GCM tag is its last 16 bytes.
    pub ciphertext: Vec<u8>,
    /// AES-GCM of nothing under the same key with its own nonce: only the
    /// tag. It tells a wrong passphrase (this fails too) from a damaged
    /// ciphertext (this opens, the ciphertext doesn't). It tells an attacker
    /// nothing the ciphertext's own tag does not already tell.
    pub check_nonce: [u8; NONCE_LEN],
    pub check: [u8; TAG_LEN],
    pub settings: LockSettings,
    /// The envelope's version: from 2 on, what is sealed is the text packed
    /// by [`pack_plain`]; version 1 sealed the text as it is.
    pub version: u64,
}

/// A text as version 2 seals it: LZ4 (block format, its length first, as the
/// stored parts use). A decade's 3.4 MB of JSON becomes about 1.4 MB.
pub fn pack_plain(text: &str) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(text.as_bytes())
}

/// The text inside an opened version-2 envelope; `None` if it is damaged.
pub fn unpack_plain(bytes: &[u8]) -> Option<String> {
    super::parts::unpack_bytes(bytes, MAX_PLAIN_BYTES).ok()
}

/// Why a text is not an envelope this build can open. Every input gives
/// either an [`Envelope`] or one of these, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvelopeError {
    NotJson,
    NotAnObject,
    /// No `hearth_sealed` marker: not sealed at all.
    NotSealed,
    /// A newer (or nonsense) envelope version.
    Version(String),
    Missing(&'static str),
    WrongType(&'static str),
    Kdf(String),
    Cipher(String),
    Iterations(u64),
    Base64(&'static str),
    Length {
        field: &'static str,
        expected: usize,
        got: usize,
    },
    RelockMinutes(u64),
}

impl EnvelopeError {
    /// A short reason for a person (shown under "what went wrong").
    pub fn message(&self) -> String {
        match self {
            EnvelopeError::NotJson => "the locked data is not readable text".into(),
            EnvelopeError::NotAnObject => "the locked data has the wrong shape".into(),
            EnvelopeError::NotSealed => "this is not locked Hearth data".into(),
            EnvelopeError::Version(v) => {
                format!("the locked data uses format {v}, which this version of Hearth does not know")
            }
            EnvelopeError::Missing(f) => format!("the locked data has no \u{201c}{f}\u{201d}"),
            EnvelopeError::WrongType(f) => {
                format!("the locked data's \u{201c}{f}\u{201d} has the wrong type")
            }
            EnvelopeError::Kdf(k) => format!("the locked data uses a key method Hearth does not know ({k})"),
            EnvelopeError::Cipher(c) => format!("the locked data uses a cipher Hearth does not know ({c})"),
            EnvelopeError::Iterations(n) => {
                format!("the locked data asks for {n} key rounds, outside what Hearth accepts")
            }
            EnvelopeError::Base64(f) => format!("the locked data's \u{201c}{f}\u{201d} is not valid base64"),
            EnvelopeError::Length { field, expected, got } => {
                format!("the locked data's \u{201c}{field}\u{201d} is {got} bytes long instead of {expected}")
            }
            EnvelopeError::RelockMinutes(n) => {
                format!("the locked data's lock setting ({n} minutes) is out of range")
            }
        }
    }
}

/// Cheap first look: could this text be an envelope? (The marker appears
/// in it.) [`parse`] decides for sure; a plain document that merely quotes
/// the marker in the couple's words parses as [`EnvelopeError::NotSealed`].
pub fn mentions_marker(raw: &str) -> bool {
    raw.contains(MARKER)
}

/// Whether `raw` is JSON with the marker at its top level (a sealed text,
/// readable or not), as opposed to a plain document.
pub fn is_sealed(raw: &str) -> bool {
    !matches!(
        parse(raw),
        Err(EnvelopeError::NotSealed | EnvelopeError::NotJson | EnvelopeError::NotAnObject)
    )
}

pub fn encode(env: &Envelope) -> String {
    let value = json!({
        MARKER: env.version,
        "kdf": KDF,
        "iterations": env.iterations,
        "salt": base64_encode(&env.salt),
        "cipher": CIPHER,
        "nonce": base64_encode(&env.nonce),
        "ciphertext": base64_encode(&env.ciphertext),
        "check_nonce": base64_encode(&env.check_nonce),
        "check": base64_encode(&env.check),
        "lock": { "relock_after_minutes": env.settings.relock_after_minutes },
    });
    // Serialising a Value built from strings and numbers cannot fail; an
    // empty string would be refused by the read-back check.
    super::codec::json_text(&value)
}

pub fn parse(raw: &str) -> Result<Envelope, EnvelopeError> {
    let value: Value = serde_json::from_str(raw).map_err(|_| EnvelopeError::NotJson)?;
    let obj = value.as_object().ok_or(EnvelopeError::NotAnObject)?;
    let version = obj.get(MARKER).ok_or(EnvelopeError::NotSealed)?;
    let version = match version.as_u64() {
        Some(v) if readable(v) => v,
        _ => return Err(EnvelopeError::Version(super::codec::json_text(version))),
    };
    let kdf = string(obj, "kdf")?;
    if kdf != KDF {
        return Err(EnvelopeError::Kdf(kdf.chars().take(40).collect()));
    }
    let cipher = string(obj, "cipher")?;
    if cipher != CIPHER {
        return Err(EnvelopeError::Cipher(cipher.chars().take(40).collect()));
    }
    let iterations = obj
        .get("iterations")
        .ok_or(EnvelopeError::Missing("iterations"))?
        .as_u64()
        .ok_or(EnvelopeError::WrongType("iterations"))?;
    let iterations = match u32::try_from(iterations) {
        Ok(n) if (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&n) => n,
        _ => return Err(EnvelopeError::Iterations(iterations)),
    };
    let ciphertext = bytes(obj, "ciphertext")?;
    if ciphertext.len() < TAG_LEN {
        return Err(EnvelopeError::Length {
            field: "ciphertext",
            expected: TAG_LEN,
            got: ciphertext.len(),
        });
    }
    let settings = match obj.get("lock") {
        None | Some(Value::Null) => LockSettings::default(),
        Some(Value::Object(lock)) => match lock.get("relock_after_minutes") {
            None | Some(Value::Null) => LockSettings {
                relock_after_minutes: None,
            },
            Some(v) => {
                let n = v
                    .as_u64()
                    .ok_or(EnvelopeError::WrongType("relock_after_minutes"))?;
                match u32::try_from(n) {
                    Ok(m) if (1..=MAX_RELOCK_MINUTES).contains(&m) => LockSettings {
                        relock_after_minutes: Some(m),
                    },
                    _ => return Err(EnvelopeError::RelockMinutes(n)),
                }
            }
        },
        Some(_) => return Err(EnvelopeError::WrongType("lock")),
    };
    Ok(Envelope {
        iterations,
        salt: fixed(obj, "salt")?,
        nonce: fixed(obj, "nonce")?,
        ciphertext,
        check_nonce: fixed(obj, "check_nonce")?,
        check: fixed(obj, "check")?,
        settings,
        version,
    })
}

fn string<'a>(obj: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, EnvelopeError> {
    obj.get(field)
        .ok_or(EnvelopeError::Missing(field))?
        .as_str()
        .ok_or(EnvelopeError::WrongType(field))
}

fn bytes(obj: &Map<String, Value>, field: &'static str) -> Result<Vec<u8>, EnvelopeError> {
    base64_decode(string(obj, field)?).ok_or(EnvelopeError::Base64(field))
}

fn fixed<const N: usize>(obj: &Map<String, Value>, field: &'static str) -> Result<[u8; N], EnvelopeError> {
    let b = bytes(obj, field)?;
    b.as_slice().try_into().map_err(|_| EnvelopeError::Length {
        field,
        expected: N,
        got: b.len(),
    })
}

// ---- base64 (RFC 4648 §4, standard alphabet, padded) ----
// Our own instead of a dependency: strict encode and decode is all the
// envelope and the stored parts need. Both run over a whole decade at
// times (every part read at an opening, the document sealed at each save
// while locked), so they go a few bytes at a time through tables.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(data: &[u8]) -> String {
    let (threes, rest) = data.as_chunks::<3>();
    let mut out = vec![b'='; data.len().div_ceil(3) * 4];
    let char_at = |n: u32, i: u32| ALPHABET[((n >> (18 - 6 * i)) & 63) as usize];
    // Byte by byte into place, as in `base64_decode` (the lock seals the
    // whole document this way: pushing a char at a time took seven times
    // as long).
    for (t, four) in threes.iter().zip(out.chunks_exact_mut(4)) {
        let n = (u32::from(t[0]) << 16) | (u32::from(t[1]) << 8) | u32::from(t[2]);
        four[0] = char_at(n, 0);
        four[1] = char_at(n, 1);
        four[2] = char_at(n, 2);
        four[3] = char_at(n, 3);
    }
    if let Some((&first, second)) = rest.split_first() {
        let n = (u32::from(first) << 16) | (u32::from(second.first().copied().unwrap_or(0)) << 8);
        let at = threes.len() * 4;
        // One byte left makes two characters, two make three; `=` after.
        for i in 0..=rest.len() {
            out[at + i] = char_at(n, i as u32);
        }
    }
    // Only ALPHABET's characters and `=`: ASCII, so this cannot fail.
    String::from_utf8(out).unwrap_or_default()
}

/// Each byte's value in [`ALPHABET`], or [`NOT_BASE64`]: a byte a time
/// through a table, since a decade's parts are about 1.4 MB of base64 read
/// at every opening (a `match` per byte cost three times as long).
const SEXTETS: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const NOT_BASE64: u8 = 0xff;

/// The 24 bits four characters stand for; `None` if one is not base64
/// (padding included: it is dealt with before this is asked).
fn quad(q: &[u8; 4]) -> Option<u32> {
    let at = |i: usize| SEXTETS[usize::from(q[i])];
    let (a, b, c, d) = (at(0), at(1), at(2), at(3));
    // A sextet has two high bits clear; NOT_BASE64 has them set.
    if (a | b | c | d) & 0xc0 != 0 {
        return None;
    }
    Some((u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d))
}

/// Strict: length a multiple of 4, padding only at the end, no stray bits,
/// no whitespace. `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let s = text.as_bytes();
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let Some((body, last)) = s.split_last_chunk::<4>() else {
        return Some(Vec::new());
    };
    let (quads, _) = body.as_chunks::<4>();
    let mut out = vec![0; quads.len() * 3];
    for (q, three) in quads.iter().zip(out.chunks_exact_mut(3)) {
        let n = quad(q)?;
        // Byte by byte: a three-byte copy is a call to memcpy at opt-level z.
        three[0] = (n >> 16) as u8;
        three[1] = (n >> 8) as u8;
        three[2] = n as u8;
    }
    // Only the last four may end in padding, one or two `=`.
    let pad = last.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return None;
    }
    let mut whole = *last;
    whole[4 - pad..].fill(b'A');
    let n = quad(&whole)?;
    let got = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    let keep = 3 - pad;
    // The bits the padding stands for must be zero (one encoding per value).
    if got[keep..].iter().any(|&b| b != 0) {
        return None;
    }
    out.extend_from_slice(&got[..keep]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Envelope {
        Envelope {
            iterations: ITERATIONS,
            salt: [7; SALT_LEN],
            nonce: [9; NONCE_LEN],
            ciphertext: (0..40).collect(),
            check_nonce: [3; NONCE_LEN],
            check: [5; TAG_LEN],
            settings: LockSettings {
                relock_after_minutes: Some(15),
            },
            version: VERSION,
        }
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64_encode(plain.as_bytes()), coded);
            assert_eq!(base64_decode(coded).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)), Some(all));
    }

    #[test]
    fn base64_refuses_what_is_not_canonical() {
        for bad in [
            "Zg=",
            "Zg",
            "Z===",
            "Zh==",
            "Zm9=",
            "Zg==Zg==",
            "Zm 9v",
            "Zm9v\n",
            "Zm-_",
            "====",
            "é123",
            // The same before the last four.
            "Zm=vZm9v",
            "Zm-_Zm9v",
            "ZévZm9v",
            "Zm9v====Zm9v",
            "Zm\u{7f}vZm9v",
        ] {
            assert_eq!(base64_decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_envelope_round_trips_and_says_it_is_sealed() {
        let env = sample();
        let text = encode(&env);
        assert!(text.contains("\"hearth_sealed\":2"));
        assert!(is_sealed(&text) && mentions_marker(&text));
        assert_eq!(parse(&text), Ok(env));
        // What earlier builds wrote (the text sealed as it is) still reads.
        let first = Envelope {
            version: 1,
            ..sample()
        };
        assert!(encode(&first).contains("\"hearth_sealed\":1"));
        assert_eq!(parse(&encode(&first)), Ok(first));
        let never = Envelope {
            settings: LockSettings {
                relock_after_minutes: None,
            },
            ..sample()
        };
        assert_eq!(parse(&encode(&never)), Ok(never));
    }

    #[test]
    fn a_packed_text_opens_to_itself_and_damage_is_refused() {
        let text = "{\"schema\":7,\"couple\":{\"a\":{\"name\":\"Sam \u{2764}\"}}}".repeat(50);
        let packed = pack_plain(&text);
        assert!(packed.len() < text.len() / 4, "{} bytes", packed.len());
        assert_eq!(unpack_plain(&packed).as_deref(), Some(text.as_str()));
        assert_eq!(unpack_plain(&pack_plain("")).as_deref(), Some(""));
        // Cut short, a length that lies, bytes that are not UTF-8, nothing at all.
        assert_eq!(unpack_plain(&packed[..packed.len() - 3]), None);
        let mut longer = packed.clone();
        longer[0] = longer[0].wrapping_add(1);
        assert_eq!(unpack_plain(&longer), None);
        let mut huge = packed.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(unpack_plain(&huge), None);
        assert_eq!(
            unpack_plain(&lz4_flex::block::compress_prepend_size(&[0xff, 0xfe])),
            None
        );
        assert_eq!(unpack_plain(&[1, 0]), None);
    }

    #[test]
    fn a_plain_document_is_not_sealed_even_when_it_quotes_the_marker() {
        let doc = r#"{"schema":5,"couple":{"a":{"name":"hearth_sealed"}}}"#;
        assert!(mentions_marker(doc));
        assert_eq!(parse(doc), Err(EnvelopeError::NotSealed));
        assert!(!is_sealed(doc));
        assert!(!is_sealed("not json"));
    }

    fn with(field: &str, value: Value) -> String {
        let mut v: Value = serde_json::from_str(&encode(&sample())).unwrap();
        v[field] = value;
        v.to_string()
    }

    fn without(field: &str) -> String {
        let mut v: Value = serde_json::from_str(&encode(&sample())).unwrap();
        v.as_object_mut().unwrap().remove(field);
        v.to_string()
    }

    #[test]
    fn each_kind_of_bad_envelope_gets_its_typed_error() {
        use EnvelopeError as E;
        assert_eq!(parse("{"), Err(E::NotJson));
        assert_eq!(parse("[1]"), Err(E::NotAnObject));
        assert_eq!(parse(&with(MARKER, json!(3))), Err(E::Version("3".into())));
        assert_eq!(parse(&with(MARKER, json!(0))), Err(E::Version("0".into())));
        assert_eq!(parse(&with(MARKER, json!("1"))), Err(E::Version("\"1\"".into())));
        assert_eq!(parse(&without("salt")), Err(E::Missing("salt")));
        assert_eq!(parse(&with("nonce", json!(12))), Err(E::WrongType("nonce")));
        assert_eq!(parse(&with("kdf", json!("scrypt"))), Err(E::Kdf("scrypt".into())));
        assert_eq!(
            parse(&with("cipher", json!("AES-128-CBC"))),
            Err(E::Cipher("AES-128-CBC".into()))
        );
        assert_eq!(parse(&with("iterations", json!(1000))), Err(E::Iterations(1000)));
        assert_eq!(
            parse(&with("iterations", json!(u64::MAX))),
            Err(E::Iterations(u64::MAX))
        );
        assert_eq!(
            parse(&with("iterations", json!(-1))),
            Err(E::WrongType("iterations"))
        );
        assert_eq!(
            parse(&with("ciphertext", json!("!!!!"))),
            Err(E::Base64("ciphertext"))
        );
        assert_eq!(
            parse(&with("salt", json!(base64_encode(&[1; 8])))),
            Err(E::Length {
                field: "salt",
                expected: 16,
                got: 8
            })
        );
        assert_eq!(
            parse(&with("ciphertext", json!(base64_encode(&[1; 15])))),
            Err(E::Length {
                field: "ciphertext",
                expected: 16,
                got: 15
            })
        );
        assert_eq!(
            parse(&with("lock", json!({ "relock_after_minutes": 0 }))),
            Err(E::RelockMinutes(0))
        );
        assert_eq!(parse(&with("lock", json!(true))), Err(E::WrongType("lock")));
        // Lock settings are optional: the default applies.
        assert_eq!(
            parse(&without("lock")).map(|e| e.settings),
            Ok(LockSettings::default())
        );
        for e in [E::NotJson, E::Iterations(3), E::Missing("salt")] {
            assert!(!e.message().is_empty());
        }
    }

    /// A small fuzz: thousands of mutations of a valid envelope (byte flips,
    /// truncations, insertions) and of random bytes. Every one must give an
    /// envelope or a typed error, and never panic. (`make fuzz` can raise
    /// HEARTH_FUZZ_CASES.)
    #[test]
    fn parse_never_panics_on_mutated_or_random_input() {
        let cases: u64 = std::env::var("HEARTH_FUZZ_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5_000);
        let valid = encode(&sample()).into_bytes();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut parsed = 0;
        for i in 0..cases {
            let mut bytes = if i % 4 == 3 {
                (0..(next() % 200)).map(|_| next() as u8).collect()
            } else {
                valid.clone()
            };
            for _ in 0..=(next() % 4) {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() as usize) % bytes.len();
                match next() % 4 {
                    0 => bytes[at] ^= 1 << (next() % 8),
                    1 => bytes.truncate(at),
                    2 => bytes.insert(at, next() as u8),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if parse(&text).is_ok() {
                parsed += 1;
            }
            let _ = is_sealed(&text);
            let _ = base64_decode(&text);
        }
        // Most mutations break something; a few (inside the ciphertext's
        // letters, say) still parse. Both are fine; a panic is not.
        assert!(parsed < cases);
    }
}
