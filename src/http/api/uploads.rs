//! `POST /api/v1/uploads`: a file stored ahead of its receipt, attached by the receipt's
//! `upload_ids` (see `services::files::pending`).

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::files as files_http;
use crate::http::files::pending;
use crate::services::files::pending::{may_upload, PendingUploadView};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};

#[utoipa::path(post, path = "/api/v1/uploads", tag = "files",
    request_body(content_type = "multipart/form-data",
        description = "parts: file (bytes, with a file name), role (main, the default, or enclosure)"),
    responses((status = 201, body = PendingUploadView,
            description = "stored; attach it with the receipt's upload_ids before expires_at (24 hours), or it is removed"),
        (status = 403, description = "only clerks, heads and administrators record receipts"),
        (status = 413, description = "payload_too_large: over SARABAN_MAX_FILE_MB"),
        (status = 422, description = "invalid_file (not PDF, JPEG, PNG, DOCX or XLSX by content), invalid_role")),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    files_http::check_declared_size(&state, &req)?;
    may_upload(&actor)?;
    let read = files_http::read_form(&mut form, &state, &pending::PENDING_UPLOAD, |_| {
        Ok::<(), AppError>(())
    })
    .await?;
    let role = read.text("role").map(str::to_string);
    let file = read
        .files
        .into_iter()
        .next()
        .ok_or_else(|| AppError::invalid("file", "a part named file is required"))?;
    let view = pending::hold(&state, actor, role, file).await?;
    Ok(HttpResponse::Created().json(view))
}
