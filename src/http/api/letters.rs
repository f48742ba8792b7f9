//! `/api/v1/…letters…`: issuing, recording, dispatching and following letters.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::idempotency;
use crate::http::query::ApiQuery;
use crate::services::deliveries::dispatch;
use crate::services::deliveries::dispatch::DispatchRequest;
use crate::services::distribution;
use crate::services::distribution::show::DistributionView;
use crate::services::distribution::show::TreeFilter;
use crate::services::letters;
use crate::services::letters::issue::IssueLetterRequest;
use crate::services::letters::record::RecordLetterRequest;
use crate::services::letters::references;
use crate::services::letters::references::ReferenceRequest;
use crate::services::letters::references::ReferenceView;
use crate::services::letters::visibility;
use crate::services::views::DispatchView;
use crate::services::views::LetterView;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};

#[utoipa::path(post, path = "/api/v1/orgs/{id}/letters", tag = "letters", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = IssueLetterRequest,
    responses((status = 201, body = LetterView, description = "numbered from the office's series"),
        (status = 409, description = "letter_exists or letter_code_missing")), security(("bearer" = [])))]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Actor,
    org: web::Path<i64>,
    body: web::Json<IssueLetterRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (org, now) = (org.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    idempotency::respond(&state, Some(org), key, 201, move |c| {
        letters::issue::issue(c, &actor, org, &body, now)
    })
    .await
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
        .write_for(actor.org_id, move |c| {
            letters::record::record(c, &actor, &body, now)
        })
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
        .read(move |c| {
            let mut view = LetterView::from(visibility::visible_letter(c, &actor, id)?);
            view.references = Some(references::of_letter(c, id)?);
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(letter))
}

#[utoipa::path(post, path = "/api/v1/letters/{id}/dispatches", tag = "letters", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = DispatchRequest,
    responses((status = 201, body = DispatchView)), security(("bearer" = [])))]
pub async fn dispatch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<DispatchRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    let answer = idempotency::respond(&state, actor.org_id, key, 201, move |c| {
        dispatch::dispatch(c, &actor, id, &body, now)
    })
    .await;
    state.nudge.notify_one(); // any notices are committed: wake the outbox worker
    state.exchange_nudge.notify_one(); // and the exchange sender, for offices on peers
    answer
}

#[utoipa::path(get, path = "/api/v1/letters/{id}/distribution", tag = "letters", params(TreeFilter),
    responses((status = 200, body = DistributionView, description = "the whole tree through routes and forwarding letters; the issuer sees all of it, others their own hops and below")),
    security(("bearer" = [])))]
pub async fn distribution(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    filter: ApiQuery<TreeFilter>,
) -> Result<HttpResponse, AppError> {
    let (id, now, filter) = (id.into_inner(), state.clock.now(), filter.into_inner());
    let view = state
        .db
        .read(move |c| distribution::show::distribution(c, &actor, id, &filter, now))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(post, path = "/api/v1/letters/{id}/references", tag = "letters", request_body = ReferenceRequest,
    responses((status = 201, body = ReferenceView), (status = 409, description = "reference_exists"),
        (status = 422, description = "invalid_reference: missing, not visible, or it would close a cycle")),
    security(("bearer" = [])))]
pub async fn add_reference(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<ReferenceRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let link = state
        .db
        .write(move |c| references::add(c, &actor, id, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(link))
}
