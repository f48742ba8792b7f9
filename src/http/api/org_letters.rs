//! `GET /api/v1/orgs/{id}/letters`: the letters an office issued.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQueries;
use crate::services::letters;
use crate::services::paging::Page;
use crate::services::views::LetterView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearFilter {
    /// Buddhist-Era year, e.g. 2569.
    pub year: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/letters", tag = "orgs", params(YearFilter, Paging),
    responses((status = 200, body = Page<LetterView>, description = "letters the office issued, newest first")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    ApiQueries(filter, paging): ApiQueries<YearFilter, Paging>,
) -> Result<HttpResponse, AppError> {
    let limit = paging.limit()?;
    let (id, year, paging) = (id.into_inner(), filter.year, paging);
    let page = state
        .db
        .read(move |c| letters::list::list(c, &actor, id, year, paging.cursor.as_deref(), limit))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
