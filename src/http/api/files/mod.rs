//! `/api/v1/…files…`: a letter's scanned letter and enclosures (see `services::files`).

pub mod upload;

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::api::list::Paging;
use crate::http::files as files_http;
use crate::http::query::ApiQuery;
use crate::services::files;
use crate::services::files::attach;
use crate::services::files::attach::AttachRequest;
use crate::services::files::list;
use crate::services::files::FileView;
use crate::services::paging::Page;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/letters/{id}/files", tag = "files", params(Paging),
    responses((status = 200, body = Page<FileView>, description = "live files in id order"),
        (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    paging: ApiQuery<Paging>,
) -> Result<HttpResponse, AppError> {
    let (id, limit) = (id.into_inner(), paging.limit()?);
    let page = state
        .db
        .read(move |c| list::list(c, &actor, id, paging.cursor.as_deref(), limit))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "files",
    responses((status = 200, description = "the bytes, with Content-Type and Content-Disposition (UTF-8 file name)"),
        (status = 403, description = "the letter is not the caller's to see"), (status = 404, description = "file_not_found")),
    security(("bearer" = [])))]
pub async fn download(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (file, blob) = state
        .db
        .read(move |c| files::visible_file(c, &actor, id))
        .await?;
    files_http::stream(&state, file, blob).await
}

#[utoipa::path(post, path = "/api/v1/letters/{id}/files/attach", tag = "files", request_body = AttachRequest,
    responses((status = 201, body = FileView, description = "a new file of this letter on the same stored content"),
        (status = 403), (status = 404, description = "letter_not_found"),
        (status = 409, description = "file_already_attached, with existing_id"),
        (status = 422, description = "invalid_file_id, invalid_role, invalid_title")),
    security(("bearer" = [])))]
pub async fn attach(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<AttachRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let file = state
        .db
        .write(move |c| attach::attach(c, &actor, id, &body, now))
        .await?;
    Ok(HttpResponse::Created().json(file))
}

#[utoipa::path(delete, path = "/api/v1/files/{id}", tag = "files",
    responses((status = 200, body = FileView, description = "the file as it was; the row is kept, marked deleted"),
        (status = 403, description = "administrators only"), (status = 404)),
    security(("bearer" = [])))]
pub async fn remove(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let file = files_http::delete(&state, actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(file))
}
