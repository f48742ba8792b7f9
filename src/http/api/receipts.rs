//! `/api/v1/…receipts…`: the receipt register.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::idempotency;
use crate::services::receipts;
use crate::services::receipts::record::ReceiptRequest;
use crate::services::referral;
use crate::services::referral::refer::RouteRequest;
use crate::services::views::DeliveryView;
use crate::services::views::ReceiptView;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};

#[utoipa::path(post, path = "/api/v1/orgs/{id}/receipts", tag = "receipts", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = ReceiptRequest,
    responses((status = 201, body = ReceiptView, description = "the next number of the office's receipt register, with its stamp"),
        (status = 404, description = "upload_not_found: an upload_ids entry is not the caller's own waiting upload (nothing is saved)"),
        (status = 409, description = "duplicate_receipt, with the existing receipt")), security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    org: web::Path<i64>,
    body: web::Json<ReceiptRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (org, now) = (org.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    let answer = idempotency::respond(&state, Some(org), key, 201, move |c| {
        receipts::record::record(c, &actor, org, &body, now)
    })
    .await;
    // A receipt of a letter from a peer queued its status report: wake the sender.
    state.exchange_nudge.notify_one();
    answer
}

#[utoipa::path(get, path = "/api/v1/receipts/{id}", tag = "receipts",
    responses((status = 200, body = ReceiptView), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let receipt = state
        .db
        .read(move |c| receipts::record::get(c, &actor, id))
        .await?;
    Ok(HttpResponse::Ok().json(receipt))
}

#[utoipa::path(post, path = "/api/v1/receipts/{id}/routes", tag = "receipts", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = RouteRequest,
    responses((status = 201, body = DeliveryView, description = "a delivery (via route) of the same letter to a sub-office, carrying the endorsement"),
        (status = 409, description = "already_routed"), (status = 422, description = "invalid_to_org_id: not below the receipt's office")),
    security(("bearer" = [])))]
/// Refers (แทงเรื่อง) a received letter to a unit of the office; the wire keeps the word
/// "routes" (`POST /api/v1/receipts/{id}/routes`).
pub async fn refer(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<RouteRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    idempotency::respond(&state, actor.org_id, key, 201, move |c| {
        referral::refer::route(c, &actor, id, &body, now)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/receipts/{id}/stamped.pdf", tag = "receipts",
    responses((status = 200, content_type = "application/pdf",
            description = "the letter's first main file (PDF, PNG or JPEG) with the office's receipt stamp at the top right of page 1; made once, the same bytes on every request"),
        (status = 403, description = "not the receipt's office (or one above it)"), (status = 404, description = "receipt_not_found"),
        (status = 409, description = "no_stampable_file: the letter has no main PDF, PNG or JPEG the caller may see; receipt_cancelled"),
        (status = 422, description = "unreadable_file, encrypted_pdf, file_too_complex: the letter's file cannot be stamped"),
        (status = 503, description = "stamp_font_missing: the server has no stamp font (SARABAN_STAMP_FONT)")),
    security(("bearer" = [])))]
/// The letter with the receipt stamp drawn on it (ตรารับบนหนังสือ).
pub async fn stamped(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    crate::http::files::stamped::respond(&state, actor, id.into_inner()).await
}
