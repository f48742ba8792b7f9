//! `GET /api/v1/search`: Thai search over the letters the caller may see.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQuery;
use crate::services::paging::Page;
use crate::services::search;
use crate::services::search::find::SearchItem;
use crate::services::search::find::SearchParams;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = Page<SearchItem>,
        description = "exact number first, then newest letter date first, then newest record first"),
        (status = 422, description = "invalid_q, invalid_limit or invalid_cursor")),
    security(("bearer" = [])))]
pub async fn search(
    state: web::Data<AppState>,
    actor: Actor,
    params: ApiQuery<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let page = state
        .db
        .read(move |c| search::find::search(c, &actor, &params))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
