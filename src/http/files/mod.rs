//! The HTTP side of letter files, shared by the API (`routes::files`), the pages (`web`) and
//! the links in e-mail notices (`routes::ack`): reading a multipart upload into a temporary
//! file, recording it, and streaming a stored file back.

pub mod pending;
pub mod stamped;

use crate::adapters::store::detect;
use crate::adapters::store::incoming::Incoming;
use crate::adapters::store::incoming::Received;
use crate::adapters::store::BlobStore;
use crate::db::models::blob::Blob;
use crate::db::models::letter_file::LetterFile;
use crate::domain::files::content_disposition;
use crate::domain::files::FileKind;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::files;
use crate::services::files::delete;
use crate::services::files::upload;
use crate::services::files::upload::Upload;
use crate::services::files::upload::UploadFields;
use crate::services::files::FileView;
use crate::state::AppState;
use actix_multipart::{Field, Multipart};
use actix_web::body::SizedStream;
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use tokio_util::io::ReaderStream;

/// Room for the form's other parts and headers on top of the file itself.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// Largest text part (`role`, `title`, `csrf_token`).
const TEXT_PART_LIMIT: usize = 4096;

/// A file part of a form, already hashed in a temporary file.
#[derive(Debug)]
pub struct FilePart {
    /// The form field it came in (`file`, `enclosure`, …).
    pub field: &'static str,
    /// The name the client sent, unsanitised.
    pub file_name: Option<String>,
    pub received: Received,
}

/// A read upload form: its text parts in order (names may repeat) and its files.
#[derive(Debug, Default)]
pub struct UploadForm {
    pub texts: Vec<(&'static str, String)>,
    pub files: Vec<FilePart>,
}

/// What a form may hold besides its text parts.
pub struct FormShape<'a> {
    pub texts: &'a [&'static str],
    pub file_fields: &'a [&'static str],
    /// Most files in one form.
    pub max_files: usize,
}

/// The API's upload: one `file`, a `role` and a `title`.
pub const SINGLE_UPLOAD: FormShape<'static> = FormShape {
    texts: &["role", "title"],
    file_fields: &["file"],
    max_files: 1,
};

impl UploadForm {
    /// The first value of a text part.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The one file, with the role and title, as the upload service takes them.
    pub fn into_upload_parts(self) -> Result<(UploadFields, Received), AppError> {
        let fields = UploadFields {
            role: self.text("role").map(str::to_string),
            title: self.text("title").map(str::to_string),
            file_name: None,
        };
        let file = self
            .files
            .into_iter()
            .next()
            .ok_or_else(|| AppError::invalid("file", "a part named file is required"))?;
        upload::parse_role(fields.role.as_deref())?;
        Ok((
            UploadFields {
                file_name: file.file_name,
                ..fields
            },
            file.received,
        ))
    }
}

/// Refuses, before the body is read, a body declared too large (413) or a caller who may not
/// add files to the letter (403/404).
pub async fn precheck(
    state: &AppState,
    req: &HttpRequest,
    actor: &Actor,
    letter_id: i64,
) -> Result<(), AppError> {
    check_declared_size(state, req)?;
    let check = actor.clone();
    state
        .db
        .read(move |c| files::letter_for_adding(c, &check, letter_id).map(|_| ()))
        .await
}

/// 413 for a body declared larger than a file of `SARABAN_MAX_FILE_MB` and its form.
pub fn check_declared_size(state: &AppState, req: &HttpRequest) -> Result<(), AppError> {
    let limit = state.settings.max_file_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.saturating_add(FORM_OVERHEAD)) {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: u64) -> AppError {
    AppError::PayloadTooLarge {
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
    }
}

/// Reads a multipart form of the given shape; any other part, or a file past
/// `max_files`, is refused. A file field left empty in a browser form (no name, no bytes) is
/// skipped. `before_file` sees the text parts read so far when a file part begins (a page
/// checks its CSRF token there, before any bytes are stored).
pub async fn read_form<E: From<AppError>>(
    form: &mut Multipart,
    state: &AppState,
    shape: &FormShape<'_>,
    before_file: impl Fn(&UploadForm) -> Result<(), E>,
) -> Result<UploadForm, E> {
    let store = BlobStore::new(state.settings.files_dir.clone());
    let limit = state.settings.max_file_bytes;
    let mut out = UploadForm::default();
    while let Some(part) = form.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().unwrap_or_default().to_string();
        let file_field = shape.file_fields.iter().find(|f| **f == name);
        if let (Some(&field), true) = (file_field, out.files.len() < shape.max_files) {
            before_file(&out)?;
            let file_name = file_name_of(&part);
            let received = stream_to_store(&mut part, &store, limit).await?;
            if received.size > 0 || file_name.as_deref().is_some_and(|n| !n.is_empty()) {
                out.files.push(FilePart {
                    field,
                    file_name,
                    received,
                });
            }
        } else if let Some(&known) = shape.texts.iter().find(|t| **t == name) {
            let value = text_part(&mut part, known).await?;
            out.texts.push((known, value));
        } else {
            let expected = [shape.file_fields, shape.texts].concat().join(", ");
            let many = shape.max_files;
            return Err(AppError::Malformed(format!(
                "unexpected form part {name:?}; send {expected} (at most {many} files)"
            ))
            .into());
        }
    }
    Ok(out)
}

/// Recognises a received file from its content: 422 `invalid_file` when it is not one of the
/// accepted kinds.
pub async fn detect_kind(received: &Received) -> Result<FileKind, AppError> {
    let path = received.temp.path().to_path_buf();
    Ok(web::block(move || detect::detect(&path))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))?
        .map_err(|e| AppError::Internal(format!("file store: {e}")))??)
}

/// Takes content back out of the store after a failed transaction, unless a live file uses
/// it (the content was moved into place before the commit failed).
pub async fn forget_unused(state: &AppState, hashes: Vec<String>) {
    let store = BlobStore::new(state.settings.files_dir.clone());
    for sha256 in hashes {
        let store = store.clone();
        let _ = state
            .db
            .write(move |c| delete::remove_unused_blob(c, &store, &sha256))
            .await;
    }
}

/// Recognises the file from its content and records it on the letter. If the content was
/// moved into the store and the commit then failed, it is taken back out (unless another
/// letter's file uses it), so a failed upload leaves nothing behind.
pub async fn save(
    state: &AppState,
    actor: Actor,
    letter_id: i64,
    fields: UploadFields,
    received: Received,
) -> Result<FileView, AppError> {
    let kind = detect_kind(&received).await?;
    let store = BlobStore::new(state.settings.files_dir.clone());
    let sha256 = received.sha256.clone();
    let now = state.clock.now();
    let upload = Upload {
        fields,
        kind,
        received,
    };
    let result = state
        .db
        .write(move |c| upload::record(c, &store, &actor, letter_id, upload, now))
        .await;
    if result.is_err() {
        forget_unused(state, vec![sha256]).await;
    }
    result
}

/// Deletes a file (administrators only; the row is kept, marked), then takes its content off
/// the disk unless another live file uses it.
pub async fn delete(state: &AppState, actor: Actor, id: i64) -> Result<FileView, AppError> {
    let now = state.clock.now();
    let file = state
        .db
        .write(move |c| delete::soft_delete(c, &actor, id, now))
        .await?;
    let store = BlobStore::new(state.settings.files_dir.clone());
    let sha256 = file.sha256.clone();
    let removed = state
        .db
        .write(move |c| delete::remove_unused_blob(c, &store, &sha256))
        .await;
    if let Err(e) = removed {
        // The deletion stands; the unused content stays on disk until the next deletion of it.
        tracing::warn!(error = %e, file = id, "unused stored file not removed");
    }
    Ok(file)
}

/// The stored bytes of a file, with its content type and (Thai) file name. The caller has
/// already decided that the file may be seen.
pub async fn stream(
    state: &AppState,
    file: LetterFile,
    blob: Blob,
) -> Result<HttpResponse, AppError> {
    let disposition = content_disposition(&file.file_name, file.id);
    stream_blob(state, &blob, disposition).await
}

/// The stored bytes of a blob with the given `Content-Disposition`.
pub async fn stream_blob(
    state: &AppState,
    blob: &Blob,
    disposition: String,
) -> Result<HttpResponse, AppError> {
    let path = BlobStore::new(state.settings.files_dir.clone())
        .path_of(&blob.sha256)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    let opened = tokio::fs::File::open(&path).await.map_err(|e| {
        AppError::Internal(format!("stored file {} cannot be opened: {e}", blob.sha256))
    })?;
    // The length on disk, not the recorded one: an altered file must not break the response
    // framing (`saraban files verify` reports it).
    let size = opened
        .metadata()
        .await
        .map_err(|e| AppError::Internal(format!("stored file {}: {e}", blob.sha256)))?
        .len();
    Ok(HttpResponse::Ok()
        .content_type(blob.media_type.as_str())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::ETAG, format!("\"{}\"", blob.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(SizedStream::new(size, ReaderStream::new(opened))))
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
