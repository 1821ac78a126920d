//! RFC 3339 timestamps as the ASL uses them (Wait `Timestamp`, `Timestamp*` comparisons):
//! `2026-01-31T23:59:59Z`, `2026-01-31T23:59:59.123+02:00`. Uppercase `T` is required, and
//! so is a zone: `Z` or a numeric offset.

use workflow_text::calendar::{civil_from_days, days_from_civil};

/// A parsed timestamp: nanoseconds since the Unix epoch, comparable across offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    pub unix_nanos: i128,
}

/// Parses an RFC 3339 timestamp; `None` if `text` is not one.
///
/// ```
/// use workflow_asl::timestamp::parse_rfc3339;
/// let a = parse_rfc3339("2026-01-01T01:00:00+01:00").unwrap();
/// let b = parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
/// assert_eq!(a, b);
/// assert!(parse_rfc3339("2026-01-01 00:00:00Z").is_none());
/// ```
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos: i128 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &text[start..i];
        if frac.is_empty() || frac.len() > 9 {
            return None;
        }
        nanos = frac.parse::<i128>().ok()? * 10i128.pow(9 - frac.len() as u32);
    }
    let offset_seconds: i64 = match &b[i..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2], 0, 2)?;
            let m = digits(&[*m1, *m2], 0, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let total = (h * 3600 + m * 60) as i64;
            if *sign == b'+' { total } else { -total }
        }
        _ => return None,
    };
    let days = days_from_civil(year as i64, month, day);
    let seconds = days * 86_400 + (hour * 3600 + minute * 60 + second) as i64 - offset_seconds;
    Some(Timestamp {
        unix_nanos: i128::from(seconds) * 1_000_000_000 + nanos,
    })
}

/// Formats milliseconds since the Unix epoch as the service writes times:
/// `2026-11-21T08:00:00.123Z`.
///
/// ```
/// use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};
/// let text = format_rfc3339_millis(1_767_225_600_123);
/// assert_eq!(text, "2026-01-01T00:00:00.123Z");
/// assert_eq!(parse_rfc3339(&text).unwrap().unix_nanos, 1_767_225_600_123_000_000);
/// ```
pub fn format_rfc3339_millis(unix_millis: i64) -> String {
    let days = unix_millis.div_euclid(86_400_000);
    let ms_of_day = unix_millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = b.get(start..start + len)?;
    slice.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339;

    #[test]
    fn accepts_the_spec_forms() {
        for ok in [
            "2016-03-14T01:59:00Z",
            "2024-02-29T23:59:59.999999999Z",
            "2026-11-21T08:00:00-05:30",
            "1970-01-01T00:00:00Z",
        ] {
            assert!(parse_rfc3339(ok).is_some(), "{ok}");
        }
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:01Z").unwrap().unix_nanos,
            1_000_000_000
        );
    }

    #[test]
    fn rejects_what_the_spec_rejects() {
        for bad in [
            "2016-03-14t01:59:00Z",
            "2016-03-14T01:59:00",
            "2023-02-29T00:00:00Z",
            "2016-13-14T01:59:00Z",
            "2016-03-14T24:00:00Z",
            "2016-03-14T01:59:00.Z",
            "2016-03-14",
            "",
            "2016-03-14T01:59:00+0100",
        ] {
            assert!(parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
