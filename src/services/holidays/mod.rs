//! The working-day calendar's holidays: listed by Buddhist-Era year, added and removed by an
//! administrator, imported from a `date,name` CSV by the CLI, and read as a
//! [`Calendar`] by the use cases that count working days.

pub mod due;
pub use due::due_date;

use crate::db::models::holiday;
use crate::db::AnyConnection;
use crate::domain::calendar::{self, Calendar};
use crate::domain::validate;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use crate::thai::date::format_date_full;
use crate::thai::digits::Digits;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HolidayView {
    /// ISO date (ค.ศ.).
    pub date: NaiveDate,
    /// The date as Thai offices write it, e.g. `๑๓ เมษายน ๒๕๖๙`.
    pub date_th: String,
    pub name: String,
}

impl From<holiday::Holiday> for HolidayView {
    fn from(h: holiday::Holiday) -> Self {
        HolidayView {
            date: h.day,
            date_th: format_date_full(h.day, Digits::Thai),
            name: h.name,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayRequest {
    /// ISO date (ค.ศ.), e.g. `2026-04-13`.
    pub date: String,
    pub name: String,
}

/// The first and last day of a Buddhist-Era year; 422 `invalid_year` outside 2400–2800.
fn year_bounds(year_be: i64) -> Result<(NaiveDate, NaiveDate), AppError> {
    let ce = i32::try_from(year_be - 543)
        .ok()
        .filter(|_| (2400..=2800).contains(&year_be));
    let bounds = ce.and_then(|y| {
        Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        ))
    });
    bounds.ok_or_else(|| AppError::invalid("year", "year is a Buddhist-Era year, e.g. 2569"))
}

/// The holidays of a Buddhist-Era year, by date. Readable by every signed-in user.
pub fn list(conn: &mut AnyConnection, year_be: i64) -> Result<Vec<HolidayView>, AppError> {
    let (from, to) = year_bounds(year_be)?;
    Ok(holiday::between(conn, from, to)?
        .into_iter()
        .map(HolidayView::from)
        .collect())
}

/// The calendar of the days from `from` for `n` working days on (see [`calendar::span_bound`]).
pub fn calendar_after(
    conn: &mut AnyConnection,
    from: NaiveDate,
    n: u32,
) -> Result<Calendar, AppError> {
    let to = from + Duration::days(calendar::span_bound(n));
    let days = holiday::between(conn, from, to)?.into_iter().map(|h| h.day);
    Ok(Calendar::new(days))
}

/// The calendar of the days up to `to` for `n` working days back.
pub fn calendar_before(
    conn: &mut AnyConnection,
    to: NaiveDate,
    n: u32,
) -> Result<Calendar, AppError> {
    let from = to - Duration::days(calendar::span_bound(n));
    let days = holiday::between(conn, from, to)?.into_iter().map(|h| h.day);
    Ok(Calendar::new(days))
}

fn checked(req: &HolidayRequest) -> Result<(NaiveDate, String), AppError> {
    let day = validate::date("date", &req.date)?;
    year_bounds(i64::from(chrono::Datelike::year(&day)) + 543)
        .map_err(|_| AppError::invalid("date", "date is out of range"))?;
    Ok((day, validate::text("name", &req.name)?))
}

fn audit(
    conn: &mut AnyConnection,
    actor: Option<&Actor>,
    action: &'static str,
    value: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = crate::db::audit::Event {
        action,
        target_type: "holiday",
        after: Some(value),
        ..Default::default()
    };
    match actor {
        Some(a) => crate::db::audit::by(conn, a, event, now)?,
        None => crate::db::audit::record(conn, None, &event, now)?,
    };
    Ok(())
}

/// Adds a holiday (admin). 409 `holiday_exists` when the date already is one.
pub fn add(
    conn: &mut AnyConnection,
    actor: &Actor,
    req: &HolidayRequest,
    now: DateTime<Utc>,
) -> Result<HolidayView, AppError> {
    actor.require_admin()?;
    let (day, name) = checked(req)?;
    if let Some(existing) = holiday::find(conn, day)? {
        return Err(AppError::conflict(
            "holiday_exists",
            format!("{day} is already a holiday: {}", existing.name),
        ));
    }
    holiday::insert(conn, day, &name, db_time(now))?;
    let view = holiday::find(conn, day)?
        .map(HolidayView::from)
        .ok_or_else(|| AppError::Internal("holiday vanished".into()))?;
    audit(
        conn,
        Some(actor),
        "holiday_added",
        serde_json::json!({"date": day, "name": name}),
        now,
    )?;
    Ok(view)
}

/// Removes a holiday (admin). 404 `holiday_not_found` when the date is none.
pub fn remove(
    conn: &mut AnyConnection,
    actor: &Actor,
    date: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    actor.require_admin()?;
    let day = validate::date("date", date)?;
    if !holiday::delete(conn, day)? {
        return Err(AppError::not_found("holiday"));
    }
    audit(
        conn,
        Some(actor),
        "holiday_removed",
        serde_json::json!({"date": day}),
        now,
    )
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: usize,
    pub renamed: usize,
    pub unchanged: usize,
}

#[derive(Debug, Deserialize)]
struct Row {
    date: String,
    name: String,
}

/// Upserts the holidays of a `date,name` CSV (UTF-8, optional BOM, `#` comment lines for
/// the source). A bad line fails the whole file.
pub fn import(
    conn: &mut AnyConnection,
    data: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportCounts, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(crate::services::orgs::import::strip_bom(data));
    let mut counts = ImportCounts::default();
    for (i, rec) in reader.deserialize::<Row>().enumerate() {
        let line =
            |e: &dyn std::fmt::Display| AppError::invalid("csv", format!("row {}: {e}", i + 1));
        let row = rec.map_err(|e| line(&e))?;
        let req = HolidayRequest {
            date: row.date,
            name: row.name,
        };
        let (day, name) = checked(&req).map_err(|e| line(&e))?;
        match holiday::find(conn, day)? {
            None => {
                holiday::insert(conn, day, &name, db_time(now))?;
                counts.added += 1;
            }
            Some(h) if h.name == name => counts.unchanged += 1,
            Some(_) => {
                holiday::rename(conn, day, &name)?;
                counts.renamed += 1;
            }
        }
    }
    if counts.added + counts.renamed > 0 {
        let value = serde_json::json!({"added": counts.added, "renamed": counts.renamed});
        audit(conn, None, "holidays_imported", value, now)?;
    }
    Ok(counts)
}
