//! What each page's domain work costs over the generated decade, on this
//! machine (the wasm build in a browser is a few times slower):
//!
//! ```sh
//! cargo run --release --example page_cost
//! ```
//!
//! A guide for finding what makes a page slow; the render budgets themselves
//! are measured in the browser by `make bench`.

use std::hint::black_box;
use std::time::Instant;

use chrono::{FixedOffset, TimeZone, Utc};
use hearth::domain::generate::decade;
use hearth::domain::record::Seeded;
use hearth::domain::stats::{self, Range};
use hearth::domain::{backup, gestures, today, us_time, Author, Ctx};

fn time<R>(label: &str, f: impl Fn() -> R) {
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!("{each:>9.3} ms  {label}");
}

fn main() {
    let start = Utc.with_ymd_and_hms(2016, 12, 1, 8, 0, 0).unwrap();
    let doc = decade(42, start, 10);
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let offset = |_| FixedOffset::east_opt(0).unwrap();
    let filter = us_time::Filter::default();
    time("Document clone (its collections are shared, not copied)", || {
        doc.clone()
    });
    println!("Today");
    time("  today::next_step", || today::next_step(&doc, now));
    time("  backup::should_remind", || backup::should_remind(&doc, now));
    time("  checkins.latest A + B", || {
        (
            doc.checkins.latest(Author::A, false).cloned(),
            doc.checkins.latest(Author::B, false).cloned(),
        )
    });
    time("  gestures.to_notice_for + unseen_for A + B", || {
        [Author::A, Author::B].map(|p| {
            (
                doc.gestures.to_notice_for(p, false).len(),
                doc.gestures.unseen_for(p, false).len(),
            )
        })
    });
    time("  us_time.upcoming + rhythm_summary", || {
        (
            doc.us_time.upcoming(now).len(),
            us_time::rhythm_summary(&doc.us_time, now, &offset),
        )
    });
    time("  today::reads (on each save, for the head)", || {
        today::reads(&doc, now).checkins.len()
    });
    println!("Check in");
    time("  checkins.waiting", || doc.checkins.waiting(false).is_some());
    println!("Gestures");
    time("  this_week A + B", || {
        [Author::A, Author::B]
            .map(|p| gestures::week_sentence(&gestures::this_week(&doc.gestures, p, now, &offset)))
    });
    time("  planned_by A", || doc.gestures.planned_by(Author::A).len());
    time("  readable_by A", || {
        doc.gestures.readable_by(Some(Author::A), false).len()
    });
    time("  surprise", || {
        gestures::surprise(&doc.gestures, gestures::Filter::default(), now, 7).is_some()
    });
    println!("Us time");
    time("  to_vote A + B", || {
        (
            doc.us_time.to_vote(Author::A).len(),
            doc.us_time.to_vote(Author::B).len(),
        )
    });
    time("  matches", || doc.us_time.matches(&filter, false).len());
    time("  to_reflect", || doc.us_time.to_reflect(now).len());
    println!("Journey (range: all)");
    let since = Range::All.since(now);
    time("  series A + B", || {
        (
            stats::series(&doc.checkins, Author::A, false, since),
            stats::series(&doc.checkins, Author::B, false, since),
        )
    });
    time("  top_feelings + top_needs A + B", || {
        [Author::A, Author::B].map(|p| {
            (
                stats::top_feelings(&doc.checkins, p, false, since, 5),
                stats::top_needs(&doc.checkins, p, false, since),
            )
        })
    });
    time("  live count + newest 20 cloned", || {
        (
            doc.checkins.live().count(),
            doc.checkins.live().rev().take(20).cloned().collect::<Vec<_>>(),
        )
    });
    println!("An edit and the vault's share of its save");
    let mut rng = Seeded(7);
    let mut random = || rng.bytes16();
    let mut ctx = Ctx::new(now, &mut random);
    let mut edited = doc.clone();
    edited
        .gestures
        .write_appreciation(&mut ctx, Author::A, "You listened.", false)
        .expect("a valid note");
    time(
        "  a copy + one journal entry (what AppState::change does)",
        || {
            let mut copy = doc.clone();
            copy.gestures
                .appreciations
                .push(edited.gestures.appreciations.last().cloned().unwrap());
            copy
        },
    );
    time("  store::parts::changed (after that entry)", || {
        hearth::store::parts::changed(&doc, &edited).len()
    });
    time(
        "  a copy + one more check-in (the list of 7,300 pointers is copied)",
        || {
            let mut copy = doc.clone();
            copy.checkins.items.push(doc.checkins.items[100].clone());
            copy
        },
    );
    let mut grown = doc.clone();
    grown
        .checkins
        .items
        .push(doc.checkins.items[doc.checkins.items.len() - 1].clone());
    let names = hearth::store::parts::changed(&doc, &grown);
    time("  store::parts::encode (the one month that changed)", || {
        hearth::store::parts::encode(&grown, Some(&names))
    });
    time("  store::parts::today_parts (Home's list in the head)", || {
        hearth::store::parts::today_parts(&grown, now)
    });
    let mut touched = doc.clone();
    touched.checkins.items[100].meta.touch(now);
    time("  store::parts::changed (one check-in of 7,300 edited)", || {
        hearth::store::parts::changed(&doc, &touched).len()
    });
    println!("Settings");
    time("  backup::count_phrases", || backup::count_phrases(&doc));
    time("  inventory", || doc.inventory());
    time("  store::codec::encode_backup (Download a backup)", || {
        hearth::store::codec::encode_backup(&doc, now).len()
    });
    time("  domain::markdown::render (Download our words)", || {
        hearth::domain::markdown::render(&doc, now, &offset).len()
    });
}
