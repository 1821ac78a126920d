//! Timestamps as the protocols write them: ISO 8601 (`2024-01-31T12:00:00.5Z`), seconds since
//! the epoch (`1706702400.5`) and RFC 822 / HTTP dates (`Wed, 31 Jan 2024 12:00:00 GMT`), and
//! as Step Functions hands them to a state: ISO 8601 in UTC, as Java's `Instant.toString`
//! writes it (a fraction only when there is one, in groups of three digits).

use workflow_text::calendar::{civil_from_days, days_from_civil};

/// A point in time: whole seconds since the epoch and milliseconds (AWS's APIs carry no finer
/// precision).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Instant {
    pub(crate) seconds: i64,
    pub(crate) millis: u32,
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Instant {
    /// From seconds since the epoch, fractions kept to the millisecond.
    pub(crate) fn from_epoch(seconds: f64) -> Option<Instant> {
        if !seconds.is_finite() || seconds.abs() > 1e13 {
            return None;
        }
        let whole = seconds.floor();
        let millis = ((seconds - whole) * 1000.0).round() as u32;
        let (whole, millis) = if millis >= 1000 {
            (whole as i64 + 1, 0)
        } else {
            (whole as i64, millis)
        };
        Some(Instant {
            seconds: whole,
            millis,
        })
    }

    /// Seconds since the epoch, as the JSON protocols write them.
    pub(crate) fn epoch(self) -> serde_json::Value {
        if self.millis == 0 {
            serde_json::Value::from(self.seconds)
        } else {
            serde_json::Number::from_f64(self.seconds as f64 + f64::from(self.millis) / 1000.0)
                .map_or(
                    serde_json::Value::from(self.seconds),
                    serde_json::Value::Number,
                )
        }
    }

    /// The text of seconds since the epoch (headers and query strings).
    pub(crate) fn epoch_text(self) -> String {
        self.epoch().to_string()
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.seconds.div_euclid(86_400);
        let rest = self.seconds.rem_euclid(86_400) as u32;
        let (y, mo, d) = civil_from_days(days);
        (y, mo, d, rest / 3600, rest / 60 % 60, rest % 60)
    }

    /// ISO 8601 as the SDKs send it: `2024-01-31T12:00:00Z` or `2024-01-31T12:00:00.500Z`.
    pub(crate) fn iso8601(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        if self.millis == 0 {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        } else {
            format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
                self.millis
            )
        }
    }

    /// An HTTP date: `Wed, 31 Jan 2024 12:00:00 GMT`.
    pub(crate) fn rfc822(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        let weekday = DAYS[self.seconds.div_euclid(86_400).rem_euclid(7) as usize];
        let month = MONTHS[(mo - 1) as usize];
        format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} GMT")
    }

    /// Reads any of the three forms (and a bare date, `2024-01-31`).
    pub(crate) fn parse(text: &str) -> Option<Instant> {
        let text = text.trim();
        if let Ok(seconds) = text.parse::<f64>() {
            return Instant::from_epoch(seconds);
        }
        Instant::parse_iso8601(text).or_else(|| Instant::parse_rfc822(text))
    }

    fn parse_iso8601(text: &str) -> Option<Instant> {
        let b = text.as_bytes();
        let num = |from: usize, len: usize| -> Option<u32> {
            let s = text.get(from..from + len)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let year = num(0, 4)?;
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let (month, day) = (num(5, 2)?, num(8, 2)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let days = days_from_civil(i64::from(year), month, day);
        if b.len() == 10 {
            return Some(Instant {
                seconds: days * 86_400,
                millis: 0,
            });
        }
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return None;
        }
        let (h, mi) = (num(11, 2)?, num(14, 2)?);
        if b.get(13) != Some(&b':') {
            return None;
        }
        let (s, mut at) = if b.get(16) == Some(&b':') {
            (num(17, 2)?, 19)
        } else {
            (0, 16)
        };
        let mut millis = 0u32;
        if b.get(at) == Some(&b'.') || b.get(at) == Some(&b',') {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            let digits = text.get(start..at)?;
            if digits.is_empty() {
                return None;
            }
            let padded: String = digits.chars().chain("000".chars()).take(3).collect();
            millis = padded.parse().ok()?;
        }
        let offset: i64 = match text.get(at..)? {
            "Z" | "z" | "" => 0,
            zone => {
                let sign = match zone.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let hours: i64 = digits[..2].parse().ok()?;
                let minutes: i64 = digits[2..].parse().ok()?;
                sign * (hours * 3600 + minutes * 60)
            }
        };
        if h > 23 || mi > 59 || s > 60 {
            return None;
        }
        Some(Instant {
            seconds: days * 86_400 + i64::from(h * 3600 + mi * 60 + s) - offset,
            millis,
        })
    }

    fn parse_rfc822(text: &str) -> Option<Instant> {
        // `Wed, 31 Jan 2024 12:00:00 GMT`
        let rest = text.split_once(", ").map_or(text, |(_, r)| r);
        let mut words = rest.split_whitespace();
        let day: u32 = words.next()?.parse().ok()?;
        let month_word = words.next()?;
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month_word))? as u32
            + 1;
        let year: i64 = words.next()?.parse().ok()?;
        let mut clock = words.next()?.split(':');
        let h: i64 = clock.next()?.parse().ok()?;
        let mi: i64 = clock.next()?.parse().ok()?;
        let s: i64 = clock.next()?.parse().ok()?;
        Some(Instant {
            seconds: days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + s,
            millis: 0,
        })
    }

    /// As Step Functions hands a timestamp to a state: ISO 8601 in UTC with the fraction Java's
    /// `Instant.toString` writes (none when it is zero).
    pub(crate) fn for_state(self) -> String {
        self.iso8601()
    }
}

#[cfg(test)]
mod tests {
    use super::Instant;

    #[test]
    fn the_three_forms_are_read_and_written() {
        let t = Instant::parse("2024-01-31T12:00:00Z").unwrap();
        assert_eq!(t.seconds, 1_706_702_400);
        assert_eq!(t.rfc822(), "Wed, 31 Jan 2024 12:00:00 GMT");
        assert_eq!(Instant::parse("Wed, 31 Jan 2024 12:00:00 GMT"), Some(t));
        assert_eq!(Instant::parse("1706702400"), Some(t));
        let frac = Instant::parse("2024-01-31T14:00:00.25+02:00").unwrap();
        assert_eq!(frac.seconds, 1_706_702_400);
        assert_eq!(frac.millis, 250);
        assert_eq!(frac.iso8601(), "2024-01-31T12:00:00.250Z");
        assert_eq!(frac.epoch().to_string(), "1706702400.25");
        assert_eq!(Instant::parse("1969-12-31T23:59:59Z").unwrap().seconds, -1);
        assert_eq!(
            Instant::parse("2024-02-29").unwrap().iso8601(),
            "2024-02-29T00:00:00Z"
        );
        for bad in ["", "2024-13-01", "yesterday", "2024-01-01T25:00:00Z", "NaN"] {
            assert_eq!(Instant::parse(bad), None, "{bad}");
        }
    }
}
