//! `POST /api/v1/intake`: register fields read from a letter's text (JSON `{text}`) or from a
//! letter file (multipart part `file`: a PDF, PNG or JPEG), to fill the forms.

use crate::domain::access;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::files as files_http;
use crate::services::intake;
use crate::services::intake::read::IntakeRequest;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};

/// The one part of an intake upload.
const INTAKE_UPLOAD: files_http::FormShape<'static> = files_http::FormShape {
    texts: &[],
    file_fields: &["file"],
    max_files: 1,
};

#[utoipa::path(post, path = "/api/v1/intake", tag = "intake",
    request_body(description = "JSON `{text}` (any signed-in user), or multipart/form-data with one part \
        `file`: a PDF (its text layer, or OCR for pages without one), PNG or JPEG (OCR), for clerks, heads and admins",
        content((IntakeRequest = "application/json"), ("multipart/form-data"))),
    responses((status = 200, description = "`{source: text|text_layer|ocr, pages?: [{page, source, text, seconds?}], \
        letters: [{number, dated, subject, addressee, from, urgency, secrecy, enclosures, references, signer, \
        signer_position, owner_unit, email, pages?: [first, last]}], receipt_stamps: [...]}`; \
        each field is `{raw, value, suggested?, confidence, uncertain, span}`"),
        (status = 403, description = "forbidden: a viewer sending a file"),
        (status = 413, description = "payload_too_large: a file over SARABAN_MAX_FILE_MB"),
        (status = 422, description = "invalid_text: empty or over 256 KB; invalid_file: not a PDF, PNG or JPEG, or damaged; \
            too_many_pages: over 20; ocr_timeout: over 60 s"),
        (status = 503, description = "ocr_busy (with Retry-After): another file is being read; \
            ocr_unavailable: Tesseract or poppler is not installed")),
    security(("bearer" = [])))]
pub async fn read(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, actix_web::Error> {
    let mut payload = payload.into_inner();
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
    if multipart {
        let form = Multipart::new(req.headers(), payload);
        return Ok(from_file(state, actor, &req, form).await?);
    }
    let body = web::Json::<IntakeRequest>::from_request(&req, &mut payload).await?;
    let found = web::block(move || intake::read::read(&body))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    Ok(HttpResponse::Ok().json(found))
}

async fn from_file(
    state: web::Data<AppState>,
    actor: Actor,
    req: &HttpRequest,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    access::intake_files(&actor)?;
    files_http::check_declared_size(&state, req)?;
    let read = files_http::read_form(
        &mut form,
        &state,
        &INTAKE_UPLOAD,
        |_| Ok::<(), AppError>(()),
    )
    .await?;
    let file = read
        .files
        .into_iter()
        .next()
        .ok_or_else(|| AppError::invalid("file", "a part named file is required"))?;
    let kind = files_http::detect_kind(&file.received).await?;
    let settings = state.settings.ocr.clone();
    let gate = state.ocr_gate.clone();
    let now = state.clock.now();
    let found = web::block(move || {
        let path = file.received.temp.path().to_path_buf();
        let answer = intake::file::read_file(&path, kind, &settings, &gate, now);
        drop(file);
        answer
    })
    .await
    .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    Ok(HttpResponse::Ok().json(found))
}
