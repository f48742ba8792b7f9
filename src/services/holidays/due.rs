//! A letter's deadline as typed: a date, or "N วันทำการ" counted on the working-day calendar.

use super::calendar_after;
use crate::db::AnyConnection;
use crate::domain::calendar;
use crate::domain::validate;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};

/// A deadline as typed: an ISO date, kept as written even on a holiday, or "N วันทำการ"
/// (1 to [`calendar::MAX_WORKING_DAYS`]) counted from the letter date `from`. Either way the
/// domain's plausibility window for due dates applies.
pub fn due_date(
    conn: &mut AnyConnection,
    typed: &str,
    from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<NaiveDate, AppError> {
    let max = calendar::MAX_WORKING_DAYS;
    let day = match calendar::parse_working_days(typed) {
        Some(n) if (1..=max).contains(&n) => {
            calendar_after(conn, from, n)?.add_working_days(from, n)
        }
        Some(_) => {
            return Err(AppError::invalid(
                "due_date",
                format!("due_date in working days is 1 to {max} วันทำการ"),
            ))
        }
        None => validate::date("due_date", typed)?,
    };
    Ok(validate::plausible(
        "due_date",
        validate::DateKind::Due,
        day,
        now,
    )?)
}
