//! The rules for opening and saving the couple's document. Written against
//! [`Backend`] so that every rule is tested on the host with [`MemoryBackend`].

use chrono::{DateTime, Utc};

use std::collections::BTreeSet;

use super::codec::{self, Decoded};
use super::parts::{self, Tags};
use super::sealed;
use super::{DAMAGED_PREFIX, DOC_KEY, LINEAGE_KEY, PREFIX, PRE_IMPORT_PREFIX, PRE_MIGRATION_PREFIX};
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

impl StorageError {
    /// Why, in words for a message: the browser's own, never Rust's debug form.
    pub fn reason(self) -> String {
        match self {
            StorageError::Full => "storage is full".into(),
            StorageError::Unavailable(s) | StorageError::Other(s) => s,
        }
    }
}

/// A key-value store of strings: `window.localStorage`, or memory in tests.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
    /// The stored value's length in UTF-16 code units (as browsers count
    /// storage), 0 when absent. A backend may answer without copying it.
    fn len(&self, key: &str) -> usize {
        self.get(key)
            .ok()
            .flatten()
            .map_or(0, |v| v.encode_utf16().count())
    }
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
    /// Parts the head lists are no longer stored (cleared by the browser or
    /// another tool): their records are gone from this browser. The head
    /// naming them was kept under `backup_key` before anything could write
    /// a head without them (or could not be, in which case nothing will be
    /// written).
    Missing {
        parts: Vec<String>,
        backup_key: Option<String>,
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
    /// Part of the document is still being read (the app finishes that
    /// before it saves, so the couple should never see this).
    Opening,
    /// Another window locked Hearth meanwhile: what is stored is sealed with
    /// a key this tab may not have, so a plain write would both unlock it
    /// and lose whatever that window saved. Nothing was written.
    SealedElsewhere,
    /// Another window put a backup in place of the data; this tab's change
    /// was made to what that replaced. Nothing was written.
    ReplacedElsewhere,
    /// Everything was deleted (in another window, or here) while this save
    /// was on its way: writing it would bring back what was deleted.
    DeletedElsewhere,
    /// A newer version of Hearth (its schema) saved in another window:
    /// writing would drop what it added. This tab is read-only now.
    NewerElsewhere {
        schema: u32,
    },
    /// Another window left stored data that will not read: writing would
    /// lose its only copy. This tab is read-only now.
    DamagedElsewhere,
    Storage(String),
}

impl SaveError {
    /// The browser would not write it (full, or a write that did not read
    /// back): the same change may well be stored once tried again. The
    /// other refusals are for what another window did, or a tab that may
    /// not save at all, where trying again can only be refused again.
    pub fn retriable(&self) -> bool {
        matches!(
            self,
            SaveError::Full | SaveError::NotVerified | SaveError::Opening | SaveError::Storage(_)
        )
    }

    /// A clear, blame-free sentence for the person who just made a change.
    pub fn message(&self) -> String {
        match self {
            SaveError::Full => "This browser's storage for Hearth is full, so your last change is not saved yet. \
                Everything saved before is safe. Download a backup from Settings, then free some space."
                .into(),
            SaveError::ReadOnly => "Hearth is only showing your data right now and cannot save changes (see the message at the top).".into(),
            SaveError::NotVerified => "Your last change could not be confirmed as saved. Everything saved before is safe; please try again.".into(),
            SaveError::Opening => "Hearth is still opening your saved data, so your last change is not saved yet. Everything saved before is safe; please try again in a moment.".into(),
            SaveError::SealedElsewhere => "Hearth was locked with your passphrase in another window, so your last change here is not saved. Everything saved before is safe; unlock to go on.".into(),
            SaveError::ReplacedElsewhere => "A backup was put in place in another window, so your last change here, made to what it replaced, is not saved. This window now shows the backup.".into(),
            SaveError::DeletedElsewhere => "Everything in Hearth was deleted in another window, so your last change here was not saved.".into(),
            SaveError::NewerElsewhere { .. } => "A newer version of Hearth saved your data in another window, so this window stops saving: your last change here is not saved. Reload the page to go on with the newer version; everything saved is safe.".into(),
            SaveError::DamagedElsewhere => "Another window left the saved data in a state Hearth can't read, so your last change here is not saved. To keep that data safe, this window won't save until you reload.".into(),
            SaveError::Storage(e) => format!("Your last change could not be saved ({e}). Everything saved before is safe."),
        }
    }

    /// For a merge or a replace, which is not "your last change": why, and
    /// that nothing changed.
    pub fn import_message(&self) -> String {
        let why = match self {
            SaveError::DeletedElsewhere => {
                return "Everything was deleted meanwhile, so nothing was brought in.".into()
            }
            SaveError::Full => "This browser's storage for Hearth is full.".into(),
            SaveError::ReadOnly => {
                "Hearth is only showing your data right now and cannot save (see the message at the top)."
                    .into()
            }
            SaveError::NotVerified => "Hearth could not confirm it was saved.".into(),
            SaveError::Opening => {
                "Hearth is still opening your saved data; please try again in a moment.".into()
            }
            SaveError::SealedElsewhere => {
                "Hearth was locked with your passphrase in another window; unlock to go on.".into()
            }
            SaveError::ReplacedElsewhere => "A backup was put in place in another window just now.".into(),
            SaveError::NewerElsewhere { .. } => {
                "A newer version of Hearth saved your data in another window; reload the page to go on with it.".into()
            }
            SaveError::DamagedElsewhere => {
                "Another window left the saved data in a state Hearth can't read; reload the page so it is kept aside.".into()
            }
            SaveError::Storage(e) => format!("The browser would not save it ({e})."),
        };
        format!("{why} Everything saved before is safe.")
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
            ReplaceError::Save(e) => format!("Nothing was replaced. {}", e.import_message()),
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
    /// The text under `hearth:doc` as we last read or wrote it.
    last_raw: Option<String>,
    /// Whether that text is the head of the parts layout (schema 7); if
    /// not, the next plain save writes every part.
    split: bool,
    /// Each part's tag as we last read or wrote it.
    tags: Tags,
    /// Parts that may differ from what is stored (a save that failed, or
    /// another tab's parts merged with ours): the next save rewrites them.
    pending: BTreeSet<String>,
    /// When this tab opened the document: no later than any moment Home is
    /// drawn at from what this tab saves (see [`parts::today_parts`]).
    since: DateTime<Utc>,
    /// Opened Home first ([`Vault::open_today`]): the parts read first,
    /// until the stored parts are listed; then the parts not read yet, in
    /// name order; and what has been read of them so far. Nothing is saved
    /// until [`Vault::finish_opening`] has joined them to the document.
    unlisted: Option<BTreeSet<String>>,
    unread: Vec<String>,
    rest: Option<Document>,
    /// Of the parts read first, those not stored: told of once the rest
    /// is listed, with the others missing.
    missing: Vec<String>,
    /// [`LINEAGE_KEY`] as this tab last read or wrote it, and how many times
    /// it has changed since this tab opened (a sealed save that began before
    /// a change must not merge its document into what replaced it).
    lineage: Option<String>,
    replaces: u64,
}

pub struct Opened<B: Backend> {
    pub vault: Vault<B>,
    pub doc: Document,
    pub notices: Vec<Notice>,
}

/// A time for the name of a key kept aside: "2026-11-29T10-00-00Z".
fn stamp(now: DateTime<Utc>) -> String {
    format!("{}Z", crate::domain::dates::dashed_stamp(&now))
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
/// A second copy within the same second gets a key of its own (`…-2`), never
/// the first one's: two replaces in a row must not cost the first's copy.
/// The same text kept before under this prefix is not copied again: damaged
/// data opened at every reload would otherwise fill the storage with copies.
fn keep_aside<B: Backend>(b: &mut B, prefix: &str, stamp: &str, raw: &str) -> Option<String> {
    let kept = b
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with(prefix));
    for key in kept {
        if b.get(&key).ok().flatten().is_some_and(|t| t == raw) {
            return Some(key);
        }
    }
    for n in 1..=100 {
        let key = if n == 1 {
            format!("{prefix}{stamp}")
        } else {
            format!("{prefix}{stamp}-{n}")
        };
        match b.get(&key) {
            Ok(Some(existing)) if existing == raw => return Some(key),
            Ok(Some(_)) => continue,
            _ => return write_verified(b, &key, raw).ok().map(|_| key),
        }
    }
    None
}

/// The names of the parts in storage, in order (so collections stay in
/// creation order when read).
fn stored_part_names<B: Backend>(b: &B) -> Vec<String> {
    let mut names: Vec<String> = b
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|k| k.strip_prefix(parts::PART_PREFIX).map(str::to_owned))
        .collect();
    crate::domain::order::sort_by(&mut names, Ord::cmp);
    names
}

/// A part that could not be read: its name, why, and its stored text.
struct BadPart {
    name: String,
    reason: String,
    raw: String,
}

/// What reading some parts found.
#[derive(Default)]
struct Found {
    /// The tags of the parts read.
    tags: Tags,
    /// Stored, but not readable.
    bad: Vec<BadPart>,
    /// Not stored at all.
    missing: Vec<String>,
    /// Why the browser would not give one: what it holds is unknown, so
    /// nothing may be written over it.
    refused: Option<String>,
}

/// Reads the named parts into `doc`.
fn read_parts<'a, B: Backend>(
    b: &B,
    doc: &mut Document,
    names: impl IntoIterator<Item = &'a String>,
) -> Found {
    let mut found = Found::default();
    for name in names {
        let text = match b.get(&parts::key(name)) {
            Ok(Some(text)) => text,
            Ok(None) => {
                found.missing.push(name.clone());
                continue;
            }
            Err(e) => {
                found.refused = Some(e.reason());
                continue;
            }
        };
        match parts::unpack(&text).and_then(|json| parts::decode_into(doc, name, &json)) {
            Ok(()) => {
                found.tags.insert(name.clone(), parts::tag(&text));
            }
            Err(reason) => found.bad.push(BadPart {
                name: name.clone(),
                reason,
                raw: text,
            }),
        }
    }
    found
}

/// Of the parts `head` lists, those not in `stored`.
fn not_stored(head: &str, stored: &[String]) -> Vec<String> {
    let stored = parts::set_of(stored.iter().cloned());
    parts::head_tags(head)
        .unwrap_or_default()
        .into_keys()
        .filter(|n| !stored.contains(n))
        .collect()
}

/// Parts the head lists are not stored: the head, the only record that they
/// were there, is kept aside (verified) before a save can write one without
/// them; if it cannot be, nothing may be written. `raw` is the stored text
/// of the head.
fn keep_record_of_missing<B: Backend>(
    backend: &mut B,
    stamp: &str,
    raw: &str,
    missing: Vec<String>,
    mode: &mut OpenMode,
) -> Notice {
    let backup_key = keep_aside(backend, DAMAGED_PREFIX, &format!("{stamp}:index"), raw);
    if backup_key.is_none() {
        *mode = OpenMode::ReadOnly;
    }
    Notice::Missing {
        parts: missing,
        backup_key,
    }
}

/// A part that could not be read is kept aside (verified), then taken out of
/// the way so its month's next save does not write over it. Returns what
/// the couple is told, and whether it was kept (if not, nothing may be
/// written: the stored part is the only copy). A tab that writes nothing
/// (read-only: a newer Hearth's data, whose parts this one may not
/// understand) leaves the part where it is, for the newer Hearth.
fn set_aside<B: Backend>(backend: &mut B, stamp: &str, part: BadPart, mode: &OpenMode) -> (Notice, bool) {
    let key = keep_aside(
        backend,
        DAMAGED_PREFIX,
        &format!("{stamp}:{}", part.name),
        &part.raw,
    );
    if key.is_some() && *mode == OpenMode::ReadWrite {
        let _ = backend.remove(&parts::key(&part.name));
    }
    let kept = key.is_some();
    let notice = Notice::Damaged {
        reason: format!(
            "one month of saved data ({}) can't be read: {}",
            part.name, part.reason
        ),
        backup_key: key,
        raw: part.raw,
    };
    (notice, kept)
}

impl<B: Backend> Vault<B> {
    /// Opens the saved document, never losing what is there.
    pub fn open(backend: B, now: DateTime<Utc>) -> Opened<B> {
        Self::open_plain(backend, now, false)
    }

    /// Like [`Vault::open`], but reads only the parts Home needs (as the
    /// head lists them); [`Vault::read_more`] and [`Vault::finish_opening`]
    /// read the rest. Until then the document is only Home's part of it.
    pub fn open_today(backend: B, now: DateTime<Utc>) -> Opened<B> {
        Self::open_plain(backend, now, true)
    }

    fn open_plain(backend: B, now: DateTime<Utc>, today_first: bool) -> Opened<B> {
        match backend.get(DOC_KEY) {
            Ok(raw) => {
                let plain = Ok(raw.clone());
                Self::open_with(backend, now, raw, plain, today_first)
            }
            Err(e) => {
                let reason = e.reason();
                Opened {
                    vault: Vault::unopened(backend),
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
        backend: B,
        now: DateTime<Utc>,
        stored: Option<String>,
        plain: Result<Option<String>, String>,
    ) -> Opened<B> {
        Self::open_with(backend, now, stored, plain, false)
    }

    fn open_with(
        mut backend: B,
        now: DateTime<Utc>,
        stored: Option<String>,
        plain: Result<Option<String>, String>,
        today_first: bool,
    ) -> Opened<B> {
        let raw = stored;
        let stamp = stamp(now);
        let mut notices = Vec::new();
        let mut mode = OpenMode::ReadWrite;
        let head = match &plain {
            Ok(Some(text)) if parts::is_head(text) => Some(text.as_str()),
            _ => None,
        };
        let split = head.is_some();
        let decoded = match &plain {
            Ok(Some(text)) if split => codec::decode_head(text),
            Ok(text) => codec::decode(text.as_deref()),
            Err(reason) => Decoded::Damaged {
                reason: reason.clone(),
            },
        };
        let mut readable = true;
        let mut doc = match decoded {
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
                readable = false;
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
        // A head that will not read says nothing of its parts: read every
        // part there is as if left beside a whole document, so the records
        // are shown, and the next save writes them all again instead of
        // removing the parts an empty document does not have.
        let split = split && readable;
        // The parts: the head's, or (beside a whole or sealed document) what
        // a save that was cut short left behind, merged in so nothing is
        // lost; the next save writes them sealed or as parts again.
        // Home first: only the parts the head lists for it; the others are
        // listed and read later (listing 750 keys takes time too).
        let first = head
            .filter(|_| today_first && readable)
            .and_then(parts::head_today);
        let names = match &first {
            Some(first) => first.iter().cloned().collect(),
            None => stored_part_names(&backend),
        };
        let mut found = Found::default();
        if split {
            found = read_parts(&backend, &mut doc, &names);
        } else if !names.is_empty() {
            let mut left = Document::default();
            found = read_parts(&backend, &mut left, &names);
            // Nothing lists these: one gone since they were listed is no loss.
            found.missing.clear();
            doc = merge(&doc, &left);
        }
        let tags = std::mem::take(&mut found.tags);
        for part in found.bad {
            let (damaged, kept) = set_aside(&mut backend, &stamp, part, &mode);
            if !kept {
                mode = OpenMode::ReadOnly;
            }
            notices.push(damaged);
        }
        if let Some(reason) = found.refused {
            mode = OpenMode::ReadOnly;
            notices.push(Notice::Unavailable { reason });
        }
        // What the head lists and storage lacks. Home first: the rest is
        // not listed yet, so Home's missing parts wait to be told of with
        // the others (`read_more`).
        let mut missing = found.missing;
        if let (Some(head), None, true) = (head, &first, split) {
            missing.extend(not_stored(head, &names));
            if !missing.is_empty() {
                let raw = raw.as_deref().unwrap_or_default();
                notices.push(keep_record_of_missing(
                    &mut backend,
                    &stamp,
                    raw,
                    missing,
                    &mut mode,
                ));
                missing = Vec::new();
            }
        }
        let rest = first.is_some().then(Document::default);
        let lineage = backend.get(LINEAGE_KEY).ok().flatten();
        Opened {
            vault: Vault {
                backend,
                mode,
                last_raw: raw,
                split,
                tags,
                pending: BTreeSet::new(),
                since: now,
                unread: Vec::new(),
                unlisted: first,
                missing,
                rest,
                lineage,
                replaces: 0,
            },
            doc,
            notices,
        }
    }

    /// Whether part of the document is still to be read and joined
    /// ([`Vault::open_today`]).
    pub fn opening(&self) -> bool {
        self.rest.is_some()
    }

    /// How many steps of reading are left: the parts not read yet, and
    /// listing them if that is still to do.
    pub fn left_to_read(&self) -> usize {
        self.unread.len() + usize::from(self.unlisted.is_some())
    }

    /// Reads up to `max` of the parts not read yet. Returns notices for any
    /// that could not be read (kept aside, as when opening).
    pub fn read_more(&mut self, max: usize, now: DateTime<Utc>) -> Vec<Notice> {
        let Some(rest) = self.rest.as_mut() else {
            return Vec::new();
        };
        // The head as opened: nothing is saved before the rest is joined.
        let head = self.last_raw.as_deref().unwrap_or_default();
        let mut missing = Vec::new();
        if let Some(first) = self.unlisted.take() {
            let stored = stored_part_names(&self.backend);
            let before = std::mem::take(&mut self.missing);
            // (A part read first and set aside as damaged is not missing.)
            missing = not_stored(head, &stored)
                .into_iter()
                .filter(|n| !first.contains(n) || before.contains(n))
                .collect();
            self.unread = stored.into_iter().filter(|n| !first.contains(n)).collect();
        }
        let take = max.min(self.unread.len());
        let names: Vec<String> = self.unread.drain(..take).collect();
        let found = read_parts(&self.backend, rest, &names);
        self.tags.extend(found.tags);
        let stamp = stamp(now);
        let mut notices = Vec::new();
        for part in found.bad {
            let (damaged, kept) = set_aside(&mut self.backend, &stamp, part, &self.mode);
            if !kept {
                self.mode = OpenMode::ReadOnly;
            }
            notices.push(damaged);
        }
        if let Some(reason) = found.refused {
            self.mode = OpenMode::ReadOnly;
            notices.push(Notice::Unavailable { reason });
        }
        missing.extend(found.missing);
        if !missing.is_empty() {
            notices.push(keep_record_of_missing(
                &mut self.backend,
                &stamp,
                head,
                missing,
                &mut self.mode,
            ));
        }
        notices
    }

    /// Reads whatever is left and joins it to `doc` (the document as
    /// opened: nothing can have changed it, since nothing saves before
    /// this). Afterwards the vault saves as usual.
    pub fn finish_opening(&mut self, doc: &mut Document, now: DateTime<Utc>) -> Vec<Notice> {
        let notices = self.read_more(usize::MAX, now);
        if let Some(rest) = self.rest.take() {
            parts::join(doc, rest);
        }
        notices
    }

    /// A vault that has not read the document: the app is locked, so it
    /// must not be opened yet. Read-only until opened; only
    /// [`Vault::delete_everything`] and [`Vault::bytes_used`] are of use.
    pub fn unopened(backend: B) -> Self {
        Vault {
            backend,
            mode: OpenMode::ReadOnly,
            last_raw: None,
            split: false,
            tags: Tags::new(),
            pending: BTreeSet::new(),
            since: DateTime::<Utc>::MIN_UTC,
            unlisted: None,
            unread: Vec::new(),
            rest: None,
            missing: Vec::new(),
            lineage: None,
            replaces: 0,
        }
    }

    /// How many replaces this tab has seen (its own and other windows').
    pub fn replaces(&self) -> u64 {
        self.replaces
    }

    /// The stored lineage, if another window replaced the data since this
    /// tab last looked.
    fn replaced_elsewhere(&self) -> Option<String> {
        let stored = self.backend.get(LINEAGE_KEY).ok().flatten()?;
        (self.lineage.as_ref() != Some(&stored)).then_some(stored)
    }

    /// Marks a replace as this tab's own: the copy's key becomes the
    /// lineage, written before the data so that another window reading the
    /// new data also reads the new lineage.
    fn begin_replace(&mut self, key: &str) -> Result<(), SaveError> {
        write_verified(&mut self.backend, LINEAGE_KEY, key)?;
        self.lineage = Some(key.to_owned());
        self.replaces += 1;
        Ok(())
    }

    /// Another window replaced the data: what is stored, read whole (every
    /// part, not only those whose tags changed: a part the replace wrote
    /// with the same text would otherwise be missing). `None` if it cannot
    /// be read whole; the caller then handles it as any other change.
    fn adopt(&mut self, new_raw: Option<&str>, plain: Option<&str>, lineage: String) -> Option<Document> {
        let text = plain?;
        let (doc, tags, split) = match parts::head_tags(text) {
            Some(their_tags) => {
                let Decoded::Ready { mut doc, .. } = codec::decode_head(text) else {
                    return None;
                };
                let names = parts::set_of(their_tags.keys().cloned());
                let found = read_parts(&self.backend, &mut doc, &names);
                if !found.bad.is_empty() || found.refused.is_some() {
                    return None;
                }
                (doc, found.tags, true)
            }
            None => match codec::decode(Some(text)) {
                Decoded::Ready { doc, .. } => (doc, Tags::new(), false),
                _ => return None,
            },
        };
        self.last_raw = new_raw.map(str::to_owned);
        self.split = split;
        self.tags = tags;
        self.pending.clear();
        self.lineage = Some(lineage);
        self.replaces += 1;
        Some(doc)
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
    /// looked. Returns the document as saved (the merge of both). Every
    /// part is encoded and compared; [`Vault::save_change`] is the fast way.
    pub fn save(&mut self, doc: &Document) -> Result<Document, SaveError> {
        self.save_inner(None, doc)
            .map(|merged| merged.unwrap_or_else(|| doc.clone()))
    }

    /// Saves `doc`, which is `before` (what this tab showed, as saved) with a
    /// change: only the parts whose records differ are written, then the
    /// head. `Some` when another tab's changes were merged in: that is what
    /// was saved and should be shown.
    pub fn save_change(&mut self, before: &Document, doc: &Document) -> Result<Option<Document>, SaveError> {
        self.save_inner(Some(before), doc)
    }

    fn save_inner(
        &mut self,
        before: Option<&Document>,
        doc: &Document,
    ) -> Result<Option<Document>, SaveError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(SaveError::ReadOnly);
        }
        // Half a document would write the unread months as empty.
        if self.opening() {
            self.write_next_time(before, doc);
            return Err(SaveError::Opening);
        }
        let current = match self.backend.get(DOC_KEY) {
            Ok(current) => current,
            Err(e) => {
                self.write_next_time(before, doc);
                return Err(e.into());
            }
        };
        self.refuse_if_sealed_elsewhere(current.as_deref())?;
        // Merging into a replace would bring back what it replaced; the
        // storage event on its way adopts it instead.
        if current != self.last_raw && self.replaced_elsewhere().is_some() {
            return Err(SaveError::ReplacedElsewhere);
        }
        let mut merged = None;
        let mut also = std::mem::take(&mut self.pending);
        // Reading another tab's parts marks them as seen. If this save then
        // fails, its merge is not what the screen shows: they must still
        // count as unseen, or their changes would be skipped by the storage
        // event and written over by the next save.
        let seen_before = (current != self.last_raw).then(|| self.tags.clone());
        if current != self.last_raw {
            let (theirs, read) = match self.theirs(current.as_deref()) {
                Ok(found) => found,
                Err(e) => {
                    self.pending = also;
                    return Err(e);
                }
            };
            if let Some(theirs) = theirs {
                merged = Some(merge(doc, &theirs));
            }
            also.extend(read);
        }
        let target = merged.as_ref().unwrap_or(doc);
        // Unchanged since we wrote it: no need to read the head's list again.
        let stored_split = if current == self.last_raw {
            self.split
        } else {
            current.as_deref().is_some_and(parts::is_head)
        };
        // What is to be written; kept in `pending` if the write fails, so
        // the next save writes it again.
        let (names, all) = if stored_split && self.split {
            let mut names = match before {
                Some(before) => parts::changed(before, target),
                None => parts::set_of(parts::names(target).into_iter().chain(self.tags.keys().cloned())),
            };
            names.extend(also);
            (names, false)
        } else {
            (also, true)
        };
        let written = if all {
            self.write_parts(target, &BTreeSet::new(), true)
        } else {
            self.write_parts(target, &names, false)
        };
        match written {
            Ok(()) => Ok(merged),
            Err(e) => {
                self.pending.extend(names);
                if let Some(tags) = seen_before {
                    self.tags = tags;
                }
                Err(e)
            }
        }
    }

    /// A change that could not be written: the next save writes its parts.
    /// (That save's `before` already holds the change, as the screen shows
    /// it, so comparing would not find them.)
    fn write_next_time(&mut self, before: Option<&Document>, doc: &Document) {
        if let Some(before) = before {
            self.pending.extend(parts::changed(before, doc));
        }
    }

    /// A plain write may replace a sealed text only when this tab wrote or
    /// read that very text (it holds the key: the lock being turned off, or
    /// saves queued behind a sealed one). A sealed text from another window
    /// can be neither merged nor kept by a plain write, so it is refused.
    fn refuse_if_sealed_elsewhere(&self, current: Option<&str>) -> Result<(), SaveError> {
        match current {
            Some(text)
                if current != self.last_raw.as_deref()
                    && sealed::mentions_marker(text)
                    && sealed::is_sealed(text) =>
            {
                Err(SaveError::SealedElsewhere)
            }
            _ => Ok(()),
        }
    }

    /// What another tab stored, as far as this tab has not seen it: the
    /// whole document, or the head with the parts whose tags changed (their
    /// names are returned: this tab's merge is to be written over them).
    ///
    /// Its storage event may not have arrived yet (events come a task or more
    /// later; a page restored from the back-forward cache hears none), so
    /// whatever `absorb` would refuse is refused here too: nothing stored
    /// where this tab had saved (deleted in another window: writing would
    /// bring it all back), a newer Hearth's document (writing would drop what
    /// this version does not know) or one that will not read (its only copy).
    fn theirs(&mut self, current: Option<&str>) -> Result<(Option<Document>, BTreeSet<String>), SaveError> {
        let Some(text) = current else {
            if self.last_raw.is_some() {
                return Err(SaveError::DeletedElsewhere);
            }
            return Ok((None, BTreeSet::new()));
        };
        let head_tags = parts::head_tags(text);
        let decoded = match head_tags {
            Some(_) => codec::decode_head(text),
            None => codec::decode(Some(text)),
        };
        let mut theirs = match decoded {
            Decoded::Ready { doc, .. } => doc,
            Decoded::Empty => return Ok((None, BTreeSet::new())),
            Decoded::Newer { schema, .. } => {
                self.mode = OpenMode::ReadOnly;
                return Err(SaveError::NewerElsewhere { schema });
            }
            Decoded::Damaged { .. } => {
                self.mode = OpenMode::ReadOnly;
                return Err(SaveError::DamagedElsewhere);
            }
        };
        let Some(their_tags) = head_tags else {
            return Ok((Some(theirs), BTreeSet::new()));
        };
        let unseen = parts::set_of(
            their_tags
                .iter()
                .filter(|(name, tag)| self.tags.get(*name) != Some(*tag))
                .map(|(name, _)| name.clone())
                .chain(self.tags.keys().filter(|n| !their_tags.contains_key(*n)).cloned()),
        );
        let found = read_parts(&self.backend, &mut theirs, &unseen);
        // Unread, its changes would be written over by ours.
        if let Some(reason) = found.refused {
            return Err(SaveError::Storage(reason));
        }
        // (One listed but not stored is written again from ours.)
        let read = found.tags;
        if !found.bad.is_empty() {
            // Writing over it would lose it; a reload keeps it aside.
            self.mode = OpenMode::ReadOnly;
            return Err(SaveError::DamagedElsewhere);
        }
        // What is stored now: the parts read, and no longer the ones the
        // other tab removed (a save writes ours again where we have records).
        for name in &unseen {
            match read.get(name) {
                Some(tag) => self.tags.insert(name.clone(), tag.clone()),
                None => self.tags.remove(name),
            };
        }
        Ok((Some(theirs), unseen))
    }

    /// Writes the named parts of `doc` (every part when `all`, removing the
    /// ones it no longer has), then the head. A part whose stored text would
    /// not change is not written again.
    /// If any write fails, what was written is put back as it was: a save
    /// (or a merge) that fails part-way changes nothing stored.
    fn write_parts(&mut self, doc: &Document, names: &BTreeSet<String>, all: bool) -> Result<(), SaveError> {
        let mut undo = Vec::new();
        let written = self.write_parts_or_stop(doc, names, all, &mut undo);
        if written.is_err() {
            for (key, was) in undo.into_iter().rev() {
                let _ = match was {
                    Some(text) => self.backend.set(&key, &text),
                    None => self.backend.remove(&key),
                };
            }
        }
        written
    }

    /// [`Vault::write_parts`]' writes, each key's earlier text noted in
    /// `undo` before it changes.
    fn write_parts_or_stop(
        &mut self,
        doc: &Document,
        names: &BTreeSet<String>,
        all: bool,
        undo: &mut Vec<(String, Option<String>)>,
    ) -> Result<(), SaveError> {
        let texts = parts::encode(doc, if all { None } else { Some(names) });
        let mut tags = if all { Tags::new() } else { self.tags.clone() };
        let gone: Vec<String> = if all {
            stored_part_names(&self.backend)
                .into_iter()
                .filter(|n| !texts.contains_key(n))
                .collect()
        } else {
            names
                .iter()
                .filter(|n| !texts.contains_key(*n))
                .cloned()
                .collect()
        };
        for (name, json) in &texts {
            let packed = parts::pack(json);
            let tag = parts::tag(&packed);
            if !all && self.tags.get(name) == Some(&tag) {
                continue;
            }
            let key = parts::key(name);
            undo.push((key.clone(), self.backend.get(&key)?));
            write_verified(&mut self.backend, &key, &packed)?;
            tags.insert(name.clone(), tag);
        }
        for name in gone {
            let key = parts::key(&name);
            undo.push((key.clone(), self.backend.get(&key)?));
            self.backend.remove(&key)?;
            tags.remove(&name);
        }
        let head = parts::encode_head(doc, &tags, parts::today_parts(doc, self.since).as_ref());
        undo.push((DOC_KEY.to_owned(), self.backend.get(DOC_KEY)?));
        write_verified(&mut self.backend, DOC_KEY, &head)?;
        self.last_raw = Some(head);
        self.tags = tags;
        self.split = true;
        Ok(())
    }

    /// Removes every part: the whole document is now stored in one text
    /// (sealed), so no plaintext part may stay behind.
    fn remove_parts(&mut self) -> Result<(), SaveError> {
        for name in stored_part_names(&self.backend) {
            self.backend.remove(&parts::key(&name))?;
        }
        self.tags.clear();
        self.pending.clear();
        self.split = false;
        Ok(())
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
        if self.mode == OpenMode::ReadOnly {
            return Err(ReplaceError::Save(SaveError::ReadOnly));
        }
        if self.opening() {
            return Err(ReplaceError::Save(SaveError::Opening));
        }
        let stored = self
            .backend
            .get(DOC_KEY)
            .map_err(|e| ReplaceError::Save(e.into()))?;
        self.refuse_if_sealed_elsewhere(stored.as_deref())
            .map_err(ReplaceError::Save)?;
        let stamp = stamp(now);
        let key = keep_aside(
            &mut self.backend,
            PRE_IMPORT_PREFIX,
            &stamp,
            &codec::encode(current),
        )
        .ok_or(ReplaceError::NoCopy)?;
        self.begin_replace(&key).map_err(ReplaceError::Save)?;
        self.write_parts(incoming, &BTreeSet::new(), true)
            .map_err(ReplaceError::Save)?;
        Ok(key)
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
        if self.opening() {
            return Err(ReplaceError::Save(SaveError::Opening));
        }
        let stamp = stamp(now);
        let key =
            keep_aside(&mut self.backend, PRE_IMPORT_PREFIX, &stamp, copy).ok_or(ReplaceError::NoCopy)?;
        self.begin_replace(&key).map_err(ReplaceError::Save)?;
        write_verified(&mut self.backend, DOC_KEY, raw).map_err(ReplaceError::Save)?;
        self.last_raw = Some(raw.to_owned());
        self.remove_parts().map_err(ReplaceError::Save)?;
        Ok(key)
    }

    /// Another tab changed the document (`storage` event). Returns what this
    /// tab should now show: the merge of ours and theirs. `ours` must be the
    /// whole document: finish opening first ([`Vault::finish_opening`]).
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
        if let Some(lineage) = self.replaced_elsewhere() {
            if let Some(theirs) = self.adopt(new_raw, plain, lineage) {
                return Absorbed::Replaced(theirs);
            }
        }
        if plain.is_some_and(parts::is_head) {
            return match self.theirs(plain) {
                Ok((Some(theirs), read)) => {
                    let doc = merge(ours, &theirs);
                    // (A read-only window shows it, and saves nothing.)
                    let save = self.mode != OpenMode::ReadOnly && lacks(&theirs, &doc, &read);
                    self.pending.extend(read);
                    self.last_raw = new_raw.map(str::to_owned);
                    self.split = true;
                    Absorbed::Merged { doc, save }
                }
                Err(SaveError::NewerElsewhere { schema }) => Absorbed::NewerElsewhere { schema },
                _ => {
                    self.mode = OpenMode::ReadOnly;
                    Absorbed::DamagedElsewhere
                }
            };
        }
        match codec::decode(plain) {
            Decoded::Ready { doc: theirs, .. } => {
                let doc = merge(ours, &theirs);
                // Only what is actually stored counts as "last seen": if ours
                // had extra changes, saving the merge writes them.
                let save = self.mode != OpenMode::ReadOnly && doc != theirs;
                self.last_raw = new_raw.map(str::to_owned);
                self.split = false;
                self.tags.clear();
                Absorbed::Merged { doc, save }
            }
            Decoded::Empty => {
                self.last_raw = None;
                self.split = false;
                self.tags.clear();
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
        if self.opening() {
            return Err(SaveError::Opening);
        }
        let current = self.backend.get(DOC_KEY)?;
        let changed = current != self.last_raw;
        Ok((current, changed))
    }

    /// What a sealed save writes when another tab changed the stored text:
    /// ours merged with theirs (`plain`: the stored text, unsealed if it was
    /// sealed; a head is read with its parts). Stored text that was deleted,
    /// is damaged or is a newer Hearth's is refused, as in [`Vault::save`].
    /// `Err` if the data was replaced since the save began (`replaces` was
    /// [`Vault::replaces`] then): `ours` belongs to what was replaced.
    pub fn merged_with_stored(
        &mut self,
        ours: &Document,
        plain: Option<&str>,
        replaces: u64,
    ) -> Result<Document, SaveError> {
        if self.replaces != replaces || self.replaced_elsewhere().is_some() {
            return Err(SaveError::ReplacedElsewhere);
        }
        Ok(match self.theirs(plain)? {
            (Some(theirs), _) => merge(ours, &theirs),
            (None, _) => ours.clone(),
        })
    }

    /// The last step of a sealed save: writes `raw` only if storage still
    /// holds `expected` (what [`Vault::stored`] saw before the await), then
    /// reads it back. `Ok(false)`: another tab wrote meanwhile, so nothing
    /// was written and the caller merges again. The plaintext parts the
    /// sealed text replaces are removed by [`Vault::remove_parts_beside_sealed`],
    /// in the next task (with ten years, writing 1.4 MB and removing 750
    /// keys together took a task of about 50 ms).
    pub fn write_if_unchanged(&mut self, expected: Option<&str>, raw: &str) -> Result<bool, SaveError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(SaveError::ReadOnly);
        }
        if self.opening() {
            return Err(SaveError::Opening);
        }
        if self.backend.get(DOC_KEY)?.as_deref() != expected {
            return Ok(false);
        }
        write_verified(&mut self.backend, DOC_KEY, raw)?;
        self.last_raw = Some(raw.to_owned());
        // The sealed text holds every record: from now on no part is ours.
        self.tags.clear();
        self.pending.clear();
        self.split = false;
        Ok(true)
    }

    /// After [`Vault::write_if_unchanged`]: removes the plaintext parts left
    /// beside `sealed`, the text it wrote, if that is still what is stored (a
    /// head written meanwhile by another window owns the parts stored with
    /// it, even once this tab has absorbed it). If this never runs (the tab
    /// closed first), opening merges the parts in and the next sealed save
    /// removes them.
    pub fn remove_parts_beside_sealed(&mut self, sealed: &str) -> Result<(), SaveError> {
        if self.backend.get(DOC_KEY)?.as_deref() != Some(sealed) {
            return Ok(());
        }
        self.remove_parts()
    }

    /// The copies kept aside in the clear (before a replace, a migration, or
    /// of damaged data, made while the lock was off), with their texts: the
    /// lock seals them when it is turned on.
    pub fn plain_copies(&self) -> Vec<(String, String)> {
        self.backend
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| {
                [PRE_IMPORT_PREFIX, PRE_MIGRATION_PREFIX, DAMAGED_PREFIX]
                    .iter()
                    .any(|p| k.starts_with(p))
            })
            .filter_map(|k| match self.backend.get(&k) {
                Ok(Some(text)) if !sealed::is_sealed(&text) => Some((k, text)),
                _ => None,
            })
            .collect()
    }

    /// Puts `sealed` in the place of the copy under `key`, if it still holds
    /// `was` (the text that was sealed; another window may have removed it).
    pub fn seal_copy(&mut self, key: &str, was: &str, sealed: &str) -> Result<(), SaveError> {
        match self.backend.get(key)? {
            Some(text) if text == was => write_verified(&mut self.backend, key, sealed),
            _ => Ok(()),
        }
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
        self.split = false;
        self.tags.clear();
        self.pending.clear();
        self.unlisted = None;
        self.unread.clear();
        self.rest = None;
        self.missing.clear();
        self.lineage = None;
        self.mode = OpenMode::ReadWrite;
        Ok(keys.len())
    }

    /// Bytes (UTF-16 code units × 2, as browsers count) used by Hearth's keys.
    pub fn bytes_used(&self) -> usize {
        let Ok(keys) = self.backend.keys() else { return 0 };
        keys.iter()
            .filter(|k| k.starts_with(PREFIX))
            .map(|k| (k.encode_utf16().count() + self.backend.len(k)) * 2)
            .sum()
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }
}

/// Whether `merged` (ours merged with `theirs`, read from a head and the
/// parts `read`) differs from what is stored: in the head's own fields or
/// in one of the parts read. The parts not read are as this tab last saw
/// them, so nothing of ours can be missing there.
fn lacks(theirs: &Document, merged: &Document, read: &BTreeSet<String>) -> bool {
    parts::head_document(theirs) != parts::head_document(merged)
        || parts::encode(theirs, Some(read)) != parts::encode(merged, Some(read))
}

/// What a change from another tab means for this one.
// Made once per storage event and matched at once: boxing the document would
// only add an allocation (and change the callers' patterns).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
pub enum Absorbed {
    /// `save`: the merge holds something of ours that the stored text lacks
    /// (another window saved over a change it had not heard of yet). It is
    /// to be saved at once: kept only on screen, it would be lost if this
    /// window closed before its next save.
    Merged {
        doc: Document,
        save: bool,
    },
    /// Another window replaced the data: this is what it holds, not merged
    /// with ours.
    Replaced(Document),
    DeletedElsewhere,
    NewerElsewhere {
        schema: u32,
    },
    DamagedElsewhere,
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
        // Opened again later (a reload): the copy there is the copy.
        let again = Vault::open(
            opened.vault.backend().clone(),
            now() + chrono::Duration::minutes(5),
        );
        let copies = |b: &MemoryBackend| b.map.keys().filter(|k| k.starts_with(DAMAGED_PREFIX)).count();
        assert_eq!(copies(again.vault.backend()), 1);
        assert!(matches!(&again.notices[..], [Notice::Damaged { backup_key: Some(k), .. }] if *k == key));
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

    /// What `absorb` refuses, a save refuses too when it finds it before
    /// the storage event has arrived: a newer Hearth's document, one that
    /// will not read, and nothing at all where this tab had saved. Nothing
    /// is written; the first two leave this tab read-only.
    #[test]
    fn a_save_never_writes_over_what_another_tab_left_that_it_cannot_merge() {
        use std::collections::BTreeMap;
        let here = doc("Sam", 1);
        let mut snoozed = here.clone();
        snoozed.backup_snoozed_until = Some(now());
        let this_schema = format!("{{\"schema\":{SCHEMA},");
        let refuses = |leave: &dyn Fn(&mut BTreeMap<String, String>), refused: SaveError| {
            let mut v = Vault::open(MemoryBackend::default(), now()).vault;
            v.save(&here).unwrap();
            assert!(v.backend.map[DOC_KEY].starts_with(&this_schema));
            leave(&mut v.backend.map);
            let stored = v.backend.map.clone();
            assert_eq!(v.save_change(&here, &snoozed), Err(refused.clone()));
            assert_eq!(v.backend.map, stored, "{refused:?}: written over");
            // The sealed save's merge step refuses the same.
            let mut other = Vault::open(MemoryBackend::default(), now()).vault;
            other.save(&here).unwrap();
            let replaces = other.replaces();
            let text = stored.get(DOC_KEY).map(String::as_str);
            assert_eq!(
                other.merged_with_stored(&snoozed, text, replaces),
                Err(refused.clone())
            );
            v
        };
        let newer = format!("{{\"schema\":{},\"added\":1,", SCHEMA + 1);
        let mut v = refuses(
            &|map| {
                let head = map[DOC_KEY].replacen(&this_schema, &newer, 1);
                map.insert(DOC_KEY.into(), head);
            },
            SaveError::NewerElsewhere { schema: SCHEMA + 1 },
        );
        assert_eq!(v.save(&snoozed), Err(SaveError::ReadOnly));
        let mut v = refuses(
            &|map| {
                map.insert(DOC_KEY.into(), "{\"schema\":".into());
            },
            SaveError::DamagedElsewhere,
        );
        assert_eq!(v.save(&snoozed), Err(SaveError::ReadOnly));
        refuses(&|map| map.clear(), SaveError::DeletedElsewhere);
    }

    /// A save that could not even read what is stored: its change stays on
    /// screen, so the next save (whose `before` already holds it) writes it.
    #[test]
    fn a_change_that_could_not_be_written_is_written_by_the_next_save() {
        let mut rng = Seeded(5);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(now(), &mut gen);
        let here = doc("Sam", 1);
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(&here).unwrap();
        let mut journal = here.clone();
        journal
            .gestures
            .add_idea(
                &mut ctx,
                crate::domain::Author::A,
                crate::domain::gestures::Kind::Thanks,
                "Tea in bed",
            )
            .unwrap();
        v.backend.unavailable = true;
        assert!(matches!(
            v.save_change(&here, &journal),
            Err(SaveError::Storage(_))
        ));
        v.backend.unavailable = false;
        let mut snoozed = journal.clone();
        snoozed.backup_snoozed_until = Some(now());
        assert_eq!(v.save_change(&journal, &snoozed), Ok(None));
        assert_eq!(Vault::open(v.backend().clone(), now()).doc, snoozed);
    }

    #[test]
    fn absorbing_another_tabs_change_merges_and_deletion_is_reported() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let ours = doc("Sam", 1);
        let theirs = doc("Alex", 2);
        let raw = codec::encode(&theirs);
        match v.absorb(&ours, Some(&raw)) {
            // Ours is the older one: theirs holds it all, nothing to save.
            Absorbed::Merged { doc: m, save } => {
                assert!(m.couple.is_some());
                assert!(!save);
            }
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
        // Put back within the same second: the first copy is kept, and the
        // file brought in gets a copy of its own.
        let again = v.replace(&incoming, &here, now()).unwrap();
        assert_eq!(again, "hearth:before-import:2026-11-29T10-00-00Z-2");
        assert_eq!(v.backend().map[&key], codec::encode(&here));
        assert_eq!(v.backend().map[&again], codec::encode(&incoming));

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
    fn plain_copies_are_found_and_sealed_in_place() {
        let mut b = MemoryBackend::default();
        b.map.insert(
            format!("{PRE_IMPORT_PREFIX}1"),
            "{\"couple\":\"plain words\"}".into(),
        );
        b.map.insert(format!("{DAMAGED_PREFIX}2"), "half a text".into());
        let already = "{\"hearth_sealed\":2,\"cipher\":\"AES-256-GCM\"}".to_string();
        assert!(sealed::is_sealed(&already));
        b.map.insert(format!("{PRE_MIGRATION_PREFIX}3:x"), already);
        b.map.insert("other-app".into(), "not ours".into());
        let mut v = Vault::open(b, now()).vault;
        v.save(&doc("Sam", 1)).unwrap();
        let found = v.plain_copies();
        let keys: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [format!("{PRE_IMPORT_PREFIX}1"), format!("{DAMAGED_PREFIX}2")]
        );
        // Sealed in place; a copy changed meanwhile is left alone.
        let (key, was) = &found[0];
        let text = "{\"hearth_sealed\":2,\"ciphertext\":\"...\"}";
        v.seal_copy(key, was, text).unwrap();
        assert_eq!(v.backend().map[key], text);
        v.seal_copy(&found[1].0, "not what it holds", text).unwrap();
        assert_eq!(v.backend().map[&found[1].0], "half a text");
        assert_eq!(v.plain_copies().len(), 1);
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
    fn a_plain_write_never_replaces_what_another_window_sealed() {
        let here = doc("Sam", 1);
        let mut tab = Vault::open(MemoryBackend::default(), now()).vault;
        tab.save(&here).unwrap();
        // Another window turns the lock on before this tab hears of it: its
        // sealed text, and no parts left.
        let sealed = "{\"hearth_sealed\":2,\"opaque\":\"...\"}";
        tab.backend.map.retain(|k, _| !k.starts_with(parts::PART_PREFIX));
        tab.backend.map.insert(DOC_KEY.into(), sealed.into());
        let before = tab.backend().map.clone();
        let edited = doc("Sam", 3);
        assert_eq!(tab.save(&edited), Err(SaveError::SealedElsewhere));
        assert_eq!(tab.save_change(&here, &edited), Err(SaveError::SealedElsewhere));
        assert_eq!(
            tab.replace(&here, &edited, now()),
            Err(ReplaceError::Save(SaveError::SealedElsewhere))
        );
        assert_eq!(tab.backend().map, before);
        assert!(SaveError::SealedElsewhere.message().contains("not saved"));

        // A plain document that only quotes the marker is merged as ever.
        let theirs = doc("hearth_sealed", 2);
        tab.backend.map.insert(DOC_KEY.into(), codec::encode(&theirs));
        let saved = tab.save(&here).unwrap();
        assert_eq!(saved, merge(&here, &theirs));

        // The tab that sealed the text itself holds the key: it may write
        // plain over it (the lock being turned off).
        let mut own = Vault::open(MemoryBackend::default(), now()).vault;
        own.save(&here).unwrap();
        let (stored, _) = own.stored().unwrap();
        assert_eq!(own.write_if_unchanged(stored.as_deref(), sealed), Ok(true));
        own.save(&here).unwrap();
        assert!(parts::is_head(&own.backend().map[DOC_KEY]));
        assert_eq!(Vault::open(own.backend().clone(), now()).doc, here);
    }

    #[test]
    fn a_sealed_save_merges_what_another_tab_sealed_and_absorbs_unsealed_events() {
        let ours = doc("Sam", 1);
        let theirs = doc("Alex", 2);
        let plain = codec::encode(&theirs);
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let merged = v.merged_with_stored(&ours, Some(&plain), 0);
        assert_eq!(merged, Ok(merge(&ours, &theirs)));
        assert_eq!(v.merged_with_stored(&ours, None, 0), Ok(ours.clone()));
        // Text that will not read is its only copy: not sealed over.
        assert_eq!(
            v.merged_with_stored(&ours, Some("not a document"), 0),
            Err(SaveError::DamagedElsewhere)
        );
        assert_eq!(v.mode(), &OpenMode::ReadOnly);

        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.backend.map.insert(DOC_KEY.into(), "sealed".into());
        match v.absorb_unsealed(&ours, Some("sealed"), Some(&plain)) {
            Absorbed::Merged { doc: m, .. } => assert_eq!(m, merge(&ours, &theirs)),
            other => panic!("{other:?}"),
        }
        // What is stored (the sealed text) is what counts as seen.
        assert_eq!(v.stored(), Ok((Some("sealed".into()), false)));
    }

    // ---- the parts layout (schema 7) ----

    fn year() -> Document {
        let start = DateTime::parse_from_rfc3339("2025-11-01T10:00:00Z")
            .unwrap()
            .to_utc();
        crate::domain::generate::decade(11, start, 1)
    }

    fn part_keys(b: &MemoryBackend) -> Vec<&String> {
        b.map
            .keys()
            .filter(|k| k.starts_with(parts::PART_PREFIX))
            .collect()
    }

    /// Storage holding `d`, saved by a freshly opened vault (in parts).
    fn stored(d: &Document) -> MemoryBackend {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(d).unwrap();
        v.backend
    }

    /// A head that will not read (cut short, or the wrong shape) must not
    /// cost the records in the parts beside it: they are read and shown,
    /// and the first save after it (the names typed again) writes them all.
    #[test]
    fn an_unreadable_head_loses_none_of_its_parts() {
        let d = year();
        let checkins = d.checkins.live().count();
        assert!(checkins > 300);
        let whole = stored(&d);
        let head = whole.map[DOC_KEY].clone();
        let cut_short = head[..head.len() / 2].to_string();
        let wrong_shape = head.replacen(&format!("\"schema\":{SCHEMA}"), "\"schema\":0", 1);
        assert_ne!(wrong_shape, head);
        for bad in [cut_short, wrong_shape] {
            let mut b = whole.clone();
            b.map.insert(DOC_KEY.into(), bad);
            let opened = Vault::open(b, now());
            assert!(matches!(
                opened.notices[..],
                [Notice::Damaged {
                    backup_key: Some(_),
                    ..
                }]
            ));
            assert_eq!(opened.vault.mode(), &OpenMode::ReadWrite);
            assert_eq!(opened.doc.checkins.live().count(), checkins, "the parts are read");
            let mut v = opened.vault;
            let mut next = opened.doc.clone();
            next.couple = d.couple.clone();
            v.save_change(&opened.doc, &next).unwrap();
            let again = Vault::open(v.backend().clone(), now()).doc;
            assert_eq!(again.checkins.live().count(), checkins, "and written again");
            assert_eq!(again.gestures.appreciations, d.gestures.appreciations);
        }
    }

    /// Storage is full just as this tab saves over another tab's save it has
    /// not heard of yet: the save fails, and the other tab's change must
    /// still reach this tab and storage afterwards, not be written over.
    #[test]
    fn a_failed_save_does_not_count_the_other_tabs_parts_as_seen() {
        let d = year();
        let mut here = Vault::open(stored(&d), now()).vault;
        let mut there = Vault::open(here.backend().clone(), now()).vault;
        let later = now() + chrono::Duration::minutes(1);
        let mut theirs = d.clone();
        let first = theirs
            .gestures
            .appreciations
            .iter()
            .next()
            .unwrap()
            .meta
            .id
            .clone();
        let edited = theirs
            .gestures
            .appreciations
            .find_mut(|a| a.meta.id == first)
            .unwrap();
        edited.text = "soup when I was ill".into();
        edited.meta.touch(later);
        there.save_change(&d, &theirs).unwrap();
        let their_head = there.backend().map[DOC_KEY].clone();

        // Here, a long note in another month, with no room left for it.
        here.backend = there.backend().clone();
        here.backend.quota = Some(here.backend.used_without("") + 10);
        let mut ours = d.clone();
        let last = ours
            .checkins
            .items
            .iter()
            .rev()
            .find(|c| c.a.is_some())
            .unwrap()
            .meta
            .id
            .clone();
        let ci = ours.checkins.items.find_mut(|c| c.meta.id == last).unwrap();
        // Letters that do not pack small.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        ci.a.as_mut().unwrap().note = (0..600)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                char::from(b'a' + (x >> 59) as u8 % 26)
            })
            .collect();
        ci.meta.touch(later);
        assert_eq!(here.save_change(&d, &ours), Err(SaveError::Full));

        // The storage event brings their change; the next save keeps it.
        here.backend.quota = None;
        // (Not saved at once: the note's part was not theirs to write over,
        // and the message that it is unsaved is on screen.)
        let Absorbed::Merged {
            doc: shown,
            save: false,
        } = here.absorb(&ours, Some(&their_head))
        else {
            panic!()
        };
        let text = |doc: &Document| {
            doc.gestures
                .appreciations
                .iter()
                .find(|a| a.meta.id == first)
                .unwrap()
                .text
                .clone()
        };
        assert_eq!(text(&shown), "soup when I was ill");
        let mut next = shown.clone();
        next.last_backup_at = Some(later);
        here.save_change(&shown, &next).unwrap();
        assert_eq!(
            text(&Vault::open(here.backend().clone(), now()).doc),
            "soup when I was ill"
        );
    }

    /// Data from a newer Hearth is only shown: a part this build cannot read
    /// (say, a value only the newer one knows) stays where it is for it.
    #[test]
    fn a_read_only_tab_takes_no_part_out_of_storage() {
        let mut b = stored(&year());
        let head = b.map[DOC_KEY].replacen(
            &format!("\"schema\":{SCHEMA}"),
            &format!("\"schema\":{}", SCHEMA + 1),
            1,
        );
        b.map.insert(DOC_KEY.into(), head);
        let key = part_keys(&b)
            .into_iter()
            .find(|k| k.contains("checkins/"))
            .unwrap()
            .clone();
        let json =
            parts::unpack(&b.map[&key])
                .unwrap()
                .replacen("\"by\":", "\"by\":\"someone new\",\"was\":", 1);
        let unknown = parts::pack(&json);
        b.map.insert(key.clone(), unknown.clone());
        let opened = Vault::open(b, now());
        assert_eq!(opened.vault.mode(), &OpenMode::ReadOnly);
        assert_eq!(opened.vault.backend().map.get(&key), Some(&unknown));
    }

    /// What changed between two snapshots of storage: keys written with a
    /// new value, added or removed.
    fn touched(a: &MemoryBackend, b: &MemoryBackend) -> BTreeSet<String> {
        a.map
            .keys()
            .chain(b.map.keys())
            .filter(|k| a.map.get(*k) != b.map.get(*k))
            .cloned()
            .collect()
    }

    #[test]
    fn a_year_is_stored_in_monthly_parts_and_one_edit_writes_one_part_and_the_head() {
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        let d = year();
        assert!(v.save(&d).unwrap() == d);
        let keys = part_keys(v.backend());
        assert!(
            keys.iter().any(|k| k.starts_with("hearth:part:checkins/")),
            "{keys:?}"
        );
        assert!(keys.len() > 12);
        assert!(Vault::open(v.backend().clone(), now()).doc == d);
        // Saving the same again writes nothing at all.
        let before = v.backend().clone();
        assert!(v.save(&d).unwrap() == d);
        assert!(touched(&before, v.backend()).is_empty());

        // One note edited: that month's part and the head, nothing else.
        let mut next = d.clone();
        let i = next.checkins.items.len() / 2;
        next.checkins.items[i].meta.touch(now());
        if let Some(a) = next.checkins.items[i].a.as_mut() {
            a.note = "a slower morning together".into();
        }
        let before = v.backend().clone();
        assert_eq!(v.save_change(&d, &next), Ok(None));
        let month = next.checkins.items[i].meta.created_at.format("%Y-%m").to_string();
        let expected: BTreeSet<String> =
            [DOC_KEY.to_string(), format!("hearth:part:checkins/{month}")].into();
        assert_eq!(touched(&before, v.backend()), expected);
        assert!(Vault::open(v.backend().clone(), now()).doc == next);
    }

    #[test]
    fn a_whole_older_document_opens_and_its_first_save_writes_parts_keeping_a_copy() {
        let d = year();
        let mut whole = codec::encode(&d).replacen(&format!("\"schema\":{SCHEMA}"), "\"schema\":6", 1);
        let mut b = MemoryBackend::default();
        b.map.insert(DOC_KEY.into(), whole.clone());
        let opened = Vault::open(b, now());
        assert!(matches!(
            &opened.notices[..],
            [Notice::Migrated {
                from: 6,
                backup_key: Some(_)
            }]
        ));
        assert!(opened.doc == d);
        let mut v = opened.vault;
        let mut next = d.clone();
        next.last_backup_at = Some(now());
        assert_eq!(v.save_change(&d, &next), Ok(None));
        assert!(parts::head_tags(&v.backend().map[DOC_KEY]).is_some());
        assert!(Vault::open(v.backend().clone(), now()).doc == next);
        // The copy kept before the migration is the whole old text.
        whole.shrink_to_fit();
        assert!(v.backend().map.values().any(|t| *t == whole));
    }

    #[test]
    fn two_tabs_editing_different_months_keep_both_changes() {
        let d = year();
        let mut tab1 = Vault::open(MemoryBackend::default(), now()).vault;
        tab1.save(&d).unwrap();
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let later = now() + chrono::Duration::minutes(1);

        let mut theirs = d.clone();
        theirs.gestures.appreciations[0].meta.touch(later);
        theirs.gestures.appreciations[0].text = "thank you for the soup".into();
        assert_eq!(tab2.save_change(&d, &theirs), Ok(None));

        // Tab 1 has not seen tab 2's save and changes another month.
        tab1.backend = tab2.backend().clone();
        let mut ours = d.clone();
        let last = ours.checkins.items.len() - 1;
        ours.checkins.items[last].meta.touch(later);
        ours.checkins.items[last].closed = !ours.checkins.items[last].closed;
        let merged = tab1.save_change(&d, &ours).unwrap().expect("merged with tab 2");
        assert_eq!(merged.gestures.appreciations[0].text, "thank you for the soup");
        assert_eq!(merged.checkins.items[last], ours.checkins.items[last]);
        assert!(Vault::open(tab1.backend().clone(), now()).doc == merged);

        // Tab 2 hears of it through the head and reads only what changed.
        tab2.backend = tab1.backend().clone();
        let head = tab1.backend().map[DOC_KEY].clone();
        match tab2.absorb(&theirs, Some(&head)) {
            Absorbed::Merged { doc: m, save } => assert!(m == merged && !save),
            _ => panic!("not merged"),
        }
        assert_eq!(tab2.stored(), Ok((Some(head), false)));
    }

    /// `tab` (showing `ours`) hears of what `other` stored over it, is told
    /// to save the merge, and does: what is stored then.
    fn hears_and_saves_again(
        tab: &mut Vault<MemoryBackend>,
        other: &Vault<MemoryBackend>,
        ours: &Document,
    ) -> Document {
        tab.backend = other.backend().clone();
        let head = tab.backend().map[DOC_KEY].clone();
        let Absorbed::Merged {
            doc: shown,
            save: true,
        } = tab.absorb(ours, Some(&head))
        else {
            panic!("not saved again")
        };
        assert_eq!(tab.save_change(&shown, &shown), Ok(None));
        Vault::open(tab.backend().clone(), now()).doc
    }

    /// The race the head cannot prevent: tab 2 saves the same part before
    /// tab 1's save has reached it, and writes over tab 1's change. Tab 1
    /// hears of it, and saves the merge at once.
    #[test]
    fn a_change_written_over_by_another_tab_is_saved_again_when_heard_of() {
        let d = year();
        let mut tab1 = Vault::open(MemoryBackend::default(), now()).vault;
        tab1.save(&d).unwrap();
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let later = now() + chrono::Duration::minutes(1);
        // Two appreciations of the same month: one part.
        let items = &d.gestures.appreciations;
        let (i, j) = (0..items.len())
            .flat_map(|i| (i + 1..items.len()).map(move |j| (i, j)))
            .find(|&(i, j)| {
                parts::changed(&d, &{
                    let mut both = d.clone();
                    both.gestures.appreciations[i].meta.touch(later);
                    both.gestures.appreciations[j].meta.touch(later);
                    both
                })
                .len()
                    == 1
            })
            .expect("two appreciations in one month");

        let mut ours = d.clone();
        ours.gestures.appreciations[i].text = "the note in my coat pocket".into();
        ours.gestures.appreciations[i].meta.touch(later);
        assert_eq!(tab1.save_change(&d, &ours), Ok(None));
        let mut theirs = d.clone();
        theirs.gestures.appreciations[j].text = "you drove me to the station".into();
        theirs.gestures.appreciations[j].meta.touch(later);
        assert_eq!(tab2.save_change(&d, &theirs), Ok(None));
        let text = |doc: &Document, k: usize| doc.gestures.appreciations[k].text.clone();
        assert_ne!(
            text(&Vault::open(tab2.backend().clone(), now()).doc, i),
            text(&ours, i)
        );

        // Tab 1 hears of tab 2's head: it shows both, and saves both.
        let stored = hears_and_saves_again(&mut tab1, &tab2, &ours);
        assert_eq!(text(&stored, i), text(&ours, i));
        assert_eq!(text(&stored, j), text(&theirs, j));

        // Tab 2 hears of that: it takes it, and has nothing to add back
        // (so the two windows do not answer each other for ever).
        tab2.backend = tab1.backend().clone();
        let head = tab2.backend().map[DOC_KEY].clone();
        let Absorbed::Merged {
            doc: theirs_now,
            save: false,
        } = tab2.absorb(&theirs, Some(&head))
        else {
            panic!("would save again")
        };
        assert!(theirs_now == stored);
    }

    /// A record made with the clock set back lands in the middle of its
    /// list. The window that only hears of it finds nothing of its own
    /// missing from the stored text (records are kept in one order), so it
    /// writes nothing back.
    #[test]
    fn a_record_made_with_the_clock_set_back_is_not_written_back_by_a_window_that_heard_of_it() {
        let d = year();
        let mut tab1 = Vault::open(MemoryBackend::default(), now()).vault;
        tab1.save(&d).unwrap();
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let mut rng = Seeded(21);
        let mut gen = || rng.bytes16();
        let back = DateTime::parse_from_rfc3339("2026-03-15T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut ours = d.clone();
        ours.gestures
            .write_appreciation(
                &mut Ctx::new(back, &mut gen),
                crate::domain::Author::B,
                "the tea",
                false,
            )
            .unwrap();
        assert_ne!(
            ours.gestures.appreciations.last(),
            ours.gestures.appreciations.iter().find(|a| a.text == "the tea")
        );
        assert_eq!(tab1.save_change(&d, &ours), Ok(None));

        tab2.backend = tab1.backend().clone();
        let head = tab2.backend().map[DOC_KEY].clone();
        let Absorbed::Merged { doc, save: false } = tab2.absorb(&d, Some(&head)) else {
            panic!("would write back what it only heard of")
        };
        assert!(doc == ours);
    }

    /// The same for the head's own fields (the names, the rhythm).
    #[test]
    fn a_rename_written_over_by_another_tab_is_saved_again_when_heard_of() {
        let d = year();
        let mut tab1 = Vault::open(MemoryBackend::default(), now()).vault;
        tab1.save(&d).unwrap();
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let later = now() + chrono::Duration::minutes(1);
        let mut ours = d.clone();
        let couple = ours.couple.as_mut().unwrap();
        couple.a.name = "Samira".into();
        couple.meta.touch(later);
        assert_eq!(tab1.save_change(&d, &ours), Ok(None));
        let mut theirs = d.clone();
        theirs.last_backup_at = Some(later);
        assert_eq!(tab2.save_change(&d, &theirs), Ok(None));

        let stored = hears_and_saves_again(&mut tab1, &tab2, &ours);
        assert_eq!(stored.couple.unwrap().a.name, "Samira");
        assert_eq!(stored.last_backup_at, Some(later));
    }

    #[test]
    fn a_save_that_fails_part_way_leaves_storage_as_it_was() {
        let d = year();
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(&d).unwrap();
        let before = v.backend().map.clone();
        // A change in the first and the last month: room for the first part
        // only (a note grown long), not for the second.
        let mut next = d.clone();
        let later = now() + chrono::Duration::minutes(1);
        let last = next.checkins.items.len() - 1;
        // Words that do not compress, so each part grows by about 3 KB.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut words = || -> String {
            (0..3000)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(b'a' + (seed % 26) as u8)
                })
                .collect()
        };
        for i in [0, last] {
            next.checkins.items[i].meta.touch(later);
            if let Some(a) = next.checkins.items[i].a.as_mut() {
                a.note = words();
            }
        }
        let mut grown = Vault::open(v.backend().clone(), now()).vault;
        grown.save_change(&d, &next).unwrap();
        let needed = grown.backend().used_without("");
        v.backend.quota = Some(needed - 1500);
        let failed = v.save_change(&d, &next);
        assert!(matches!(failed, Err(SaveError::Full)), "saved");
        assert!(
            v.backend().map == before,
            "a part written before the failure is put back"
        );
        // With room again, the change is saved whole.
        v.backend.quota = None;
        assert!(v.save_change(&d, &next) == Ok(None));
        assert!(Vault::open(v.backend().clone(), now()).doc == next);
    }

    #[test]
    fn a_replace_in_one_window_is_adopted_whole_by_another_not_merged_back() {
        let d = year();
        let mut tab1 = Vault::open(MemoryBackend::default(), now()).vault;
        tab1.save(&d).unwrap();
        let mut tab2 = Vault::open(tab1.backend().clone(), now()).vault;
        let since = tab2.replaces();

        // Tab 1 brings in a backup with half the check-ins (its gestures are
        // the same, so their parts are written with the same text).
        let mut incoming = d.clone();
        let half = incoming.checkins.items.len() / 2;
        while incoming.checkins.items.len() > half {
            incoming.checkins.items.remove(half);
        }
        tab1.replace(&d, &incoming, now()).unwrap();
        tab2.backend = tab1.backend().clone();
        let stored = tab1.backend().clone();

        // Tab 2 has not heard yet and saves an edit: refused, nothing written.
        let mut edited = d.clone();
        edited.checkins.items[0]
            .meta
            .touch(now() + chrono::Duration::minutes(1));
        edited.checkins.items[0].closed = !edited.checkins.items[0].closed;
        // (Matched, not compared: a year of records is a long message.)
        let refused = tab2.save_change(&d, &edited);
        assert!(matches!(refused, Err(SaveError::ReplacedElsewhere)), "saved");
        assert!(tab2.backend().map == stored.map);

        // Its storage event: the backup, whole, not merged with what it replaced.
        let head = stored.map[DOC_KEY].clone();
        match tab2.absorb(&d, Some(&head)) {
            Absorbed::Replaced(theirs) => assert!(theirs == incoming),
            other => panic!("{other:?}"),
        }
        // A sealed save that began before the replace holds what it replaced.
        let merged = tab2.merged_with_stored(&d, Some(&head), since);
        assert!(matches!(merged, Err(SaveError::ReplacedElsewhere)), "merged");
        // Nor may one write over everything deleted in another window.
        let mut gone = tab2.backend().clone();
        gone.map.clear();
        let mut deleted = Vault::open(tab2.backend().clone(), now()).vault;
        deleted.backend = gone;
        let merged = deleted.merged_with_stored(&d, None, deleted.replaces());
        assert!(matches!(merged, Err(SaveError::DeletedElsewhere)), "deleted");
        // From here on tab 2 saves as usual, on top of the backup.
        let mut next = incoming.clone();
        next.checkins.items[0]
            .meta
            .touch(now() + chrono::Duration::minutes(2));
        next.checkins.items[0].closed = !next.checkins.items[0].closed;
        assert!(tab2.save_change(&incoming, &next) == Ok(None));
        let reopened = Vault::open(tab2.backend().clone(), now()).doc;
        assert!(reopened == next);
        assert_eq!(reopened.checkins.items.len(), half);
        // And tab 1, which made the replace, merges tab 2's edit as usual.
        tab1.backend = tab2.backend().clone();
        let head = tab1.backend().map[DOC_KEY].clone();
        match tab1.absorb(&incoming, Some(&head)) {
            Absorbed::Merged { doc: m, save } => assert!(m == next && !save),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_damaged_part_is_kept_aside_and_the_rest_opens() {
        let d = year();
        let mut b = stored(&d);
        let key = part_keys(&b)[0].clone();
        b.map.insert(key.clone(), "lz4:AAAA".into());
        let opened = Vault::open(b, now());
        let name = key.strip_prefix(parts::PART_PREFIX).unwrap();
        match &opened.notices[..] {
            [Notice::Damaged {
                reason,
                backup_key: Some(k),
                raw,
            }] => {
                assert!(reason.contains(name), "{reason}");
                assert_eq!(raw, "lz4:AAAA");
                assert_eq!(opened.vault.backend().map[k], "lz4:AAAA");
            }
            other => panic!("{other:?}"),
        }
        assert!(!opened.vault.backend().map.contains_key(&key));
        assert_eq!(opened.vault.mode(), &OpenMode::ReadWrite);
        // Everything else is there.
        let lost = d.checkins.items.len() + d.gestures.items.len() + d.gestures.appreciations.len();
        let kept = opened.doc.checkins.items.len()
            + opened.doc.gestures.items.len()
            + opened.doc.gestures.appreciations.len();
        assert!(kept < lost && kept > lost * 9 / 10, "{kept} of {lost}");
    }

    #[test]
    fn a_full_storage_mid_save_keeps_what_was_saved_and_retries_the_parts_next_time() {
        let d = year();
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(&d).unwrap();
        let mut next = d.clone();
        // Notes that do not compress: letters from a small xorshift.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..40 {
            let c = &mut next.checkins.items[i];
            c.meta.touch(now());
            if let Some(a) = c.a.as_mut() {
                a.note = (0..200)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        char::from(b'a' + (x % 26) as u8)
                    })
                    .collect();
            }
        }
        v.backend.quota = Some(v.backend.used_without("") + 10);
        assert_eq!(v.save_change(&d, &next), Err(SaveError::Full));
        // Reopened, nothing saved before is lost (a month may already be new).
        let reopened = Vault::open(v.backend().clone(), now()).doc;
        assert_eq!(reopened.checkins.items.len(), d.checkins.items.len());
        assert!(reopened
            .checkins
            .items
            .iter()
            .zip(&d.checkins.items)
            .all(|(r, o)| r.meta.id == o.meta.id));
        // With room again, the next small change also writes what failed.
        v.backend.quota = None;
        let mut again = next.clone();
        again.last_backup_at = Some(now());
        assert_eq!(v.save_change(&next, &again), Ok(None));
        assert!(Vault::open(v.backend().clone(), now()).doc == again);
    }

    #[test]
    fn a_change_refused_for_want_of_room_is_stored_by_saving_what_is_shown_again() {
        // The app's retry (the alert's OK, the page hidden or left): no new
        // change, the document on screen saved over itself.
        let d = year();
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(&d).unwrap();
        let mut next = d.clone();
        let c = &mut next.checkins.items[3];
        c.meta.touch(now());
        if let Some(a) = c.a.as_mut() {
            a.note = "words not stored yet".into();
        }
        v.backend.quota = Some(v.backend.used_without("") + 10);
        let refused = v.save_change(&d, &next);
        assert_eq!(refused, Err(SaveError::Full));
        assert!(refused.unwrap_err().retriable());
        // Still no room: refused again, nothing lost.
        assert_eq!(v.save_change(&next, &next), Err(SaveError::Full));
        assert_eq!(Vault::open(v.backend().clone(), now()).doc, d);
        v.backend.quota = None;
        assert_eq!(v.save_change(&next, &next), Ok(None));
        assert!(Vault::open(v.backend().clone(), now()).doc == next);
        // What another window did is never retried.
        assert!(!SaveError::DeletedElsewhere.retriable() && !SaveError::ReadOnly.retriable());
    }

    #[test]
    fn a_sealed_write_removes_the_parts_and_leftover_parts_are_merged_on_open() {
        let d = year();
        let mut v = Vault::open(MemoryBackend::default(), now()).vault;
        v.save(&d).unwrap();
        let leftovers = v.backend().clone();
        let parts_before: Vec<String> = part_keys(v.backend()).into_iter().cloned().collect();
        assert!(!parts_before.is_empty());
        let (stored, _) = v.stored().unwrap();
        let sealed = "{\"hearth_sealed\":1}";
        assert_eq!(v.write_if_unchanged(stored.as_deref(), sealed), Ok(true));

        // Between the two steps another window stores a head of its own:
        // the parts are its parts now, and stay.
        let mut other = v.backend().clone();
        other.map.insert(DOC_KEY.into(), stored.clone().unwrap());
        let mut meanwhile = Vault::open(MemoryBackend::default(), now()).vault;
        meanwhile.backend = other;
        // (Also once this tab has absorbed that head.)
        meanwhile.last_raw = stored.clone();
        assert_eq!(meanwhile.remove_parts_beside_sealed(sealed), Ok(()));
        assert_eq!(
            part_keys(meanwhile.backend()),
            parts_before.iter().collect::<Vec<_>>()
        );

        assert_eq!(v.remove_parts_beside_sealed(sealed), Ok(()));
        assert!(
            part_keys(v.backend()).is_empty(),
            "no plaintext part stays beside a sealed text"
        );
        assert_eq!(v.backend().map[DOC_KEY], sealed);

        // A lock turned on but cut short before the parts were removed: the
        // sealed text opens (here: an older whole document) and the parts
        // are merged in, so nothing is lost.
        let mut b = leftovers;
        b.map.insert(DOC_KEY.into(), "sealed".into());
        let sealed_doc = Document {
            couple: d.couple.clone(),
            ..Document::default()
        };
        let plain = codec::encode(&sealed_doc);
        let opened = Vault::open_unsealed(b, now(), Some("sealed".into()), Ok(Some(plain)));
        assert!(
            opened.doc == merge(&sealed_doc, &d),
            "the parts' records are all there"
        );
        assert_eq!(opened.doc.checkins.items.len(), d.checkins.items.len());
    }

    // ---- Home first, the rest when idle ----

    /// Four years (with old "not now" conversations), and things from long
    /// ago that Home must still see: a gesture and a note not yet noticed, a
    /// paused conversation, a date planned a year ahead, and (if `open_turn`)
    /// a check-in turn still open, which Home puts before conversations.
    fn years_with_old_loose_ends(open_turn: bool) -> Document {
        use crate::domain::dilemma::Status as Talk;
        use crate::domain::us_time::{Period, PlanState, Rhythm};
        let start = DateTime::parse_from_rfc3339("2022-11-01T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut d = crate::domain::generate::decade(5, start, 4);
        if open_turn {
            let c = &mut d.checkins.items[40];
            c.b = None;
            c.closed = false;
        }
        let g = d.gestures.items.find_mut(|g| g.noticed.is_some()).unwrap();
        g.noticed = None;
        let a = &mut d.gestures.appreciations[30];
        a.private = false;
        a.seen_at = None;
        // Two pauses ending at different times; the later one touched last.
        d.dilemmas.items[3].status = Talk::Paused {
            resume_after: now() + chrono::Duration::days(20),
        };
        d.dilemmas.items[20].status = Talk::Paused {
            resume_after: now() + chrono::Duration::days(40),
        };
        d.dilemmas.items[20].meta.updated_at =
            d.dilemmas.items[3].meta.updated_at + chrono::Duration::days(1);
        let p = &mut d.us_time.plans[5];
        p.state = PlanState::Planned;
        p.start = now() + chrono::Duration::days(300);
        if d.us_time.rhythm.is_none() {
            let meta = d.us_time.plans[0].meta.clone();
            d.us_time.rhythm = Some(Rhythm {
                meta,
                per: Period::Month,
                times: 2,
            });
        }
        d
    }

    /// Everything Home shows (src/pages/home.rs), as text.
    fn home(d: &Document, at: DateTime<Utc>) -> String {
        use crate::domain::record::Author::{A, B};
        let g = &d.gestures;
        format!(
            "{:?}",
            (
                crate::domain::today::next_step(d, at),
                [A, B].map(|p| d.checkins.latest(p, false).cloned()),
                [A, B].map(|p| (
                    g.to_notice_for(p, false).is_empty(),
                    g.unseen_for(p, false).is_empty()
                )),
                d.us_time.upcoming(at).into_iter().take(2).collect::<Vec<_>>(),
                crate::domain::us_time::rhythm_summary(&d.us_time, at, &|_| chrono::FixedOffset::east_opt(0)
                    .unwrap()),
                crate::domain::backup::should_remind(d, at),
                crate::domain::backup::reminder_text(d, at),
            )
        )
    }

    fn records(d: &Document) -> usize {
        d.checkins.items.len()
            + d.gestures.items.len()
            + d.gestures.appreciations.len()
            + d.dilemmas.items.len()
            + d.us_time.plans.len()
            + d.us_time.ideas.len()
    }

    #[test]
    fn home_opens_from_a_few_parts_and_the_rest_joins_to_exactly_the_whole() {
        for open_turn in [false, true] {
            home_first(years_with_old_loose_ends(open_turn));
        }
    }

    fn home_first(d: Document) {
        let stored = stored(&d);
        let today = parts::head_today(&stored.map[DOC_KEY]).expect("the head lists Home's parts");
        let all = part_keys(&stored).len();
        assert!(
            today.len() * 10 < all,
            "{} of {all} parts: {today:?}",
            today.len()
        );

        // Drawn later without an edit, Home shows the same from its parts.
        for days in [0, 1, 10, 21, 45, 400] {
            let at = now() + chrono::Duration::days(days);
            let opened = Vault::open_today(stored.clone(), at);
            assert!(opened.notices.is_empty());
            let mut v = opened.vault;
            let mut doc = opened.doc;
            assert!(v.opening());
            assert!(
                records(&doc) * 4 < records(&d),
                "{} of {}",
                records(&doc),
                records(&d)
            );
            assert_eq!(home(&doc, at), home(&d, at), "{days} days later");
            // Read in steps, then joined: the very document stored.
            assert!(v.read_more(7, at).is_empty());
            assert!(v.opening());
            assert!(v.finish_opening(&mut doc, at).is_empty());
            assert!(!v.opening());
            assert!(doc == d, "{days} days later");
            assert!(v.finish_opening(&mut doc, at).is_empty());
            assert!(doc == d);
        }
    }

    #[test]
    fn home_matches_a_whole_open_when_memory_was_not_in_month_order() {
        let mut d = years_with_old_loose_ends(false);
        // As a replacing import may leave it: the newest check-in, alone in
        // its month, first in memory. Read back, it comes last.
        let mut newest = d.checkins.items.remove(d.checkins.items.len() - 1);
        newest.meta.created_at += chrono::Duration::days(40);
        newest.meta.updated_at = newest.meta.created_at;
        d.checkins.items.insert(0, newest);
        let stored = stored(&d);
        let whole = Vault::open(stored.clone(), now()).doc;
        for days in [0, 30] {
            let at = now() + chrono::Duration::days(days);
            let opened = Vault::open_today(stored.clone(), at);
            let mut v = opened.vault;
            let mut doc = opened.doc;
            assert_eq!(home(&doc, at), home(&whole, at), "{days} days later");
            v.finish_opening(&mut doc, at);
            assert!(doc == whole);
        }
    }

    #[test]
    fn a_vault_opened_locked_then_started_over_saves() {
        // The lock screen's "delete everything and start over": the vault
        // was never opened, so it knows no opening time.
        let mut v = Vault::unopened(MemoryBackend::default());
        v.delete_everything().unwrap();
        let d = years_with_old_loose_ends(false);
        assert!(v.save(&d).unwrap() == d);
        assert!(Vault::open(v.backend().clone(), now()).doc == d);
    }

    #[test]
    fn nothing_is_saved_while_opening_and_afterwards_saves_are_as_usual() {
        let d = years_with_old_loose_ends(false);
        let opened = Vault::open_today(stored(&d), now());
        let mut v = opened.vault;
        let mut doc = opened.doc;
        let stored = v.backend().clone();
        let mut next = doc.clone();
        next.last_backup_at = Some(now());
        assert_eq!(v.save_change(&doc, &next), Err(SaveError::Opening));
        assert_eq!(v.save(&next), Err(SaveError::Opening));
        assert_eq!(v.stored(), Err(SaveError::Opening));
        assert_eq!(v.write_if_unchanged(None, "x"), Err(SaveError::Opening));
        assert_eq!(
            v.replace(&doc, &next, now()),
            Err(ReplaceError::Save(SaveError::Opening))
        );
        assert!(touched(&stored, v.backend()).is_empty());

        v.finish_opening(&mut doc, now());
        let mut next = doc.clone();
        next.last_backup_at = Some(now());
        assert_eq!(v.save_change(&doc, &next), Ok(None));
        assert_eq!(touched(&stored, v.backend()), [DOC_KEY.to_string()].into());
        assert!(Vault::open(v.backend().clone(), now()).doc == next);
    }

    #[test]
    fn a_head_without_home_s_list_or_with_a_bent_one_opens_whole() {
        let d = years_with_old_loose_ends(false);
        let mut b = stored(&d);
        // As the first parts layout wrote it: no "today".
        let head = b.map[DOC_KEY].clone();
        let at = head.find(",\"today\":").unwrap();
        let old = format!("{}}}", &head[..at]);
        assert!(parts::is_head(&old) && parts::head_today(&old).is_none());
        b.map.insert(DOC_KEY.into(), old);
        let opened = Vault::open_today(b.clone(), now());
        assert!(!opened.vault.opening());
        assert!(opened.doc == d);
        // A list that will not read is the same: every part, no doubt cast
        // on the head.
        let bent = format!("{},\"today\":\"checkins\"}}", &head[..at]);
        b.map.insert(DOC_KEY.into(), bent);
        let opened = Vault::open_today(b, now());
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
        assert!(!opened.vault.opening());
        assert!(opened.doc == d);
    }

    #[test]
    fn a_damaged_part_read_later_is_kept_aside_like_one_read_at_once() {
        let d = years_with_old_loose_ends(false);
        let mut b = stored(&d);
        let today = parts::head_today(&b.map[DOC_KEY]).unwrap();
        let key = part_keys(&b)
            .into_iter()
            .find(|k| !today.contains(k.strip_prefix(parts::PART_PREFIX).unwrap()))
            .unwrap()
            .clone();
        b.map.insert(key.clone(), "lz4:AAAA".into());
        let opened = Vault::open_today(b, now());
        assert!(opened.notices.is_empty());
        let mut v = opened.vault;
        let mut doc = opened.doc;
        let notices = v.finish_opening(&mut doc, now());
        match &notices[..] {
            [Notice::Damaged {
                backup_key: Some(k),
                raw,
                ..
            }] => {
                assert_eq!(raw, "lz4:AAAA");
                assert_eq!(v.backend().map[k], "lz4:AAAA");
            }
            other => panic!("{other:?}"),
        }
        assert!(!v.backend().map.contains_key(&key));
        assert_eq!(v.mode(), &OpenMode::ReadWrite);
        assert!(records(&doc) < records(&d) && records(&doc) > records(&d) * 9 / 10);
        // The rest saves as usual, and the damaged month is not written over.
        let mut next = doc.clone();
        next.last_backup_at = Some(now());
        assert_eq!(v.save_change(&doc, &next), Ok(None));
        assert!(!v.backend().map.contains_key(&key));
    }

    // ---- parts the head lists that storage no longer has ----

    /// The stored copy of `d` without the named parts (cleared by the
    /// browser or another tool), and the head that still lists them.
    fn without_parts(d: &Document, names: &[&str]) -> (MemoryBackend, String) {
        let mut b = stored(d);
        for name in names {
            assert!(b.map.remove(&parts::key(name)).is_some(), "{name}");
        }
        let head = b.map[DOC_KEY].clone();
        (b, head)
    }

    fn first_part(b: &MemoryBackend, collection: &str) -> String {
        part_keys(b)
            .into_iter()
            .find_map(|k| {
                k.strip_prefix(parts::PART_PREFIX)
                    .filter(|n| n.starts_with(collection))
            })
            .unwrap()
            .to_owned()
    }

    /// The couple is told, and the head that lists the missing part (the
    /// only record it was there) is kept aside before any save writes a
    /// head without it; the rest opens and saves as usual.
    #[test]
    fn a_part_the_head_lists_but_storage_lacks_is_told_of_and_the_head_kept_first() {
        let d = year();
        let name = first_part(&stored(&d), "checkins/");
        let (b, head) = without_parts(&d, &[&name]);
        let opened = Vault::open(b, now());
        let key = match &opened.notices[..] {
            [Notice::Missing {
                parts,
                backup_key: Some(k),
            }] => {
                assert_eq!(parts, std::slice::from_ref(&name));
                k.clone()
            }
            other => panic!("{other:?}"),
        };
        assert!(key.starts_with(DAMAGED_PREFIX), "{key}");
        assert_eq!(opened.vault.backend().map[&key], head);
        assert_eq!(opened.vault.mode(), &OpenMode::ReadWrite);
        let kept = opened.doc.checkins.items.len();
        assert!(kept < d.checkins.items.len() && kept > 0);
        assert_eq!(opened.doc.gestures.appreciations, d.gestures.appreciations);
        // Reopened before any save: told again, and the copy is the copy.
        let again = Vault::open(
            opened.vault.backend().clone(),
            now() + chrono::Duration::minutes(5),
        );
        assert!(matches!(&again.notices[..], [Notice::Missing { backup_key: Some(k), .. }] if *k == key));
        let copies = |b: &MemoryBackend| b.map.keys().filter(|k| k.starts_with(DAMAGED_PREFIX)).count();
        assert_eq!(copies(again.vault.backend()), 1);
        // A change saves the rest; the record of the missing part stays kept.
        let mut v = opened.vault;
        let mut next = opened.doc.clone();
        next.last_backup_at = Some(now());
        assert_eq!(v.save_change(&opened.doc, &next), Ok(None));
        assert_eq!(v.backend().map[&key], head);
        let after = Vault::open(v.backend().clone(), now());
        assert!(after.notices.is_empty(), "{:?}", after.notices);
        assert!(after.doc == next);
    }

    #[test]
    fn every_part_missing_is_told_of_in_one_notice() {
        let d = year();
        let b = stored(&d);
        let all: Vec<String> = part_keys(&b)
            .into_iter()
            .map(|k| k.strip_prefix(parts::PART_PREFIX).unwrap().to_owned())
            .collect();
        let names: Vec<&str> = all.iter().map(String::as_str).collect();
        let (b, head) = without_parts(&d, &names);
        let opened = Vault::open(b, now());
        match &opened.notices[..] {
            [Notice::Missing {
                parts,
                backup_key: Some(k),
            }] => {
                assert_eq!(parts, &all);
                assert_eq!(opened.vault.backend().map[k], head);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(opened.doc.couple, d.couple);
    }

    /// Home first: a missing part Home reads and one it does not are told
    /// of together, once the rest is listed, before anything can be saved.
    #[test]
    fn missing_parts_found_while_opening_home_first_are_told_of_once_listed() {
        let d = years_with_old_loose_ends(false);
        let b = stored(&d);
        let today = parts::head_today(&b.map[DOC_KEY]).unwrap();
        let home = today.iter().find(|n| n.starts_with("checkins/")).unwrap().clone();
        let other = first_part(&b, "appreciations/");
        assert!(!today.contains(&other));
        let (b, head) = without_parts(&d, &[&home, &other]);
        let opened = Vault::open_today(b, now());
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
        let mut v = opened.vault;
        let mut doc = opened.doc;
        let notices = v.finish_opening(&mut doc, now());
        match &notices[..] {
            [Notice::Missing {
                parts,
                backup_key: Some(k),
            }] => {
                assert_eq!(
                    parts,
                    &parts::set_of([home, other]).into_iter().collect::<Vec<_>>()
                );
                assert_eq!(v.backend().map[k], head);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(v.mode(), &OpenMode::ReadWrite);
        assert!(records(&doc) < records(&d) && records(&doc) > records(&d) * 9 / 10);
        // A damaged part read first is kept aside, not called missing.
        let mut b = stored(&d);
        let damaged = today.iter().next().unwrap();
        b.map.insert(parts::key(damaged), "lz4:AAAA".into());
        let opened = Vault::open_today(b, now());
        assert!(matches!(&opened.notices[..], [Notice::Damaged { .. }]));
        let (mut v, mut doc) = (opened.vault, opened.doc);
        assert_eq!(v.finish_opening(&mut doc, now()), vec![]);
    }

    /// With no room for that record, nothing is written: the head still
    /// lists the part.
    #[test]
    fn a_missing_part_whose_record_cannot_be_kept_makes_the_tab_read_only() {
        let d = year();
        let name = first_part(&stored(&d), "checkins/");
        let (mut b, head) = without_parts(&d, &[&name]);
        b.quota = Some(b.used_without("") + 10);
        let mut opened = Vault::open(b, now());
        assert!(matches!(
            &opened.notices[..],
            [Notice::Missing { backup_key: None, .. }]
        ));
        assert_eq!(opened.vault.mode(), &OpenMode::ReadOnly);
        let mut next = opened.doc.clone();
        next.last_backup_at = Some(now());
        assert_eq!(
            opened.vault.save_change(&opened.doc, &next),
            Err(SaveError::ReadOnly)
        );
        assert_eq!(opened.vault.backend().map[DOC_KEY], head);
    }

    /// Storage that will not give one key back.
    #[derive(Clone)]
    struct Refusing {
        inner: MemoryBackend,
        key: Option<String>,
    }

    impl Backend for Refusing {
        fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
            if self.key.as_deref() == Some(key) {
                return Err(StorageError::Other("the browser would not read it".into()));
            }
            self.inner.get(key)
        }
        fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
            self.inner.set(key, value)
        }
        fn remove(&mut self, key: &str) -> Result<(), StorageError> {
            self.inner.remove(key)
        }
        fn keys(&self) -> Result<Vec<String>, StorageError> {
            self.inner.keys()
        }
    }

    /// A part the browser would not read may hold anything: it is said, and
    /// nothing is written over it (a save would drop it from the head, and
    /// the next change to its month would write over it).
    #[test]
    fn a_part_the_browser_will_not_read_is_said_and_nothing_is_written() {
        let d = year();
        let inner = stored(&d);
        let key = parts::key(&first_part(&inner, "checkins/"));
        let b = Refusing {
            inner: inner.clone(),
            key: Some(key.clone()),
        };
        for today_first in [false, true] {
            let opened = if today_first {
                Vault::open_today(b.clone(), now())
            } else {
                Vault::open(b.clone(), now())
            };
            let mut v = opened.vault;
            let mut doc = opened.doc;
            let mut notices = opened.notices;
            notices.extend(v.finish_opening(&mut doc, now()));
            assert_eq!(
                notices,
                vec![Notice::Unavailable {
                    reason: "the browser would not read it".into()
                }]
            );
            assert_eq!(v.mode(), &OpenMode::ReadOnly);
            assert_eq!(v.save(&doc), Err(SaveError::ReadOnly));
            assert_eq!(v.backend().inner.map, inner.map);
        }
        // Another tab's change to it, read before a save here: refused too.
        let mut here = Vault::open(
            Refusing {
                inner: inner.clone(),
                key: None,
            },
            now(),
        )
        .vault;
        let mut there = Vault::open(inner.clone(), now()).vault;
        let mut theirs = d.clone();
        // The first check-in, in the first month's part.
        let id = theirs.checkins.items[0].meta.id.clone();
        let c = theirs.checkins.items.find_mut(|c| c.meta.id == id).unwrap();
        c.closed = !c.closed;
        c.meta.touch(now() + chrono::Duration::minutes(1));
        there.save_change(&d, &theirs).unwrap();
        let stored_there = there.backend().clone();
        assert_ne!(stored_there.map[&key], inner.map[&key]);
        here.backend.inner = stored_there.clone();
        here.backend.key = Some(key);
        let mut ours = d.clone();
        ours.last_backup_at = Some(now());
        assert_eq!(
            here.save_change(&d, &ours),
            Err(SaveError::Storage("the browser would not read it".into()))
        );
        assert_eq!(here.backend().inner.map, stored_there.map);
    }
}
