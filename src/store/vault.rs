//! The rules for opening and saving the couple's document. Written against
//! [`Backend`] so that every rule is tested on the host with [`MemoryBackend`].

use chrono::{DateTime, Utc};

use super::codec::{self, Decoded};
use super::{DAMAGED_PREFIX, DOC_KEY, PREFIX, PRE_IMPORT_PREFIX, PRE_MIGRATION_PREFIX};
use crate::domain::document::{Document, SCHEMA};
use crate::domain::merge::merge;

/// Why the browser refused a storage operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The storage is full (`QuotaExceededError`).
    Full,
    /// Storage cannot be used at all (blocked, private mode, …).
    Unavailable(String),
    /// Anything else the browser said.
    Other(String),
}

/// A key-value store of strings: `window.localStorage`, or memory in tests.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// Whether this tab may write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenMode {
    ReadWrite,
    /// Writing would lose something (a newer schema, or damaged data we could
    /// not copy aside): the app shows the data and says why it can't save.
    ReadOnly,
}

/// Something the couple should be told about their saved data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The saved data could not be read; it was copied to `backup_key`
    /// (or could not be, in which case nothing will be written).
    Damaged {
        reason: String,
        backup_key: Option<String>,
        raw: String,
    },
    /// Saved by a newer version of Hearth.
    Newer { schema: u32 },
    /// The data was updated from an older format; the old copy is kept.
    Migrated { from: u32, backup_key: Option<String> },
    /// Storage cannot be used; nothing will survive a reload.
    Unavailable { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage is full. Nothing saved before was changed.
    Full,
    /// This tab is read-only (see [`Notice`]).
    ReadOnly,
    /// The write seemed to work but reading it back gave something else.
    NotVerified,
    Storage(String),
}

impl SaveError {
    /// A clear, blame-free sentence for the person who just made a change.
    pub fn message(&self) -> String {
        match self {
            SaveError::Full => "This browser's storage for Hearth is full, so your last change is not saved yet. \
                Everything saved before is safe. Download a backup from Settings, then free some space."
                .into(),
            SaveError::ReadOnly => "Hearth is only showing your data right now and cannot save changes (see the message at the top).".into(),
            SaveError::NotVerified => "Your last change could not be confirmed as saved. Everything saved before is safe; please try again.".into(),
            SaveError::Storage(e) => format!("Your last change could not be saved ({e}). Everything saved before is safe."),
        }
    }
}

/// Why an import could not replace the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplaceError {
    /// The copy of the current data could not be written (storage full):
    /// nothing was replaced.
    NoCopy,
    /// The copy was kept, but writing the imported data failed; what was
    /// saved before is still there.
    Save(SaveError),
}

impl ReplaceError {
    pub fn message(&self) -> String {
        match self {
            ReplaceError::NoCopy => "Hearth couldn't keep a copy of what is here now (this browser's storage is too full), \
                so it did not replace anything. Download a backup of what is here first, then free some space or choose Merge."
                .into(),
            ReplaceError::Save(e) => format!("The backup was not put in place. {}", e.message()),
        }
    }
}

impl From<StorageError> for SaveError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Full => SaveError::Full,
            StorageError::Unavailable(s) | StorageError::Other(s) => SaveError::Storage(s),
        }
    }
}

/// An opened store: the backend plus what we last read or wrote, so a change
/// made by another tab in between is noticed and merged, not overwritten.
pub struct Vault<B: Backend> {
    backend: B,
    mode: OpenMode,
    last_raw: Option<String>,
}

pub struct Opened<B: Backend> {
    pub vault: Vault<B>,
    pub doc: Document,
    pub notices: Vec<Notice>,
}

/// Writes and reads back; only an identical read-back counts as saved.
fn write_verified<B: Backend>(b: &mut B, key: &str, value: &str) -> Result<(), SaveError> {
    b.set(key, value)?;
    match b.get(key)? {
        Some(back) if back == value => Ok(()),
        _ => Err(SaveError::NotVerified),
    }
}

/// Copies text to a fresh backup key; returns the key when the copy is verified.
fn keep_aside<B: Backend>(b: &mut B, prefix: &str, stamp: &str, raw: &str) -> Option<String> {
    let key = format!("{prefix}{stamp}");
    if let Ok(Some(existing)) = b.get(&key) {
        if existing == raw {
            return Some(key);
        }
    }
    write_verified(b, &key, raw).ok().map(|_| key)
}

impl<B: Backend> Vault<B> {
    /// Opens the saved document, never losing what is there.
    pub fn open(backend: B, now: DateTime<Utc>) -> Opened<B> {
        match backend.get(DOC_KEY) {
            Ok(raw) => {
                let plain = Ok(raw.clone());
                Self::open_unsealed(backend, now, raw, plain)
            }
            Err(e) => {
                let reason = match e {
                    StorageError::Unavailable(s) | StorageError::Other(s) => s,
                    StorageError::Full => "storage is full".into(),
                };
                Opened {
                    vault: Vault {
                        backend,
                        mode: OpenMode::ReadOnly,
                        last_raw: None,
                    },
                    doc: Document::default(),
                    notices: vec![Notice::Unavailable { reason }],
                }
            }
        }
    }

    /// Opens from `stored`, the text in storage, and `plain`, what it says:
    /// the same text, or (lock on) the document the passphrase unsealed from
    /// it, or `Err(reason)` when the sealed text could not be opened though
    /// the passphrase was right. Copies kept aside are always of `stored`,
    /// so no plaintext is ever written while the lock is on.
    pub fn open_unsealed(
        mut backend: B,
        now: DateTime<Utc>,
        stored: Option<String>,
        plain: Result<Option<String>, String>,
    ) -> Opened<B> {
        let raw = stored;
        let stamp = now.format("%Y-%m-%dT%H-%M-%SZ").to_string();
        let mut notices = Vec::new();
        let mut mode = OpenMode::ReadWrite;
        let decoded = match &plain {
            Ok(text) => codec::decode(text.as_deref()),
            Err(reason) => Decoded::Damaged {
                reason: reason.clone(),
            },
        };
        let doc = match decoded {
            Decoded::Empty => Document::default(),
            Decoded::Ready { doc, from } => {
                if from < SCHEMA {
                    let raw = raw.as_deref().unwrap_or_default();
                    let prefix = format!("{PRE_MIGRATION_PREFIX}{from}:");
                    let backup_key = keep_aside(&mut backend, &prefix, &stamp, raw);
                    notices.push(Notice::Migrated { from, backup_key });
                }
                doc
            }
            Decoded::Newer { schema, doc } => {
                mode = OpenMode::ReadOnly;
                notices.push(Notice::Newer { schema });
                doc.unwrap_or_default()
            }
            Decoded::Damaged { reason } => {
                let raw = raw.clone().unwrap_or_default();
                let backup_key = keep_aside(&mut backend, DAMAGED_PREFIX, &stamp, &raw);
                // The only copy is the saved one: never write over it. A
                // sealed text that would not open stays read-only even when
                // copied: the couple may yet find a way to open it.
                if backup_key.is_none() || plain.is_err() {
                    mode = OpenMode::ReadOnly;
                }
                notices.push(Notice::Damaged {
                    reason,
                    backup_key,
                    raw,
                });
                Document::default()
            }
        };
        Opened {
            vault: Vault {
                backend,
                mode,
                last_raw: raw,
            },
            doc,
            notices,
        }
    }

    /// A vault that has not read the document: the app is locked, so it
    /// must not be opened yet. Read-only until opened; only
    /// [`Vault::delete_everything`] and [`Vault::bytes_used`] are of use.
    pub fn unopened(backend: B) -> Self {
        Vault {
            backend,
            mode: OpenMode::ReadOnly,
            last_raw: None,
        }
    }

    /// The document's stored text, read without opening it (to see whether
    /// it is sealed).
    pub fn peek(backend: &B) -> Result<Option<String>, StorageError> {
        backend.get(DOC_KEY)
    }

    pub fn mode(&self) -> &OpenMode {
        &self.mode
    }

    /// Saves `doc`, first merging whatever another tab saved since we last
    /// looked. Returns the document as saved (the merge of both).
    pub fn save(&mut self, doc: &Document) -> Result<Document, SaveError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(SaveError::ReadOnly);
        }
        let current = self.backend.get(DOC_KEY)?;
        let mut to_save = doc.clone();
        if current != self.last_raw {
            if let Decoded::Ready { doc: theirs, .. } = codec::decode(current.as_deref()) {
                to_save = merge(&to_save, &theirs);
            }
            // Anything else (deleted, damaged, newer) was handled when the
            // storage event arrived; `absorb` decides what this tab does.
        }
        let raw = codec::encode(&to_save);
        write_verified(&mut self.backend, DOC_KEY, &raw)?;
        self.last_raw = Some(raw);
        Ok(to_save)
    }

    /// Replaces the saved document with `incoming` (an imported backup), but
    /// only after a verified copy of `current` (what is on screen now) is kept
    /// under `hearth:before-import:<time>`. Returns that key. If the copy
    /// can't be made, nothing is replaced.
    pub fn replace(
        &mut self,
        current: &Document,
        incoming: &Document,
        now: DateTime<Utc>,
    ) -> Result<String, ReplaceError> {
        self.replace_texts(&codec::encode(current), &codec::encode(incoming), now)
    }

    /// [`Vault::replace`] with the texts to store already made: with the lock
    /// on, the caller passes both sealed, so no plaintext is written.
    pub fn replace_texts(
        &mut self,
        copy: &str,
        raw: &str,
        now: DateTime<Utc>,
    ) -> Result<String, ReplaceError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(ReplaceError::Save(SaveError::ReadOnly));
        }
        let stamp = now.format("%Y-%m-%dT%H-%M-%SZ").to_string();
        let key =
            keep_aside(&mut self.backend, PRE_IMPORT_PREFIX, &stamp, copy).ok_or(ReplaceError::NoCopy)?;
        write_verified(&mut self.backend, DOC_KEY, raw).map_err(ReplaceError::Save)?;
        self.last_raw = Some(raw.to_owned());
        Ok(key)
    }

    /// Another tab changed the document (`storage` event). Returns what this
    /// tab should now show: the merge of ours and theirs.
    pub fn absorb(&mut self, ours: &Document, new_raw: Option<&str>) -> Absorbed {
        self.absorb_unsealed(ours, new_raw, new_raw)
    }

    /// [`Vault::absorb`] when the stored text was sealed: `plain` is what
    /// `new_raw` says once unsealed.
    pub fn absorb_unsealed(
        &mut self,
        ours: &Document,
        new_raw: Option<&str>,
        plain: Option<&str>,
    ) -> Absorbed {
        match codec::decode(plain) {
            Decoded::Ready { doc: theirs, .. } => {
                let merged = merge(ours, &theirs);
                // Only what is actually stored counts as "last seen": if ours
                // had extra changes, the next save writes the merge.
                self.last_raw = new_raw.map(str::to_owned);
                Absorbed::Merged(merged)
            }
            Decoded::Empty => {
                self.last_raw = None;
                Absorbed::DeletedElsewhere
            }
            Decoded::Newer { schema, .. } => {
                self.mode = OpenMode::ReadOnly;
                Absorbed::NewerElsewhere { schema }
            }
            Decoded::Damaged { .. } => {
                // Keep showing ours; the next save merges nothing from it and
                // the damaged text is left for a reload to keep aside.
                self.mode = OpenMode::ReadOnly;
                Absorbed::DamagedElsewhere
            }
        }
    }

    /// The first step of a sealed save (whose sealing is async): the text
    /// stored now, and whether another tab changed it since we last saw it.
    pub fn stored(&self) -> Result<(Option<String>, bool), SaveError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(SaveError::ReadOnly);
        }
        let current = self.backend.get(DOC_KEY)?;
        let changed = current != self.last_raw;
        Ok((current, changed))
    }

    /// The last step of a sealed save: writes `raw` only if storage still
    /// holds `expected` (what [`Vault::stored`] saw before the await), then
    /// reads it back. `Ok(false)`: another tab wrote meanwhile, so nothing
    /// was written and the caller merges again.
    pub fn write_if_unchanged(&mut self, expected: Option<&str>, raw: &str) -> Result<bool, SaveError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(SaveError::ReadOnly);
        }
        if self.backend.get(DOC_KEY)?.as_deref() != expected {
            return Ok(false);
        }
        write_verified(&mut self.backend, DOC_KEY, raw)?;
        self.last_raw = Some(raw.to_owned());
        Ok(true)
    }

    /// Removes every `hearth:` key, backups included. Returns how many.
    pub fn delete_everything(&mut self) -> Result<usize, StorageError> {
        let keys: Vec<String> = self
            .backend
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in &keys {
            self.backend.remove(k)?;
        }
        self.last_raw = None;
        self.mode = OpenMode::ReadWrite;
        Ok(keys.len())
    }

    /// Bytes (UTF-16 code units × 2, as browsers count) used by Hearth's keys.
    pub fn bytes_used(&self) -> usize {
        let Ok(keys) = self.backend.keys() else { return 0 };
        keys.iter()
            .filter(|k| k.starts_with(PREFIX))
            .map(|k| {
                let v = self.backend.get(k).ok().flatten().unwrap_or_default();
                (k.encode_utf16().count() + v.encode_utf16().count()) * 2
            })
            .sum()
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }
}

/// What a change from another tab means for this one.
// Made once per storage event and matched at once: boxing the document would
// only add an allocation (and change the callers' patterns).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
pub enum Absorbed {
    Merged(Document),
    DeletedElsewhere,
    NewerElsewhere { schema: u32 },
    DamagedElsewhere,
}

/// What a save writes when another tab changed the stored text: ours merged
/// with theirs (`plain`: the stored text, unsealed if it was sealed). Stored
/// text that is deleted, damaged or newer merges nothing, as in
/// [`Vault::save`].
pub fn merged_with_stored(ours: &Document, plain: Option<&str>) -> Document {
    match codec::decode(plain) {
        Decoded::Ready { doc: theirs, .. } => merge(ours, &theirs),
        _ => ours.clone(),
    }
}

/// An in-memory backend with an optional quota, for host tests.
#[derive(Default, Clone, Debug)]
pub struct MemoryBackend {
    pub map: std::collections::BTreeMap<String, String>,
    /// Total characters (keys + values) allowed; `None` = unlimited.
    pub quota: Option<usize>,
    pub unavailable: bool,
}

impl MemoryBackend {
    fn used_without(&self, key: &str) -> usize {
        self.map
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        if self.unavailable {
            return Err(StorageError::Unavailable("blocked".into()));
        }
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(q) = self.quota {
            if self.used_without(key) + key.len() + value.len() > q {
                return Err(StorageError::Full);
            }
        }
        self.map.insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.map.remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.map.keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::couple::{Couple, Partner};
    use crate::domain::record::{Ctx, Seeded};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn doc(name: &str, seed: u64) -> Document {
        let mut rng = Seeded(seed);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(now(), &mut gen);
        let p = Partner {
            name: name.into(),
            pronouns: String::new(),
        };
        Document {
            couple: Some(Couple::new(&mut ctx, p, None, vec![])),
            ..Document::default()
        }
    }

    #[test]
    fn saves_are_read_back_and_reopen_identically() {
        let opened = Vault::open(MemoryBackend::default(), now());
        assert!(opened.notices.is_empty());
        let mut v = opened.vault;
        let d = doc("Sam", 1);
        assert_eq!(v.save(&d).unwrap(), d);
        let again = Vault::open(v.backend().clone(), now());
        assert_eq!(again.doc, d);
        assert!(again.notices.is_empty());
    }

    #[test]
    fn a_full_storage_keeps_the_earlier_save_and_says_so() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let first = doc("Sam", 1);
        v.save(&first).unwrap();
        v.backend.quota = Some(v.backend.used_without("") + 10);
        let bigger = doc(&"x".repeat(40), 2);
        assert_eq!(v.save(&bigger), Err(SaveError::Full));
        assert!(SaveError::Full.message().contains("safe"));
        assert_eq!(Vault::open(v.backend().clone(), now()).doc, first);
    }

    #[test]
    fn damaged_data_is_kept_aside_and_never_overwritten_in_place() {
        let mut b = MemoryBackend::default();
        b.map.insert(DOC_KEY.into(), "{\"schema\":1,\"couple\":".into());
        let opened = Vault::open(b, now());
        let key = match &opened.notices[..] {
            [Notice::Damaged {
                backup_key: Some(k),
                raw,
                ..
            }] => {
                assert_eq!(raw, "{\"schema\":1,\"couple\":");
                k.clone()
            }
            other => panic!("{other:?}"),
        };
        assert!(key.starts_with(DAMAGED_PREFIX));
        assert_eq!(opened.vault.backend().map[&key], "{\"schema\":1,\"couple\":");
        assert_eq!(opened.vault.mode(), &OpenMode::ReadWrite);
    }

    #[test]
    fn damaged_data_that_cannot_be_copied_makes_the_tab_read_only() {
        let mut b = MemoryBackend::default();
        let raw = "garbage".repeat(10);
        b.map.insert(DOC_KEY.into(), raw.clone());
        b.quota = Some(DOC_KEY.len() + raw.len() + 5);
        let mut opened = Vault::open(b, now());
        assert_eq!(opened.vault.mode(), &OpenMode::ReadOnly);
        assert!(matches!(
            &opened.notices[..],
            [Notice::Damaged { backup_key: None, .. }]
        ));
        assert_eq!(opened.vault.save(&doc("Sam", 1)), Err(SaveError::ReadOnly));
        assert_eq!(opened.vault.backend().map[DOC_KEY], raw);
    }

    #[test]
    fn a_newer_schema_opens_read_only() {
        let mut b = MemoryBackend::default();
        let raw = format!("{{\"schema\":{},\"couple\":null}}", SCHEMA + 1);
        b.map.insert(DOC_KEY.into(), raw.clone());
        let mut opened = Vault::open(b, now());
        assert_eq!(opened.notices, vec![Notice::Newer { schema: SCHEMA + 1 }]);
        assert_eq!(opened.vault.save(&Document::default()), Err(SaveError::ReadOnly));
        assert_eq!(opened.vault.backend().map[DOC_KEY], raw);
    }

    #[test]
    fn unavailable_storage_is_reported_not_panicked() {
        let b = MemoryBackend {
            unavailable: true,
            ..Default::default()
        };
        let opened = Vault::open(b, now());
        assert!(matches!(&opened.notices[..], [Notice::Unavailable { .. }]));
        assert_eq!(opened.vault.mode(), &OpenMode::ReadOnly);
    }

    #[test]
    fn a_save_merges_what_another_tab_wrote_meanwhile() {
        let shared = MemoryBackend::default();
        let mut tab1 = Vault::open(shared, now()).vault;
        let first = doc("Sam", 1);
        tab1.save(&first).unwrap();

        // Tab 2 opens, and renames partner A a minute later.
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let mut renamed = first.clone();
        if let Some(c) = renamed.couple.as_mut() {
            c.a.name = "Samira".into();
            c.meta.touch(now() + chrono::Duration::minutes(1));
        }
        tab2.save(&renamed).unwrap();

        // Tab 1 never saw the event and saves its stale copy: the newer
        // rename survives.
        tab1.backend = tab2.backend().clone();
        let saved = tab1.save(&first).unwrap();
        assert_eq!(saved.couple.unwrap().a.name, "Samira");
    }

    #[test]
    fn absorbing_another_tabs_change_merges_and_deletion_is_reported() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let ours = doc("Sam", 1);
        let theirs = doc("Alex", 2);
        let raw = codec::encode(&theirs);
        match v.absorb(&ours, Some(&raw)) {
            Absorbed::Merged(m) => assert!(m.couple.is_some()),
            other => panic!("{other:?}"),
        }
        assert_eq!(v.absorb(&ours, None), Absorbed::DeletedElsewhere);
    }

    #[test]
    fn replacing_keeps_a_verified_copy_first_or_refuses() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let here = doc("Sam", 1);
        v.save(&here).unwrap();
        let incoming = doc("Alex", 2);
        let key = v.replace(&here, &incoming, now()).unwrap();
        assert_eq!(key, "hearth:before-import:2026-11-29T10-00-00Z");
        assert_eq!(v.backend().map[&key], codec::encode(&here));
        assert_eq!(Vault::open(v.backend().clone(), now()).doc, incoming);

        // No room for the copy: nothing is replaced, and the message says so.
        let mut full = Vault::open(MemoryBackend::default(), now()).vault;
        full.save(&here).unwrap();
        full.backend.quota = Some(full.backend.used_without("") + 10);
        let before = full.backend().map.clone();
        assert_eq!(full.replace(&here, &incoming, now()), Err(ReplaceError::NoCopy));
        assert_eq!(full.backend().map, before);
        assert!(ReplaceError::NoCopy.message().contains("did not replace"));
    }

    #[test]
    fn delete_everything_removes_only_hearth_keys() {
        let mut b = MemoryBackend::default();
        b.map.insert("other-app".into(), "keep".into());
        let mut v = Vault::open(b, now()).vault;
        v.save(&doc("Sam", 1)).unwrap();
        v.backend.map.insert(format!("{DAMAGED_PREFIX}x"), "old".into());
        assert!(v.bytes_used() > 0);
        assert_eq!(v.delete_everything().unwrap(), 2);
        assert_eq!(v.backend().map.keys().collect::<Vec<_>>(), vec!["other-app"]);
        assert_eq!(v.bytes_used(), 0);
    }

    // ---- the lock's seam: the stored text is sealed, the vault sees it as text ----

    #[test]
    fn an_unsealed_open_keeps_aside_the_sealed_text_never_the_plaintext() {
        // A schema-1 document, sealed: the migration's copy must be the
        // sealed text as stored.
        let plain = r#"{"schema":1,"couple":null}"#.to_string();
        let sealed = "{\"hearth_sealed\":1,\"opaque\":\"...\"}".to_string();
        let mut b = MemoryBackend::default();
        b.map.insert(DOC_KEY.into(), sealed.clone());
        let opened = Vault::open_unsealed(b, now(), Some(sealed.clone()), Ok(Some(plain)));
        assert!(matches!(
            &opened.notices[..],
            [Notice::Migrated {
                from: 1,
                backup_key: Some(_)
            }]
        ));
        let values: Vec<&String> = opened.vault.backend().map.values().collect();
        assert!(values.iter().all(|v| **v == sealed), "{values:?}");
    }

    #[test]
    fn a_sealed_text_that_will_not_open_is_kept_and_the_tab_is_read_only() {
        let sealed = "{\"hearth_sealed\":1,\"ciphertext\":\"flipped\"}".to_string();
        let mut b = MemoryBackend::default();
        b.map.insert(DOC_KEY.into(), sealed.clone());
        let mut opened = Vault::open_unsealed(b, now(), Some(sealed.clone()), Err("damaged".into()));
        assert_eq!(opened.vault.mode(), &OpenMode::ReadOnly);
        match &opened.notices[..] {
            [Notice::Damaged {
                backup_key: Some(k),
                raw,
                reason,
            }] => {
                assert_eq!(raw, &sealed);
                assert_eq!(reason, "damaged");
                assert_eq!(opened.vault.backend().map[k], sealed);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(opened.vault.save(&doc("Sam", 1)), Err(SaveError::ReadOnly));
        assert_eq!(
            opened.vault.write_if_unchanged(Some(&sealed), "x"),
            Err(SaveError::ReadOnly)
        );
        assert_eq!(opened.vault.backend().map[DOC_KEY], sealed);
    }

    #[test]
    fn a_sealed_save_writes_only_over_what_it_saw_and_verifies() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        assert_eq!(v.stored(), Ok((None, false)));
        assert_eq!(v.write_if_unchanged(None, "sealed-1"), Ok(true));
        assert_eq!(v.stored(), Ok((Some("sealed-1".into()), false)));
        // Another tab writes while our encryption is awaited.
        v.backend
            .map
            .insert(DOC_KEY.into(), "sealed-by-the-other-tab".into());
        assert_eq!(v.write_if_unchanged(Some("sealed-1"), "sealed-2"), Ok(false));
        assert_eq!(v.backend().map[DOC_KEY], "sealed-by-the-other-tab");
        assert_eq!(v.stored(), Ok((Some("sealed-by-the-other-tab".into()), true)));
        // A full storage leaves the earlier text in place.
        v.backend.quota = Some(10);
        assert_eq!(
            v.write_if_unchanged(Some("sealed-by-the-other-tab"), "sealed-3-is-longer"),
            Err(SaveError::Full)
        );
        assert_eq!(v.backend().map[DOC_KEY], "sealed-by-the-other-tab");
    }

    #[test]
    fn a_sealed_save_merges_what_another_tab_sealed_and_absorbs_unsealed_events() {
        let ours = doc("Sam", 1);
        let theirs = doc("Alex", 2);
        let plain = codec::encode(&theirs);
        let merged = merged_with_stored(&ours, Some(&plain));
        assert_eq!(merged, merge(&ours, &theirs));
        assert_eq!(merged_with_stored(&ours, Some("not a document")), ours);
        assert_eq!(merged_with_stored(&ours, None), ours);

        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.backend.map.insert(DOC_KEY.into(), "sealed".into());
        match v.absorb_unsealed(&ours, Some("sealed"), Some(&plain)) {
            Absorbed::Merged(m) => assert_eq!(m, merge(&ours, &theirs)),
            other => panic!("{other:?}"),
        }
        // What is stored (the sealed text) is what counts as seen.
        assert_eq!(v.stored(), Ok((Some("sealed".into()), false)));
    }
}
