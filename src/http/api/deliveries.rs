//! `/api/v1/deliveries/{id}…`: one delivery and the recipient's answer to it.

use crate::domain::Actor;
use crate::error::AppError;
use crate::services::deliveries;
use crate::services::deliveries::answer::AcknowledgeRequest;
use crate::services::deliveries::answer::RejectRequest;
use crate::services::views::DeliveryView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/deliveries/{id}", tag = "deliveries",
    responses((status = 200, body = DeliveryView), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db
        .read(move |c| deliveries::answer::get(c, &actor, id))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/acknowledge", tag = "deliveries", request_body = AcknowledgeRequest,
    responses((status = 200, body = DeliveryView, description = "acknowledged (รับทราบ)"),
        (status = 403, description = "not the recipient office"), (status = 409, description = "delivery_closed")),
    security(("bearer" = [])))]
pub async fn acknowledge(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<AcknowledgeRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write_for(actor.org_id, move |c| {
            deliveries::answer::acknowledge(c, &actor, id, &body, now)
        })
        .await?;
    state.exchange_nudge.notify_one();
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/reject", tag = "deliveries", request_body = RejectRequest,
    responses((status = 200, body = DeliveryView, description = "not_related (ไม่เกี่ยวข้อง), with the reason"),
        (status = 403, description = "not the recipient office"), (status = 409, description = "delivery_closed")),
    security(("bearer" = [])))]
pub async fn reject(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<RejectRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write_for(actor.org_id, move |c| {
            deliveries::answer::reject(c, &actor, id, &body, now)
        })
        .await?;
    state.exchange_nudge.notify_one();
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/withdraw", tag = "deliveries", request_body = crate::services::exchange::withdraw::WithdrawRequest,
    responses((status = 200, body = DeliveryView, description = "withdrawn: `withdrawn_at` and the reason set, the status kept; a peer-hosted recipient is told"),
        (status = 403, description = "not the sending office"), (status = 409, description = "delivery_withdrawn")),
    security(("bearer" = [])))]
pub async fn withdraw(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<crate::services::exchange::withdraw::WithdrawRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write_for(actor.org_id, move |c| {
            crate::services::exchange::withdraw::withdraw(c, &actor, id, &body, now)
        })
        .await?;
    state.exchange_nudge.notify_one();
    Ok(HttpResponse::Ok().json(view))
}
