//! `GET /api/v1/orgs/{id}/inbox`: the deliveries waiting at an office and its units.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQueries;
use crate::services::deliveries::inbox;
use crate::services::deliveries::inbox::InboxFilter;
use crate::services::deliveries::inbox::InboxItem;
use crate::services::paging::Page;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/orgs/{id}/inbox", tag = "orgs", params(InboxFilter, Paging),
    responses((status = 200, body = Page<InboxItem>, description = "deliveries to the office and its units, most urgent first, then newest")),
    security(("bearer" = [])))]
pub async fn inbox(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    ApiQueries(filter, paging): ApiQueries<InboxFilter, Paging>,
) -> Result<HttpResponse, AppError> {
    let limit = paging.limit()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let (filter, paging) = (filter, paging);
    let page = state
        .db
        .read(move |c| inbox::inbox(c, &actor, id, &filter, paging.cursor.as_deref(), limit, now))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
