//! Prints a generated couple's data as the compact JSON Hearth saves, for the
//! "ten years of data" benchmark and for trying the app with a full history:
//!
//! ```sh
//! cargo run --release --example decade -- [years] [seed] > decade.json
//! ```
//!
//! Starts on 2016-12-01T08:00:00Z; ten years and seed 42 unless told.

use std::io::Write;

use chrono::{TimeZone, Utc};
use hearth::domain::generate::decade;
use hearth::store::codec::encode;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut number = |name: &str, default: u64| match args.next() {
        None => default,
        Some(s) => s.parse().unwrap_or_else(|_| {
            eprintln!("usage: decade [years] [seed]  ({name} must be a whole number, got {s:?})");
            std::process::exit(2);
        }),
    };
    let years = number("years", 10);
    let seed = number("seed", 42);
    let Ok(years) = u32::try_from(years) else {
        eprintln!("usage: decade [years] [seed]  (years is too large)");
        std::process::exit(2);
    };
    let start = Utc.with_ymd_and_hms(2016, 12, 1, 8, 0, 0).unwrap();
    let json = encode(&decade(seed, start, years));
    let mut out = std::io::stdout().lock();
    if out.write_all(json.as_bytes()).and_then(|_| out.flush()).is_err() {
        std::process::exit(1);
    }
}
