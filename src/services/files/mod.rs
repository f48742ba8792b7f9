//! Letter files: the scanned letter and its enclosures. One use case per file below; this
//! module holds the answer shape and the two access rules.
//!
//! - **Seeing** a file ([`FileAccess`]): the issuer and recording office, the offices the
//!   letter was delivered to (with their units) and administrators see every file; an office
//!   that sees the letter only through its own receipt of a paper copy sees the files its own
//!   people added, no others.
//! - **Adding** a file (upload or attach) is for a clerk, head or administrator of an office
//!   that may act for the letter's issuer or recording office, or that holds a delivery or a
//!   receipt of it: the sender scans what it sends, a receiver scans the paper it got.
//!   Viewers only read. Deleting is for administrators only (`delete`).

pub mod attach;
pub mod delete;
pub mod list;
pub mod pending;
pub mod upload;

use crate::db::models;
use crate::db::models::blob::Blob;
use crate::db::models::delivery;
use crate::db::models::letter::Letter;
use crate::db::models::letter_file::LetterFile;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::Role;
use crate::error::AppError;
use crate::services::letters::visibility;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileView {
    pub id: i64,
    pub letter_id: i64,
    /// `main` (the letter itself) or `enclosure`.
    pub role: String,
    pub title: Option<String>,
    /// The sanitised name offered for download.
    pub file_name: String,
    /// Recognised from the content: PDF, JPEG, PNG, DOCX or XLSX.
    pub media_type: String,
    pub size: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// The upstream letter's file this one was attached from, if any.
    pub source_file_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl FileView {
    pub fn new(file: LetterFile, blob: &Blob) -> Self {
        FileView {
            id: file.id,
            letter_id: file.letter_id,
            role: file.role,
            title: file.title,
            file_name: file.file_name,
            media_type: blob.media_type.clone(),
            size: blob.size,
            sha256: file.blob_sha256,
            source_file_id: file.source_file_id,
            created_by: file.created_by,
            created_at: models::utc(file.created_at),
        }
    }
}

/// A live file and its content row; 404 `file_not_found` for unknown or deleted ids.
pub fn live_file(conn: &mut AnyConnection, id: i64) -> Result<(LetterFile, Blob), AppError> {
    let file = models::letter_file::find_live(conn, id)?.ok_or(AppError::not_found("file"))?;
    let blob = models::blob::find(conn, &file.blob_sha256)?
        .ok_or_else(|| AppError::Internal(format!("file {id} without its blob row")))?;
    Ok((file, blob))
}

/// Which of a letter's files an actor sees: the one rule for the API, the pages, the
/// distribution view and the notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAccess {
    /// The issuer side and the offices the letter was delivered to.
    All,
    /// An office that holds only its own receipt of a paper copy: the files its people added.
    AddedBy(Vec<i64>),
    /// The letter is not the actor's to see.
    Nothing,
}

impl FileAccess {
    pub fn of(conn: &mut AnyConnection, actor: &Actor, letter: &Letter) -> Result<Self, AppError> {
        let delivered = delivery::any_to(conn, letter.id, &actor.scope)?;
        let sees = delivered || visibility::can_see(conn, actor, letter)?;
        Ok(Self::known(actor, letter, sees, delivered))
    }

    /// The rule, when the caller already knows whether the actor sees the letter and whether
    /// it was delivered to the actor's offices (the distribution tree knows both).
    pub fn known(actor: &Actor, letter: &Letter, sees: bool, delivered: bool) -> Self {
        if visibility::is_issuer_side(actor, letter) || delivered {
            FileAccess::All
        } else if sees {
            FileAccess::AddedBy(actor.scope.clone())
        } else {
            FileAccess::Nothing
        }
    }

    /// The files of `files` this access shows, in their order.
    pub fn filter<F>(
        &self,
        conn: &mut AnyConnection,
        files: Vec<F>,
        created_by: impl Fn(&F) -> Option<i64>,
    ) -> Result<Vec<F>, AppError> {
        match self {
            FileAccess::All => Ok(files),
            FileAccess::Nothing => Ok(Vec::new()),
            FileAccess::AddedBy(offices) => {
                let users: Vec<i64> = files.iter().filter_map(&created_by).collect();
                let ours: std::collections::HashSet<i64> = models::user::offices_of(conn, &users)?
                    .into_iter()
                    .filter(|(_, org)| offices.contains(org))
                    .map(|(user, _)| user)
                    .collect();
                Ok(files
                    .into_iter()
                    .filter(|f| created_by(f).is_some_and(|u| ours.contains(&u)))
                    .collect())
            }
        }
    }
}

/// A live file the actor may see, with its content row: 404, or 403 when it is not the actor's
/// to see ([`FileAccess`]).
pub fn visible_file(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<(LetterFile, Blob), AppError> {
    let (file, blob) = live_file(conn, id)?;
    let letter = models::letter::find(conn, file.letter_id)?
        .ok_or_else(|| AppError::Internal(format!("file {id} without its letter")))?;
    let access = FileAccess::of(conn, actor, &letter)?;
    if access
        .filter(conn, vec![file.created_by], |c| *c)?
        .is_empty()
    {
        return Err(AppError::forbidden(
            "this file belongs to a letter that is not addressed to your office",
        ));
    }
    Ok((file, blob))
}

/// Loads a letter the actor may add files to: 404 for an unknown letter, 403 otherwise.
pub fn letter_for_adding(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
) -> Result<Letter, AppError> {
    let letter = models::letter::find(conn, letter_id)?.ok_or(AppError::not_found("letter"))?;
    if may_add_files(conn, actor, &letter)? {
        Ok(letter)
    } else {
        Err(AppError::forbidden(
            "only a clerk or head of an office that sent, recorded, was sent or received this letter may add its files",
        ))
    }
}

pub fn may_add_files(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter: &Letter,
) -> Result<bool, AppError> {
    if actor.is_admin() {
        return Ok(true);
    }
    if !matches!(actor.role, Role::Clerk | Role::Head) || actor.scope.is_empty() {
        return Ok(false);
    }
    let own = [letter.issuer_id, letter.recorded_by_org_id];
    if own.iter().flatten().any(|org| actor.can_act_for(*org)) {
        return Ok(true);
    }
    Ok(delivery::any_to(conn, letter.id, &actor.scope)?
        || receipt::any_at(conn, letter.id, &actor.scope)?)
}

/// Appends the audit entry of a change to a letter's files, in the caller's transaction: on
/// the chain of the acting office, or of the letter's own office when an administrator acts.
/// File names and titles stay out (they may repeat a letter's subject).
pub fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &'static str,
    file: &FileView,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let fields = serde_json::json!({
        "letter_id": file.letter_id,
        "role": file.role,
        "sha256": file.sha256,
        "size": file.size,
        "source_file_id": file.source_file_id,
    });
    let deleted = action == "file_deleted";
    let event = crate::db::audit::Event {
        action,
        target_type: "letter_file",
        target_id: Some(file.id),
        office_id: actor
            .org_id
            .or(letter.issuer_id)
            .or(letter.recorded_by_org_id),
        before: deleted.then(|| fields.clone()),
        after: (!deleted).then_some(fields),
    };
    crate::db::audit::record(conn, Some(actor.user_id), &event, now)
}

/// `title`: optional; trimmed, at most 500 characters, empty means none.
pub fn clean_title(title: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(t) = title else { return Ok(None) };
    let t = crate::thai::normalize::collapse_spaces(t);
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 500 {
        return Err(AppError::invalid(
            "title",
            "title is longer than 500 characters",
        ));
    }
    Ok(Some(t))
}
