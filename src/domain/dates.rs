//! How Hearth writes dates and times: a handful of fixed English formats,
//! written by hand. chrono's `format("%…")` would do the same, but its
//! strftime machinery (a parser for the pattern plus every specifier) costs
//! the wasm more than all of these together (issue #9), so nothing outside
//! the host tests below calls it.
//!
//! Every function takes any chrono date (or date and time), so the caller
//! chooses the zone: `t.with_timezone(&Local)` for what the couple reads,
//! UTC for file names and calendar stamps.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

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

fn number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads "2026-03-07" (what `<input type=date>` gives) back into a date;
/// `None` for anything else, including days that do not exist.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() < 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let y = i32::try_from(number(y, 6)?).ok()?;
    NaiveDate::from_ymd_opt(y, number(m, 2)?, number(d, 2)?)
}

/// Reads "09:05" (what `<input type=time>` gives) back into a time of day.
pub fn parse_hm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(number(h, 2)?, number(m, 2)?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

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
        assert_eq!(day_month_year(&d), "29 February 2024");
        let t = d.and_hms_opt(7, 4, 9).expect("valid time");
        assert_eq!(weekday_day_mon_year_hm(&t), "Thu 29 Feb 2024, 07:04");
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
