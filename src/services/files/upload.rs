//! Recording an uploaded file on a letter, once its bytes are in a temporary file.
//!
//! Runs inside one write transaction holding the files lock: the blob and letter-file rows
//! are written, then the temporary file is moved into the store (or dropped when the content
//! is already stored). Any error before the commit rolls the rows back, and the temporary file
//! is removed with it; `remove_unused_blob` (in `delete`) cleans up after a failed commit.

use super::{audit, clean_title, letter_for_adding, FileView};
use crate::adapters::store::incoming::Received;
use crate::adapters::store::BlobStore;
use crate::db::backend;
use crate::db::models::blob;
use crate::db::models::letter_file;
use crate::db::AnyConnection;
use crate::domain::files::sanitize_file_name;
use crate::domain::files::FileKind;
use crate::domain::files::FileRole;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};

/// The form fields that came with the file.
#[derive(Debug, Clone, Default)]
pub struct UploadFields {
    pub role: Option<String>,
    pub title: Option<String>,
    /// The name the client sent, unsanitised.
    pub file_name: Option<String>,
}

/// Checks the fields without touching the database, so a bad form fails before the work.
pub fn parse_role(role: Option<&str>) -> Result<FileRole, AppError> {
    let role = role.ok_or_else(|| {
        AppError::invalid("role", "a part named role is required: main or enclosure")
    })?;
    FileRole::parse(role.trim()).ok_or_else(|| {
        AppError::invalid(
            "role",
            format!("role must be one of: {}", FileRole::choices()),
        )
    })
}

/// A received file, what it was recognised as, and its form fields.
#[derive(Debug)]
pub struct Upload {
    pub fields: UploadFields,
    pub kind: FileKind,
    pub received: Received,
}

pub fn record(
    conn: &mut AnyConnection,
    store: &BlobStore,
    actor: &Actor,
    letter_id: i64,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<FileView, AppError> {
    let Upload {
        fields,
        kind,
        received,
    } = upload;
    backend::lock_files(conn)?;
    let letter = letter_for_adding(conn, actor, letter_id)?;
    let role = parse_role(fields.role.as_deref())?;
    let title = clean_title(fields.title.as_deref())?;
    let file_name = sanitize_file_name(fields.file_name.as_deref().unwrap_or(""), kind);
    let size = i64::try_from(received.size)
        .map_err(|_| AppError::Internal("file size out of range".into()))?;
    let row = blob::Blob {
        sha256: received.sha256.clone(),
        size,
        media_type: kind.media_type().into(),
        created_at: db_time(now),
    };
    blob::insert_if_absent(conn, &row)?;
    let stored = blob::find(conn, &row.sha256)?
        .ok_or_else(|| AppError::Internal("blob row vanished".into()))?;
    let id = letter_file::insert(
        conn,
        &letter_file::NewLetterFile {
            letter_id,
            blob_sha256: row.sha256.clone(),
            role: role.as_str().into(),
            title,
            file_name,
            source_file_id: None,
            created_by: Some(actor.user_id),
            created_at: db_time(now),
        },
    )?;
    received
        .place(store)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    let file = letter_file::find(conn, id)?
        .ok_or_else(|| AppError::Internal("letter file row vanished".into()))?;
    let view = FileView::new(file, &stored);
    audit(conn, actor, "file_added", &view, &letter, now)?;
    Ok(view)
}
