//! Saved text ⇄ [`Document`], and the migrations between schemas.

use serde_json::Value;

use crate::domain::document::{Document, SCHEMA};

/// What the saved text turned out to be.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    /// Nothing saved yet.
    Empty,
    /// A document this build understands, possibly migrated from `from`.
    Ready { doc: Document, from: u32 },
    /// Written by a newer Hearth. `doc` is what this build could read of it,
    /// for showing only: writing it back would drop what we don't know.
    Newer { schema: u32, doc: Option<Document> },
    /// Not a document Hearth can read.
    Damaged { reason: String },
}

/// One step forward: the migration at index `i` turns schema `i + 1` into
/// schema `i + 2`. Each step has a fixture test in `tests/fixtures/`.
type Migration = fn(Value) -> Result<Value, String>;
const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7];

/// Schema 7 changed how the document is stored, not what it holds: in
/// localStorage it is split into parts (`store::parts`). A whole document of
/// schema 6 reads as it is; the step exists so that a schema-6 build opens
/// the new layout read-only instead of saving a document without its parts.
fn v6_to_v7(v: Value) -> Result<Value, String> {
    if !v.is_object() {
        return Err("the document is not an object".into());
    }
    Ok(v)
}

/// Schema 6 added `backup_snoozed_until` (the backup reminder's "Not now").
/// It is optional and absent means "not snoozed", so nothing is rewritten;
/// the step exists so that a schema-5 build opens a schema-6 document
/// read-only instead of dropping the field on its next save.
fn v5_to_v6(v: Value) -> Result<Value, String> {
    if !v.is_object() {
        return Err("the document is not an object".into());
    }
    Ok(v)
}

/// Schema 5 added us time.
fn v4_to_v5(mut v: Value) -> Result<Value, String> {
    let obj = v.as_object_mut().ok_or("the document is not an object")?;
    obj.entry("us_time").or_insert_with(
        || serde_json::json!({ "ideas": [], "rounds": [], "votes": [], "plans": [], "rhythm": null }),
    );
    Ok(v)
}

/// Schema 4 added the connection-dilemma conversations.
fn v3_to_v4(mut v: Value) -> Result<Value, String> {
    let obj = v.as_object_mut().ok_or("the document is not an object")?;
    obj.entry("dilemmas")
        .or_insert_with(|| serde_json::json!({ "items": [] }));
    Ok(v)
}

/// Schema 3 added gestures, own ideas and appreciations.
fn v2_to_v3(mut v: Value) -> Result<Value, String> {
    let obj = v.as_object_mut().ok_or("the document is not an object")?;
    obj.entry("gestures")
        .or_insert_with(|| serde_json::json!({ "items": [], "own_ideas": [], "appreciations": [] }));
    Ok(v)
}

/// Schema 2 added check-ins: an empty collection, nothing else changes.
fn v1_to_v2(mut v: Value) -> Result<Value, String> {
    let obj = v.as_object_mut().ok_or("the document is not an object")?;
    obj.entry("checkins")
        .or_insert_with(|| serde_json::json!({ "items": [], "draft": null }));
    Ok(v)
}

/// Just the schema number, read without building the rest.
#[derive(serde::Deserialize)]
struct Peek {
    schema: Option<u64>,
    /// Present only in the head of the parts layout (schema 7).
    parts: Option<serde::de::IgnoredAny>,
}

/// A whole document: what a backup holds, the lock seals, and schema 6 and
/// older stored. The head of the parts layout is not one (the vault reads it
/// with its parts, see [`decode_head`]).
pub fn decode(raw: Option<&str>) -> Decoded {
    decode_text(raw, false)
}

/// The head of the parts layout: the document without its parts' records.
pub fn decode_head(raw: &str) -> Decoded {
    decode_text(Some(raw), true)
}

fn decode_text(raw: Option<&str>, head: bool) -> Decoded {
    let Some(raw) = raw else { return Decoded::Empty };
    // The common case, a document of this schema, is read straight into the
    // types: several times faster than through a `Value` with a decade saved.
    if let Ok(Peek { schema, parts }) = super::maps::from_str::<Peek>(raw) {
        if parts.is_some() != head {
            return damaged(if head {
                "the saved index of parts is not one".into()
            } else {
                "this is the index of Hearth's saved parts, not a whole document".into()
            });
        }
        if schema == Some(u64::from(SCHEMA)) {
            if let Ok(doc) = super::maps::from_str::<Document>(raw) {
                return Decoded::Ready { doc, from: SCHEMA };
            }
        }
    }
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) if e.is_eof() => return damaged("the saved text stops part-way, as if it was cut off".into()),
        Err(_) => return damaged("the saved text is not valid JSON".into()),
    };
    let Some(schema) = value.get("schema").and_then(Value::as_u64) else {
        return damaged("the saved data has no schema number".into());
    };
    let schema = u32::try_from(schema).unwrap_or(u32::MAX);
    if schema == 0 {
        return damaged("the saved data has schema 0, which Hearth never wrote".into());
    }
    if schema > SCHEMA {
        let doc = from_value(&value).ok();
        return Decoded::Newer { schema, doc };
    }
    let migrated = match migrate(value, schema) {
        Ok(v) => v,
        Err(e) => return damaged(e),
    };
    match from_value(&migrated) {
        Ok(doc) => Decoded::Ready { doc, from: schema },
        Err(e) => damaged(format!(
            "the saved data does not have the expected shape: {}",
            plain_shape(&e)
        )),
    }
}

/// Reads a document from a `Value` through its text, so that the wasm holds
/// one deserialiser for the document (for text), not two. Only migrations,
/// newer schemas and imported backups come this way.
pub(crate) fn from_value(value: &Value) -> serde_json::Result<Document> {
    super::maps::from_str(&json_text(value))
}

/// A `Value`'s compact JSON, the same text as its `to_string()`: through
/// `serde_json::to_string`, whose writer the envelope's encoding already
/// links, not `Display`'s formatter writer (a second copy of the `Value`
/// serialiser, ~2 KB of wasm).
pub(crate) fn json_text(value: &Value) -> String {
    // Writing a `Value` to memory cannot fail (its keys are strings).
    serde_json::to_string(value).unwrap_or_default()
}

/// serde's words for a document of the wrong shape, said plainly. It names
/// a field at most, never a value: serde quotes a value it cannot read (a
/// date, say), and that value could be the couple's own words.
pub(crate) fn plain_shape(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if let Some(field) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("a record is missing its \u{201c}{field}\u{201d}");
    }
    // Hearth's own date readers say what they expect: "a day like …".
    if text.contains("expected a moment like") || text.contains("expected a day like") {
        return "a date Hearth can't read".into();
    }
    "a value of a kind Hearth doesn't write there".into()
}

fn damaged(reason: String) -> Decoded {
    Decoded::Damaged { reason }
}

/// Runs every migration from `from` up to [`SCHEMA`].
pub fn migrate(mut value: Value, from: u32) -> Result<Value, String> {
    for version in from..SCHEMA {
        // Schema 0 never existed: no step leads from it (and no underflow).
        let step = MIGRATIONS
            .get(version.wrapping_sub(1) as usize)
            .ok_or_else(|| format!("no migration from schema {version}"))?;
        value = step(value).map_err(|e| format!("updating from schema {version} failed: {e}"))?;
        value["schema"] = Value::from(version + 1);
    }
    Ok(value)
}

/// The saved form: compact, because localStorage space is small.
pub fn encode(doc: &Document) -> String {
    // Serialising plain data structures cannot fail; an empty string would be
    // caught by the read-back check rather than silently saved.
    serde_json::to_string(doc).unwrap_or_default()
}

/// A backup file: the document, wrapped so that a backup is recognisable and
/// says when it was made. The wrapper is laid out on lines for people who open
/// the file; the document inside is the same compact text as the saved form,
/// so the wasm carries one serialiser for it, not three (a pretty printer and a
/// `serde_json::Value` builder each monomorphise the whole document again).
pub fn encode_backup(doc: &Document, exported_at: chrono::DateTime<chrono::Utc>) -> String {
    let at = crate::domain::dates::rfc3339(&exported_at);
    format!(
        "{{\n  \"hearth_backup\": 1,\n  \"exported_at\": \"{at}\",\n  \"document\": {}\n}}",
        encode(doc)
    )
}

/// The key paths of the nine collections' lists, in `parts::collections!`
/// order, under `prefix`: `["document"]` in a backup, none in the stored
/// text (what [`Pieces`] writes, and `backup::Reading` reads, a piece at a
/// time).
pub(super) fn list_paths(prefix: &[&'static str]) -> Vec<Vec<&'static str>> {
    let mut paths = Vec::new();
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            paths.push([prefix, &[stringify!($a), stringify!($b)]].concat());
        };
    }
    super::parts::collections!(each);
    paths
}

/// About how many bytes of a backup each piece holds: a decade's backup is
/// 3.4 MB, which as one text kept the browser busy for 60–80 ms.
pub const PIECE_BYTES: usize = 256 << 10;

/// A long text in pieces, to be written a piece per task so no task runs
/// long: a backup ([`Pieces::backup`]) or the document's stored text
/// ([`Pieces::document`], sealed whole while the lock is on). Joined, the
/// pieces are exactly [`encode_backup`]'s or [`encode`]'s text (tests hold
/// them to that). The text of the document without its collections'
/// records is written by serde as always, and the records are written into
/// its nine empty lists, a few hundred kilobytes at a time.
pub struct Pieces {
    doc: Document,
    /// The text with the nine collections left empty; the whole text when
    /// their places could not be found (then it is one piece).
    frame: String,
    /// Where each collection's records go: just after its `[` in `frame`,
    /// and which collection (in `parts::collections!` order), by offset.
    holes: Vec<(usize, usize)>,
    piece_bytes: usize,
    /// How much of `frame` has been given out.
    at: usize,
    hole: usize,
    /// How many of the current hole's records have been given out.
    record: usize,
    failed: bool,
}

impl Pieces {
    /// [`encode_backup`]'s text. `doc` is copied (cheaply: its collections
    /// are shared), so the backup is of this moment even if the document
    /// changes between pieces.
    pub fn backup(doc: &Document, exported_at: chrono::DateTime<chrono::Utc>, piece_bytes: usize) -> Self {
        Self::new(doc, piece_bytes, &["document"], |d| encode_backup(d, exported_at))
    }

    /// [`encode`]'s text.
    pub fn document(doc: &Document, piece_bytes: usize) -> Self {
        Self::new(doc, piece_bytes, &[], encode)
    }

    fn new(
        doc: &Document,
        piece_bytes: usize,
        prefix: &[&'static str],
        write: impl Fn(&Document) -> String,
    ) -> Self {
        let mut frame_doc = doc.clone();
        macro_rules! each {
            ($name:literal, $a:ident, $b:ident) => {
                frame_doc.$a.$b = Default::default();
            };
        }
        super::parts::collections!(each);
        let frame = write(&frame_doc);
        let holes = empty_lists(&frame, &list_paths(prefix));
        let (frame, holes) = match holes {
            Some(holes) => (frame, holes),
            None => (write(doc), Vec::new()),
        };
        Pieces {
            doc: doc.clone(),
            frame,
            holes,
            piece_bytes,
            at: 0,
            hole: 0,
            record: 0,
            failed: false,
        }
    }

    /// True when a record could not be written (it never happens with plain
    /// data, but a backup missing one must not be offered as whole).
    pub fn failed(&self) -> bool {
        self.failed
    }
}

impl Iterator for Pieces {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.at >= self.frame.len() {
            return None;
        }
        let mut out = Vec::new();
        loop {
            let Some(&(offset, which)) = self.holes.get(self.hole) else {
                out.extend_from_slice(&self.frame.as_bytes()[self.at..]);
                self.at = self.frame.len();
                return Some(out);
            };
            if self.at < offset {
                out.extend_from_slice(&self.frame.as_bytes()[self.at..offset]);
                self.at = offset;
            }
            let (next, done) = write_records(&self.doc, which, self.record, &mut out, self.piece_bytes);
            self.failed |= next.is_none();
            match next {
                Some(next) if !done => {
                    self.record = next;
                    return Some(out);
                }
                _ => {
                    self.hole += 1;
                    self.record = 0;
                }
            }
            if out.len() >= self.piece_bytes {
                return Some(out);
            }
        }
    }
}

/// Writes records of collection `which` from `from` on into `out` (comma
/// separated, as in a JSON list) until `out` holds `limit` bytes or the
/// collection ends. Gives the next record to write (`None`: one failed) and
/// whether the collection is done.
#[allow(unused_assignments)] // the count after the last collection
fn write_records(
    doc: &Document,
    which: usize,
    from: usize,
    out: &mut Vec<u8>,
    limit: usize,
) -> (Option<usize>, bool) {
    fn write<T: serde::Serialize>(
        xs: &crate::domain::record::Records<T>,
        from: usize,
        out: &mut Vec<u8>,
        limit: usize,
    ) -> (Option<usize>, bool) {
        let mut i = from;
        // At least one record per piece, so every piece moves on.
        while i < xs.len() && (i == from || out.len() < limit) {
            if i > 0 {
                out.push(b',');
            }
            if serde_json::to_writer(&mut *out, &xs[i]).is_err() {
                return (None, true);
            }
            i += 1;
        }
        (Some(i), i >= xs.len())
    }
    let mut k = 0;
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            if k == which {
                return write(&doc.$a.$b, from, out, limit);
            }
            k += 1;
        };
    }
    super::parts::collections!(each);
    (Some(from), true)
}

/// Where each of `paths` (object keys from the top) has an empty list in
/// `json`, as the offset just after its `[`, with the path's index, in
/// the text's order. `None` unless each path is found exactly once.
fn empty_lists(json: &str, paths: &[Vec<&str>]) -> Option<Vec<(usize, usize)>> {
    let found = super::scan::lists(json, paths)?;
    found
        .iter()
        .all(|l| l.start == l.end)
        .then(|| found.iter().map(|l| (l.start, l.path)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_wraps_the_whole_document() {
        let doc = Document::default();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .to_utc();
        let v: Value = serde_json::from_str(&encode_backup(&doc, at)).unwrap();
        assert_eq!(v["hearth_backup"], 1);
        assert_eq!(v["exported_at"], "2026-11-29T10:00:00Z");
        assert_eq!(
            serde_json::from_value::<Document>(v["document"].clone()).unwrap(),
            doc
        );
    }

    fn joined(doc: &Document, piece_bytes: usize) -> (String, usize) {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut pieces = Pieces::backup(doc, at, piece_bytes);
        let all: Vec<Vec<u8>> = pieces.by_ref().collect();
        assert!(!pieces.failed());
        (String::from_utf8(all.concat()).unwrap(), all.len())
    }

    fn one_text(doc: &Document) -> String {
        encode_backup(
            doc,
            chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
                .unwrap()
                .to_utc(),
        )
    }

    #[test]
    fn a_decade_backup_in_pieces_is_the_same_text_in_small_pieces() {
        let start = chrono::DateTime::parse_from_rfc3339("2016-11-29T12:00:00Z")
            .unwrap()
            .to_utc();
        let mut doc = crate::domain::generate::decade(3, start, 10);
        // Names that look like the lists the pieces fill in must not confuse them.
        if let Some(c) = doc.couple.as_mut() {
            c.a.name = r#"Sam "items":[] \"plans":[]\ ] } {"#.into();
        }
        let whole = one_text(&doc);
        let (text, n) = joined(&doc, PIECE_BYTES);
        assert_eq!(text, whole);
        // 3.4 MB in pieces of about 256 KiB (each ends after the record that passes it).
        assert!(n >= whole.len() / PIECE_BYTES, "{n} pieces");
        let mut pieces = Pieces::backup(&doc, chrono::Utc::now(), PIECE_BYTES);
        assert_eq!(pieces.holes.len(), 9, "every collection is written in pieces");
        assert!(pieces.all(|p| p.len() < PIECE_BYTES + 16 * 1024));
        // The stored text (sealed with the lock on) in pieces too.
        let mut pieces = Pieces::document(&doc, PIECE_BYTES);
        assert_eq!(pieces.holes.len(), 9);
        let all: Vec<Vec<u8>> = pieces.by_ref().collect();
        assert!(all.len() > 10 && !pieces.failed());
        assert_eq!(String::from_utf8(all.concat()).unwrap(), encode(&doc));
    }

    #[test]
    fn an_empty_document_backup_is_one_piece_of_the_same_text() {
        let doc = Document::default();
        assert_eq!(joined(&doc, PIECE_BYTES), (one_text(&doc), 1));
        assert_eq!(joined(&doc, 1).0, one_text(&doc));
    }

    #[test]
    fn only_empty_lists_are_holes() {
        let paths = vec![vec!["document", "a", "b"], vec!["document", "c", "b"]];
        let json = r#"{"x":"\"b\":[]","document":{"a":{"b":[],"z":[{"b":[]}]},"c":{"q":"]","b":[ ]}}}"#;
        let found = empty_lists(json, &paths[..1]).unwrap();
        // (The first "[]" in the text is inside a string.)
        assert_eq!(found, vec![(json.find(r#""b":[],"z""#).unwrap() + 5, 0)]);
        // Not empty: not a hole, so the text is written in one piece.
        assert_eq!(empty_lists(json, &paths), None, "[ ] is not []");
        assert_eq!(empty_lists(r#"{"document":{"a":{"b":[1]}}}"#, &paths[..1]), None);
    }

    /// A document exactly as schema 1 wrote it.
    const V1: &str = include_str!("fixtures/schema-1.json");

    #[test]
    fn schema_1_fixture_migrates_to_current_keeping_everything() {
        match decode(Some(V1)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 1);
                assert_eq!(doc.schema, SCHEMA);
                let c = doc.couple.expect("couple kept");
                assert_eq!(c.names(), "Sam & Alex");
                assert_eq!(c.b.unwrap().pronouns, "they/them");
                assert_eq!(c.meta.id.as_str(), "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
                assert_eq!(c.struggles.len(), 2);
                assert!(doc.last_backup_at.is_some());
                assert!(doc.checkins.items.is_empty() && doc.checkins.draft.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    /// A document exactly as schema 2 wrote it: a couple and one check-in.
    const V2: &str = include_str!("fixtures/schema-2.json");

    #[test]
    fn schema_2_fixture_migrates_keeping_its_check_in() {
        match decode(Some(V2)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 2);
                assert_eq!(doc.schema, SCHEMA);
                assert_eq!(
                    doc.couple.as_ref().map(|c| c.names()).as_deref(),
                    Some("Sam & Alex")
                );
                assert_eq!(doc.checkins.items.len(), 1);
                let ci = &doc.checkins.items[0];
                assert_eq!(ci.a.as_ref().map(|a| a.connection), Some(7));
                assert_eq!(
                    ci.b.as_ref().map(|a| a.feelings.clone()),
                    Some(vec!["tired".to_string()])
                );
                assert!(doc.gestures.items.is_empty() && doc.gestures.appreciations.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    /// A document exactly as schema 3 wrote it: a planned gesture and a
    /// private appreciation.
    const V3: &str = include_str!("fixtures/schema-3.json");

    #[test]
    fn schema_3_fixture_migrates_keeping_gestures_and_appreciations() {
        match decode(Some(V3)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 3);
                assert_eq!(doc.schema, SCHEMA);
                assert_eq!(doc.gestures.items.len(), 1);
                assert_eq!(doc.gestures.items[0].text, "Leave a note, \"with love\"");
                assert_eq!(doc.gestures.appreciations.len(), 1);
                assert!(doc.gestures.appreciations[0].private);
                assert_eq!(doc.checkins.items.len(), 0);
                assert!(doc.dilemmas.items.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    /// A document exactly as schema 4 wrote it: one paused conversation.
    const V4: &str = include_str!("fixtures/schema-4.json");

    #[test]
    fn schema_4_fixture_migrates_keeping_the_conversation() {
        match decode(Some(V4)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 4);
                assert_eq!(doc.schema, SCHEMA);
                assert_eq!(doc.dilemmas.items.len(), 1);
                let d = &doc.dilemmas.items[0];
                assert_eq!(d.moment, "at dinner");
                assert_eq!(d.step, crate::domain::dilemma::Step::Share);
                assert!(matches!(d.status, crate::domain::dilemma::Status::Paused { .. }));
                assert!(doc.us_time.ideas.is_empty() && doc.us_time.rhythm.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    /// A document exactly as schema 5 wrote it: a check-in, an us-time idea
    /// and a vote, backed up once.
    const V5: &str = include_str!("fixtures/schema-5.json");

    #[test]
    fn schema_5_fixture_migrates_keeping_everything_and_not_snoozed() {
        match decode(Some(V5)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 5);
                assert_eq!(doc.schema, SCHEMA);
                assert_eq!(doc.checkins.items.len(), 1);
                assert_eq!(
                    doc.checkins.items[0].a.as_ref().map(|a| a.note.as_str()),
                    Some("a quiet evening")
                );
                assert_eq!(doc.us_time.ideas[0].text, "Picnic by the river");
                assert_eq!(doc.us_time.votes.len(), 1);
                assert_eq!(
                    doc.last_backup_at.map(|t| t.to_rfc3339()),
                    Some("2026-10-02T08:00:00+00:00".into())
                );
                assert_eq!(doc.backup_snoozed_until, None);
                // Saved again, it says schema 6 and reads back the same.
                let again = encode(&doc);
                assert!(again.starts_with(&format!("{{\"schema\":{SCHEMA}")));
                assert_eq!(decode(Some(&again)), Decoded::Ready { doc, from: SCHEMA });
            }
            other => panic!("{other:?}"),
        }
    }

    /// A whole document exactly as schema 6 stored it, snoozed reminder and
    /// all: schema 7 only stores it differently, so it reads unchanged.
    const V6: &str = include_str!("fixtures/schema-6.json");

    #[test]
    fn schema_6_fixture_migrates_keeping_everything() {
        match decode(Some(V6)) {
            Decoded::Ready { doc, from } => {
                assert_eq!(from, 6);
                assert_eq!(doc.schema, SCHEMA);
                assert_eq!(doc.checkins.items.len(), 1);
                assert_eq!(doc.us_time.ideas[0].text, "Picnic by the river");
                assert_eq!(
                    doc.backup_snoozed_until.map(|t| t.to_rfc3339()),
                    Some("2026-11-20T08:00:00+00:00".into())
                );
                let Decoded::Ready { doc: v5, .. } = decode(Some(V5)) else {
                    panic!()
                };
                assert_eq!(
                    Document {
                        backup_snoozed_until: None,
                        ..doc
                    },
                    v5
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_head_is_not_a_whole_document_and_a_whole_document_is_not_a_head() {
        let head = format!("{{\"schema\":{SCHEMA},\"parts\":{{\"checkins/2026-11\":\"00\"}}}}");
        assert!(matches!(decode(Some(&head)), Decoded::Damaged { reason } if reason.contains("index")));
        assert!(matches!(decode_head(&head), Decoded::Ready { .. }));
        let whole = encode(&Document::default());
        assert!(matches!(decode_head(&whole), Decoded::Damaged { .. }));
    }

    #[test]
    fn migrating_is_deterministic_and_a_migrated_document_round_trips() {
        let Decoded::Ready { doc, .. } = decode(Some(V1)) else {
            panic!()
        };
        let raw = encode(&doc);
        assert_eq!(
            decode(Some(&raw)),
            Decoded::Ready {
                doc: doc.clone(),
                from: SCHEMA
            }
        );
        let Decoded::Ready { doc: again, .. } = decode(Some(V1)) else {
            panic!()
        };
        assert_eq!(doc, again);
    }

    #[test]
    fn nothing_saved_is_empty() {
        assert_eq!(decode(None), Decoded::Empty);
    }

    #[test]
    fn current_documents_round_trip() {
        let doc = Document::default();
        let raw = encode(&doc);
        assert_eq!(decode(Some(&raw)), Decoded::Ready { doc, from: SCHEMA });
    }

    #[test]
    fn damaged_text_is_reported_with_a_reason() {
        for raw in [
            "{not json",
            "[]",
            "{\"schema\":\"one\"}",
            "{\"schema\":0}",
            "{\"schema\":5,\"couple\":5}",
            "",
        ] {
            match decode(Some(raw)) {
                Decoded::Damaged { reason } => assert!(!reason.is_empty(), "{raw}"),
                other => panic!("{raw:?} decoded as {other:?}"),
            }
        }
    }

    #[test]
    fn a_wrong_shape_is_said_plainly_and_never_quotes_a_value() {
        let cases = [
            (
                r#""last_backup_at":"our secret words""#,
                "a date Hearth can't read",
            ),
            (r#""couple":5"#, "a value of a kind Hearth doesn't write there"),
            (
                r#""checkins":{"items":[{"meta":{}}]}"#,
                "a record is missing its \u{201c}",
            ),
            (r#""checkins":{"items":"secret"}"#, "a value of a kind"),
        ];
        for (field, want) in cases {
            let raw = format!("{{\"schema\":{SCHEMA},{field}}}");
            let reason = match decode(Some(&raw)) {
                Decoded::Damaged { reason } => reason,
                other => panic!("{raw}: {other:?}"),
            };
            assert!(reason.contains(want), "{raw}: {reason}");
            assert!(
                !reason.contains("secret") && !reason.contains("line "),
                "{raw}: {reason}"
            );
        }
        match decode(Some("{\"schema\":7,\"couple\":{\"a\"")) {
            Decoded::Damaged { reason } => assert!(reason.contains("cut off"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn newer_schema_is_flagged_not_migrated() {
        let raw = format!("{{\"schema\":{},\"couple\":null,\"future\":true}}", SCHEMA + 1);
        match decode(Some(&raw)) {
            Decoded::Newer { schema, doc } => {
                assert_eq!(schema, SCHEMA + 1);
                assert!(doc.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
}
