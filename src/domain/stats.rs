//! What the Journey shows: readings over a range, the chart's geometry, and
//! the feelings and needs each partner named most. Never a comparison score.

use chrono::{DateTime, Duration, Utc};

use super::checkin::{CheckIns, Need, Status, CONNECTION_MAX, CONNECTION_MIN};
use super::record::Author;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    FourWeeks,
    SixMonths,
    All,
}

impl Range {
    pub const ALL: [Range; 3] = [Range::FourWeeks, Range::SixMonths, Range::All];

    pub fn label(self) -> &'static str {
        match self {
            Range::FourWeeks => "4 weeks",
            Range::SixMonths => "6 months",
            Range::All => "All",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Range::FourWeeks => "4w",
            Range::SixMonths => "6m",
            Range::All => "all",
        }
    }

    /// The first moment inside the range (`None`: since the beginning).
    pub fn since(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Range::FourWeeks => Some(now - Duration::weeks(4)),
            Range::SixMonths => Some(now - Duration::days(183)),
            Range::All => None,
        }
    }
}

/// One partner's revealed readings in the range, oldest first.
pub fn series(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
) -> Vec<(DateTime<Utc>, u8)> {
    c.live()
        .filter(|ci| ci.status(solo) == Status::Revealed)
        .filter_map(|ci| ci.answer(who))
        .filter(|a| since.is_none_or(|s| a.at >= s))
        .map(|a| (a.at, a.connection))
        .collect()
}

/// Averages readings into at most `max` equal time buckets, so a decade of
/// daily check-ins draws as a calm line rather than 7,000 points.
pub fn bucket(points: &[(DateTime<Utc>, u8)], max: usize) -> Vec<(DateTime<Utc>, f32)> {
    if points.len() <= max || max == 0 {
        return points.iter().map(|(t, v)| (*t, *v as f32)).collect();
    }
    let (t0, t1) = (points[0].0, points[points.len() - 1].0);
    let span = (t1 - t0).num_seconds().max(1) as f64;
    let mut sums = vec![(0f64, 0f64, 0u32); max];
    for (t, v) in points {
        let i = (((*t - t0).num_seconds() as f64 / span) * (max as f64 - 1.0)).round() as usize;
        let b = &mut sums[i.min(max - 1)];
        b.0 += (*t - t0).num_seconds() as f64;
        b.1 += *v as f64;
        b.2 += 1;
    }
    sums.into_iter()
        .filter(|b| b.2 > 0)
        .map(|(secs, sum, n)| {
            (
                t0 + Duration::seconds((secs / n as f64) as i64),
                (sum / n as f64) as f32,
            )
        })
        .collect()
}

/// Maps readings into an SVG box: x by time across `[x0, x1]`, y with 10 at
/// the top. Returns points in drawing order.
pub fn plot(
    points: &[(DateTime<Utc>, f32)],
    t0: DateTime<Utc>,
    t1: DateTime<Utc>,
    width: f32,
    height: f32,
) -> Vec<(f32, f32)> {
    let span = (t1 - t0).num_seconds().max(1) as f32;
    let (lo, hi) = (CONNECTION_MIN as f32, CONNECTION_MAX as f32);
    points
        .iter()
        .map(|(t, v)| {
            let x = ((*t - t0).num_seconds() as f32 / span).clamp(0.0, 1.0) * width;
            let y = (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo)) * height;
            ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
        })
        .collect()
}

pub fn average(points: &[(DateTime<Utc>, u8)]) -> Option<f32> {
    (!points.is_empty()).then(|| points.iter().map(|(_, v)| *v as f32).sum::<f32>() / points.len() as f32)
}

/// The feelings one partner named most in the range, most frequent first
/// (ties alphabetical, so the list is stable).
pub fn top_feelings(
    c: &CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
    n: usize,
) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in answers(c, who, solo, since) {
        for f in &a.feelings {
            *counts.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// How often each need was named, most frequent first.
pub fn top_needs(c: &CheckIns, who: Author, solo: bool, since: Option<DateTime<Utc>>) -> Vec<(Need, usize)> {
    let mut counts = [0usize; 4];
    for a in answers(c, who, solo, since) {
        if let Some(n) = a.need {
            counts[Need::ALL.iter().position(|x| *x == n).unwrap_or(0)] += 1;
        }
    }
    let mut v: Vec<(Need, usize)> = Need::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn answers<'a>(
    c: &'a CheckIns,
    who: Author,
    solo: bool,
    since: Option<DateTime<Utc>>,
) -> impl Iterator<Item = &'a super::checkin::Answer> {
    c.live()
        .filter(move |ci| ci.status(solo) == Status::Revealed)
        .filter_map(move |ci| ci.answer(who))
        .filter(move |a| since.is_none_or(|s| a.at >= s))
}

/// A sentence a screen reader reads in place of the chart.
pub fn summary(name: &str, points: &[(DateTime<Utc>, u8)]) -> String {
    match (points.first(), points.last(), average(points)) {
        (Some(first), Some(last), Some(avg)) if points.len() > 1 => format!(
            "{name}: {} readings, on average {avg:.1} out of 10; the first was {}, the latest {}.",
            points.len(),
            first.1,
            last.1
        ),
        (Some(only), _, _) => format!("{name}: one reading, {} out of 10.", only.1),
        _ => format!("{name}: no readings in this range yet."),
    }
}
