//! What a page computes on each render must stay cheap with ten years of
//! data (`generate::decade`). Each check times the function against the
//! costly way it was once done (or a save's JSON of the whole document),
//! fastest of several runs taken in turn on the same machine, so a busy
//! machine slows both alike; the margins are several times what is asserted.

use std::hint::black_box;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};

use super::generate::decade;
use super::{backup, us_time, Author, Document};

fn doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| decade(42, Utc.with_ymd_and_hms(2016, 12, 1, 8, 0, 0).unwrap(), 10))
}

/// The fastest of several runs of each of `a` and `b`, taken in turn so
/// that whatever else the machine does slows both alike. One comparison at
/// a time in this file.
fn fastest<A, B>(a: impl Fn() -> A, b: impl Fn() -> B) -> (Duration, Duration) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let (mut ta, mut tb) = (Duration::MAX, Duration::MAX);
    for _ in 0..9 {
        ta = ta.min(time(&|| {
            black_box(a());
        }));
        tb = tb.min(time(&|| {
            black_box(b());
        }));
    }
    (ta, tb)
}

#[test]
fn counting_what_a_backup_holds_is_cheaper_than_copying_the_records() {
    let d = doc();
    let (counts, json) = fastest(|| backup::counts(d), || serde_json::to_string(d).map(|s| s.len()));
    assert!(
        counts * 4 < json,
        "counts took {counts:?}, the document as JSON {json:?}"
    );
}

#[test]
fn ideas_to_vote_on_are_found_in_one_pass_over_the_votes() {
    let u = &doc().us_time;
    // What `to_vote` did before: look each idea's vote up among all votes.
    let one_at_a_time = |who: Author| {
        u.ideas_live()
            .filter(|i| u.vote_of(&i.meta.id, who).is_none())
            .collect::<Vec<_>>()
    };
    for who in [Author::A, Author::B] {
        assert_eq!(u.to_vote(who), one_at_a_time(who));
    }
    // Matches read the same votes.
    let both = |i: &us_time::Idea| {
        Some((
            u.vote_of(&i.meta.id, Author::A)?,
            u.vote_of(&i.meta.id, Author::B)?,
        ))
    };
    let matched = u.matches(&us_time::Filter::default(), false);
    assert!(!matched.is_empty());
    for (i, _) in &matched {
        let (a, b) = both(i).expect("both voted");
        assert!(
            a != us_time::VoteKind::NotNow && b != us_time::VoteKind::NotNow,
            "{a:?} {b:?}"
        );
    }
    // A date done leaves the matches, unless it was kept for another time.
    let gone = |i: &us_time::Idea| {
        !i.keep
            && u.plans_live()
                .any(|p| p.idea == i.meta.id && p.done_at().is_some())
    };
    let expected = u
        .ideas_live()
        .filter(|i| {
            !gone(i)
                && both(i)
                    .is_some_and(|(a, b)| a != us_time::VoteKind::NotNow && b != us_time::VoteKind::NotNow)
        })
        .count();
    assert!(u.ideas_live().any(gone), "the decade has dates done and not kept");
    assert_eq!(matched.len(), expected);
    let (pass, lookups) = fastest(
        || (u.to_vote(Author::A), u.to_vote(Author::B)),
        || (one_at_a_time(Author::A), one_at_a_time(Author::B)),
    );
    assert!(
        pass * 2 < lookups,
        "{} ideas, {} votes: {pass:?}, one lookup per idea {lookups:?}",
        u.ideas.len(),
        u.votes.len()
    );
}
