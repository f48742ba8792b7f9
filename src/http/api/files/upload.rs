//! `POST /api/v1/letters/{id}/files`: multipart/form-data with the parts `file`, `role` and
//! an optional `title`. The file part is streamed to a temporary file while it is hashed.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::files as files_http;
use crate::services::files::FileView;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};

#[utoipa::path(post, path = "/api/v1/letters/{id}/files", tag = "files",
    request_body(content_type = "multipart/form-data",
        description = "parts: file (bytes, with a file name), role (main|enclosure), title (optional)"),
    responses((status = 201, body = FileView),
        (status = 403), (status = 404, description = "letter_not_found"),
        (status = 413, description = "payload_too_large: over SARABAN_MAX_FILE_MB"),
        (status = 422, description = "invalid_file (not PDF, JPEG, PNG, DOCX or XLSX by content), invalid_role, invalid_title")),
    security(("bearer" = [])))]
pub async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    letter: web::Path<i64>,
    req: HttpRequest,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let letter_id = letter.into_inner();
    files_http::precheck(&state, &req, &actor, letter_id).await?;
    let read = files_http::read_form(&mut form, &state, &files_http::SINGLE_UPLOAD, |_| {
        Ok::<(), AppError>(())
    })
    .await?;
    let (fields, received) = read.into_upload_parts()?;
    let file = files_http::save(&state, actor, letter_id, fields, received).await?;
    Ok(HttpResponse::Created().json(file))
}
