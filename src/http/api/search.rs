//! `GET /api/v1/search`: Thai search over the letters the caller may see.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQuery;
use crate::services::search;
use crate::services::search::find::SearchPage;
use crate::services::search::find::SearchParams;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage,
        description = "newest letter date first (unknown dates last), then newest record first; \
            `total` exact up to 1,000, then 1,000 with `total_capped`; 1–2 code-point queries \
            search the newest 10,000 letters you may see (`bounded_to`)"),
        (status = 400, description = "malformed_request: `year` or `limit` not a whole number"),
        (status = 422, description = "invalid_q, invalid_limit, invalid_cursor, invalid_year, \
            invalid_from or invalid_to (a date outside the plausible range, or `to` before `from`)")),
    security(("bearer" = [])))]
pub async fn search(
    state: web::Data<AppState>,
    actor: Actor,
    params: ApiQuery<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let now = state.clock.now();
    let page = state
        .db
        .read(move |c| search::find::search(c, &actor, &params, now))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
