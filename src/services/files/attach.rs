//! Attaching a file of another (upstream) letter without copying its bytes: a forwarding
//! letter carries "สำเนาหนังสือ … จำนวน ๑ ชุด" as a new file row on the same blob.

use super::{audit, clean_title, letter_for_adding, visible_file, FileView};
use crate::db::backend;
use crate::db::models::letter;
use crate::db::models::letter_file;
use crate::db::AnyConnection;
use crate::domain::files::FileRole;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachRequest {
    /// A live file of a letter the caller may see.
    pub file_id: i64,
    /// `main` or `enclosure` (default).
    pub role: Option<String>,
    /// Defaults to the source file's title.
    pub title: Option<String>,
}

pub fn attach(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    req: &AttachRequest,
    now: DateTime<Utc>,
) -> Result<FileView, AppError> {
    // Under the files lock, so the source cannot lose its stored content meanwhile.
    backend::lock_files(conn)?;
    let target = letter_for_adding(conn, actor, letter_id)?;
    let role = FileRole::choose("role", req.role.as_deref(), FileRole::Enclosure)?;
    let (source, blob) = match visible_file(conn, actor, req.file_id) {
        Err(AppError::NotFound { .. }) => {
            return Err(AppError::invalid(
                "file_id",
                format!("there is no file {}", req.file_id),
            ))
        }
        other => other?,
    };
    if let Some(existing) = letter_file::live_copy_on_letter(conn, letter_id, source.id)? {
        return Err(AppError::Conflict {
            code: "file_already_attached",
            message: format!("letter {letter_id} already carries file {}", source.id),
            extra: Some(("existing_id", existing.into())),
        });
    }
    let source_letter = letter::find(conn, source.letter_id)?
        .ok_or_else(|| AppError::Internal("file without its letter".into()))?;
    if source_letter.secrecy > target.secrecy {
        return Err(AppError::invalid(
            "file_id",
            "a file of a classified letter may only be attached to a letter at least as classified",
        ));
    }
    let title = match clean_title(req.title.as_deref())? {
        Some(t) => Some(t),
        None => source.title.clone(),
    };
    let id = letter_file::insert(
        conn,
        &letter_file::NewLetterFile {
            letter_id,
            blob_sha256: source.blob_sha256.clone(),
            role: role.as_str().into(),
            title,
            file_name: source.file_name.clone(),
            source_file_id: Some(source.id),
            created_by: Some(actor.user_id),
            created_at: db_time(now),
        },
    )?;
    let file = letter_file::find(conn, id)?
        .ok_or_else(|| AppError::Internal("letter file row vanished".into()))?;
    let view = FileView::new(file, &blob);
    audit(conn, actor, "file_attached", &view, &target, now)?;
    Ok(view)
}
