//! The real localStorage adapter, in headless Chromium (wasm-bindgen-test):
//! verified writes, a full quota, and damaged data kept under a backup key.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use hearth::domain::couple::Partner;
use hearth::domain::record::Seeded;
use hearth::domain::{Ctx, Document};
use hearth::store::browser::BrowserStorage;
use hearth::store::vault::Backend;
use hearth::store::{Notice, OpenMode, SaveError, StorageError, Vault, DAMAGED_PREFIX, DOC_KEY, PREFIX};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .unwrap()
        .to_utc()
}

fn raw() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every test starts from an empty localStorage.
fn clean() {
    raw().clear().unwrap();
}

fn couple_doc(name: &str) -> Document {
    let mut rng = Seeded(11);
    let mut gen = || rng.bytes16();
    let mut ctx = Ctx::new(now(), &mut gen);
    let mut doc = Document::default();
    doc.set_couple(
        &mut ctx,
        Partner {
            name: name.into(),
            pronouns: String::new(),
        },
        None,
        vec![],
    );
    doc
}

#[wasm_bindgen_test]
fn a_save_is_read_back_from_real_local_storage() {
    clean();
    let opened = Vault::open(BrowserStorage::open().unwrap(), now());
    assert!(opened.notices.is_empty());
    let mut vault = opened.vault;
    let doc = couple_doc("Sam \u{2764} «Zoë»");
    vault.save(&doc).unwrap();
    let stored = raw().get_item(DOC_KEY).unwrap().unwrap();
    assert!(stored.contains("Zoë"));
    let again = Vault::open(BrowserStorage::open().unwrap(), now());
    assert_eq!(again.doc, doc);
    assert!(raw().key(0).unwrap().unwrap().starts_with(PREFIX));
    clean();
}

#[wasm_bindgen_test]
fn a_full_quota_is_reported_and_the_earlier_save_survives() {
    clean();
    let mut vault = Vault::open(BrowserStorage::open().unwrap(), now()).vault;
    let first = couple_doc("Sam");
    vault.save(&first).unwrap();

    // Fill the origin's quota with filler keys until the browser refuses.
    let mut storage = BrowserStorage::open().unwrap();
    let chunk = "x".repeat(256 * 1024);
    let mut full = false;
    for i in 0..200 {
        match storage.set(&format!("filler:{i}"), &chunk) {
            Ok(()) => {}
            Err(StorageError::Full) => {
                full = true;
                break;
            }
            Err(other) => panic!("expected a quota error, got {other:?}"),
        }
    }
    assert!(full, "localStorage never reported QuotaExceededError");
    // Top up with ever smaller pieces until not even one character fits.
    let mut n = 0;
    for size in [16 * 1024, 1024, 64, 1] {
        let piece = "y".repeat(size);
        while storage.set(&format!("f{n}"), &piece).is_ok() {
            n += 1;
        }
    }

    let bigger = couple_doc(&"Samira ".repeat(5));
    assert_eq!(vault.save(&bigger), Err(SaveError::Full));
    let kept = Vault::open(BrowserStorage::open().unwrap(), now());
    assert_eq!(kept.doc, first);
    clean();
}

#[wasm_bindgen_test]
fn damaged_data_is_copied_to_a_backup_key_untouched() {
    clean();
    let damaged = "{\"schema\":1,\"couple\":{\"a\":";
    raw().set_item(DOC_KEY, damaged).unwrap();
    let opened = Vault::open(BrowserStorage::open().unwrap(), now());
    let key = match &opened.notices[..] {
        [Notice::Damaged {
            backup_key: Some(k), ..
        }] => k.clone(),
        other => panic!("{other:?}"),
    };
    assert!(key.starts_with(DAMAGED_PREFIX));
    assert_eq!(raw().get_item(&key).unwrap().as_deref(), Some(damaged));
    assert_eq!(opened.vault.mode(), &OpenMode::ReadWrite);
    clean();
}

#[wasm_bindgen_test]
fn storage_used_is_counted_in_utf16_as_browsers_count_it() {
    clean();
    let mut b = BrowserStorage::open().unwrap();
    // Two code units for the emoji, one for "é": as `String.length` says.
    b.set("hearth:note", "é😀ab").unwrap();
    b.set("other:app", "not ours").unwrap();
    assert_eq!(b.len("hearth:note"), 5);
    assert_eq!(b.len("hearth:absent"), 0);
    let v = Vault::open(b, now()).vault;
    assert_eq!(v.bytes_used(), ("hearth:note".len() + 5) * 2);
    clean();
}

#[wasm_bindgen_test]
fn stored_text_of_every_kind_reads_back_as_it_was_written() {
    clean();
    let mut b = BrowserStorage::open().unwrap();
    // ASCII only, text that turns multi-byte at the start, in the middle,
    // at the very end, and long (a way of reading stored text that was
    // tried copied one byte a character first, which this would catch).
    let long_base64 = "QUJD+/=".repeat(40_000);
    let mixed_long = format!("{}é{}日本😀", "a".repeat(100_000), "z".repeat(3));
    for text in [
        "",
        "plain",
        long_base64.as_str(),
        "é",
        "😀 first",
        "in the ✿ middle",
        "ends with 😀",
        mixed_long.as_str(),
    ] {
        b.set("hearth:text", text).unwrap();
        assert_eq!(
            b.get("hearth:text").unwrap().as_deref(),
            Some(text),
            "{:.40}",
            text
        );
    }
    assert_eq!(b.get("hearth:absent").unwrap(), None);
    // A lone surrogate (only JS can write one) comes back as U+FFFD.
    let lone = js_sys::eval("localStorage.setItem('hearth:text', 'a\\uD800b')");
    assert!(lone.is_ok());
    assert_eq!(b.get("hearth:text").unwrap().as_deref(), Some("a\u{FFFD}b"));
    clean();
}

/// Words typed and not saved yet (sessionStorage): when the browser will
/// not keep the new words, the older ones go too, so a reload never brings
/// back words already saved or overtaken; and one field's huge paste costs
/// the other fields nothing.
#[wasm_bindgen_test]
fn unsent_words_the_browser_will_not_keep_leave_nothing_older_behind() {
    use hearth::store::browser::unsent;
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    unsent::write(&[pair("journal", "first words")]);
    assert_eq!(unsent::read(), vec![pair("journal", "first words")]);
    // Far past any browser's quota for sessionStorage (5 MB or so).
    let too_long = "x".repeat(12 * 1024 * 1024);
    unsent::write(&[pair("journal", &too_long)]);
    assert_eq!(unsent::read(), Vec::new());
    // Beside other fields' words: only the one too long is left out.
    unsent::write(&[
        pair("moment", "at dinner"),
        pair("journal", &too_long),
        pair("idea", "a picnic"),
    ]);
    assert_eq!(
        unsent::read(),
        vec![pair("moment", "at dinner"), pair("idea", "a picnic")]
    );
    unsent::write(&[pair("journal", "again")]);
    assert_eq!(unsent::read(), vec![pair("journal", "again")]);
    unsent::write(&[]);
    assert_eq!(unsent::read(), Vec::new());
}
