//! What reading a decade's stored parts back costs, step by step, on this
//! machine (the wasm build in a browser is about three times slower):
//!
//! ```sh
//! cargo run --release --example read_cost
//! ```
//!
//! Every page but Today waits for this when opened directly, and Today does
//! it in the background; `make bench` measures it in the browser.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use hearth::domain::dates::parse_rfc3339;
use hearth::domain::document::Document;
use hearth::domain::generate::decade;
use hearth::store::backup::Reading;
use hearth::store::codec::{encode_backup, PIECE_BYTES};
use hearth::store::{parts, sealed};

/// The fastest of a few runs: this machine is shared, so the others are noise.
fn time<R>(label: &str, mut f: impl FnMut() -> R) {
    let best = (0..7)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or(Duration::ZERO);
    println!("{:>9.3} ms  {label}", best.as_secs_f64() * 1000.0);
}

fn main() {
    let start = Utc.with_ymd_and_hms(2016, 12, 1, 8, 0, 0).unwrap();
    let doc = decade(42, start, 10);
    // As stored: each part's JSON, packed (LZ4, then base64); the JSON is
    // kept too, in the same (name) order.
    let encoded = parts::encode(&doc, None);
    let stored: Vec<(String, String)> = encoded
        .iter()
        .map(|(name, json)| (name.clone(), parts::pack(json)))
        .collect();
    let jsons: Vec<String> = encoded.into_values().collect();
    let bytes: usize = stored.iter().map(|(_, s)| s.len()).sum();
    println!("{} parts, {bytes} bytes stored", stored.len());
    let moments: Vec<&str> = jsons
        .iter()
        .flat_map(|j| j.split('"'))
        .filter(|s| s.len() >= 20 && s.as_bytes()[10] == b'T' && parse_rfc3339(s).is_some())
        .collect();

    time("base64, every part", || {
        stored
            .iter()
            .map(|(_, s)| {
                sealed::base64_decode(&s[s.find(':').unwrap() + 1..])
                    .unwrap()
                    .len()
            })
            .sum::<usize>()
    });
    time("unpack (base64, LZ4, UTF-8), every part", || {
        stored
            .iter()
            .map(|(_, s)| parts::unpack(s).unwrap().len())
            .sum::<usize>()
    });
    time("records from JSON, every part", || {
        let mut doc = Document::default();
        for ((name, _), json) in stored.iter().zip(&jsons) {
            parts::decode_into(&mut doc, name, json).unwrap();
        }
        doc
    });
    time(
        &format!("…of which the {} stored moments", moments.len()),
        || moments.iter().filter_map(|s| parse_rfc3339(s)).count(),
    );
    let sealed_size: Vec<u8> = (0..1_000_000u32).map(|i| ((i * 7919) >> 3) as u8).collect();
    time("base64 of 1 MB, as the lock seals the whole document", || {
        sealed::base64_encode(&sealed_size).len()
    });
    time("tags, every part", || {
        stored.iter().map(|(_, s)| parts::tag(s)).collect::<Vec<_>>()
    });
    // Bringing the decade's backup back: the first piece finds where the
    // lists sit in the whole text; the rest reads the records, piece by piece.
    let backup = encode_backup(&doc, start);
    time(
        &format!("checking the backup ({} bytes), its first piece", backup.len()),
        || {
            Reading::new(backup.clone(), backup.len(), PIECE_BYTES)
                .step()
                .is_none()
        },
    );
    time("checking the backup, every piece", || {
        let mut reading = Reading::new(backup.clone(), backup.len(), PIECE_BYTES);
        loop {
            if let Some(done) = reading.step() {
                break done.is_ok();
            }
        }
    });
}
