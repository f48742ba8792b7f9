//! The one source of "now". Code never calls `Utc::now()` directly, so tests can fix the time.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::sync::{Arc, Mutex};

/// Asia/Bangkok: UTC+7 all year (Thailand has no daylight saving time).
const BANGKOK: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

pub fn bangkok() -> FixedOffset {
    BANGKOK
}

/// The Bangkok-local date and time of an instant.
pub fn to_bangkok(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&bangkok()).naive_local()
}

/// The Buddhist-Era calendar year, in Bangkok, of an instant.
pub fn bangkok_year_be(at: DateTime<Utc>) -> i64 {
    i64::from(to_bangkok(at).year()) + 543
}

/// The UTC instant of a Bangkok-local date and time.
pub fn from_bangkok(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    (date.and_time(time) - chrono::Duration::hours(7)).and_utc()
}

#[derive(Clone)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => match at.lock() {
                Ok(guard) => *guard,
                Err(poisoned) => *poisoned.into_inner(),
            },
        }
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Clock::Fixed(at) = self {
            match at.lock() {
                Ok(mut guard) => *guard = to,
                Err(poisoned) => *poisoned.into_inner() = to,
            }
        }
    }

    pub fn today_bangkok(&self) -> NaiveDate {
        to_bangkok(self.now()).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_past_midnight_new_year_in_bangkok_is_the_new_year() {
        let at = DateTime::parse_from_rfc3339("2026-12-31T17:30:00Z")
            .map(|d| d.with_timezone(&Utc))
            .expect("valid instant");
        assert_eq!(bangkok_year_be(at), 2570);
        let before = DateTime::parse_from_rfc3339("2026-12-31T16:59:59Z")
            .map(|d| d.with_timezone(&Utc))
            .expect("valid instant");
        assert_eq!(bangkok_year_be(before), 2569);
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2026-05-05T03:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .expect("valid instant");
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        assert_eq!(clock.today_bangkok().to_string(), "2026-05-05");
        clock.set(start + chrono::Duration::days(1));
        assert_eq!(clock.today_bangkok().to_string(), "2026-05-06");
    }
}
