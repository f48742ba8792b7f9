//! Reserving numbers (จองเลข): a clerk takes numbers from a series ahead of time, from the same
//! counter as letters, and a letter issued later may use one (`reserved_number`).
//!
//! A reservation belongs to one office, series and year. Unused reservations are void once
//! their year is over: they are never handed out again and the dispatch register shows them
//! as cancelled (while the year runs they show as reserved).

use crate::clock::bangkok_year_be;
use crate::db::models::counter;
use crate::db::models::org;
use crate::db::models::reservation;
use crate::db::AnyConnection;
use crate::domain::series::letter_number;
use crate::domain::series::series_for_letter;
use crate::domain::validate;
use crate::domain::Actor;
use crate::domain::LetterKind;
use crate::domain::SeriesKind;
use crate::error::AppError;
use crate::services::db_time;
use crate::thai::digits::Digits;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most numbers one reservation may take.
pub const MAX_COUNT: i64 = 20;

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReservationRequest {
    /// dispatch (also `ordinary`), circular or directive
    pub series: String,
    /// 1..20
    pub count: i64,
    /// Why the numbers are held (shown in the dispatch register's remarks).
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReservationView {
    pub org_id: i64,
    /// The series the numbers came from (dispatch, circular or directive).
    pub series: String,
    /// The office owning that series (an office may share another's).
    pub series_org_id: i64,
    pub year_be: i64,
    pub note: String,
    pub numbers: Vec<i64>,
    /// The `ที่` line each number will print as.
    pub printed: Vec<String>,
    pub created_at: DateTime<Utc>,
}

fn parse_series(text: &str, office: &org::Org) -> Option<SeriesKind> {
    let shared = office.circular_series;
    match text {
        "dispatch" | "ordinary" => Some(SeriesKind::Dispatch),
        "circular" => Some(series_for_letter(LetterKind::External, true, shared)),
        "directive" => Some(SeriesKind::Directive),
        _ => None,
    }
}

pub fn reserve(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    req: &ReservationRequest,
    now: DateTime<Utc>,
) -> Result<ReservationView, AppError> {
    let office = org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    actor.require_act_for(org_id)?;
    let series = parse_series(&req.series, &office).ok_or_else(|| {
        AppError::invalid(
            "series",
            "series must be one of: dispatch, ordinary, circular, directive",
        )
    })?;
    if !(1..=MAX_COUNT).contains(&req.count) {
        return Err(AppError::invalid(
            "count",
            format!("count must be between 1 and {MAX_COUNT}"),
        ));
    }
    let note = validate::text("note", &req.note)?;
    let year_be = bangkok_year_be(now);
    let owner = crate::services::orgs::series::owner_of(&office, series);
    let circular = req.series == "circular";
    let t = db_time(now);
    let mut numbers = Vec::new();
    let mut printed = Vec::new();
    for _ in 0..req.count {
        let n = counter::take_next(conn, owner, series.as_str(), year_be)?;
        reservation::insert(
            conn,
            &reservation::NewReservation {
                org_id,
                series_org_id: owner,
                series: series.as_str().into(),
                year_be,
                number: n,
                note: note.clone(),
                created_by: Some(actor.user_id),
                created_at: t,
            },
        )?;
        numbers.push(n);
        printed.push(print(&office, series, circular, n, year_be));
    }
    let after = serde_json::json!({"series": series.as_str(), "series_org_id": owner,
        "year_be": year_be, "numbers": numbers});
    let event = crate::db::audit::Event::new("numbers_reserved", "org", org_id, org_id, after);
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(ReservationView {
        org_id,
        series: series.as_str().into(),
        series_org_id: owner,
        year_be,
        note,
        numbers,
        printed,
        created_at: now,
    })
}

/// The `ที่` line a number of this office's series prints as.
pub fn print(
    office: &org::Org,
    series: SeriesKind,
    circular: bool,
    n: i64,
    year_be: i64,
) -> String {
    let code = office.letter_code.clone().unwrap_or_default();
    letter_number(
        &code,
        series,
        circular,
        u64::try_from(n).unwrap_or(0),
        year_be,
        Digits::Thai,
    )
}

/// Checks that `number` is a live reservation of this office in this series and year, and
/// returns it. Void (past year), used, missing or another office's: 422 `invalid_reserved_number`.
pub fn claim(
    conn: &mut AnyConnection,
    office_id: i64,
    series_org_id: i64,
    series: SeriesKind,
    year_be: i64,
    number: i64,
    now: DateTime<Utc>,
) -> Result<reservation::Reservation, AppError> {
    let bad = |m: String| AppError::invalid("reserved_number", m);
    let r = reservation::find_number(conn, series_org_id, series.as_str(), year_be, number)?
        .ok_or_else(|| {
            bad(format!(
                "{number} is not a reserved number of the {series} series of {year_be}"
            ))
        })?;
    if r.org_id != office_id {
        return Err(bad(format!("{number} was reserved by another office")));
    }
    if r.letter_id.is_some() {
        return Err(bad(format!("{number} has already been used by a letter")));
    }
    if r.year_be < bangkok_year_be(now) {
        return Err(bad(format!(
            "{number} of {} was not used before the year ended and is void",
            r.year_be
        )));
    }
    Ok(r)
}
