//! Property and fuzz tests (proptest, host only): the merge's algebra, and
//! the import validator, the saved-text decoder and the migrations fed
//! arbitrary text, bytes, JSON and mutated real backups. `make test` runs
//! [`DEFAULT_CASES`] per property; `make fuzz` sets `PROPTEST_CASES` higher.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::backup::{inspect, read_in_pieces, Backup, ImportError, Inspected};
use super::codec::{decode, encode, encode_backup, migrate, Decoded, Pieces};
use crate::domain::checkin::{Answer, CheckIn};
use crate::domain::couple::{Couple, Partner};
use crate::domain::dilemma::Dilemma;
use crate::domain::document::{Document, SCHEMA};
use crate::domain::gestures::{Appreciation, Gesture, GestureState, Kind, Noticed, OwnIdea, Source};
use crate::domain::merge::merge;
use crate::domain::record::{Author, Id, Meta};
use crate::domain::us_time::{Idea, Plan, PlanState, Tags};

const DEFAULT_CASES: u32 = 1000;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Failures are reported with their minimal case; no files written.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

// ---- arbitrary documents ----
//
// Ids come from a small pool per kind, so that two documents share records;
// `updated_at` from a few values, so that ties happen; tombstones often.

fn author() -> impl Strategy<Value = Author> {
    prop_oneof![Just(Author::A), Just(Author::B), Just(Author::Both)]
}

fn meta(kind: u8) -> impl Strategy<Value = Meta> {
    (0u8..6, 0i64..4, prop::bool::weighted(0.2), author()).prop_map(move |(n, upd, deleted, by)| Meta {
        id: Id(format!("{kind:02x}{n:030x}")),
        // Creation is the same for every version of a record, as in life.
        created_at: t0() + Duration::hours(i64::from(n)),
        updated_at: t0() + Duration::days(1) + Duration::hours(upd),
        by,
        deleted,
    })
}

fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("a quiet evening".to_string()),
        Just("<b>&</b> \"quoted\"".to_string()),
        "[a-z ]{0,12}",
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    (1u8..=10, words()).prop_map(|(connection, note)| Answer {
        at: t0(),
        connection,
        feelings: vec!["calm".into()],
        need: None,
        note,
    })
}

/// A partner's half, given or not. Given, it is the same on every version
/// of its record (its value is its id's), as halves are in life: given
/// once, on one phone, and merged from there. (A half edited on one copy
/// while a newer copy lacks it may meet a third copy with its older words
/// in either order; see [`halves_may_differ`].)
fn half(id: &Id, who: u8, given: bool) -> Option<u8> {
    given.then(|| id.0.bytes().fold(who, |n, b| n.wrapping_mul(31).wrapping_add(b)) % 10 + 1)
}

fn given_answer(id: &Id, who: u8, given: bool) -> Option<Answer> {
    half(id, who, given).map(|connection| Answer {
        at: t0(),
        connection,
        feelings: vec!["calm".into()],
        need: None,
        note: "words given".repeat(usize::from(connection % 3)),
    })
}

fn checkin() -> impl Strategy<Value = CheckIn> {
    (meta(1), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(meta, a, b, closed)| CheckIn {
        a: given_answer(&meta.id, 0, a),
        b: given_answer(&meta.id, 1, b),
        meta,
        closed,
    })
}

fn appreciation() -> impl Strategy<Value = Appreciation> {
    (meta(2), words(), any::<bool>(), stamp()).prop_map(|(meta, text, private, seen_at)| Appreciation {
        meta,
        text,
        private,
        // Read at different times on different copies: the first one stays.
        seen_at,
    })
}

fn gesture() -> impl Strategy<Value = Gesture> {
    (meta(6), words(), any::<bool>(), any::<bool>()).prop_map(|(meta, note, done, noticed)| Gesture {
        to: meta.by.other(),
        kind: Kind::Glad,
        source: Source::Free,
        text: "a walk".into(),
        planned_for: None,
        state: if done || noticed {
            GestureState::Done { at: t0(), note }
        } else {
            GestureState::Planned
        },
        noticed: half(&meta.id, 2, noticed).map(|n| Noticed {
            at: t0(),
            reply: "x".repeat(usize::from(n)),
        }),
        meta,
    })
}

fn plan() -> impl Strategy<Value = Plan> {
    (meta(7), words(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(meta, note, done, a, b)| {
        let loved = |n: Option<u8>| "loved it ".repeat(usize::from(n.unwrap_or(0) % 3));
        let (closeness_a, closeness_b) = (half(&meta.id, 3, a), half(&meta.id, 4, b));
        Plan {
            idea: Id("04".repeat(16)),
            title: "a walk".into(),
            start: t0(),
            minutes: 60,
            note,
            state: if done || a || b {
                PlanState::Done { at: t0() }
            } else {
                PlanState::Planned
            },
            loved_a: loved(closeness_a),
            loved_b: loved(closeness_b),
            closeness_a,
            closeness_b,
            meta,
        }
    })
}

fn own_idea() -> impl Strategy<Value = OwnIdea> {
    (meta(3), words()).prop_map(|(meta, text)| OwnIdea {
        meta,
        kind: Kind::Thanks,
        text,
    })
}

fn idea() -> impl Strategy<Value = Idea> {
    (meta(4), words(), any::<bool>()).prop_map(|(meta, text, keep)| Idea {
        meta,
        text,
        tags: Tags::default(),
        from_deck: None,
        round: None,
        keep,
    })
}

fn dilemma() -> impl Strategy<Value = Dilemma> {
    (meta(5), words(), any::<bool>(), any::<bool>()).prop_filter_map("a dilemma", |(meta, share, a, b)| {
        let (by, id) = (meta.by, meta.id.clone());
        let mut d: Dilemma =
            serde_json::from_value(json!({ "meta": meta, "by": by, "share": share })).ok()?;
        (d.closeness_a, d.closeness_b) = (half(&id, 5, a), half(&id, 6, b));
        Some(d)
    })
}

fn couple() -> impl Strategy<Value = Option<Couple>> {
    prop::option::of((0i64..4, "[A-Z][a-z]{0,5}").prop_map(|(upd, name)| Couple {
        meta: Meta {
            id: Id("c0".repeat(16)),
            created_at: t0(),
            updated_at: t0() + Duration::hours(upd),
            by: Author::Both,
            deleted: false,
        },
        a: Partner {
            name,
            pronouns: String::new(),
        },
        b: None,
        struggles: vec![],
    }))
}

fn free_checkin() -> impl Strategy<Value = CheckIn> {
    (
        meta(1),
        prop::option::of(answer()),
        prop::option::of(answer()),
        any::<bool>(),
    )
        .prop_map(|(meta, a, b, closed)| CheckIn { meta, a, b, closed })
}

/// Whether every half given on a version in `xs` or `ys` is given in the
/// merge `m` (by `given`: which halves a version holds).
fn halves_kept<T: crate::domain::merge::Record>(
    xs: &crate::domain::record::Records<T>,
    ys: &crate::domain::record::Records<T>,
    m: &crate::domain::record::Records<T>,
    given: fn(&T) -> [bool; 2],
) -> bool {
    xs.iter().chain(ys.iter()).all(|x| {
        m.iter().find(|y| y.meta().id == x.meta().id).is_some_and(|y| {
            let (x, y) = (given(x), given(y));
            (!x[0] || y[0]) && (!x[1] || y[1])
        })
    })
}

/// One copy of each record per id, in the order a document keeps them.
fn tidy<T: crate::domain::merge::Record>(mut xs: Vec<T>) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    xs.retain(|r| seen.insert(r.meta().id.clone()));
    xs.sort_by(|a, b| (a.meta().created_at, &a.meta().id).cmp(&(b.meta().created_at, &b.meta().id)));
    xs
}

fn stamp() -> impl Strategy<Value = Option<DateTime<Utc>>> {
    prop::option::of((0i64..5).prop_map(|d| t0() + Duration::days(d)))
}

fn document() -> impl Strategy<Value = Document> {
    (
        couple(),
        prop::collection::vec(checkin(), 0..6),
        prop::collection::vec(appreciation(), 0..4),
        prop::collection::vec(own_idea(), 0..3),
        prop::collection::vec(idea(), 0..4),
        prop::collection::vec(dilemma(), 0..3),
        (stamp(), stamp()),
        prop::collection::vec(gesture(), 0..3),
        prop::collection::vec(plan(), 0..3),
    )
        .prop_map(
            |(couple, checkins, apps, own, ideas, dilemmas, (backup, snooze), gestures, plans)| {
                let mut d = Document {
                    couple,
                    last_backup_at: backup,
                    backup_snoozed_until: snooze,
                    ..Document::default()
                };
                d.checkins.items = tidy(checkins).into();
                d.gestures.appreciations = tidy(apps).into();
                d.gestures.own_ideas = tidy(own).into();
                d.us_time.ideas = tidy(ideas).into();
                d.dilemmas.items = tidy(dilemmas).into();
                d.gestures.items = tidy(gestures).into();
                d.us_time.plans = tidy(plans).into();
                d
            },
        )
}

fn backup_of(doc: &Document) -> Document {
    let text = encode_backup(doc, t0());
    match inspect(&text, text.len()) {
        Ok(Inspected::Ready(b)) => b.doc,
        other => panic!("a backup we wrote did not read back: {other:?}"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn merge_is_commutative(a in document(), b in document()) {
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
    }

    #[test]
    fn merge_is_associative(a in document(), b in document(), c in document()) {
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
    }

    #[test]
    fn merge_is_idempotent(a in document()) {
        // With itself (sharing every record) and with an equal copy that
        // shares nothing, so the merge's pick by id is what is tested.
        let copy: Document = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(merge(&a, &copy), a.clone());
        prop_assert_eq!(merge(&a, &a), a);
    }

    /// A backup round-trips, merging it back into the data it came from
    /// changes nothing, and neither does merging it into that data after
    /// later changes.
    #[test]
    fn merging_a_backup_into_its_source_changes_nothing(a in document(), later in document()) {
        let b = backup_of(&a);
        prop_assert_eq!(&b, &a);
        prop_assert_eq!(merge(&a, &b), a.clone());
        let moved_on = merge(&a, &later);
        prop_assert_eq!(merge(&moved_on, &b), moved_on);
    }

    /// A backup, or the stored text, written a piece at a time, whatever
    /// the pieces' size, is the very text written at once.
    #[test]
    fn a_backup_in_pieces_is_the_backup(a in document(), bytes in 1usize..600) {
        let mut pieces = Pieces::backup(&a, t0(), bytes);
        let joined: Vec<u8> = pieces.by_ref().flatten().collect();
        prop_assert!(!pieces.failed());
        prop_assert_eq!(String::from_utf8(joined).unwrap(), encode_backup(&a, t0()));
        let mut pieces = Pieces::document(&a, bytes);
        let joined: Vec<u8> = pieces.by_ref().flatten().collect();
        prop_assert!(!pieces.failed());
        prop_assert_eq!(String::from_utf8(joined).unwrap(), encode(&a));
    }

    /// Deletions are respected: a record deleted on either side at its newest
    /// stays deleted.
    #[test]
    fn a_newest_tombstone_wins(a in document(), b in document()) {
        let m = merge(&a, &b);
        for c in a.checkins.items.iter().chain(b.checkins.items.iter()) {
            let newest = a.checkins.items.iter().chain(b.checkins.items.iter())
                .filter(|x| x.meta.id == c.meta.id)
                .map(|x| x.meta.updated_at)
                .max();
            let all_newest_deleted = a.checkins.items.iter().chain(b.checkins.items.iter())
                .filter(|x| x.meta.id == c.meta.id && Some(x.meta.updated_at) == newest)
                .all(|x| x.meta.deleted);
            if all_newest_deleted {
                let kept = m.checkins.items.iter().find(|x| x.meta.id == c.meta.id);
                prop_assert!(kept.is_some_and(|x| x.meta.deleted));
            }
        }
    }

    /// A partner's half given on any copy (an answer, a reflection, a
    /// closeness, a gesture noticed) is in the merge, whichever copy is the
    /// newer, and an appreciation read on any copy is read, from the first
    /// time it was opened.
    #[test]
    fn a_given_half_is_never_lost(a in document(), b in document()) {
        let m = merge(&a, &b);
        prop_assert!(halves_kept(&a.checkins.items, &b.checkins.items, &m.checkins.items, |c| [c.a.is_some(), c.b.is_some()]));
        prop_assert!(halves_kept(&a.us_time.plans, &b.us_time.plans, &m.us_time.plans, |p| [p.closeness_a.is_some(), p.closeness_b.is_some()]));
        prop_assert!(halves_kept(&a.dilemmas.items, &b.dilemmas.items, &m.dilemmas.items, |d| [d.closeness_a.is_some(), d.closeness_b.is_some()]));
        prop_assert!(halves_kept(&a.gestures.items, &b.gestures.items, &m.gestures.items, |g| [g.noticed.is_some(), true]));
        for x in m.gestures.appreciations.iter() {
            let first = a.gestures.appreciations.iter().chain(b.gestures.appreciations.iter())
                .filter(|y| y.meta.id == x.meta.id)
                .filter_map(|y| y.seen_at)
                .min();
            prop_assert_eq!(x.seen_at, first);
        }
    }

    /// Halves given differently on different copies (one edited since, or
    /// given twice on two phones): the merge still does not depend on which
    /// side is which, a copy merged with itself is the same, and it keeps
    /// every half either copy has (the newer copy's where both do). Which of
    /// two different older answers fills a newer copy's gap may depend on
    /// the order three copies meet in; both copies agree once they have
    /// met.
    #[test]
    fn halves_may_differ(a in prop::collection::vec(free_checkin(), 0..4), b in prop::collection::vec(free_checkin(), 0..4)) {
        let doc = |xs: Vec<CheckIn>| {
            let mut d = Document::default();
            d.checkins.items = tidy(xs).into();
            d
        };
        let (a, b) = (doc(a), doc(b));
        let m = merge(&a, &b);
        prop_assert_eq!(&m, &merge(&b, &a));
        prop_assert_eq!(merge(&m, &a), m.clone());
        prop_assert_eq!(merge(&a, &a), a.clone());
        prop_assert!(halves_kept(&a.checkins.items, &b.checkins.items, &m.checkins.items, |c| [c.a.is_some(), c.b.is_some()]));
        // The newer copy's own answers are the ones kept.
        for x in m.checkins.items.iter() {
            let versions = || a.checkins.items.iter().chain(b.checkins.items.iter()).filter(|y| y.meta.id == x.meta.id);
            let newest = versions().map(|y| y.meta.updated_at).max();
            let mut newest = versions().filter(|y| Some(y.meta.updated_at) == newest);
            if let (Some(y), None) = (newest.next(), newest.next()) {
                prop_assert!(y.a.is_none() || y.a == x.a);
                prop_assert!(y.b.is_none() || y.b == x.b);
            }
        }
    }

    // ---- fuzzing the import validator, the decoder and the migrations ----

    #[test]
    fn any_text_is_inspected_without_panic(text in ".{0,400}") {
        check_inspect(&text);
        let _ = decode(Some(&text));
    }

    #[test]
    fn any_bytes_are_inspected_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        check_inspect(&text);
        let _ = decode(Some(&text));
    }

    #[test]
    fn a_cut_off_backup_is_refused_as_truncated(doc in document(), cut in any::<prop::sample::Index>()) {
        let text = encode_backup(&doc, t0());
        let mut at = cut.index(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let part = &text[..at];
        match inspect(part, part.len()) {
            Err(ImportError::Truncated) | Err(ImportError::Empty) => {}
            other => prop_assert!(false, "cut at {} of {}: {:?}", at, text.len(), other),
        }
    }

    /// Read a piece at a time, a backup is what `inspect` reads, and so is
    /// one with a piece of JSON's own punctuation put anywhere in it.
    #[test]
    fn a_backup_read_in_pieces_is_the_backup(
        doc in document(),
        bytes in 1usize..600,
        at in any::<prop::sample::Index>(),
        put in prop::sample::select(vec!["", ",", "[", "]", "{", "}", "\"", ":", " ", "\u{c}", "\\", "1", "null"]),
    ) {
        let text = encode_backup(&doc, t0());
        let (read, _) = read_in_pieces(&text, bytes);
        prop_assert_eq!(read, Ok(Inspected::Ready(Backup { doc, exported_at: Some(t0()), from_schema: SCHEMA })));
        let mut at = at.index(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let changed = format!("{}{put}{}", &text[..at], &text[at..]);
        prop_assert_eq!(read_in_pieces(&changed, bytes).0, inspect(&changed, changed.len()));
    }

    #[test]
    fn a_backup_with_flipped_bytes_never_panics(
        doc in document(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = encode_backup(&doc, t0()).into_bytes();
        for (i, x) in flips {
            let at = i.index(bytes.len());
            bytes[at] ^= x | 1;
        }
        let text = String::from_utf8_lossy(&bytes);
        check_inspect(&text);
    }

    #[test]
    fn a_backup_with_any_schema_number_is_typed(doc in document(), schema in prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,8}".prop_map(Value::from),
        Just(Value::Null),
    ]) {
        let mut v: Value = serde_json::from_str(&encode_backup(&doc, t0())).unwrap_or_default();
        v["document"]["schema"] = schema.clone();
        let text = v.to_string();
        match inspect(&text, text.len()) {
            Ok(Inspected::Ready(b)) => {
                prop_assert!(schema.as_u64().is_some_and(|s| (1..=u64::from(SCHEMA)).contains(&s)));
                prop_assert_eq!(b.doc.schema, SCHEMA);
            }
            Err(ImportError::FutureSchema { schema: s }) => prop_assert!(s > u64::from(SCHEMA)),
            Err(ImportError::Invalid { .. }) => {}
            other => prop_assert!(false, "{:?} for schema {}", other, schema),
        }
    }

    #[test]
    fn migrations_never_panic_on_any_json(value in json_value(), from in 0u32..(SCHEMA + 3)) {
        if let Ok(v) = migrate(value.clone(), from) {
            if from >= 1 {
                prop_assert!(from >= SCHEMA || v["schema"] == json!(SCHEMA));
            }
        }
        let mut doc = value;
        if let Some(o) = doc.as_object_mut() {
            o.insert("schema".into(), json!(from));
        }
        let raw = doc.to_string();
        let _ = decode(Some(&raw));
        check_inspect(&raw);
    }
}

/// Whatever `inspect` says must be a typed outcome with words for people; a
/// document it accepts must save and read back as the same document.
fn check_inspect(text: &str) {
    let whole = inspect(text, text.len());
    // Read a piece at a time, the answer is the same, whatever the pieces.
    for piece in [1, 40] {
        assert_eq!(read_in_pieces(text, piece).0, whole, "{piece}: {text}");
    }
    match whole {
        Ok(Inspected::Ready(b)) => {
            assert_eq!(b.doc.schema, SCHEMA);
            assert_eq!(
                decode(Some(&encode(&b.doc))),
                Decoded::Ready {
                    doc: b.doc,
                    from: SCHEMA
                }
            );
        }
        Ok(Inspected::Sealed(s)) => assert_eq!(s, text),
        Err(e) => assert!(e.message().ends_with("Nothing here was changed.")),
    }
}

/// Arbitrary JSON, with keys from the document's own vocabulary so that the
/// migrations and the document's shape are reached, not only rejected.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("schema".to_string()),
        Just("couple".to_string()),
        Just("checkins".to_string()),
        Just("items".to_string()),
        Just("gestures".to_string()),
        Just("dilemmas".to_string()),
        Just("us_time".to_string()),
        Just("meta".to_string()),
        Just("id".to_string()),
        Just("hearth_backup".to_string()),
        Just("document".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".{0,10}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
