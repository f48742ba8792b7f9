//! The new-letter form as posted: URL-encoded, or multipart when the clerk chose files (the
//! scanned letter and enclosures), which are streamed to temporary files and recognised from
//! their content before the letter is issued.

use super::{PageError, Signed};
use crate::error::AppError;
use crate::http::files as files_http;
use crate::http::files::FilePart;
use crate::http::files::FormShape;
use crate::services::files::upload::Upload;
use crate::services::files::upload::UploadFields;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{http::header, web, FromRequest, HttpRequest};

/// The form as typed; recipients come as repeated `to` and `group` fields.
#[derive(Debug, Clone, Default)]
pub struct LetterFields {
    pub subject: String,
    pub addressee: String,
    pub kind: String,
    pub circular: bool,
    pub urgency: String,
    pub secrecy: String,
    pub dated: String,
    pub due_date: String,
    pub forward: Option<i64>,
    pub to: Vec<i64>,
    pub groups: Vec<String>,
    /// Files of the upstream letter to carry as enclosures (when forwarding).
    pub attach: Vec<i64>,
    pub csrf_token: String,
}

/// The form's fields; `scan` is the letter itself, `enclosure` repeats.
const SHAPE: FormShape<'static> = FormShape {
    texts: &[
        "csrf_token",
        "subject",
        "addressee",
        "kind",
        "circular",
        "urgency",
        "secrecy",
        "dated",
        "due_date",
        "forward",
        "to",
        "group",
        "attach",
    ],
    file_fields: &["scan", "enclosure"],
    max_files: 10,
};

impl LetterFields {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> LetterFields {
        let mut f = LetterFields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "subject" => f.subject = v,
                "addressee" => f.addressee = v,
                "kind" => f.kind = v,
                "circular" => f.circular = true,
                "urgency" => f.urgency = v,
                "secrecy" => f.secrecy = v,
                "dated" => f.dated = v,
                "due_date" => f.due_date = v,
                "forward" => f.forward = v.parse().ok(),
                "to" => f.to.extend(v.parse::<i64>().ok()),
                "group" => f.groups.push(v),
                "attach" => f.attach.extend(v.parse::<i64>().ok()),
                "csrf_token" => f.csrf_token = v,
                _ => {}
            }
        }
        f
    }
}

/// Reads the posted form. A multipart form must carry this session's CSRF token before its
/// first file, so nothing is stored for a forged one.
pub async fn read(
    state: &AppState,
    s: &Signed,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<(LetterFields, Vec<FilePart>), PageError> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if multipart {
        let mut form = Multipart::new(req.headers(), payload.into_inner());
        let read = files_http::read_form(&mut form, state, &SHAPE, |so_far| {
            s.check_csrf(so_far.text("csrf_token").unwrap_or_default())
        })
        .await?;
        let pairs = read.texts.into_iter().map(|(k, v)| (k.to_string(), v));
        Ok((LetterFields::from_pairs(pairs), read.files))
    } else {
        let mut payload = payload.into_inner();
        let form = web::Form::<Vec<(String, String)>>::from_request(req, &mut payload)
            .await
            .map_err(|e| AppError::Malformed(format!("the form could not be read: {e}")))?;
        Ok((LetterFields::from_pairs(form.into_inner()), Vec::new()))
    }
}

/// The chosen files, recognised and ready to record on the new letter.
pub struct Scans {
    pub uploads: Vec<Upload>,
}

impl Scans {
    pub fn hashes(&self) -> Vec<String> {
        self.uploads
            .iter()
            .map(|u| u.received.sha256.clone())
            .collect()
    }
}

/// Recognises each file from its content: 422 `invalid_file` for one that is not a PDF,
/// JPEG, PNG, DOCX or XLSX.
pub async fn recognise(files: Vec<FilePart>) -> Result<Scans, AppError> {
    let mut uploads = Vec::with_capacity(files.len());
    for f in files {
        let kind = files_http::detect_kind(&f.received).await?;
        let role = if f.field == "scan" {
            "main"
        } else {
            "enclosure"
        };
        uploads.push(Upload {
            fields: UploadFields {
                role: Some(role.into()),
                title: None,
                file_name: f.file_name,
            },
            kind,
            received: f.received,
        });
    }
    Ok(Scans { uploads })
}
