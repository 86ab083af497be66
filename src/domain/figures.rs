//! Numbers as people read them: a reading with one decimal, a share of a
//! bar, a size in KB or MB, a point on the chart.
//!
//! Written with integer arithmetic on purpose. Formatting a float with
//! `{}` or `{:.1}` links core's float printer (Grisu and Dragon with their
//! tables, about 17 KB of wasm code); Hearth never needs more than two
//! decimals, so it does without it.

/// `x` rounded to `places` decimals (half away from zero), always with that
/// many digits after the point, like `format!("{x:.places$}")`. `places` is
/// at most 6; a value that rounds to zero has no minus sign.
pub fn decimal(x: f64, places: u32) -> String {
    debug_assert!(places <= 6);
    let scale = 10i64.pow(places);
    let n = (x * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    let (whole, frac) = (n / scale as u64, n % scale as u64);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }
}

/// A count as it reads in a sentence: "7,159", with a comma between each
/// three digits (as Hearth's English reads elsewhere).
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` of `whole` as a whole percentage, rounded half up; 0 when `whole`
/// is 0, never more than 100.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        return 0;
    }
    let part = part.min(whole) as u64;
    ((part * 200 + whole as u64) / (whole as u64 * 2)) as usize
}

/// A size in bytes for a sentence: "1 byte", "512 bytes", "12.5 KB", "3.4 MB" (one
/// decimal, 1 KB = 1024 bytes, rounded half up).
pub fn size(bytes: usize) -> String {
    const KB: u64 = 1024;
    let b = bytes as u64;
    let tenths = |unit: u64| (b * 10 + unit / 2) / unit;
    if b == 1 {
        "1 byte".into()
    } else if b < KB {
        format!("{b} bytes")
    } else if tenths(KB) < 10 * KB {
        let t = tenths(KB);
        format!("{}.{} KB", t / 10, t % 10)
    } else {
        let t = tenths(KB * KB);
        format!("{}.{} MB", t / 10, t % 10)
    }
}

/// A save's refusal of a text over its limit: "Please keep the note to
/// 2,000 characters or fewer." (the count as `over_limit` writes it).
pub fn keep_to(what: &str, max: usize) -> String {
    format!("Please keep {what} to {} characters or fewer.", count(max))
}

/// Said under a field while its text is longer than the limit a save
/// checks (counted as the save counts: characters, once trimmed). The field
/// takes more, so nothing pasted is cut off unseen.
pub fn over_limit(text: &str, max: usize) -> Option<String> {
    let over = text.trim().chars().count().checked_sub(max).filter(|n| *n > 0)?;
    let unit = if over == 1 { "character" } else { "characters" };
    Some(format!(
        "{} {unit} over the {} this can hold: trim a little before saving.",
        count(over),
        count(max)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_a_comma_between_each_three_digits() {
        for (n, want) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (7_159, "7,159"),
            (65_536, "65,536"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(count(n), want);
        }
        assert_eq!(count(usize::MAX).replace(',', ""), usize::MAX.to_string());
    }

    #[test]
    fn a_limit_reads_the_same_in_the_refusal_as_in_the_hint() {
        assert_eq!(
            keep_to("the note", 2000),
            "Please keep the note to 2,000 characters or fewer."
        );
        assert_eq!(keep_to("it", 280), "Please keep it to 280 characters or fewer.");
    }

    #[test]
    fn over_the_limit_is_counted_as_a_save_counts() {
        assert_eq!(over_limit("  abc  ", 3), None);
        assert_eq!(over_limit("", 3), None);
        assert_eq!(
            over_limit("abcd", 3).as_deref(),
            Some("1 character over the 3 this can hold: trim a little before saving.")
        );
        // Characters, not bytes.
        assert!(over_limit("ééééé", 3)
            .unwrap()
            .starts_with("2 characters over the 3"));
        assert!(over_limit(&"x".repeat(5031), 2000)
            .unwrap()
            .starts_with("3,031 characters over the 2,000"));
    }

    #[test]
    fn decimal_matches_the_float_printer_at_the_places_hearth_uses() {
        // The float printer rounds half to even on the exact binary value;
        // these values are not on a half, so both must agree digit for digit.
        for x in [
            0.0, 1.0, 5.5, 6.04, 6.06, 7.333, 9.99, 12.345, 599.96, 0.049, -3.26, 1234.5678,
        ] {
            assert_eq!(decimal(x, 1), format!("{x:.1}"), "{x}");
            assert_eq!(decimal(x, 2), format!("{x:.2}"), "{x}");
            assert_eq!(decimal(x, 0), format!("{x:.0}"), "{x}");
        }
    }

    #[test]
    fn decimal_rounds_halves_away_from_zero_and_drops_a_lone_minus() {
        assert_eq!(decimal(2.5, 0), "3");
        assert_eq!(decimal(0.25, 1), "0.3");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(-1.25, 1), "-1.3");
        assert_eq!(decimal(180.0, 1), "180.0");
    }

    #[test]
    fn percent_rounds_and_stays_within_the_bar() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13); // 12.5 rounds up
        assert_eq!(percent(7, 7), 100);
        assert_eq!(percent(9, 7), 100);
        assert_eq!(percent(0, 5), 0);
        assert_eq!(percent(3, 0), 0);
    }

    #[test]
    fn size_picks_the_unit_a_person_expects() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(1024), "1.0 KB");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(size(12_800), "12.5 KB");
        // Just under 1 MB would read "1024.0 KB": it is written in MB.
        assert_eq!(size(1024 * 1024 - 10), "1.0 MB");
        assert_eq!(size(20 * 1024 * 1024), "20.0 MB");
        assert_eq!(size(3_565_158), "3.4 MB");
        assert_eq!(size(30 * 1024 * 1024 + 1), "30.0 MB");
    }
}
