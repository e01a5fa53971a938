//! Hijri to Gregorian conversion with the tabular (arithmetical) Islamic calendar.
//!
//! The tabular calendar alternates months of 30 and 29 days and adds a leap day to the last
//! month in 11 years of every 30-year cycle (years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29:
//! the most common "type II" rule, also used by the Kuwaiti algorithm). We count from the
//! astronomical epoch, Thursday 15 July 622 (Julian), which in recent decades matches the
//! Umm al-Qura calendar more often than the civil (Friday) epoch.
//!
//! Real Hijri months begin with the sighting of the crescent (or with a national calendar
//! such as Umm al-Qura), so a converted date can be a day or two off from the date a
//! newspaper printed. Use the result as an approximation, never as an exact day.

use chrono::{Datelike, NaiveDate};

/// Julian Day Number of 1 Muharram 1 AH at the astronomical epoch (Thursday 15 July 622).
const EPOCH_JDN: i64 = 1_948_439;

/// Julian Day Number of 1 January 1 CE (proleptic Gregorian), minus one: chrono counts days
/// from the common era with 0001-01-01 as day 1.
const CE_OFFSET: i64 = 1_721_425;

/// Largest Hijri year we convert; keeps all arithmetic far from overflow.
const MAX_YEAR: i32 = 9_000;

/// True when `year` is a leap year (355 days, 30 days in Dhu al-Hijja).
pub fn is_leap_year(year: i32) -> bool {
    (14 + 11 * i64::from(year)).rem_euclid(30) < 11
}

/// Number of days in a Hijri month: odd months 30, even months 29, Dhu al-Hijja 30 in leap
/// years. `None` for a month outside 1..=12.
pub fn month_length(year: i32, month: u32) -> Option<u32> {
    match month {
        12 if is_leap_year(year) => Some(30),
        1..=12 if month % 2 == 1 => Some(30),
        1..=12 => Some(29),
        _ => None,
    }
}

/// Days elapsed from the epoch to the first day of `year` (year >= 1).
fn days_before_year(year: i32) -> i64 {
    let y = i64::from(year) - 1;
    // 354 days a year plus the leap days of the completed years.
    354 * y + (3 + 11 * (y + 1)).div_euclid(30)
}

/// Days elapsed from the start of the year to the first day of `month` (1..=12).
fn days_before_month(month: u32) -> i64 {
    let m = i64::from(month) - 1;
    // ceil(29.5 * m): months alternate 30, 29, 30, ...
    (59 * m + 1) / 2
}

/// Converts a tabular Hijri date to the proleptic Gregorian calendar. `None` when the date
/// does not exist (month outside 1..=12, day beyond the month's length, year outside
/// 1..=9000).
pub fn to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=MAX_YEAR).contains(&year) {
        return None;
    }
    if day == 0 || day > month_length(year, month)? {
        return None;
    }
    let jdn = EPOCH_JDN + days_before_year(year) + days_before_month(month) + i64::from(day) - 1;
    let ce_days = i32::try_from(jdn - CE_OFFSET).ok()?;
    NaiveDate::from_num_days_from_ce_opt(ce_days)
}

/// Converts a Gregorian date to the tabular Hijri calendar as `(year, month, day)`. `None`
/// before the epoch or beyond year 9000.
pub fn from_gregorian(date: NaiveDate) -> Option<(i32, u32, u32)> {
    let jdn = i64::from(date.num_days_from_ce()) + CE_OFFSET;
    let days = jdn - EPOCH_JDN;
    if days < 0 {
        return None;
    }
    // Every 30-year cycle has exactly 10631 days; estimate the year, then correct it.
    let mut year = i32::try_from(days * 30 / 10_631 + 1).ok()?;
    while year > 1 && days_before_year(year) > days {
        year -= 1;
    }
    while days_before_year(year + 1) <= days {
        year += 1;
    }
    if year > MAX_YEAR {
        return None;
    }
    let day_of_year = days - days_before_year(year);
    let mut month = 12;
    while month > 1 && days_before_month(month) > day_of_year {
        month -= 1;
    }
    let day = u32::try_from(day_of_year - days_before_month(month) + 1).ok()?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn epoch_is_15_july_622_julian() {
        // 15 July 622 Julian = 18 July 622 proleptic Gregorian, a Thursday.
        let epoch = to_gregorian(1, 1, 1).unwrap();
        assert_eq!(epoch, ymd(622, 7, 18));
        assert_eq!(epoch.weekday(), chrono::Weekday::Thu);
    }

    #[test]
    fn first_of_ramadan_1443() {
        // Observed (Umm al-Qura): Saturday 2 April 2022. The tabular calendar with the
        // astronomical epoch gives the same day; with the civil (Friday) epoch it would give
        // 3 April. Other years can differ from the observed calendar by a day or two.
        assert_eq!(to_gregorian(1443, 9, 1), Some(ymd(2022, 4, 2)));
    }

    #[test]
    fn other_known_dates() {
        // 1 Muharram 1443: observed Monday 9 August 2021.
        assert_eq!(to_gregorian(1443, 1, 1), Some(ymd(2021, 8, 9)));
        // 15 Rajab 1443: tabular gives 16 February 2022 (observed: 16 or 17 February).
        assert_eq!(to_gregorian(1443, 7, 15), Some(ymd(2022, 2, 16)));
    }

    #[test]
    fn leap_years_follow_type_ii_rule() {
        let leaps: Vec<i32> = (1..=30).filter(|&y| is_leap_year(y)).collect();
        assert_eq!(leaps, vec![2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29]);
        // 1442 is year 2 of its cycle (1442 mod 30), 1443 is year 3.
        assert_eq!(month_length(1442, 12), Some(30));
        assert_eq!(month_length(1443, 12), Some(29));
    }

    #[test]
    fn invalid_dates_are_none() {
        assert_eq!(to_gregorian(1443, 13, 1), None);
        assert_eq!(to_gregorian(1443, 0, 1), None);
        assert_eq!(to_gregorian(1443, 2, 30), None);
        assert_eq!(to_gregorian(1443, 9, 0), None);
        assert_eq!(to_gregorian(0, 1, 1), None);
        assert_eq!(to_gregorian(i32::MAX, 1, 1), None);
        assert_eq!(to_gregorian(1443, 12, 30), None);
    }

    proptest! {
        #[test]
        fn round_trips(y in 1i32..3000, m in 1u32..=12, d in 1u32..=30) {
            if let Some(g) = to_gregorian(y, m, d) {
                prop_assert_eq!(from_gregorian(g), Some((y, m, d)));
                // Consecutive Hijri days are consecutive Gregorian days.
                if let Some(next) = g.succ_opt() {
                    let (ny, nm, nd) = from_gregorian(next).unwrap();
                    prop_assert!((ny, nm, nd) > (y, m, d));
                }
            }
        }
    }
}
