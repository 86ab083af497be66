//! Reading a backup file the couple chose, checked completely before anything
//! is changed. Pure: text in, a validated [`Document`] (migrated forward from
//! an older schema) or a typed [`ImportError`] out. See docs/backup-format.md.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::codec::migrate;
use super::sealed;
use crate::domain::document::{Document, SCHEMA};

/// The largest file Hearth will read: 20 MB. A browser's localStorage holds
/// about 5 million characters (5–10 MB), so a real Hearth backup is far
/// smaller; anything bigger is refused before it is parsed.
pub const MAX_BACKUP_BYTES: usize = 20 * 1024 * 1024;

/// The backup wrapper versions this build reads (`"hearth_backup": 1`).
pub const BACKUP_VERSION: u64 = 1;

/// A backup that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    /// The couple's data, already at this build's schema.
    pub doc: Document,
    /// When the file was made (only the backup wrapper says).
    pub exported_at: Option<DateTime<Utc>>,
    /// The schema the file was written with (older ones were migrated).
    pub from_schema: u32,
}

/// What a file turned out to be.
#[derive(Clone, Debug, PartialEq)]
// A validated backup is read once and at once taken apart by the caller.
#[allow(clippy::large_enum_variant)]
pub enum Inspected {
    Ready(Backup),
    /// A backup locked with a passphrase (`"hearth_sealed": 1` or 2): the whole
    /// text, to be opened by the lock's passphrase step.
    Sealed(String),
}

/// Why a file can't be imported. Nothing has been changed when one of these
/// is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Refused before reading: bigger than [`MAX_BACKUP_BYTES`].
    TooLarge {
        bytes: usize,
    },
    Empty,
    /// Not JSON at all (a photo, a document, a text file…).
    NotJson,
    /// JSON that stops in the middle: the file was cut off.
    Truncated,
    /// A Hearth backup that stopped being JSON around `line` (a hand edit:
    /// a quote or a comma).
    Damaged {
        line: usize,
    },
    /// JSON, but not something Hearth wrote.
    NotHearth,
    /// A backup wrapper of a version this build doesn't know.
    UnknownBackupVersion {
        version: String,
    },
    /// A locked backup of a version this build doesn't know.
    UnknownSealedVersion {
        version: String,
    },
    /// The head Hearth keeps under `hearth:doc` (it has `parts`): an index
    /// of the saved pieces, without their records.
    Index,
    /// Written by a newer Hearth than this one.
    FutureSchema {
        schema: u64,
    },
    /// A Hearth file whose contents are not in the expected shape.
    Invalid {
        detail: String,
    },
}

impl ImportError {
    /// A clear, warm sentence; every one ends by saying nothing changed.
    pub fn message(&self) -> String {
        let unchanged = "Nothing here was changed.";
        match self {
            ImportError::TooLarge { bytes } => {
                let size = crate::domain::figures::size(*bytes);
                let most = crate::domain::figures::size(MAX_BACKUP_BYTES);
                // Only just over the limit, both would read the same.
                if size == most {
                    format!("This file is just over {most}, the most any Hearth backup can be, so Hearth did not open it. {unchanged}")
                } else {
                    format!("This file is {size}, larger than any Hearth backup can be (at most {most}), so Hearth did not open it. {unchanged}")
                }
            }
            ImportError::Empty => format!("This file is empty. {unchanged}"),
            ImportError::NotJson => format!(
                "This doesn't look like a Hearth backup: Hearth backups are .json files made with \u{201c}Download a backup\u{201d}. {unchanged}"
            ),
            ImportError::Truncated => format!(
                "This backup stops part-way through, as if it was cut off while being copied. Try the original file again. {unchanged}"
            ),
            // The line only, never the text there: it may be the couple's words.
            ImportError::Damaged { line } => format!(
                "This Hearth backup has been changed or damaged since it was made: Hearth can't read it from around line {line}. If it was edited, the quotes and commas near there are worth checking, or use the original file. {unchanged}"
            ),
            ImportError::NotHearth => format!(
                "This is a data file, but not one made by Hearth. {unchanged}"
            ),
            ImportError::UnknownBackupVersion { version } => format!(
                "This backup's format ({version}) isn't one this version of Hearth knows. If it came from a newer Hearth, update Hearth and try again. {unchanged}"
            ),
            ImportError::UnknownSealedVersion { version } => format!(
                "This locked backup's format ({version}) isn't one this version of Hearth knows. Update Hearth and try again. {unchanged}"
            ),
            ImportError::Index => format!(
                "This is Hearth's index of the pieces it saves in this browser: it lists them but doesn't hold them, so it isn't a backup. To make one, use \u{201c}Download a backup\u{201d}. {unchanged}"
            ),
            ImportError::FutureSchema { schema } => format!(
                "This backup was made by a newer version of Hearth (data format {schema}; this one reads up to {SCHEMA}). Reload the page while online to update Hearth, then try again. {unchanged}"
            ),
            ImportError::Invalid { detail } => format!(
                "This Hearth backup has something in it Hearth can't read ({detail}), so nothing of it was brought in. {unchanged}"
            ),
        }
    }
}

/// A short description of a JSON value for messages, never the value itself
/// (it could be long or hostile).
fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            let s = n.to_string();
            if s.len() <= 12 {
                format!("version {s}")
            } else {
                "a very long number".into()
            }
        }
        Value::String(_) => "text instead of a number".into(),
        Value::Null => "no version".into(),
        Value::Bool(_) => "true/false instead of a number".into(),
        Value::Array(_) | Value::Object(_) => "a list instead of a number".into(),
    }
}

/// Checks a chosen file. `bytes` is the file's size as the browser reports
/// it; a file over [`MAX_BACKUP_BYTES`] is refused before any parsing.
pub fn inspect(text: &str, bytes: usize) -> Result<Inspected, ImportError> {
    inspect_wrapped(text, bytes).map(|(inspected, _)| inspected)
}

/// [`inspect`], and whether the document came inside the backup wrapper.
fn inspect_wrapped(text: &str, bytes: usize) -> Result<(Inspected, bool), ImportError> {
    let bytes = bytes.max(text.len());
    if bytes > MAX_BACKUP_BYTES {
        return Err(ImportError::TooLarge { bytes });
    }
    // A byte-order mark from an editor is harmless.
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(ImportError::Empty);
    }
    let value: Value = match serde_json::from_str(trimmed) {
        Ok(v) => v,
        Err(e) if e.is_eof() && looks_like_json(trimmed) => return Err(ImportError::Truncated),
        Err(e) if e.is_data() => return Err(ImportError::NotHearth),
        // Starts like a Hearth backup and names it: one that was edited or
        // damaged, not some other file, so say where it stops reading.
        Err(e)
            if trimmed.starts_with('{')
                && (trimmed.contains("hearth_backup") || trimmed.contains("\"schema\"")) =>
        {
            // Lines counted in the file as chosen, whatever came before the `{`.
            let lead = text.len() - text.trim_start_matches('\u{feff}').trim_start().len();
            let skipped = text[..lead].matches('\n').count();
            return Err(ImportError::Damaged {
                line: e.line() + skipped,
            });
        }
        Err(_) => return Err(ImportError::NotJson),
    };
    let Value::Object(top) = &value else {
        return Err(ImportError::NotHearth);
    };
    if let Some(v) = top.get(sealed::MARKER) {
        return match v.as_u64() {
            Some(n) if sealed::readable(n) => Ok((Inspected::Sealed(text.to_owned()), false)),
            _ => Err(ImportError::UnknownSealedVersion { version: describe(v) }),
        };
    }
    let wrapped = top.contains_key("hearth_backup");
    let (doc_value, exported_at) = if let Some(v) = top.get("hearth_backup") {
        if v.as_u64() != Some(BACKUP_VERSION) {
            return Err(ImportError::UnknownBackupVersion { version: describe(v) });
        }
        let exported_at = match top.get("exported_at") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(crate::domain::dates::parse_rfc3339)
                    .ok_or_else(|| ImportError::Invalid {
                        detail: "the date it was made is not a date".into(),
                    })?,
            ),
        };
        match top.get("document") {
            Some(d @ Value::Object(_)) => (d.clone(), exported_at),
            _ => {
                return Err(ImportError::Invalid {
                    detail: "it has no saved data inside".into(),
                })
            }
        }
    } else if top.contains_key("schema") {
        (value, None)
    } else {
        return Err(ImportError::NotHearth);
    };
    let doc = read_document(doc_value)?;
    let backup = Backup {
        from_schema: doc.1,
        doc: doc.0,
        exported_at,
    };
    Ok((Inspected::Ready(backup), wrapped))
}

/// A backup file read a piece per task, so no task runs long: a decade's
/// backup is 3.4 MB, which [`inspect`] reads in one task of 100 ms or more.
/// The answer is always [`inspect`]'s (tests hold it to that): the text is
/// read in pieces only when it is a backup of this build's schema whose
/// collections' lists were found (`scan`); their records are read a few
/// hundred kilobytes at a time, and everything around them at once, by
/// [`inspect`]. Anything else (an older schema, a locked backup, a bare
/// document, a mistake anywhere) is left to [`inspect`] on the whole text,
/// whose message then says what is wrong.
pub struct Reading {
    text: String,
    bytes: usize,
    piece_bytes: usize,
    /// Where the text proper starts (after a byte-order mark and space).
    lead: usize,
    records: Option<Records>,
}

/// The backup without its records, and where they are still to be read.
struct Records {
    backup: Backup,
    lists: Vec<super::scan::List>,
    list: usize,
    /// Where to read on in `lists[list]`.
    at: usize,
}

impl Reading {
    pub fn new(text: String, bytes: usize, piece_bytes: usize) -> Self {
        Reading {
            text,
            bytes,
            piece_bytes: piece_bytes.max(1),
            lead: 0,
            records: None,
        }
    }

    /// Reads the next piece. `Some` when the file has been read: the same
    /// answer [`inspect`] gives for the whole text.
    pub fn step(&mut self) -> Option<Result<Inspected, ImportError>> {
        let Some(records) = self.records.as_mut() else {
            return self.start();
        };
        let body = &self.text[self.lead..];
        let mut read = 0;
        // `scan::lists` checked each list's shape (values between commas),
        // so what is left is reading the records, one by one.
        while let Some(list) = records.lists.get(records.list) {
            if read >= self.piece_bytes {
                return None;
            }
            let mut at = super::scan::skip_space(body.as_bytes(), records.at);
            if at == list.end {
                records.list += 1;
                records.at = records.lists.get(records.list).map_or(0, |l| l.start);
                continue;
            }
            if body.as_bytes()[at] == b',' {
                at += 1;
            }
            let Some(end) = super::scan::value_end(body, at).filter(|&e| e <= list.end) else {
                return Some(self.whole());
            };
            if !read_record(&mut records.backup.doc, list.path, &body[at..end]) {
                return Some(self.whole());
            }
            read += end - at;
            records.at = end;
        }
        let records = self.records.take()?;
        Some(odd_values(&records.backup.doc).map(|()| Inspected::Ready(records.backup)))
    }

    /// The first piece: the size, the lists' places, and everything around
    /// them read by [`inspect`].
    fn start(&mut self) -> Option<Result<Inspected, ImportError>> {
        if self.bytes.max(self.text.len()) > MAX_BACKUP_BYTES || self.text.len() <= self.piece_bytes {
            return Some(self.whole());
        }
        let body = self.text.trim_start_matches('\u{feff}').trim_start();
        self.lead = self.text.len() - body.len();
        let paths = super::codec::list_paths(&["document"]);
        let Some(lists) = super::scan::lists(body, &paths) else {
            return Some(self.whole());
        };
        let mut frame = String::with_capacity(4096);
        let mut from = 0;
        for list in &lists {
            frame.push_str(&body[from..list.start]);
            from = list.end;
        }
        frame.push_str(&body[from..]);
        match inspect_wrapped(&frame, 0) {
            Ok((Inspected::Ready(backup), true)) if backup.from_schema == SCHEMA => {
                let at = lists[0].start;
                self.records = Some(Records {
                    backup,
                    lists,
                    list: 0,
                    at,
                });
                None
            }
            _ => Some(self.whole()),
        }
    }

    /// The whole text at once: the way for anything not read in pieces, and
    /// for every mistake (its message is the one [`inspect`] gives).
    fn whole(&mut self) -> Result<Inspected, ImportError> {
        self.records = None;
        inspect(&self.text, self.bytes)
    }
}

/// Reads one record of collection `which` (in `parts::collections!` order)
/// and adds it to `doc`. False if it is not one.
#[allow(unused_assignments)] // the count after the last collection
fn read_record(doc: &mut Document, which: usize, json: &str) -> bool {
    // Read as any JSON first, as the whole text is: a record's type skips
    // fields it does not know without checking them (a lone surrogate, a
    // number out of range), and the whole text's reading would refuse them.
    if serde_json::from_str::<Value>(json).is_err() {
        return false;
    }
    let mut k = 0;
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            if k == which {
                return match super::maps::from_str(json) {
                    Ok(record) => {
                        doc.$a.$b.append(record);
                        true
                    }
                    Err(_) => false,
                };
            }
            k += 1;
        };
    }
    super::parts::collections!(each);
    false
}

/// A cut-off file still starts like a JSON object or list.
fn looks_like_json(t: &str) -> bool {
    t.starts_with('{') || t.starts_with('[')
}

fn read_document(value: Value) -> Result<(Document, u32), ImportError> {
    let schema = match value.get("schema") {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(s) => s,
            None => {
                return Err(ImportError::Invalid {
                    detail: "its data format number is not a whole number".into(),
                })
            }
        },
        _ => {
            return Err(ImportError::Invalid {
                detail: "it has no data format number".into(),
            })
        }
    };
    if schema == 0 {
        return Err(ImportError::Invalid {
            detail: "data format 0, which Hearth never wrote".into(),
        });
    }
    if schema > u64::from(SCHEMA) {
        return Err(ImportError::FutureSchema { schema });
    }
    // Read as a document, the head would be one with no records at all.
    if value.get("parts").is_some_and(|p| !p.is_null()) {
        return Err(ImportError::Index);
    }
    // `schema` is at most SCHEMA here, so it fits.
    let from = u32::try_from(schema).unwrap_or(SCHEMA);
    let migrated = migrate(value, from).map_err(|detail| ImportError::Invalid { detail })?;
    // Through the text, like `codec`: the wasm then holds one deserialiser
    // for the document (from text), not a second one from `Value` (~34 KB).
    let doc = super::codec::from_value(&migrated).map_err(|e| ImportError::Invalid {
        detail: super::codec::plain_shape(&e),
    })?;
    odd_values(&doc)?;
    Ok((doc, from))
}

/// Values of the right kind that Hearth never writes (a hand edit).
fn odd_values(doc: &Document) -> Result<(), ImportError> {
    doc.odd_value()
        .map_or(Ok(()), |detail| Err(ImportError::Invalid { detail }))
}

/// Reads `text` a piece per step, as the app does between tasks; gives the
/// answer and how many steps it took.
#[cfg(test)]
pub(crate) fn read_in_pieces(text: &str, piece_bytes: usize) -> (Result<Inspected, ImportError>, usize) {
    let mut reading = Reading::new(text.to_owned(), text.len(), piece_bytes);
    let mut steps = 1;
    loop {
        if let Some(done) = reading.step() {
            return (done, steps);
        }
        steps += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::{encode, encode_backup};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn sample() -> Document {
        let raw = include_str!("fixtures/schema-5.json");
        match inspect(raw, raw.len()) {
            Ok(Inspected::Ready(b)) => b.doc,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_backup_file_round_trips_with_its_date() {
        let doc = sample();
        let at = t("2026-11-29T10:00:00Z");
        let text = encode_backup(&doc, at);
        match inspect(&text, text.len()) {
            Ok(Inspected::Ready(b)) => {
                assert_eq!(b.doc, doc);
                assert_eq!(b.exported_at, Some(at));
                assert_eq!(b.from_schema, SCHEMA);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bare_saved_document_is_accepted_too() {
        let doc = sample();
        let text = encode(&doc);
        assert_eq!(
            inspect(&text, text.len()),
            Ok(Inspected::Ready(Backup {
                doc,
                exported_at: None,
                from_schema: SCHEMA
            }))
        );
    }

    #[test]
    fn older_backups_are_migrated_forward() {
        for (raw, from) in [
            (include_str!("fixtures/schema-1.json"), 1),
            (include_str!("fixtures/schema-3.json"), 3),
            (include_str!("fixtures/schema-5.json"), 5),
        ] {
            let wrapped = format!("{{\"hearth_backup\":1,\"exported_at\":null,\"document\":{raw}}}");
            match inspect(&wrapped, wrapped.len()) {
                Ok(Inspected::Ready(b)) => {
                    assert_eq!(b.from_schema, from);
                    assert_eq!(b.doc.schema, SCHEMA);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn each_bad_file_kind_gets_its_own_error_and_a_message() {
        let good = encode_backup(&sample(), t("2026-11-29T10:00:00Z"));
        let cases: Vec<(String, ImportError)> = vec![
            ("".into(), ImportError::Empty),
            ("   \n".into(), ImportError::Empty),
            ("hello, this is a letter".into(), ImportError::NotJson),
            ("\u{89}PNG\r\n".into(), ImportError::NotJson),
            (good[..good.len() / 2].into(), ImportError::Truncated),
            ("{".into(), ImportError::Truncated),
            ("[1,2,3]".into(), ImportError::NotHearth),
            ("42".into(), ImportError::NotHearth),
            ("{\"name\":\"a shopping list\"}".into(), ImportError::NotHearth),
            (
                "{\"hearth_backup\":2,\"document\":{}}".into(),
                ImportError::UnknownBackupVersion {
                    version: "version 2".into(),
                },
            ),
            (
                "{\"hearth_backup\":\"one\",\"document\":{}}".into(),
                ImportError::UnknownBackupVersion {
                    version: "text instead of a number".into(),
                },
            ),
            (
                "{\"hearth_sealed\":9}".into(),
                ImportError::UnknownSealedVersion {
                    version: "version 9".into(),
                },
            ),
            (
                format!("{{\"schema\":{}}}", SCHEMA + 1),
                ImportError::FutureSchema {
                    schema: u64::from(SCHEMA) + 1,
                },
            ),
            (
                "{\"hearth_backup\":1,\"document\":{\"schema\":99999999999}}".into(),
                ImportError::FutureSchema { schema: 99999999999 },
            ),
        ];
        for (text, want) in cases {
            let got = inspect(&text, text.len());
            assert_eq!(got, Err(want.clone()), "{text:?}");
            let msg = want.message();
            assert!(msg.ends_with("Nothing here was changed."), "{msg}");
        }
        assert!(ImportError::FutureSchema { schema: 7 }
            .message()
            .contains("to update Hearth"));
        for text in [
            "{\"schema\":0}",
            "{\"schema\":-1}",
            "{\"schema\":\"5\"}",
            "{\"hearth_backup\":1}",
            "{\"hearth_backup\":1,\"document\":[]}",
            "{\"hearth_backup\":1,\"exported_at\":\"yesterday\",\"document\":{\"schema\":5}}",
            "{\"schema\":5,\"couple\":5}",
            "{\"schema\":6,\"checkins\":{\"items\":[{\"meta\":1}]}}",
        ] {
            assert!(
                matches!(inspect(text, text.len()), Err(ImportError::Invalid { .. })),
                "{text}: {:?}",
                inspect(text, text.len())
            );
        }
    }

    #[test]
    fn a_backup_of_the_wrong_shape_is_named_without_its_words() {
        let text = format!("{{\"schema\":{SCHEMA},\"last_backup_at\":\"Dear Sam, thank you\"}}");
        let Err(e @ ImportError::Invalid { .. }) = inspect(&text, text.len()) else {
            panic!("read")
        };
        let msg = e.message();
        assert!(msg.contains("(a date Hearth can't read)"), "{msg}");
        assert!(!msg.contains("Dear Sam") && !msg.contains("line "), "{msg}");
    }

    #[test]
    fn a_reading_hearth_never_writes_is_refused_read_whole_or_in_pieces() {
        let mut v: Value =
            serde_json::from_str(&encode_backup(&sample(), t("2026-11-29T10:00:00Z"))).unwrap();
        let good = v.to_string();
        assert!(matches!(read_in_pieces(&good, 64).0, Ok(Inspected::Ready(_))));
        v["document"]["checkins"]["items"][0]["a"]["connection"] = 15.into();
        let text = v.to_string();
        let got = inspect(&text, text.len());
        assert_eq!(read_in_pieces(&text, 64).0, got);
        let msg = got.unwrap_err().message();
        assert_eq!(
            msg,
            "This Hearth backup has something in it Hearth can't read (a reading of 15, where Hearth's go from 1 to 10), so nothing of it was brought in. Nothing here was changed."
        );
    }

    #[test]
    fn names_the_form_would_refuse_are_refused_by_name_not_shown() {
        let v: Value = serde_json::from_str(&encode_backup(&sample(), t("2026-11-29T10:00:00Z"))).unwrap();
        let long = "N".repeat(crate::domain::couple::NAME_MAX + 1);
        for (who, name) in [("a", "  "), ("b", long.as_str()), ("b", "SAM")] {
            let mut v = v.clone();
            v["document"]["couple"]["a"]["name"] = "Sam".into();
            v["document"]["couple"][who]["name"] = name.into();
            let text = v.to_string();
            let got = inspect(&text, text.len());
            assert_eq!(read_in_pieces(&text, 64).0, got);
            let msg = got.unwrap_err().message();
            assert!(
                msg.contains("names Hearth\u{2019}s own form would not take"),
                "{who} {name}: {msg}"
            );
            assert!(!msg.contains("NNN"), "never the words themselves");
        }
    }

    #[test]
    fn a_hand_edited_backup_that_broke_is_called_damaged_with_its_line_not_its_words() {
        // Written pretty, as someone who opens it in an editor sees it.
        let mut v: Value =
            serde_json::from_str(&encode_backup(&sample(), t("2026-11-29T10:00:00Z"))).unwrap();
        v["document"]["couple"]["a"]["name"] = "Sam QUOTE".into();
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        assert!(matches!(inspect(&pretty, pretty.len()), Ok(Inspected::Ready(_))));
        let line = pretty[..pretty.find("Sam QUOTE").unwrap()].matches('\n').count() + 1;
        let quote = pretty.replace("Sam QUOTE", "Sam \"Sunny\" Lee");
        let comma = pretty.replace("\"Sam QUOTE\"", "\"Sam QUOTE\",");
        let bare = encode(&sample());
        let bare = format!("{},}}", &bare[..bare.len() - 1]);
        for (text, want) in [
            (quote.clone(), line),
            (comma, line + 1),
            (format!("\u{feff}\n\n{quote}"), line + 2),
            (bare, 1),
        ] {
            let got = inspect(&text, text.len());
            assert_eq!(got, Err(ImportError::Damaged { line: want }), "{text}");
            assert_eq!(read_in_pieces(&text, 64).0, got);
            let msg = got.unwrap_err().message();
            assert!(
                msg.starts_with("This Hearth backup has been changed or damaged"),
                "{msg}"
            );
            assert!(msg.contains(&format!("around line {want}.")), "{msg}");
            assert!(
                msg.contains("quotes and commas") && msg.contains("original file"),
                "{msg}"
            );
            assert!(msg.ends_with("Nothing here was changed."), "{msg}");
            assert!(!msg.contains("Sam") && !msg.contains("Sunny"), "{msg}");
        }
        // Other broken text is still not taken for a Hearth backup.
        for text in [
            "{\"name\": \"a list\",}",
            "{schema: 7}",
            "hearth_backup, \"schema\"",
        ] {
            assert_eq!(inspect(text, text.len()), Err(ImportError::NotJson), "{text}");
        }
    }

    /// The text stored under `hearth:doc` since schema 7: the head, with
    /// the parts' names, as a vault writes it.
    fn stored_head(doc: &Document) -> String {
        use crate::store::vault::{MemoryBackend, Vault};
        let mut v = Vault::open(MemoryBackend::default(), t("2026-11-29T10:00:00Z")).vault;
        v.save(doc).unwrap();
        v.backend().map[crate::store::DOC_KEY].clone()
    }

    #[test]
    fn the_head_of_the_stored_parts_is_refused_as_an_index_not_a_backup() {
        let doc = sample();
        assert!(!doc.checkins.items.is_empty());
        let head = stored_head(&doc);
        assert!(crate::store::parts::is_head(&head), "{head}");
        let wrapped = format!("{{\"hearth_backup\":1,\"exported_at\":null,\"document\":{head}}}");
        for text in [head.clone(), format!("\u{feff}\n{head}\n"), wrapped] {
            assert_eq!(inspect(&text, text.len()), Err(ImportError::Index), "{text}");
            for piece in [1, 64, 100_000] {
                assert_eq!(read_in_pieces(&text, piece).0, Err(ImportError::Index), "{piece}");
            }
        }
        let msg = ImportError::Index.message();
        assert!(msg.contains("index") && msg.contains("isn't a backup"), "{msg}");
        assert!(msg.contains("\u{201c}Download a backup\u{201d}"), "{msg}");
        assert!(msg.ends_with("Nothing here was changed."), "{msg}");
        // A document whose `parts` is null is a document (as the vault reads it).
        let bare = encode(&doc);
        let null = format!("{},\"parts\":null}}", &bare[..bare.len() - 1]);
        assert!(matches!(inspect(&null, null.len()), Ok(Inspected::Ready(_))));
    }

    #[test]
    fn a_huge_file_is_refused_by_its_size_before_reading() {
        assert_eq!(
            inspect("{}", MAX_BACKUP_BYTES + 1),
            Err(ImportError::TooLarge {
                bytes: MAX_BACKUP_BYTES + 1
            })
        );
        let msg = ImportError::TooLarge {
            bytes: 30 * 1024 * 1024,
        }
        .message();
        assert!(msg.contains("30.0 MB") && msg.contains("20.0 MB"), "{msg}");
        let msg = ImportError::TooLarge {
            bytes: MAX_BACKUP_BYTES + 1,
        }
        .message();
        assert!(msg.starts_with("This file is just over 20.0 MB,"), "{msg}");
        assert_eq!(msg.matches("20.0 MB").count(), 1, "{msg}");
    }

    #[test]
    fn a_sealed_backup_is_recognised_and_kept_whole() {
        let text = "{\"hearth_sealed\":1,\"kdf\":\"pbkdf2-sha256\",\"ct\":\"AAAA\"}";
        assert_eq!(inspect(text, text.len()), Ok(Inspected::Sealed(text.into())));
    }

    #[test]
    fn a_decade_is_read_in_pieces_and_is_what_inspect_reads() {
        let doc = crate::domain::generate::decade(3, t("2016-11-01T10:00:00Z"), 10);
        let text = encode_backup(&doc, t("2026-11-29T10:00:00Z"));
        let (read, steps) = read_in_pieces(&text, crate::store::codec::PIECE_BYTES);
        // 3.4 MB in steps of 256 KiB of records, after the first.
        assert!(
            steps > text.len() / crate::store::codec::PIECE_BYTES,
            "{steps} steps"
        );
        assert_eq!(read, inspect(&text, text.len()));
        let Ok(Inspected::Ready(backup)) = read else {
            panic!("not read")
        };
        assert_eq!(backup.doc, doc);
    }

    #[test]
    fn reading_in_pieces_gives_inspects_answer_for_every_kind_of_file() {
        let sample = sample();
        let good = encode_backup(&sample, t("2026-11-29T10:00:00Z"));
        let opening = "\"checkins\":{\"items\":[";
        let list = good.find(opening).unwrap() + opening.len();
        let record_end = crate::store::scan::value_end(&good, list).unwrap();
        let checkins_end =
            crate::store::scan::lists(&good, &crate::store::codec::list_paths(&["document"])).unwrap()[0].end;
        assert_eq!(&good[checkins_end..checkins_end + 1], "]");
        let mut texts = vec![
            good.clone(),
            format!("\u{feff}\n {good}\n"),
            encode(&sample),
            good[..good.len() / 2].to_string(),
            // A second "document" (serde keeps the last one).
            good.replacen("\"document\":", "\"document\":{\"schema\":7},\"document\":", 1),
            format!(
                "{},\"document\":{{\"schema\":{SCHEMA}}}}}",
                &good[..good.len() - 2]
            ),
            // A comma too many, a space serde does not allow, a record
            // that is not one, a record with a key twice (serde's map
            // keeps the last, so the whole file reads).
            format!("{},{}", &good[..checkins_end], &good[checkins_end..]),
            format!("{}\x0c{}", &good[..record_end], &good[record_end..]),
            format!("{}{{\"meta\":1}},{}", &good[..list], &good[list..]),
            format!("{}{{\"closed\":true,{}", &good[..list], &good[list + 1..]),
            // In a field no record has: what serde skips unread, but the
            // whole text's reading refuses (found by review).
            format!("{}{{\"zz\":\"\\ud800\",{}", &good[..list], &good[list + 1..]),
            format!("{}{{\"zz\":1e400,{}", &good[..list], &good[list + 1..]),
            format!(
                "{}{{\"zz\":{}{},{}",
                &good[..list],
                "[".repeat(200),
                "]".repeat(200),
                &good[list + 1..]
            ),
            // Brackets that do not pair up inside a record, or a record
            // missing its end: the part no list is looked for in is passed
            // over flat by `scan`, and still refused with the same words.
            format!("{}{{\"zz\":[1}},{}", &good[..list], &good[list + 1..]),
            format!("{}{{\"zz\":{{\"a\":1]]}},{}", &good[..list], &good[list + 1..]),
            format!("{}{{\"zz\":\"]}}\"{}", &good[..list], &good[record_end..]),
            // Nested deeper than any reader goes: refused, not a crash.
            format!(
                "{{\"pad\":\"{}\",\"hearth_backup\":1,\"document\":{}",
                "x".repeat(300),
                "[".repeat(100_000)
            ),
            // Lists where a bare document has none (serde passes them by).
            format!("{{\"schema\":{SCHEMA},\"document\":{}}}", encode(&sample)),
            // The head stored under `hearth:doc`, bare and wrapped.
            stored_head(&sample),
            format!("{{\"hearth_backup\":1,\"document\":{}}}", stored_head(&sample)),
            format!("{} x", good),
        ];
        for (raw, _) in [
            (include_str!("fixtures/schema-5.json"), 5),
            (include_str!("fixtures/schema-6.json"), 6),
        ] {
            texts.push(format!(
                "{{\"hearth_backup\":1,\"exported_at\":null,\"document\":{raw}}}"
            ));
        }
        for text in texts {
            for piece in [1, 7, 64, 100_000] {
                let (read, _) = read_in_pieces(&text, piece);
                assert_eq!(read, inspect(&text, text.len()), "{piece}: {text}");
            }
        }
        // The records really were read in pieces.
        let (_, steps) = read_in_pieces(&good, 1);
        assert!(steps > sample.checkins.items.len(), "{steps}");
    }

    #[test]
    fn a_byte_order_mark_and_whitespace_are_fine() {
        let text = format!("\u{feff}\n  {}\n", encode(&sample()));
        assert!(matches!(inspect(&text, text.len()), Ok(Inspected::Ready(_))));
    }
}
