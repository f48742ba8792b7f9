//! `/api/v1/…letters…`: issuing, recording, dispatching and following letters.

use crate::auth::Actor;
use crate::error::AppError;
use crate::services::dispatch::{self, DispatchRequest};
use crate::services::distribution::{self, DistributionView};
use crate::services::issue_letter::{self, IssueLetterRequest};
use crate::services::record_letter::{self, RecordLetterRequest};
use crate::services::views::{DispatchView, LetterView};
use crate::services::visibility;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(post, path = "/api/v1/orgs/{id}/letters", tag = "letters", request_body = IssueLetterRequest,
    responses((status = 201, body = LetterView, description = "numbered from the office's series"),
        (status = 409, description = "letter_exists or letter_code_missing")), security(("bearer" = [])))]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Actor,
    org: web::Path<i64>,
    body: web::Json<IssueLetterRequest>,
) -> Result<HttpResponse, AppError> {
    let (org, now) = (org.into_inner(), state.clock.now());
    let letter = state
        .db
        .write(move |c| issue_letter::issue(c, &actor, org, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(letter))
}

#[utoipa::path(post, path = "/api/v1/letters", tag = "letters", request_body = RecordLetterRequest,
    responses((status = 201, body = LetterView), (status = 409, description = "letter_exists, with existing_id")),
    security(("bearer" = [])))]
pub async fn record(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<RecordLetterRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let letter = state
        .db
        .write(move |c| record_letter::record(c, &actor, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(letter))
}

#[utoipa::path(get, path = "/api/v1/letters/{id}", tag = "letters",
    responses((status = 200, body = LetterView), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let letter = state
        .db
        .read(move |c| visibility::visible_letter(c, &actor, id).map(LetterView::from))
        .await?;
    Ok(HttpResponse::Ok().json(letter))
}

#[utoipa::path(post, path = "/api/v1/letters/{id}/dispatches", tag = "letters", request_body = DispatchRequest,
    responses((status = 201, body = DispatchView)), security(("bearer" = [])))]
pub async fn dispatch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<DispatchRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let sent = state
        .db
        .write(move |c| dispatch::dispatch(c, &actor, id, &body, now))
        .await?;
    state.nudge.notify_one(); // its notices are committed: wake the outbox worker
    Ok(HttpResponse::Created().json(sent))
}

#[utoipa::path(get, path = "/api/v1/letters/{id}/distribution", tag = "letters",
    responses((status = 200, body = DistributionView)), security(("bearer" = [])))]
pub async fn distribution(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db
        .read(move |c| distribution::distribution(c, &actor, id))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
