//! The receipt form's body: a multipart form with the letter's scan (`scan`), or a plain form
//! without one. On the intake form the scan is also read (services::intake::file) to fill the
//! fields. The scan is held as the clerk's waiting upload at once
//! (`services::files::pending`), and its id rides in the form's hidden `upload_ids`, so a
//! form sent back for a correction keeps the file and the receipt attaches it when it saves.

use super::receipt_form::ReceiptFields;
use super::{PageError, Signed};
use crate::error::AppError;
use crate::http::files as files_http;
use crate::http::files::FilePart;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{http::header, web, FromRequest, HttpRequest};

/// The text fields of the receipt form.
const TEXTS: &[&str] = &[
    "csrf_token",
    "delivery_id",
    "number",
    "dated",
    "subject",
    "from_name",
    "addressee",
    "urgency",
    "secrecy",
    "received_on",
    "received_time",
    "action",
    "remarks",
    "allow_duplicate",
    "text",
    "upload_ids",
];

/// The form's fields and its scan, if one was chosen. The CSRF token is checked before any
/// byte of the file is stored.
pub async fn read(
    state: &AppState,
    s: &Signed,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<(ReceiptFields, Option<FilePart>), actix_web::Error> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let form = web::Form::<ReceiptFields>::from_request(req, &mut payload.into_inner()).await?;
        return Ok((form.into_inner(), None));
    }
    files_http::check_declared_size(state, req).map_err(PageError::from)?;
    let mut form = Multipart::new(req.headers(), payload);
    let shape = files_http::FormShape {
        texts: TEXTS,
        file_fields: &["scan"],
        max_files: 1,
    };
    let read = files_http::read_form(&mut form, state, &shape, |so_far| {
        s.check_csrf(so_far.text("csrf_token").unwrap_or_default())
    })
    .await?;
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(read.texts.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let f: ReceiptFields = serde_urlencoded::from_str(&encoded).map_err(|_| {
        PageError::from(AppError::Malformed(
            "the form could not be read; reload the page and try again".into(),
        ))
    })?;
    Ok((f, read.files.into_iter().next()))
}

/// The ids of the clerk's waiting uploads the form carries.
pub fn upload_ids(f: &ReceiptFields) -> Result<Vec<i64>, AppError> {
    f.upload_ids
        .split([',', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            t.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("upload_ids", "not an upload"))
        })
        .collect()
}

/// Holds the scan for the clerk and adds its id to the form's `upload_ids`.
pub async fn hold_scan(
    state: &AppState,
    s: &Signed,
    f: &mut ReceiptFields,
    scan: FilePart,
) -> Result<(), AppError> {
    let held = files_http::pending::hold(state, s.actor.clone(), Some("main".into()), scan).await?;
    let mut ids = upload_ids(f)?;
    ids.push(held.upload_id);
    f.upload_ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(())
}

/// Reads the letter's file for the form's fields (a PDF's text layer, or OCR), then holds it
/// for the clerk like any scan, so the receipt attaches it. A file that cannot be read is still
/// held: the clerk types the fields and keeps the file.
pub async fn read_and_hold(
    state: &AppState,
    s: &Signed,
    f: &mut ReceiptFields,
    scan: FilePart,
) -> Result<Result<crate::services::intake::answer::IntakeAnswer, AppError>, AppError> {
    crate::domain::access::intake_files(&s.actor)?;
    let kind = files_http::detect_kind(&scan.received).await?;
    let settings = state.settings.ocr.clone();
    let gate = state.ocr_gate.clone();
    let now = state.clock.now();
    let (read, scan) = web::block(move || {
        let path = scan.received.temp.path().to_path_buf();
        let read = crate::services::intake::file::read_file(&path, kind, &settings, &gate, now);
        (read, scan)
    })
    .await
    .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))?;
    hold_scan(state, s, f, scan).await?;
    Ok(read)
}
