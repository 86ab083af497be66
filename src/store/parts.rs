//! The saved form split into parts (schema 7), so that a save writes only
//! what changed and ten years fit in localStorage.
//!
//! - Each collection's records are grouped by the month (UTC) they were
//!   created in: a record's part never changes, since `created_at` doesn't.
//!   A part is stored under `hearth:part:<collection>/<yyyy>-<mm>` as
//!   `lz4:` + base64 of the LZ4 block (length first) of the JSON array.
//! - The head, under `hearth:doc`, is the document without those records
//!   (names, draft, rhythm, backup dates) plus `"parts"`: each part's name
//!   and a tag (a hash of its stored text). It is written last, so a tab
//!   that sees a new head finds every part it names already written, and the
//!   tags tell it which parts another tab changed.
//!
//! Pure: the vault does the reading and writing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::de::DeserializeOwned;

use crate::domain::merge::Record;
use crate::domain::{Document, Records};

use super::sealed::{base64_decode, base64_encode};

/// Every part's key starts with this.
pub const PART_PREFIX: &str = "hearth:part:";
const PACKED: &str = "lz4:";
/// No part of a real couple's month comes near this; a damaged length
/// must not make us ask for gigabytes.
const MAX_PART_BYTES: usize = 32 << 20;

/// Name → tag of each part, as the head lists them.
pub type Tags = BTreeMap<String, String>;

/// Calls `$each!(name, field, field)` for every collection that is split.
macro_rules! collections {
    ($each:ident) => {
        $each!("checkins", checkins, items);
        $each!("gestures", gestures, items);
        $each!("own-ideas", gestures, own_ideas);
        $each!("appreciations", gestures, appreciations);
        $each!("dilemmas", dilemmas, items);
        $each!("ideas", us_time, ideas);
        $each!("rounds", us_time, rounds);
        $each!("votes", us_time, votes);
        $each!("plans", us_time, plans);
    };
}
pub(crate) use collections;

fn month<T: Record>(r: &T) -> i64 {
    // UTC already: `naive_utc` skips converting through an offset.
    let at = r.meta().created_at.naive_utc();
    i64::from(at.year()) * 12 + i64::from(at.month0())
}

fn part_name(collection: &str, month: i64) -> String {
    format!(
        "{collection}/{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

pub fn key(name: &str) -> String {
    format!("{PART_PREFIX}{name}")
}

/// The parts whose records differ between `before` and `after`. Cheap when
/// little changed: what the two copies still share, a whole collection or
/// one record, is skipped unread (an edit copies only what it touches; see
/// [`Records::for_each_change`]), the rest is compared record by record in
/// place, and a name is made only for a record that differs. Complete: a
/// month whose records differ in any way has a differing record at some
/// position, or a record past the end of the shorter list.
pub fn changed(before: &Document, after: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    macro_rules! diff {
        ($name:literal, $a:ident, $b:ident) => {
            diff_into($name, &before.$a.$b, &after.$a.$b, &mut out);
        };
    }
    collections!(diff);
    out
}

fn diff_into<T: Record + PartialEq>(
    name: &str,
    xs: &Records<T>,
    ys: &Records<T>,
    out: &mut BTreeSet<String>,
) {
    xs.for_each_change(ys, |r| {
        out.insert(part_name(name, month(r)));
    });
}

/// The set of `items`, built by inserting them one by one: `collect()`
/// sorts them first, and linked a copy of the sort for each item type.
pub(crate) fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// Adds to `out` the part of each of `months`. A name is made only where
/// the month changes (records come in creation order, so that is once a
/// month) and the set drops the rest: a set of the months first linked a
/// B-tree of numbers beside this one of names.
fn add_parts(out: &mut BTreeSet<String>, name: &str, months: &mut dyn Iterator<Item = i64>) {
    let mut last = None;
    for m in months {
        if last != Some(m) {
            out.insert(part_name(name, m));
            last = Some(m);
        }
    }
}

/// Every part `doc` has, by name.
pub fn names(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            add_parts(&mut out, $name, &mut doc.$a.$b.iter().map(month));
        };
    }
    collections!(each);
    out
}

/// The parts Home reads (see [`crate::domain::today::reads`]), to be read
/// before it is drawn; `None` when that is every part.
pub fn today_parts(doc: &Document, since: chrono::DateTime<chrono::Utc>) -> Option<BTreeSet<String>> {
    let reads = crate::domain::today::reads(doc, since);
    if reads.everything {
        return None;
    }
    let mut out = BTreeSet::new();
    let mut add = |name: &str, months: &mut dyn Iterator<Item = i64>| add_parts(&mut out, name, months);
    add("checkins", &mut reads.checkins.iter().map(|r| month(*r)));
    add("dilemmas", &mut reads.dilemmas.iter().map(|r| month(*r)));
    add("gestures", &mut reads.gestures.iter().map(|r| month(*r)));
    add(
        "appreciations",
        &mut reads.appreciations.iter().map(|r| month(*r)),
    );
    add("plans", &mut reads.plans.iter().map(|r| month(*r)));
    Some(out)
}

/// The JSON of each wanted part of `doc` (all of them when `only` is
/// `None`). A wanted part with no records is absent from the result: its
/// key is to be removed.
pub fn encode(doc: &Document, only: Option<&BTreeSet<String>>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            encode_into($name, &doc.$a.$b, only, &mut out);
        };
    }
    collections!(each);
    out
}

// Kept small on purpose: it is instantiated once per collection, so the
// grouping and naming below are not generic (the first version of this was
// 31 KB of wasm).
fn encode_into<T: Record>(
    name: &str,
    items: &Records<T>,
    only: Option<&BTreeSet<String>>,
    out: &mut BTreeMap<String, String>,
) {
    let prefix = format!("{name}/");
    if only.is_some_and(|set| !set.iter().any(|n| n.starts_with(&prefix))) {
        return;
    }
    let months: Vec<i64> = items.iter().map(month).collect();
    for (part, indices) in group(name, &months, only) {
        out.insert(part, json_of(items, &indices));
    }
}

/// Each wanted part's name and the positions of its records, in order.
/// A save wants one month or two of ten years: the wanted names are read
/// back into months once, so the records are sorted by number and a name
/// is written only for a part that is kept (writing one for each of a
/// collection's 120 months was a quarter of a save). The kept positions
/// are put in month order by the app's one sort (`order::places`, stable,
/// so a month keeps its records' order) and cut where the month changes:
/// a map from month to positions linked a B-tree of its own.
fn group(name: &str, months: &[i64], only: Option<&BTreeSet<String>>) -> Vec<(String, Vec<usize>)> {
    // A few months, or one collection's at most (a merge): a list is enough.
    let wanted: Option<Vec<i64>> = only.map(|set| {
        set.iter()
            .filter_map(|part| {
                let (collection, ym) = part.split_once('/')?;
                let (y, m) = ym.rsplit_once('-')?;
                let month = y
                    .parse::<i64>()
                    .ok()?
                    .checked_mul(12)?
                    .checked_add(m.parse::<i64>().ok()? - 1)?;
                // Only a name this month would be written under.
                (collection == name && part_name(name, month) == *part).then_some(month)
            })
            .collect()
    });
    let kept: Vec<usize> = (0..months.len())
        .filter(|&i| wanted.as_ref().is_none_or(|w| w.contains(&months[i])))
        .collect();
    let mut groups: Vec<(i64, Vec<usize>)> = Vec::new();
    for at in crate::domain::order::places(kept.len(), &|a, b| months[kept[a]].cmp(&months[kept[b]])) {
        let (i, m) = (kept[at], months[kept[at]]);
        match groups.last_mut() {
            Some((last, indices)) if *last == m => indices.push(i),
            _ => groups.push((m, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(m, indices)| (part_name(name, m), indices))
        .collect()
}

/// The JSON array of the records at `indices`.
fn json_of<T: serde::Serialize>(items: &Records<T>, indices: &[usize]) -> String {
    let mut out = Vec::with_capacity(indices.len() * 256);
    out.push(b'[');
    for (n, &i) in indices.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        // Writing plain data to memory cannot fail; a gap would be caught
        // by the read-back of the JSON.
        let _ = serde_json::to_writer(&mut out, &items[i]);
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

/// Adds a part's records (its JSON) to `doc`. Parts must come in name order,
/// so each collection stays in creation order.
pub fn decode_into(doc: &mut Document, name: &str, json: &str) -> Result<(), String> {
    let collection = name.split('/').next().unwrap_or_default();
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            if collection == $name {
                return extend(&mut doc.$a.$b, json);
            }
        };
    }
    collections!(each);
    Err(format!("Hearth does not know the part \u{201c}{name}\u{201d}"))
}

fn extend<T: DeserializeOwned + Clone>(items: &mut Records<T>, json: &str) -> Result<(), String> {
    let records: Vec<T> = super::maps::from_str(json)
        .map_err(|e| format!("its records do not have the expected shape ({e})"))?;
    items.extend(records);
    Ok(())
}

/// Adds `rest`, parts read later, to `doc`: each collection ends up in the
/// order a full read gives (by month; a month's records as stored), since
/// the two hold different parts.
pub fn join(doc: &mut Document, rest: Document) {
    macro_rules! each {
        ($name:literal, $a:ident, $b:ident) => {
            join_into(&mut doc.$a.$b, rest.$a.$b);
        };
    }
    collections!(each);
}

fn join_into<T: Record>(items: &mut Records<T>, rest: Records<T>) {
    if rest.is_empty() {
        return;
    }
    let order = merge_order(
        &rest.iter().map(month).collect::<Vec<_>>(),
        &items.iter().map(month).collect::<Vec<_>>(),
    );
    // The records themselves stay shared: only the list is new.
    let (mut a, mut b) = (rest.shared().iter(), items.shared().iter());
    let joined = order
        .into_iter()
        .filter_map(|first| if first { a.next() } else { b.next() })
        .cloned()
        .collect();
    *items = Records::from_shared(joined);
}

/// Merging two lists already in month order: whether each next record comes
/// from the first list. Kept out of the generic part (one copy, not nine).
fn merge_order(first: &[i64], second: &[i64]) -> Vec<bool> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(first.len() + second.len());
    while i < first.len() || j < second.len() {
        let take_first = j == second.len() || (i < first.len() && first[i] <= second[j]);
        out.push(take_first);
        if take_first {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// `doc` without the records that live in parts: what the head keeps.
pub fn head_document(doc: &Document) -> Document {
    let mut head = Document {
        schema: doc.schema,
        couple: doc.couple.clone(),
        last_backup_at: doc.last_backup_at,
        backup_snoozed_until: doc.backup_snoozed_until,
        ..Document::default()
    };
    head.checkins.draft = doc.checkins.draft.clone();
    head.us_time.rhythm = doc.us_time.rhythm.clone();
    head
}

/// The head's text: the document without its parts' records, then `parts`
/// and (when not every part) `today`, the parts Home reads.
pub fn encode_head(doc: &Document, tags: &Tags, today: Option<&BTreeSet<String>>) -> String {
    let body = super::codec::encode(&head_document(doc));
    let parts = serde_json::to_string(tags).unwrap_or_default();
    let today = today
        .map(|t| format!(",\"today\":{}", serde_json::to_string(t).unwrap_or_default()))
        .unwrap_or_default();
    // `body` is a JSON object that always has "schema": reopen it to add
    // fields, keeping the document's own field order.
    match body.strip_suffix('}') {
        Some(open) => format!("{open},\"parts\":{parts}{today}}}"),
        None => body,
    }
}

/// The `parts` of a head, or `None` when the text is a whole document.
#[derive(serde::Deserialize)]
struct HeadPeek {
    parts: Option<Tags>,
}

#[derive(serde::Deserialize)]
struct IndexPeek {
    parts: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct TodayPeek {
    today: Option<BTreeSet<String>>,
}

/// Whether the stored text is a head, without reading its 750 tags.
pub fn is_head(raw: &str) -> bool {
    raw.contains("\"parts\":") && super::maps::from_str::<IndexPeek>(raw).is_ok_and(|p| p.parts.is_some())
}

/// The parts a head says Home reads; `None`: every part (a head written
/// before the list existed says nothing). Read apart from [`is_head`]: a
/// list that will not read is only a lost shortcut, never a reason to doubt
/// the head.
pub fn head_today(raw: &str) -> Option<BTreeSet<String>> {
    if !raw.contains("\"today\":") {
        return None;
    }
    super::maps::from_str::<TodayPeek>(raw).ok().and_then(|t| t.today)
}

/// Reads the parts list from stored text. `None`: not a head (a whole
/// document, a sealed envelope, or text that is not JSON).
pub fn head_tags(raw: &str) -> Option<Tags> {
    // A head is small; a whole document is not worth scanning twice.
    if !raw.contains("\"parts\":") {
        return None;
    }
    super::maps::from_str::<HeadPeek>(raw).ok().and_then(|h| h.parts)
}

/// What is stored for a part's JSON: compressed (JSON of a month shrinks
/// about five times), in base64 because localStorage holds text.
pub fn pack(json: &str) -> String {
    let bytes = lz4_flex::block::compress_prepend_size(json.as_bytes());
    let mut out = String::with_capacity(PACKED.len() + bytes.len().div_ceil(3) * 4);
    out.push_str(PACKED);
    out.push_str(&base64_encode(&bytes));
    out
}

/// A stored part back to its JSON, or why it can't be read.
pub fn unpack(stored: &str) -> Result<String, String> {
    let body = stored
        .strip_prefix(PACKED)
        .ok_or("it is not in a form Hearth writes")?;
    let bytes = base64_decode(body).ok_or("it is not valid base64")?;
    unpack_bytes(&bytes, MAX_PART_BYTES)
}

/// LZ4 as [`pack`] and the lock's envelope write it (a block, its length
/// first) back to its text, at most `max` bytes of it, or why not.
pub fn unpack_bytes(bytes: &[u8], max: usize) -> Result<String, String> {
    let (len, data) = match bytes.split_first_chunk::<4>() {
        Some((len, data)) => (u32::from_le_bytes(*len) as usize, data),
        None => return Err("it is cut short".into()),
    };
    // LZ4 cannot expand more than 255 times: a larger length is damage.
    if len > max || len > data.len().saturating_mul(255) {
        return Err("its length is damaged".into());
    }
    let raw = lz4_flex::block::decompress(data, len).map_err(|e| format!("it does not decompress ({e})"))?;
    if raw.len() != len {
        return Err("it is cut short".into());
    }
    String::from_utf8(raw).map_err(|_| "it is not text".into())
}

/// A short fingerprint of a part's stored text (FNV-1a, 64 bits): equal
/// texts, equal tags; a changed part gets a new tag.
pub fn tag(stored: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stored.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Sixteen hex digits by hand: `format!` costs more than the hashing
    // over the few hundred parts of an opening.
    (0..16)
        .rev()
        .map(|i| char::from_digit(((h >> (4 * i)) & 0xf) as u32, 16).unwrap_or('0'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::generate;
    use crate::domain::record::{Ctx, Seeded};
    use chrono::{DateTime, Duration, Utc};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn decade() -> Document {
        generate::decade(7, t("2016-11-29T12:00:00Z"), 10)
    }

    fn assemble(head: &str, parts: &BTreeMap<String, String>) -> Document {
        let mut doc: Document = serde_json::from_str(head).unwrap();
        for (name, stored) in parts {
            decode_into(&mut doc, name, &unpack(stored).unwrap()).unwrap();
        }
        doc
    }

    #[test]
    fn a_decade_splits_into_parts_and_reassembles_exactly() {
        let doc = decade();
        let parts: BTreeMap<String, String> = encode(&doc, None)
            .into_iter()
            .map(|(n, json)| (n, pack(&json)))
            .collect();
        assert_eq!(parts.keys().cloned().collect::<BTreeSet<_>>(), names(&doc));
        let tags: Tags = parts.iter().map(|(n, s)| (n.clone(), tag(s))).collect();
        let head = encode_head(&doc, &tags, None);
        assert_eq!(head_tags(&head), Some(tags));
        assert_eq!(assemble(&head, &parts), doc);
        // Under 2 MB for ten years (the budget), head and keys included.
        let total: usize = head.len() + parts.iter().map(|(n, s)| key(n).len() + s.len()).sum::<usize>();
        let whole = super::super::codec::encode(&doc).len();
        assert!(
            total < 2_000_000,
            "{total} bytes in parts, {whole} as one document"
        );
        assert!(
            total * 3 < whole * 2,
            "{total} bytes in parts, {whole} as one document"
        );
    }

    #[test]
    fn one_edit_changes_one_part() {
        let before = decade();
        let mut after = before.clone();
        assert!(changed(&before, &after).is_empty());
        let mut rng = Seeded(9);
        let mut gen = || rng.bytes16();
        let at = after.checkins.items[100].meta.created_at;
        let mut ctx = Ctx::new(at + Duration::days(1), &mut gen);
        after.checkins.items[100].meta.touch(ctx.now);
        let _ = &mut ctx;
        // The edit copied the check-ins only; the rest is still shared, and
        // `changed` skips it unread.
        assert!(!after.checkins.items.same(&before.checkins.items));
        assert!(after.gestures.items.same(&before.gestures.items));
        assert!(after.us_time.plans.same(&before.us_time.plans));
        let one = changed(&before, &after);
        assert_eq!(one.len(), 1, "{one:?}");
        let name = one.iter().next().unwrap();
        assert_eq!(*name, part_name("checkins", month(&after.checkins.items[100])));
        // Only that part is encoded, and it holds exactly that month's records.
        let only = encode(&after, Some(&one));
        assert_eq!(only.keys().collect::<Vec<_>>(), vec![name]);
        let json = &only[name];
        let mut back = Document::default();
        decode_into(&mut back, name, json).unwrap();
        let expected: Vec<_> = after
            .checkins
            .items
            .iter()
            .filter(|c| month(*c) == month(&after.checkins.items[100]))
            .cloned()
            .collect();
        assert_eq!(back.checkins.items, expected.into());
    }

    #[test]
    fn a_merge_keeps_records_shared_so_its_save_compares_little() {
        // In the merge's order (the generated ideas and votes are not): a
        // merge puts every list in that order, which rewrites its months.
        let d = decade();
        let before = crate::domain::merge::merge(&d, &d);
        let mut mine = before.clone();
        let mut theirs = before.clone();
        let t = before.checkins.items[7000].meta.updated_at + Duration::days(1);
        mine.checkins.items[7000].meta.touch(t);
        let t = before.gestures.appreciations[500].meta.updated_at + Duration::days(1);
        theirs.gestures.appreciations[500].meta.touch(t);
        let merged = crate::domain::merge::merge(&mine, &theirs);
        // Every record the merge took is one of the two sides' own, shared.
        let shared = |a: &Document, b: &Document| {
            a.checkins
                .items
                .shared()
                .iter()
                .zip(b.checkins.items.shared())
                .filter(|(x, y)| std::sync::Arc::ptr_eq(x, y))
                .count()
        };
        assert_eq!(shared(&merged, &before), before.checkins.items.len() - 1);
        // What merging changed for this tab: their one part, nothing else.
        let got = changed(&mine, &merged);
        assert_eq!(
            got,
            BTreeSet::from([part_name(
                "appreciations",
                month(&theirs.gestures.appreciations[500])
            )])
        );
    }

    #[test]
    fn added_records_mark_their_months_even_when_the_lists_shift() {
        let before = decade();
        let mut after = before.clone();
        // An older record arrives from another device: merged in by creation
        // time, it shifts every later record one place.
        let mut extra = after.gestures.appreciations[3].clone();
        extra.meta.id = crate::domain::record::Id("f".repeat(32));
        after.gestures.appreciations.insert(4, extra.clone());
        let got = changed(&before, &after);
        assert!(got.contains(&part_name("appreciations", month(&extra))));
        assert!(got.iter().all(|n| n.starts_with("appreciations/")), "{got:?}");
        // Re-encoding what `changed` names, on top of the old parts, gives
        // the new document.
        let mut parts = encode(&before, None);
        for (n, json) in encode(&after, Some(&got)) {
            parts.insert(n, json);
        }
        let mut back = head_document(&after);
        for (n, json) in &parts {
            decode_into(&mut back, n, json).unwrap();
        }
        assert_eq!(back, after);
    }

    #[test]
    fn the_parts_asked_for_are_the_whole_encoding_of_those_names() {
        let doc = decade();
        let all = encode(&doc, None);
        let mut asked: BTreeSet<String> = ["checkins/2019-05", "gestures/2026-11", "plans/2017-01"]
            .map(String::from)
            .into();
        // Names no part is written under: not canonical, or not a collection.
        for odd in [
            "checkins/2019-5",
            "checkins/2019-05x",
            "checkins/+2019-05",
            "checkins/999999999999999999-01",
            "nothing/2019-05",
            "checkins",
        ] {
            asked.insert(odd.into());
        }
        let got = encode(&doc, Some(&asked));
        let expected: BTreeMap<String, String> = all.into_iter().filter(|(n, _)| asked.contains(n)).collect();
        assert_eq!(got.keys().count(), 3, "{:?}", got.keys());
        assert_eq!(got, expected);
    }

    #[test]
    fn damaged_parts_are_refused_with_a_reason() {
        let json = r#"[{"a":1}]"#;
        let packed = pack(json);
        assert_eq!(unpack(&packed).unwrap(), json);
        assert!(unpack("lz4:").is_err());
        assert!(unpack("[1,2]").unwrap_err().contains("not in a form"));
        assert!(unpack("lz4:!!!!").unwrap_err().contains("base64"));
        // A length of 4 GB in front of three bytes.
        let huge = format!("{PACKED}{}", base64_encode(&[0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
        assert!(unpack(&huge).unwrap_err().contains("length"));
        // Every single flipped byte is either refused or still decodes
        // (never a panic); JSON checks what survives.
        let bytes = base64_decode(&packed[PACKED.len()..]).unwrap();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = unpack(&format!("{PACKED}{}", base64_encode(&b)));
        }
        let mut doc = Document::default();
        assert!(decode_into(&mut doc, "checkins/2026-01", "[{\"x\":1}]").is_err());
        assert!(decode_into(&mut doc, "letters/2026-01", "[]")
            .unwrap_err()
            .contains("letters"));
    }

    #[test]
    fn names_are_months_in_utc_and_sort_in_time() {
        assert_eq!(part_name("checkins", 2026 * 12), "checkins/2026-01");
        assert_eq!(part_name("checkins", 2026 * 12 + 11), "checkins/2026-12");
        assert!(part_name("plans", 2025 * 12 + 11) < part_name("plans", 2026 * 12));
        assert_eq!(tag("abc"), tag("abc"));
        assert_ne!(tag("abc"), tag("abd"));
        assert_eq!(tag("").len(), 16);
        // FNV-1a's published values, in the form stored tags have.
        assert_eq!(tag(""), "cbf29ce484222325");
        assert_eq!(tag("a"), "af63dc4c8601ec8c");
    }
}
