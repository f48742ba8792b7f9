//! `POST /api/v1/letters/{id}/files`: multipart/form-data with the parts `file`, `role` and
//! an optional `title`. The file part is streamed to a temporary file while it is hashed.

use crate::auth::Actor;
use crate::error::AppError;
use crate::services::files::upload::{self, Upload, UploadFields};
use crate::services::files::{self, delete, FileView};
use crate::state::AppState;
use crate::storage::incoming::{Incoming, Received};
use crate::storage::{detect, BlobStore};
use actix_multipart::{Field, Multipart};
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

/// Room for the form's other parts and headers on top of the file itself.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// Largest text part (`role`, `title`).
const TEXT_PART_LIMIT: usize = 4096;

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
    let limit = state.settings.max_file_bytes;
    let too_large = || AppError::PayloadTooLarge {
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.saturating_add(FORM_OVERHEAD)) {
        return Err(too_large());
    }
    // Refuse a caller who may not add files before reading the body.
    let check = actor.clone();
    state
        .db
        .read(move |c| files::letter_for_adding(c, &check, letter_id).map(|_| ()))
        .await?;

    let store = BlobStore::new(state.settings.files_dir.clone());
    let mut fields = UploadFields::default();
    let mut received: Option<Received> = None;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(malformed)?;
        match part.name().unwrap_or_default() {
            "file" if received.is_none() => {
                fields.file_name = file_name_of(&part);
                received = Some(stream_to_store(&mut part, &store, limit).await?);
            }
            "role" => fields.role = Some(text_part(&mut part, "role").await?),
            "title" => fields.title = Some(text_part(&mut part, "title").await?),
            other => {
                return Err(AppError::Malformed(format!(
                    "unexpected form part {other:?}; send file, role and title"
                )))
            }
        }
    }
    let received =
        received.ok_or_else(|| AppError::invalid("file", "a part named file is required"))?;
    upload::parse_role(fields.role.as_deref())?;
    let path = received.temp.path().to_path_buf();
    let kind = web::block(move || detect::detect(&path))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))?
        .map_err(|e| AppError::Internal(format!("file store: {e}")))??;

    let sha256 = received.sha256.clone();
    let now = state.clock.now();
    let upload = Upload {
        fields,
        kind,
        received,
    };
    let write_store = store.clone();
    let result = state
        .db
        .write(move |c| upload::record(c, &write_store, &actor, letter_id, upload, now))
        .await;
    if result.is_err() {
        // If the content was moved into place and the commit then failed, take it back out
        // (unless another letter's file uses it).
        let _ = state
            .db
            .write(move |c| delete::remove_unused_blob(c, &store, &sha256))
            .await;
    }
    Ok(HttpResponse::Created().json(result?))
}

fn malformed(e: actix_multipart::MultipartError) -> AppError {
    AppError::Malformed(format!(
        "the multipart/form-data body could not be read: {e}"
    ))
}

/// The client's file name: `filename*` (RFC 5987) if given, else `filename`.
fn file_name_of(part: &Field) -> Option<String> {
    let cd = part.content_disposition()?;
    if let Some(ext) = cd.get_filename_ext() {
        return Some(String::from_utf8_lossy(&ext.value).into_owned());
    }
    cd.get_filename().map(str::to_string)
}

async fn stream_to_store(
    part: &mut Field,
    store: &BlobStore,
    limit: u64,
) -> Result<Received, AppError> {
    let mut incoming = Incoming::create(store, limit).await?;
    while let Some(piece) = part.next().await {
        incoming.push(&piece.map_err(malformed)?).await?;
    }
    incoming.finish().await
}

async fn text_part(part: &mut Field, name: &'static str) -> Result<String, AppError> {
    let bytes = part
        .bytes(TEXT_PART_LIMIT)
        .await
        .map_err(|_| AppError::invalid(name, format!("{name} is too long")))?
        .map_err(malformed)?;
    String::from_utf8(bytes.to_vec())
        .map_err(|_| AppError::invalid(name, format!("{name} must be UTF-8 text")))
}
