//! `/api/v1/orgs/{id}/inbox`, `/letters` (GET) and `/reservations`: an office's desk.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::idempotency;
use crate::services::deliveries::inbox;
use crate::services::deliveries::inbox::InboxFilter;
use crate::services::deliveries::inbox::InboxItem;
use crate::services::letters;
use crate::services::registers::reservations;
use crate::services::registers::reservations::ReservationRequest;
use crate::services::registers::reservations::ReservationView;
use crate::services::views::LetterView;
use crate::services::views::Page;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/orgs/{id}/inbox", tag = "orgs", params(InboxFilter, Paging),
    responses((status = 200, body = Page<InboxItem>, description = "deliveries to the office and its units, most urgent first, then newest")),
    security(("bearer" = [])))]
pub async fn inbox(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    filter: web::Query<InboxFilter>,
    paging: web::Query<Paging>,
) -> Result<HttpResponse, AppError> {
    let limit = paging.limit()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let (filter, paging) = (filter.into_inner(), paging.into_inner());
    let page = state
        .db
        .read(move |c| inbox::inbox(c, &actor, id, &filter, paging.cursor.as_deref(), limit, now))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearFilter {
    /// Buddhist-Era year, e.g. 2569.
    pub year: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/letters", tag = "orgs", params(YearFilter, Paging),
    responses((status = 200, body = Page<LetterView>, description = "letters the office issued, newest first")),
    security(("bearer" = [])))]
pub async fn letters(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    filter: web::Query<YearFilter>,
    paging: web::Query<Paging>,
) -> Result<HttpResponse, AppError> {
    let limit = paging.limit()?;
    let (id, year, paging) = (id.into_inner(), filter.year, paging.into_inner());
    let page = state
        .db
        .read(move |c| letters::list::list(c, &actor, id, year, paging.cursor.as_deref(), limit))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/reservations", tag = "orgs", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = ReservationRequest,
    responses((status = 201, body = ReservationView, description = "numbers taken from the series now; unused ones are void at year end")),
    security(("bearer" = [])))]
pub async fn reserve(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<ReservationRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    idempotency::respond(&state, key, 201, move |c| {
        reservations::reserve(c, &actor, id, &body, now)
    })
    .await
}
