//! Deleting a letter's file: an administrator's act, recorded on the row (`deleted_at`,
//! `deleted_by`), which is kept. The stored content is removed from disk only once no live
//! file of any letter uses it.

use super::{audit, live_file, FileView};
use crate::adapters::store::BlobStore;
use crate::db::backend;
use crate::db::models::letter;
use crate::db::models::letter_file;
use crate::db::models::pending_upload;
use crate::db::models::stamped_file;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};

/// Marks the file deleted; returns it as it was, for the caller to clean up its blob.
pub fn soft_delete(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<FileView, AppError> {
    actor.require_admin()?;
    let (file, blob) = live_file(conn, id)?;
    if !letter_file::soft_delete(conn, id, actor.user_id, db_time(now))? {
        return Err(AppError::not_found("file"));
    }
    let letter = letter::find(conn, file.letter_id)?
        .ok_or_else(|| AppError::Internal(format!("file {id} without its letter")))?;
    let view = FileView::new(file, &blob);
    audit(conn, actor, "file_deleted", &view, &letter, now)?;
    Ok(view)
}

/// Removes the content from disk when nothing uses it — no live letter file, no receipt's
/// stamped copy, no upload waiting for its receipt; returns whether it did. Run in its own
/// write transaction, after the rows that stopped using the blob committed.
pub fn remove_unused_blob(
    conn: &mut AnyConnection,
    store: &BlobStore,
    sha256: &str,
) -> Result<bool, AppError> {
    backend::lock_files(conn)?;
    let uses = letter_file::live_uses_of_blob(conn, sha256)?
        + stamped_file::uses_of_blob(conn, sha256)?
        + pending_upload::uses_of_blob(conn, sha256)?;
    if uses > 0 {
        return Ok(false);
    }
    store
        .remove(sha256)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    Ok(true)
}
