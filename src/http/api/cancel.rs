//! `POST /api/v1/receipts/{id}/cancel` and `POST /api/v1/letters/{id}/cancel`.

use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::registers::cancel;
use crate::services::registers::cancel::CancelRequest;
use crate::services::registers::cancel::CancellationView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};

type Cancel = fn(
    &mut AnyConnection,
    &Actor,
    i64,
    &CancelRequest,
    DateTime<Utc>,
) -> Result<CancellationView, AppError>;

/// Runs a cancellation in one transaction and answers its view.
async fn cancelled(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<CancelRequest>,
    cancel: Cancel,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write(move |c| cancel(c, &actor, id, &body, now))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(post, path = "/api/v1/receipts/{id}/cancel", tag = "receipts", request_body = CancelRequest,
    params(("id" = i64, Path, description = "the receipt")),
    responses((status = 200, body = CancellationView, description = "the number stays burned; the register shows it cancelled"),
        (status = 403, description = "not a clerk or head of the receipt's office"), (status = 404),
        (status = 409, description = "already_cancelled"), (status = 422, description = "invalid_reason")),
    security(("bearer" = [])))]
pub async fn receipt(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<CancelRequest>,
) -> Result<HttpResponse, AppError> {
    cancelled(state, actor, id, body, cancel::cancel_receipt).await
}

#[utoipa::path(post, path = "/api/v1/letters/{id}/cancel", tag = "letters", request_body = CancelRequest,
    params(("id" = i64, Path, description = "a letter numbered by this service")),
    responses((status = 200, body = CancellationView, description = "the number stays burned; the register shows it cancelled"),
        (status = 403, description = "not a clerk or head of the issuing office"), (status = 404),
        (status = 409, description = "already_cancelled"), (status = 422, description = "invalid_reason or invalid_letter")),
    security(("bearer" = [])))]
pub async fn letter(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<CancelRequest>,
) -> Result<HttpResponse, AppError> {
    cancelled(state, actor, id, body, cancel::cancel_letter).await
}
