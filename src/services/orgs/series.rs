//! Opening numbers: an office moving from paper mid-year continues its register's numbers.

use crate::db::models::counter;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::SeriesKind;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetSeriesRequest {
    /// Buddhist-Era year, e.g. 2569.
    pub year_be: i64,
    /// The number the next letter or receipt of that year will get.
    pub next_number: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesView {
    /// The office whose series this is (an office may use another's dispatch series).
    pub org_id: i64,
    pub series: String,
    pub year_be: i64,
    pub next_number: i64,
}

/// The office that owns the given series of `org`: dispatch-type series may be borrowed.
pub fn owner_of(org: &org::Org, series: SeriesKind) -> i64 {
    match series {
        SeriesKind::Receipt => org.id,
        _ => org.series_owner_id.unwrap_or(org.id),
    }
}

pub fn set_next(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    series: &str,
    req: &SetSeriesRequest,
) -> Result<SeriesView, AppError> {
    let office = org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    let kind = SeriesKind::parse(series).ok_or(AppError::not_found("series"))?;
    actor.require_admin()?;
    if !(2400..=2800).contains(&req.year_be) {
        return Err(AppError::invalid(
            "year_be",
            "year_be is a Buddhist-Era year such as 2569",
        ));
    }
    if !(1..=10_000_000).contains(&req.next_number) {
        return Err(AppError::invalid(
            "next_number",
            "next_number must be between 1 and 10,000,000",
        ));
    }
    let owner = owner_of(&office, kind);
    if !counter::raise_to(conn, owner, kind.as_str(), req.year_be, req.next_number)? {
        let current = counter::peek_next(conn, owner, kind.as_str(), req.year_be)?;
        return Err(AppError::Conflict {
            code: "number_taken",
            message: format!(
                "numbers below {current} of {} are already in use; a series only moves forward",
                req.year_be
            ),
            extra: Some(("next_number", current.into())),
        });
    }
    Ok(SeriesView {
        org_id: owner,
        series: kind.as_str().to_string(),
        year_be: req.year_be,
        next_number: req.next_number,
    })
}
