//! The working-day calendar (วันทำการ): Monday to Friday, less the public holidays the
//! caller loads. Deadlines may be given as "N วันทำการ"; reminders count waiting days in it.
//! A date written by hand is never moved, even when it falls on a holiday.

use crate::thai::digits::to_arabic_digits;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The longest deadline accepted as working days (about a year).
pub const MAX_WORKING_DAYS: u32 = 260;

/// How many calendar days `n` working days can span at most, so the caller loads the
/// holidays of that window: weekends take 2 of every 7 days, holidays about 20 a year.
pub fn span_bound(n: u32) -> i64 {
    i64::from(n) * 2 + 30
}

/// The public holidays of a window of dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Calendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The `n`th working day after `from` (`from` itself not counted); `from` when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The latest date `D` such that at least `n` working days lie in `(D, today]`: what was
    /// delivered on `D` or before has waited `n` working days by `today`.
    pub fn working_days_back(&self, today: NaiveDate, n: u32) -> NaiveDate {
        let mut d = today;
        let mut left = n;
        while left > 0 {
            if self.is_working_day(d) {
                left -= 1;
            }
            d -= Duration::days(1);
        }
        d
    }
}

/// Reads a deadline written as working days: `5 วันทำการ`, `๕ วันทำการ`, `5วันทำการ`.
/// `None` for anything else (a date, for instance).
pub fn parse_working_days(text: &str) -> Option<u32> {
    let t = to_arabic_digits(text.trim());
    let number = t.strip_suffix("วันทำการ")?.trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Songkran 2569: Mon 13 to Wed 15 April 2026.
        let cal = Calendar::new([d("2026-04-13"), d("2026-04-14"), d("2026-04-15")]);
        assert!(!cal.is_working_day(d("2026-04-11")), "Saturday");
        assert!(!cal.is_working_day(d("2026-04-14")), "holiday");
        assert!(cal.is_working_day(d("2026-04-16")));
        // From Friday 10 April, 3 working days: Thu 16, Fri 17, Mon 20.
        assert_eq!(cal.add_working_days(d("2026-04-10"), 3), d("2026-04-20"));
        assert_eq!(cal.add_working_days(d("2026-04-10"), 0), d("2026-04-10"));
        // On Monday 20 April, what came on Wednesday 15 April or before (a holiday) has
        // waited 3 working days: Thu 16, Fri 17, Mon 20.
        assert_eq!(cal.working_days_back(d("2026-04-20"), 3), d("2026-04-15"));
        let plain = Calendar::default();
        assert_eq!(plain.working_days_back(d("2026-04-16"), 3), d("2026-04-13"));
        assert_eq!(plain.working_days_back(d("2026-04-20"), 1), d("2026-04-19"));
    }

    #[test]
    fn deadlines_in_working_days_are_read_in_either_digits() {
        assert_eq!(parse_working_days("5 วันทำการ"), Some(5));
        assert_eq!(parse_working_days(" ๑๕ วันทำการ "), Some(15));
        assert_eq!(parse_working_days("7วันทำการ"), Some(7));
        assert_eq!(parse_working_days("17/11/2569"), None);
        assert_eq!(parse_working_days("วันทำการ"), None);
        assert_eq!(parse_working_days("ห้า วันทำการ"), None);
    }
}
