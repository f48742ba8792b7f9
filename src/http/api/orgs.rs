//! `/api/v1/orgs…`: the directory of offices and their number series.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQueries;
use crate::services::orgs;
use crate::services::orgs::manage::OrgPatch;
use crate::services::orgs::manage::OrgRequest;
use crate::services::orgs::series;
use crate::services::orgs::series::SeriesView;
use crate::services::orgs::series::SetSeriesRequest;
use crate::services::paging::Page;
use crate::services::views::OrgView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = OrgRequest,
    responses((status = 201, body = OrgView), (status = 422), (status = 409)), security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<OrgRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let org = state
        .db
        .write(move |c| orgs::manage::create(c, &actor, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(org))
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs",
    responses((status = 200, body = OrgView), (status = 404)), security(("bearer" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    _actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let org = state
        .db
        .read(move |c| orgs::manage::get_unchecked(c, id))
        .await?;
    Ok(HttpResponse::Ok().json(org))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrgFilter {
    pub parent_id: Option<i64>,
    pub kind: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", params(OrgFilter, Paging),
    responses((status = 200, body = Page<OrgView>, description = "offices in id order")), security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    _actor: Actor,
    ApiQueries(filter, paging): ApiQueries<OrgFilter, Paging>,
) -> Result<HttpResponse, AppError> {
    let limit = paging.limit()?;
    let (filter, paging) = (filter, paging);
    let page = state
        .db
        .read(move |c| {
            orgs::manage::list(
                c,
                filter.parent_id,
                filter.kind.as_deref(),
                paging.cursor.as_deref(),
                limit,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(patch, path = "/api/v1/orgs/{id}", tag = "orgs", request_body = OrgPatch,
    responses((status = 200, body = OrgView), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn patch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<OrgPatch>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let org = state
        .db
        .write(move |c| orgs::manage::patch(c, &actor, id, &body, now))
        .await?;
    Ok(HttpResponse::Ok().json(org))
}

#[utoipa::path(put, path = "/api/v1/orgs/{id}/series/{series}", tag = "orgs", request_body = SetSeriesRequest,
    params(("series" = String, Path, description = "receipt, dispatch, circular or directive")),
    responses((status = 200, body = SeriesView), (status = 409, description = "number_taken: a series only moves forward")),
    security(("bearer" = [])))]
pub async fn set_series(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, String)>,
    body: web::Json<SetSeriesRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, name) = path.into_inner();
    let now = state.clock.now();
    let view = state
        .db
        .write(move |c| {
            let view = series::set_next(c, &actor, id, &name, &body)?;
            let after =
                serde_json::to_value(&view).map_err(|e| AppError::Internal(e.to_string()))?;
            let event = crate::db::audit::Event::new("series_changed", "org", id, id, after);
            crate::db::audit::by(c, &actor, event, now)?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
