//! `/api/v1/holidays…`: the working-day calendar's public holidays.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQuery;
use crate::services::holidays::{self, HolidayRequest, HolidayView};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearQuery {
    /// Buddhist-Era year, e.g. 2569; default the current one (Bangkok).
    pub year: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/holidays", tag = "holidays", params(YearQuery),
    responses((status = 200, body = Vec<HolidayView>, description = "the year's holidays by date"),
        (status = 422, description = "invalid_year")), security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    _actor: Actor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let year = q
        .year
        .unwrap_or_else(|| crate::clock::bangkok_year_be(state.clock.now()));
    let items = state.db.read(move |c| holidays::list(c, year)).await?;
    Ok(HttpResponse::Ok().json(items))
}

#[utoipa::path(post, path = "/api/v1/holidays", tag = "holidays", request_body = HolidayRequest,
    responses((status = 201, body = HolidayView), (status = 403), (status = 409, description = "holiday_exists"),
        (status = 422)), security(("bearer" = [])))]
pub async fn add(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<HolidayRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let view = state
        .db
        .write(move |c| holidays::add(c, &actor, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(delete, path = "/api/v1/holidays/{date}", tag = "holidays",
    params(("date" = String, Path, description = "ISO date, e.g. 2026-04-13")),
    responses((status = 204), (status = 403), (status = 404, description = "holiday_not_found")),
    security(("bearer" = [])))]
pub async fn remove(
    state: web::Data<AppState>,
    actor: Actor,
    date: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let date = date.into_inner();
    state
        .db
        .write(move |c| holidays::remove(c, &actor, &date, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
