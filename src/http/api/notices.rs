//! `/api/v1/…notices…`: where the e-mail notices of letters stand, and sending them again.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::{ApiQueries, ApiQuery};
use crate::services::notices::admin;
use crate::services::notices::admin::NoticePage;
use crate::services::notices::admin::NoticeView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/letters/{id}/notices", tag = "notices",
    responses((status = 200, body = NoticePage, description = "one notice per delivery, oldest first"),
        (status = 403, description = "not the issuing office"), (status = 404)), security(("bearer" = [])))]
pub async fn for_letter(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    _none: ApiQuery<crate::http::query::NoParams>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let list = state
        .db
        .read(move |c| admin::for_letter(c, &actor, id))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NoticeFilter {
    /// pending, sending, sent, failed, dead or no_address
    pub status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", params(NoticeFilter, Paging),
    responses((status = 200, body = NoticePage, description = "in id order"),
        (status = 403, description = "administrators only")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    ApiQueries(filter, paging): ApiQueries<NoticeFilter, Paging>,
) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    let limit = paging.limit()?;
    let status = admin::parse_status(filter.status.as_deref())?;
    let cursor = paging.cursor;
    let page = state
        .db
        .read(move |c| admin::list(c, status, cursor.as_deref(), limit))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(post, path = "/api/v1/notices/{id}/retry", tag = "notices",
    responses((status = 200, body = NoticeView, description = "queued again with fresh attempts"),
        (status = 409, description = "notice_not_retryable: only failed, dead or no_address")),
    security(("bearer" = [])))]
pub async fn retry(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write(move |c| admin::retry(c, Some(actor.user_id), id, now))
        .await?;
    state.nudge.notify_one();
    Ok(HttpResponse::Ok().json(view))
}
