//! The proleptic Gregorian calendar in integers (Howard Hinnant's `days_from_civil` and
//! `civil_from_days` algorithms): the one conversion between a civil date and a count of days
//! since 1970-01-01, which ASL's timestamps, JSONata's date functions and the AWS wire formats'
//! dates all use.
//!
//! ```
//! use workflow_text::calendar::{civil_from_days, days_from_civil};
//!
//! assert_eq!(days_from_civil(2024, 1, 31), 19_753);
//! assert_eq!(civil_from_days(19_753), (2024, 1, 31));
//! assert_eq!(civil_from_days(-1), (1969, 12, 31));
//! ```

/// Days since 1970-01-01 of a civil date (month 1–12, day 1–31; any year, negative too).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month 1–12, day 1–31) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both in range by construction: 1 ≤ day ≤ 31, 1 ≤ month ≤ 12.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, days_from_civil};

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-719_529), (-1, 12, 31));
    }

    #[test]
    fn every_day_of_eight_centuries_round_trips_in_order() {
        let first = days_from_civil(1600, 1, 1);
        let mut last = (1599, 12, 31);
        for days in first..days_from_civil(2400, 12, 31) {
            let date = civil_from_days(days);
            assert_eq!(days_from_civil(date.0, date.1, date.2), days);
            assert!(date > last, "{date:?} after {last:?}");
            last = date;
        }
    }
}
