//! How Hearth writes dates and times (a handful of fixed English formats)
//! and reads them back (inputs, stored moments), by hand. chrono's
//! `format("%…")` and its parser would do the same, but their machinery (a
//! parser for the pattern plus every specifier, or for every format item)
//! costs the wasm more than all of these together (issue #9), so nothing
//! outside the host tests below calls them.
//!
//! Every function takes any chrono date (or date and time), so the caller
//! chooses the zone: `t.with_timezone(&Local)` for what the couple reads,
//! UTC for file names and calendar stamps.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn digits(out: &mut String, n: u32, width: usize) {
    let s = n.to_string();
    for _ in s.len()..width {
        out.push('0');
    }
    out.push_str(&s);
}

fn year(out: &mut String, d: &impl Datelike) {
    let y = d.year();
    if y < 0 {
        out.push('-');
    }
    digits(out, y.unsigned_abs(), 4);
}

fn month_name(d: &impl Datelike) -> &'static str {
    MONTHS[d.month0() as usize % 12]
}

fn weekday(d: &impl Datelike) -> &'static str {
    DAYS[d.weekday().num_days_from_monday() as usize % 7]
}

/// "2026-03-07" (`%Y-%m-%d`): file names and `<input type=date>` values.
pub fn ymd(d: &impl Datelike) -> String {
    let mut out = String::with_capacity(10);
    year(&mut out, d);
    out.push('-');
    digits(&mut out, d.month(), 2);
    out.push('-');
    digits(&mut out, d.day(), 2);
    out
}

/// "7 March 2026" (`%-d %B %Y`).
pub fn day_month_year(d: &impl Datelike) -> String {
    let mut out = d.day().to_string();
    out.push(' ');
    out.push_str(month_name(d));
    out.push(' ');
    year(&mut out, d);
    out
}

/// "7 Mar 2026" (`%-d %b %Y`).
pub fn day_mon_year(d: &impl Datelike) -> String {
    let mut out = d.day().to_string();
    out.push(' ');
    out.push_str(&month_name(d)[..3]);
    out.push(' ');
    year(&mut out, d);
    out
}

/// "Mar 2026" (`%b %Y`).
pub fn mon_year(d: &impl Datelike) -> String {
    let mut out = month_name(d)[..3].to_string();
    out.push(' ');
    year(&mut out, d);
    out
}

/// "Sat 7 Mar" (`%a %-d %b`).
pub fn weekday_day_mon(d: &impl Datelike) -> String {
    let mut out = String::with_capacity(10);
    out.push_str(weekday(d));
    out.push(' ');
    digits(&mut out, d.day(), 1);
    out.push(' ');
    out.push_str(&month_name(d)[..3]);
    out
}

/// "Sat 7 Mar" in the year of `today`, "Sat 7 Mar 2062" in any other (a
/// day typed a year off must not read as one this year).
pub fn weekday_day_mon_near(d: &impl Datelike, today: &impl Datelike) -> String {
    let mut out = weekday_day_mon(d);
    if d.year() != today.year() {
        out.push(' ');
        year(&mut out, d);
    }
    out
}

/// "09:05" (`%H:%M`).
pub fn hm(t: &impl Timelike) -> String {
    let mut out = String::with_capacity(5);
    digits(&mut out, t.hour(), 2);
    out.push(':');
    digits(&mut out, t.minute(), 2);
    out
}

/// "Sat 7 Mar, 09:05" (`%a %-d %b, %H:%M`).
pub fn weekday_day_mon_hm<T: Datelike + Timelike>(t: &T) -> String {
    let mut out = weekday_day_mon(t);
    out.push_str(", ");
    out.push_str(&hm(t));
    out
}

/// "Sat 7 Mar 2026, 09:05" (`%a %-d %b %Y, %H:%M`).
pub fn weekday_day_mon_year_hm<T: Datelike + Timelike>(t: &T) -> String {
    let mut out = weekday_day_mon(t);
    out.push(' ');
    year(&mut out, t);
    out.push_str(", ");
    out.push_str(&hm(t));
    out
}

/// [`weekday_day_mon_hm`] in the year of `today`, with the year in any
/// other (a date typed a year off must not read as one this week).
pub fn weekday_day_mon_hm_near<T: Datelike + Timelike>(t: &T, today: &impl Datelike) -> String {
    if t.year() == today.year() {
        weekday_day_mon_hm(t)
    } else {
        weekday_day_mon_year_hm(t)
    }
}

/// "20260307T090502" + "Z" is the caller's (`%Y%m%dT%H%M%S`): iCalendar stamps.
pub fn compact_stamp<T: Datelike + Timelike>(t: &T) -> String {
    let mut out = String::with_capacity(16);
    year(&mut out, t);
    digits(&mut out, t.month(), 2);
    digits(&mut out, t.day(), 2);
    out.push('T');
    digits(&mut out, t.hour(), 2);
    digits(&mut out, t.minute(), 2);
    digits(&mut out, t.second(), 2);
    out
}

/// "2026-03-07T09-05-02" (`%Y-%m-%dT%H-%M-%S`): a time safe in a file or key name.
pub fn dashed_stamp<T: Datelike + Timelike>(t: &T) -> String {
    let mut out = ymd(t);
    out.push('T');
    digits(&mut out, t.hour(), 2);
    out.push('-');
    digits(&mut out, t.minute(), 2);
    out.push('-');
    digits(&mut out, t.second(), 2);
    out
}

/// `n` (below 10^`width`, `width` at most 9) in `width` digits, written one
/// by one: a decade's backup writes some 40,000 moments.
fn fixed(out: &mut String, mut n: u32, width: usize) {
    let mut buf = [b'0'; 9];
    for b in buf[..width].iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf[..width].iter().for_each(|&b| out.push(char::from(b)));
}

/// A stored day as chrono writes it (its `Display`): "2026-11-22", with a
/// sign outside the years 0 to 9999 ("+20266-03-07").
fn stored_ymd_into(out: &mut String, d: NaiveDate) {
    let y = d.year();
    if (0..=9999).contains(&y) {
        fixed(out, y.unsigned_abs(), 4);
    } else {
        out.push(if y < 0 { '-' } else { '+' });
        digits(out, y.unsigned_abs(), 4);
    }
    out.push('-');
    fixed(out, d.month(), 2);
    out.push('-');
    fixed(out, d.day(), 2);
}

/// A stored moment as chrono writes it (its serde, and
/// `to_rfc3339_opts(SecondsFormat::AutoSi, true)`): "2026-11-29T10:00:00Z",
/// a fraction only if there is one, in 3, 6 or 9 digits. By hand, so the
/// wasm carries no chrono writer and its `fmt` calls.
pub fn rfc3339(t: &DateTime<Utc>) -> String {
    let mut out = String::with_capacity(30);
    stored_ymd_into(&mut out, t.date_naive());
    out.push('T');
    // A leap second is kept as a fraction past 1 s; chrono writes it as :60.
    let (mut sec, mut nano) = (t.second(), t.nanosecond());
    if nano >= 1_000_000_000 {
        sec += 1;
        nano -= 1_000_000_000;
    }
    fixed(&mut out, t.hour(), 2);
    out.push(':');
    fixed(&mut out, t.minute(), 2);
    out.push(':');
    fixed(&mut out, sec, 2);
    if nano != 0 {
        out.push('.');
        if nano % 1_000_000 == 0 {
            fixed(&mut out, nano / 1_000_000, 3);
        } else if nano % 1_000 == 0 {
            fixed(&mut out, nano / 1_000, 6);
        } else {
            fixed(&mut out, nano, 9);
        }
    }
    out.push('Z');
    out
}

/// 1 to `max_len` (at most 9) ASCII digits. Folded by hand: a decade's
/// opening reads some 40,000 stored moments, and `str::parse` weighs checks
/// (a sign, overflow) that nine digits cannot need.
fn number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len.min(9) {
        return None;
    }
    s.bytes()
        .try_fold(0, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// Reads "2026-03-07" (what `<input type=date>` gives) back into a date;
/// `None` for anything else, including days that do not exist.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    // "-MM-DD" at the end, by position (split is slow at opt-level z); a
    // `-` anywhere else is no digit, so `number` refuses it.
    let b = s.as_bytes();
    let n = b.len();
    if n < 10 || b[n - 6] != b'-' || b[n - 3] != b'-' {
        return None;
    }
    let y = i32::try_from(number(&s[..n - 6], 6)?).ok()?;
    NaiveDate::from_ymd_opt(y, number(&s[n - 5..n - 3], 2)?, number(&s[n - 2..], 2)?)
}

/// A stored day as chrono writes it: "2026-11-22", and with a sign past the
/// year 9999 ("+20266-03-07"), which a date input lets a typo reach.
fn parse_stored_ymd(s: &str) -> Option<NaiveDate> {
    match s.strip_prefix('+') {
        Some(signed) if signed.split('-').next()?.len() > 4 => parse_ymd(signed),
        Some(_) => None,
        None => parse_ymd(s),
    }
}

/// Reads "09:05" (what `<input type=time>` gives) back into a time of day.
pub fn parse_hm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(number(h, 2)?, number(m, 2)?, 0)
}

/// Reads a stored moment back: RFC 3339 as chrono writes it
/// ("2026-11-29T10:00:00Z", "2026-11-29T10:00:00.250Z", "+20266-…" past the
/// year 9999), and any offset ("2026-11-29T11:00:00+01:00"), into UTC.
/// `None` for anything else, including moments that do not exist. chrono's
/// own reader, used before, also took a few looser forms nothing writes
/// (a leap second, a space before the zone); see the test. By hand, like the
/// formats above: chrono's parser is generic over its format items and
/// costs the wasm several times this.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    // ASCII white space only (`trim_ascii`: space, tab, CR, LF, form feed):
    // `trim` looks each end's character up as Unicode, a call per end on
    // every one of a decade's 40,000 moments. A vertical tab or a Unicode
    // space around a moment is refused now; nothing writes one there.
    let s = s.trim_ascii();
    let sep = s.bytes().position(|b| matches!(b, b'T' | b't' | b' '))?;
    let date = parse_stored_ymd(s.get(..sep)?)?;
    let time = s.get(sep + 1..)?;
    let field = |from: usize, to: usize| number(time.get(from..to)?, to - from);
    if time.as_bytes().get(2) != Some(&b':') || time.as_bytes().get(5) != Some(&b':') {
        return None;
    }
    let (h, m, sec) = (field(0, 2)?, field(3, 5)?, field(6, 8)?);
    let mut rest = time.get(8..)?;
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        // Digits past nanoseconds are dropped, as chrono does.
        let kept = n.min(9);
        nanos = number(&fraction[..kept], 9)? * 10u32.pow(9 - kept as u32);
        rest = &fraction[n..];
    }
    let east = match rest {
        "Z" | "z" => 0,
        _ => {
            // U+2212 is the typographic minus, which chrono accepts too.
            let (sign, hhmm) = match (rest.strip_prefix('+'), rest.strip_prefix(['-', '\u{2212}'])) {
                (Some(hhmm), _) => (1, hhmm),
                (None, Some(hhmm)) => (-1, hhmm),
                (None, None) => return None,
            };
            // "+01:00", or "+0100" as some writers have it.
            let minutes = match hhmm.len() {
                5 if hhmm.as_bytes()[2] == b':' => hhmm.get(3..)?,
                4 => hhmm.get(2..)?,
                _ => return None,
            };
            let (oh, om) = (number(hhmm.get(..2)?, 2)?, number(minutes, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * i64::from(oh * 3600 + om * 60)
        }
    };
    let local = date.and_hms_nano_opt(h, m, sec, nanos)?;
    if east == 0 {
        // What Hearth writes: no sum to do.
        return Some(local.and_utc());
    }
    Some(
        local
            .checked_sub_signed(chrono::TimeDelta::seconds(east))?
            .and_utc(),
    )
}

/// serde for a stored moment (`#[serde(with = "dates::moment")]`): written
/// as chrono wrote it by [`rfc3339`], read by [`parse_rfc3339`].
pub mod moment {
    use chrono::{DateTime, Utc};
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::rfc3339(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_str(Moment)
    }

    struct Moment;

    impl de::Visitor<'_> for Moment {
        type Value = DateTime<Utc>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a moment like 2026-11-29T10:00:00Z")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
            super::parse_rfc3339(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    /// The same for an optional moment (`null` or absent is `None`).
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{de, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_some(&super::super::rfc3339(t)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            d.deserialize_option(Maybe)
        }

        struct Maybe;

        impl<'de> de::Visitor<'de> for Maybe {
            type Value = Option<DateTime<Utc>>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a moment like 2026-11-29T10:00:00Z, or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                super::deserialize(d).map(Some)
            }
        }
    }
}

/// serde for a stored day ("2026-11-22"): written as chrono wrote it, read
/// by [`parse_ymd`] (and a sign past the year 9999); optional, as the one
/// such field is.
pub mod day {
    use chrono::NaiveDate;
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => {
                let mut text = String::with_capacity(10);
                super::stored_ymd_into(&mut text, *d);
                s.serialize_some(&text)
            }
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(Day)
    }

    struct Day;

    impl<'de> de::Visitor<'de> for Day {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a day like 2026-11-22, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            super::parse_stored_ymd(v.trim())
                .map(Some)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

/// The words for a day already gone by, as the plan forms (a gesture's,
/// us time's) begin them: a macro, so each form's ending is joined to it
/// with `concat!` at build time.
macro_rules! day_gone {
    () => {
        "That day has already gone by. Choose today or a day ahead"
    };
}
pub(crate) use day_gone;

/// The local clock's offset from UTC at a moment. It moves with daylight
/// saving, so a week or month that began before a clock change needs the
/// offset of its own start, not today's: the pages pass the browser's zone
/// (`state::local_offset`), the tests a zone of their own.
pub type OffsetAt<'a> = &'a dyn Fn(DateTime<Utc>) -> FixedOffset;

/// The local calendar day of a moment.
pub fn local_day(t: DateTime<Utc>, offset_at: OffsetAt) -> NaiveDate {
    t.with_timezone(&offset_at(t)).date_naive()
}

/// The moment a local day begins, in UTC: its midnight, or, where the
/// clocks skip midnight (spring forward at 00:00), the first moment that is
/// that day. The offset is asked at a first guess, then at the moment that
/// gives; a guess that lands on the day before means midnight was skipped,
/// and the first guess's moment is the day's start.
pub fn local_midnight(day: NaiveDate, offset_at: OffsetAt) -> DateTime<Utc> {
    let as_utc = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let back = |t: DateTime<Utc>| as_utc - Duration::seconds(offset_at(t).local_minus_utc().into());
    let first = back(as_utc);
    let second = back(first);
    if local_day(second, offset_at) < day {
        back(second).max(first)
    } else {
        second
    }
}

#[cfg(test)]
/// A zone like Berlin's in 2026: +1, and +2 from 29 March 01:00 UTC to
/// 25 October 01:00 UTC. For the tests of every module.
pub(crate) fn berlin_2026(t: DateTime<Utc>) -> FixedOffset {
    let at = |s| parse_rfc3339(s).unwrap();
    let summer = at("2026-03-29T01:00:00Z")..at("2026-10-25T01:00:00Z");
    FixedOffset::east_opt(if summer.contains(&t) { 7200 } else { 3600 }).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn local_days_and_midnights_follow_the_clock_change() {
        let t = |s: &str| parse_rfc3339(s).unwrap();
        let d = |s: &str| parse_ymd(s).unwrap();
        // Midnight on each side of both changes, and on the days of change.
        for (day, midnight) in [
            ("2026-03-29", "2026-03-28T23:00:00Z"),
            ("2026-03-30", "2026-03-29T22:00:00Z"),
            ("2026-10-25", "2026-10-24T22:00:00Z"),
            ("2026-10-26", "2026-10-25T23:00:00Z"),
        ] {
            assert_eq!(local_midnight(d(day), &berlin_2026), t(midnight), "{day}");
        }
        // Half past midnight on 1 July is July there, whatever today's offset.
        assert_eq!(
            local_day(t("2026-06-30T22:30:00Z"), &berlin_2026),
            d("2026-07-01")
        );
        assert_eq!(
            local_day(t("2026-12-31T22:30:00Z"), &berlin_2026),
            d("2026-12-31")
        );
        // Far east of UTC, the offset at midnight is not the one a first
        // guess finds: Sydney-like, +10, then +11 from 3 Oct 16:00 UTC.
        let sydney = |t: DateTime<Utc>| {
            let summer = t >= parse_rfc3339("2026-10-03T16:00:00Z").unwrap();
            FixedOffset::east_opt(if summer { 11 * 3600 } else { 10 * 3600 }).unwrap()
        };
        assert_eq!(
            local_midnight(d("2026-10-04"), &sydney),
            t("2026-10-03T14:00:00Z")
        );
        assert_eq!(
            local_midnight(d("2026-10-05"), &sydney),
            t("2026-10-04T13:00:00Z")
        );
        // West of UTC with the clocks going forward at midnight (Asunción,
        // 1 October 2023: -4, then -3 from 04:00 UTC): 00:00 never happens,
        // the day begins at 01:00, 04:00 UTC, not in the day before.
        let asuncion = |t: DateTime<Utc>| {
            let summer = t >= parse_rfc3339("2023-10-01T04:00:00Z").unwrap();
            FixedOffset::west_opt(if summer { 3 * 3600 } else { 4 * 3600 }).unwrap()
        };
        let start = local_midnight(d("2023-10-01"), &asuncion);
        assert_eq!(start, t("2023-10-01T04:00:00Z"));
        assert_eq!(local_day(start, &asuncion), d("2023-10-01"));
        assert_eq!(
            local_midnight(d("2023-10-02"), &asuncion),
            t("2023-10-02T03:00:00Z")
        );
        // A zone west of UTC, fixed.
        let ny = |_| FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(local_midnight(d("2026-11-30"), &ny), t("2026-11-30T05:00:00Z"));
    }

    /// chrono's writer is the oracle: every moment and day is written as
    /// chrono wrote it (fractions, leap seconds, years past 9999 and
    /// before 0).
    #[test]
    fn writes_moments_and_days_as_chrono_does() {
        use chrono::SecondsFormat;
        let mut t = Utc.with_ymd_and_hms(2016, 2, 28, 23, 59, 58).unwrap();
        for i in 0..3000u32 {
            let chrono = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            assert_eq!(rfc3339(&t), chrono);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{chrono}\""));
            let mut day = String::new();
            stored_ymd_into(&mut day, t.date_naive());
            assert_eq!(day, t.date_naive().to_string());
            t += Duration::seconds(86_399 + i64::from(i % 7))
                + Duration::nanoseconds([0, 250_000_000, 1_000, 7, 999_999_999][i as usize % 5]);
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        for year in [
            -262_000, -10_000, -9999, -1, 0, 1, 999, 9999, 10_000, 20_266, 262_000,
        ] {
            for t in [
                Utc.with_ymd_and_hms(year, 3, 7, 9, 5, 2).unwrap(),
                Utc.with_ymd_and_hms(year, 12, 31, 23, 59, 59).unwrap() + Duration::nanoseconds(120_000),
                leap,
            ] {
                assert_eq!(rfc3339(&t), t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
                let mut day = String::new();
                stored_ymd_into(&mut day, t.date_naive());
                assert_eq!(day, t.date_naive().to_string());
                assert_eq!(
                    serde_json::to_string(&t.date_naive()).unwrap(),
                    format!("\"{day}\"")
                );
            }
        }
    }

    /// chrono's RFC 3339 reader is the oracle: the same moment for every
    /// form Hearth may meet, and both refuse what is not a moment.
    #[test]
    fn reads_stored_moments_as_chrono_does() {
        // What read stored moments before: chrono's serde (its relaxed parser).
        let oracle = |s: &str| serde_json::from_value::<DateTime<Utc>>(serde_json::Value::from(s)).ok();
        let mut t = Utc.with_ymd_and_hms(2016, 2, 28, 23, 59, 58).unwrap();
        for i in 0..3000 {
            let written = serde_json::to_string(&t).unwrap();
            let text = written.trim_matches('"');
            assert_eq!(parse_rfc3339(text), Some(t), "{text}");
            assert_eq!(parse_rfc3339(text), oracle(text), "{text}");
            // Steps of odd seconds and nanoseconds: every fraction chrono
            // writes (none, 3, 6 or 9 digits), across leap days.
            t += Duration::seconds(86_399 + i % 7)
                + Duration::nanoseconds([0, 250_000_000, 1_000, 7][i as usize % 4]);
        }
        for s in [
            "2026-11-29T11:00:00+01:00",
            "2026-11-29T04:30:00-05:30",
            "2026-11-29t10:00:00z",
            "2026-11-29 10:00:00Z",
            "2026-11-29T10:00:00.5Z",
            "2026-11-29T10:00:00.123456789123Z",
            "2026-12-31T23:30:00-23:59",
            "2024-02-29T00:00:00Z",
            "2026-11-29T09:00:00\u{2212}01:00",
            // Past the year 9999 (a typo in a date field can get there).
            "+20266-03-07T10:00:00Z",
            "+120266-03-07T10:00:00.5+02:00",
            " 2026-11-29T10:00:00Z ",
            "2026-11-29T10:00:00+0100",
            "2026-11-29T10:00:00-00:00",
        ] {
            assert!(oracle(s).is_some(), "{s}");
            assert_eq!(parse_rfc3339(s), oracle(s), "{s}");
        }
        for s in [
            "",
            "soon",
            "2026-11-29",
            "2026-11-29T10:00Z",
            "2026-11-29T10:00:00",
            "2026-11-29T10:00:00+01",
            "2026-11-29T10:00:00.Z",
            "2026-11-29T10:00:00ZZ",
            "2026-11-29T24:00:00Z",
            "2026-11-29T10:60:00Z",
            "2026-02-30T10:00:00Z",
            "2025-02-29T10:00:00Z",
            "2026-11-29T10:00:00+24:00",
            "2026-11-29X10:00:00Z",
            "2026-11-29T1\u{e9}:00:00Z",
            "2026-11-29T10:00:00\u{2212}1:00",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
            assert_eq!(oracle(s), None, "{s}");
        }
        // Looser forms chrono's reader took and Hearth refuses: no version of
        // Hearth wrote them (chrono writes the forms above), so only a file
        // edited by hand could hold one, and its import says what is wrong.
        for s in [
            "2026-11-29T10:00:60Z",
            "2026-11-29T10:00:00 Z",
            "2026-11-29  10:00:00Z",
            "+2026-11-29T10:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
            assert!(oracle(s).is_some(), "{s}");
        }
    }

    #[test]
    fn moments_and_days_round_trip_through_serde() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Stored {
            #[serde(with = "moment")]
            at: DateTime<Utc>,
            #[serde(default, skip_serializing_if = "Option::is_none", with = "moment::option")]
            maybe: Option<DateTime<Utc>>,
            #[serde(default, skip_serializing_if = "Option::is_none", with = "day")]
            on: Option<NaiveDate>,
        }
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap();
        for v in [
            Stored {
                at,
                maybe: None,
                on: None,
            },
            Stored {
                at,
                maybe: Some(at + Duration::milliseconds(250)),
                on: NaiveDate::from_ymd_opt(2026, 11, 22),
            },
        ] {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(serde_json::from_str::<Stored>(&json).unwrap(), v, "{json}");
        }
        let read = |json: &str| serde_json::from_str::<Stored>(json);
        assert_eq!(
            read(r#"{"at":"2026-11-29T10:00:00Z","maybe":null,"on":null}"#).unwrap(),
            Stored {
                at,
                maybe: None,
                on: None
            }
        );
        assert_eq!(read(r#"{"at":"2026-11-29T11:00:00+01:00"}"#).unwrap().at, at);
        for bad in [
            r#"{"at":"yesterday"}"#,
            r#"{"at":null}"#,
            r#"{"at":12}"#,
            r#"{"at":"2026-11-29T10:00:00Z","maybe":"later"}"#,
            r#"{"at":"2026-11-29T10:00:00Z","on":"2026-02-30"}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    /// chrono's own strftime is the independent oracle: every formatter must
    /// agree with the pattern it replaces, on every day of several years
    /// (leap days, single-digit days and hours, every weekday and month).
    #[test]
    fn agrees_with_strftime_on_every_day_of_several_years() {
        let mut t = Utc
            .with_ymd_and_hms(1999, 12, 25, 0, 0, 0)
            .single()
            .expect("valid start");
        let end = Utc
            .with_ymd_and_hms(2029, 1, 3, 0, 0, 0)
            .single()
            .expect("valid end");
        let mut n = 0;
        while t < end {
            assert_eq!(ymd(&t), t.format("%Y-%m-%d").to_string());
            assert_eq!(day_month_year(&t), t.format("%-d %B %Y").to_string());
            assert_eq!(day_mon_year(&t), t.format("%-d %b %Y").to_string());
            assert_eq!(weekday_day_mon(&t), t.format("%a %-d %b").to_string());
            assert_eq!(hm(&t), t.format("%H:%M").to_string());
            assert_eq!(weekday_day_mon_hm(&t), t.format("%a %-d %b, %H:%M").to_string());
            assert_eq!(
                weekday_day_mon_year_hm(&t),
                t.format("%a %-d %b %Y, %H:%M").to_string()
            );
            assert_eq!(compact_stamp(&t), t.format("%Y%m%dT%H%M%S").to_string());
            assert_eq!(dashed_stamp(&t), t.format("%Y-%m-%dT%H-%M-%S").to_string());
            // A step that is not a whole day walks through every hour, minute and second.
            t += Duration::seconds(86_400 + 3_661);
            n += 1;
        }
        assert!(n > 10_000, "walked {n} days");
    }

    #[test]
    fn plain_dates_and_known_values() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a leap day");
        assert_eq!(ymd(&d), "2024-02-29");
        assert_eq!(weekday_day_mon(&d), "Thu 29 Feb");
        let today = NaiveDate::from_ymd_opt(2024, 12, 6).expect("valid");
        assert_eq!(weekday_day_mon_near(&d, &today), "Thu 29 Feb");
        let typo = NaiveDate::from_ymd_opt(2062, 12, 10).expect("valid");
        assert_eq!(weekday_day_mon_near(&typo, &today), "Sun 10 Dec 2062");
        assert_eq!(day_month_year(&d), "29 February 2024");
        let t = d.and_hms_opt(7, 4, 9).expect("valid time");
        assert_eq!(weekday_day_mon_year_hm(&t), "Thu 29 Feb 2024, 07:04");
        assert_eq!(weekday_day_mon_hm_near(&t, &today), "Thu 29 Feb, 07:04");
        let far = typo.and_hms_opt(15, 22, 0).expect("valid time");
        assert_eq!(weekday_day_mon_hm_near(&far, &today), "Sun 10 Dec 2062, 15:22");
        assert_eq!(compact_stamp(&t), "20240229T070409");
        assert_eq!(dashed_stamp(&t), "2024-02-29T07-04-09");
        let early = NaiveDate::from_ymd_opt(33, 1, 1).expect("valid");
        assert_eq!(ymd(&early), early.format("%Y-%m-%d").to_string());
    }

    #[test]
    fn reads_back_what_date_and_time_inputs_give() {
        let mut d = NaiveDate::from_ymd_opt(1999, 12, 25).expect("valid");
        while d.year() < 2031 {
            assert_eq!(parse_ymd(&ymd(&d)), Some(d));
            assert_eq!(NaiveDate::parse_from_str(&ymd(&d), "%Y-%m-%d").ok(), Some(d));
            d += Duration::days(1);
        }
        for h in 0..24 {
            for m in 0..60 {
                let text = format!("{h:02}:{m:02}");
                let want = NaiveTime::parse_from_str(&text, "%H:%M").ok();
                assert!(want.is_some());
                assert_eq!(parse_hm(&text), want, "{text}");
            }
        }
        for bad in [
            "",
            "2026",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-1-07",
            "2026-01-7",
            "2026-01-07-",
            "2026/01/07",
            "2026-01-07T10:00",
            " 2026-01-07",
            "20x6-01-07",
            "2026-+1-07",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad:?}");
        }
        for bad in [
            "", "9:05", "09:5", "24:00", "12:60", "09:05:00", "09-05", "a9:05", "+9:05",
        ] {
            assert_eq!(parse_hm(bad), None, "{bad:?}");
        }
    }
}
