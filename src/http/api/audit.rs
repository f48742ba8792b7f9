//! `/api/v1/audit…`: the audit log, to administrators and the office it concerns.

use crate::http::query::ApiQuery;
use crate::services::audit::list;

use crate::db::audit::Entry;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::audit::list::AuditQuery;
use crate::services::audit::verify;
use crate::services::audit::verify::Report;
use crate::services::paging::Page;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<Entry>, description = "newest first"),
        (status = 403, description = "not an administrator nor a clerk or head of that office"),
        (status = 422, description = "invalid_limit or invalid_cursor")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    query: ApiQuery<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = state.db.read(move |c| list::list(c, &actor, &q)).await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = Report, description = "every broken link of every chain; ok is false if any"),
        (status = 403, description = "administrators only")),
    security(("bearer" = [])))]
pub async fn verify(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    let now = state.clock.now();
    let report = state.db.write(move |c| verify::verify(c, now)).await?;
    Ok(HttpResponse::Ok().json(report))
}
