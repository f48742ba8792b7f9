//! Files uploaded before their receipt exists (the receipt form's scan): stored at once by
//! content and held for the uploading user under an upload id, attached to the letter inside
//! the transaction that saves the receipt, and taken away by the worker once
//! `Settings::pending_upload_ttl` (24 hours) has passed without a receipt.
//!
//! Only the uploader may attach an upload; anyone else's id (or an expired or attached one)
//! is 404 `upload_not_found`, which tells nothing about other users' uploads.

use super::upload::Upload;
use super::{audit, FileView};
use crate::adapters::store::BlobStore;
use crate::db::backend;
use crate::db::models;
use crate::db::models::blob;
use crate::db::models::letter::Letter;
use crate::db::models::letter_file;
use crate::db::models::pending_upload;
use crate::db::AnyConnection;
use crate::domain::files::sanitize_file_name;
use crate::domain::files::FileRole;
use crate::domain::Actor;
use crate::domain::Role;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Most uploads one receipt may attach.
pub const MAX_ATTACHED: usize = 10;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingUploadView {
    /// Give it in the receipt's `upload_ids` to attach the file to the letter.
    pub upload_id: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    pub size: i64,
    /// The sanitised file name.
    pub name: String,
    /// Recognised from the content: PDF, JPEG, PNG, DOCX or XLSX.
    pub content_type: String,
    /// `main` (the letter itself) or `enclosure`.
    pub role: String,
    /// After this moment the upload is removed unless a receipt attached it.
    pub expires_at: DateTime<Utc>,
}

/// Who may upload ahead of a receipt: those who may record receipts (clerks and heads of an
/// office, administrators).
pub fn may_upload(actor: &Actor) -> Result<(), AppError> {
    let allowed = actor.is_admin()
        || (matches!(actor.role, Role::Clerk | Role::Head) && !actor.scope.is_empty());
    if allowed {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only a clerk or head of an office records receipts and uploads their files",
        ))
    }
}

/// Stores an upload for its user, under the files lock (like any file: blob row, then the
/// temporary file moved into place).
pub fn hold(
    conn: &mut AnyConnection,
    store: &BlobStore,
    actor: &Actor,
    upload: Upload,
    now: DateTime<Utc>,
    ttl: chrono::Duration,
) -> Result<PendingUploadView, AppError> {
    may_upload(actor)?;
    let Upload {
        fields,
        kind,
        received,
    } = upload;
    let role = FileRole::choose("role", fields.role.as_deref(), FileRole::Main)?;
    let name = sanitize_file_name(fields.file_name.as_deref().unwrap_or(""), kind);
    let size = i64::try_from(received.size)
        .map_err(|_| AppError::Internal("file size out of range".into()))?;
    backend::lock_files(conn)?;
    let row = blob::Blob {
        sha256: received.sha256.clone(),
        size,
        media_type: kind.media_type().into(),
        created_at: db_time(now),
    };
    blob::insert_if_absent(conn, &row)?;
    let expires_at = now + ttl;
    let id = pending_upload::insert(
        conn,
        &pending_upload::NewPendingUpload {
            user_id: actor.user_id,
            blob_sha256: row.sha256.clone(),
            role: role.as_str().into(),
            file_name: name.clone(),
            created_at: db_time(now),
            expires_at: db_time(expires_at),
        },
    )?;
    received
        .place(store)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    Ok(PendingUploadView {
        upload_id: id,
        sha256: row.sha256,
        size,
        name,
        content_type: row.media_type,
        role: role.as_str().into(),
        expires_at,
    })
}

/// Attaches the actor's uploads to the letter, in the caller's (the receipt's) transaction:
/// each becomes a file of the letter and stops waiting. Any id that is not the actor's live
/// upload fails the whole request with 404 `upload_not_found`.
pub fn attach(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter: &Letter,
    upload_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Vec<FileView>, AppError> {
    if upload_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = Vec::new();
    for id in upload_ids {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    if ids.len() > MAX_ATTACHED {
        return Err(AppError::invalid(
            "upload_ids",
            format!("at most {MAX_ATTACHED} uploads go with one receipt"),
        ));
    }
    backend::lock_files(conn)?;
    let mut attached = Vec::new();
    for id in ids {
        let up = pending_upload::find(conn, id)?
            .filter(|u| u.user_id == actor.user_id && u.expires_at > db_time(now))
            .ok_or(AppError::not_found("upload"))?;
        let file_id = letter_file::insert(
            conn,
            &letter_file::NewLetterFile {
                letter_id: letter.id,
                blob_sha256: up.blob_sha256.clone(),
                role: up.role.clone(),
                title: None,
                file_name: up.file_name.clone(),
                source_file_id: None,
                created_by: Some(actor.user_id),
                created_at: db_time(now),
            },
        )?;
        pending_upload::delete(conn, up.id)?;
        let file = letter_file::find(conn, file_id)?
            .ok_or_else(|| AppError::Internal("letter file row vanished".into()))?;
        let stored = blob::find(conn, &file.blob_sha256)?
            .ok_or_else(|| AppError::Internal("upload without its blob".into()))?;
        let view = FileView::new(file, &stored);
        audit(conn, actor, "file_added", &view, letter, now)?;
        attached.push(view);
    }
    Ok(attached)
}

/// Deletes uploads whose time has run out (at most `limit`); returns how many, and their
/// content hashes for the caller to remove from disk unless something else uses them.
pub fn expire(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<(usize, Vec<String>), AppError> {
    backend::lock_files(conn)?;
    let rows = pending_upload::expired(conn, db_time(now), limit)?;
    let count = rows.len();
    let mut hashes = Vec::new();
    for row in rows {
        pending_upload::delete(conn, row.id)?;
        tracing::info!(
            upload = row.id,
            created_at = %models::utc(row.created_at),
            "an upload never attached to a receipt was removed"
        );
        hashes.push(row.blob_sha256);
    }
    hashes.sort();
    hashes.dedup();
    Ok((count, hashes))
}
