//! The receipt stamp on the letter's own file: `GET /api/v1/receipts/{id}/stamped.pdf`.
//!
//! Who may have it is the receipt's rule (`record::get`: the receipt's office and the offices
//! above it through scope, and administrators), and of the letter's files only those the
//! caller may see (`files::FileAccess`). The stamped copy is derived: made once per (receipt,
//! source file), stored by content like any file, and served as stored ever after, so every
//! request gets the same bytes. The original file is never changed.

use crate::adapters::pdf_stamp::{Source, StampText};
use crate::adapters::store::incoming::Received;
use crate::adapters::store::BlobStore;
use crate::db::backend;
use crate::db::models::blob;
use crate::db::models::blob::Blob;
use crate::db::models::letter;
use crate::db::models::letter_file;
use crate::db::models::org;
use crate::db::models::receipt;
use crate::db::models::stamped_file;
use crate::db::AnyConnection;
use crate::domain::files::FileKind;
use crate::domain::stamp::stamp_lines;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::files::FileAccess;
use crate::thai::digits::Digits;
use chrono::{DateTime, NaiveTime, Utc};

/// The stamped copy as stored: its row id and content.
#[derive(Debug, Clone)]
pub struct Stamped {
    pub id: i64,
    pub blob: Blob,
    /// The name offered for download.
    pub file_name: String,
}

/// What stamping a receipt needs: the source file and the stamp's words, or the copy made
/// before.
#[derive(Debug, Clone)]
pub struct Plan {
    pub receipt_id: i64,
    pub source_file_id: i64,
    pub source: Blob,
    pub kind: FileKind,
    pub text: StampText,
    pub file_name: String,
    pub made: Option<Stamped>,
}

impl Plan {
    /// The source bytes as the stamper takes them.
    pub fn source<'a>(&self, bytes: &'a [u8]) -> Source<'a> {
        match self.kind {
            FileKind::Png => Source::Png(bytes),
            FileKind::Jpeg => Source::Jpeg(bytes),
            _ => Source::Pdf(bytes),
        }
    }
}

/// The kinds a stamp can be drawn on.
fn stampable(media_type: &str) -> Option<FileKind> {
    FileKind::from_media_type(media_type)
        .filter(|k| matches!(k, FileKind::Pdf | FileKind::Png | FileKind::Jpeg))
}

/// Checks access and picks the file: the letter's first live `main` file (by id) that is a
/// PDF, PNG or JPEG and that the caller may see. 404/403 as for the receipt; 409
/// `receipt_cancelled`; 409 `no_stampable_file`.
pub fn plan(conn: &mut AnyConnection, actor: &Actor, receipt_id: i64) -> Result<Plan, AppError> {
    let r = super::record::get(conn, actor, receipt_id)?;
    if receipt::is_cancelled(conn, receipt_id)? {
        return Err(AppError::conflict(
            "receipt_cancelled",
            "this receipt is cancelled; its stamp is not drawn on the letter",
        ));
    }
    let letter = letter::find(conn, r.letter_id)?
        .ok_or_else(|| AppError::Internal(format!("receipt {receipt_id} without its letter")))?;
    let access = FileAccess::of(conn, actor, &letter)?;
    let mains: Vec<_> = letter_file::live_for_letters(conn, &[letter.id])?
        .into_iter()
        .filter(|f| f.role == "main")
        .collect();
    let mut source = None;
    for f in access.filter(conn, mains, |f| f.created_by)? {
        let Some(b) = blob::find(conn, &f.blob_sha256)? else {
            continue;
        };
        if let Some(kind) = stampable(&b.media_type) {
            source = Some((f, b, kind));
            break;
        }
    }
    let (file, source, kind) = source.ok_or_else(|| {
        AppError::conflict(
            "no_stampable_file",
            "the letter has no main file (PDF, PNG or JPEG) to stamp; upload its scan first",
        )
    })?;
    let office = org::find(conn, r.org_id)?
        .ok_or(AppError::not_found("org"))?
        .name;
    let time = r
        .received_time
        .as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
    let text = StampText {
        office,
        lines: stamp_lines(r.number, r.received_on, time, Digits::Thai),
    };
    let file_name = format!("receipt-{}-{}-stamped.pdf", r.number, r.year_be);
    let made = match stamped_file::find_for(conn, receipt_id, file.id)? {
        Some(row) => Some(stored(conn, row.id, &row.blob_sha256, &file_name)?),
        None => None,
    };
    Ok(Plan {
        receipt_id,
        source_file_id: file.id,
        source,
        kind,
        text,
        file_name,
        made,
    })
}

fn stored(
    conn: &mut AnyConnection,
    id: i64,
    sha256: &str,
    file_name: &str,
) -> Result<Stamped, AppError> {
    let blob = blob::find(conn, sha256)?
        .ok_or_else(|| AppError::Internal(format!("stamped file {id} without its blob")))?;
    Ok(Stamped {
        id,
        blob,
        file_name: file_name.to_string(),
    })
}

/// Stores a freshly made stamped copy, under the files lock, unless a simultaneous request
/// stored one first (then that one is the answer and this copy is dropped).
pub fn record(
    conn: &mut AnyConnection,
    store: &BlobStore,
    actor: &Actor,
    plan: &Plan,
    made: Received,
    now: DateTime<Utc>,
) -> Result<Stamped, AppError> {
    backend::lock_files(conn)?;
    if let Some(row) = stamped_file::find_for(conn, plan.receipt_id, plan.source_file_id)? {
        if row.blob_sha256 == made.sha256 {
            // The stamp is drawn the same every time: a copy lost from disk is put back
            // (when it is still there, this only drops the new one).
            made.place(store)
                .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
        }
        return stored(conn, row.id, &row.blob_sha256, &plan.file_name);
    }
    let size = i64::try_from(made.size)
        .map_err(|_| AppError::Internal("stamped file size out of range".into()))?;
    let row = Blob {
        sha256: made.sha256.clone(),
        size,
        media_type: FileKind::Pdf.media_type().into(),
        created_at: db_time(now),
    };
    blob::insert_if_absent(conn, &row)?;
    let id = stamped_file::insert(
        conn,
        &stamped_file::NewStampedFile {
            receipt_id: plan.receipt_id,
            source_file_id: plan.source_file_id,
            blob_sha256: row.sha256.clone(),
            created_by: Some(actor.user_id),
            created_at: db_time(now),
        },
    )?;
    let r = receipt::find(conn, plan.receipt_id)?
        .ok_or_else(|| AppError::Internal("receipt vanished".into()))?;
    let after = serde_json::json!({"source_file_id": plan.source_file_id, "sha256": row.sha256});
    let event =
        crate::db::audit::Event::new("receipt_stamp_made", "receipt", r.id, r.org_id, after);
    crate::db::audit::by(conn, actor, event, now)?;
    made.place(store)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    stored(conn, id, &row.sha256, &plan.file_name)
}

/// The newest stamped copy of a receipt, for its JSON view.
pub fn latest_id(conn: &mut AnyConnection, receipt_id: i64) -> Result<Option<i64>, AppError> {
    Ok(stamped_file::of_receipt(conn, receipt_id)?
        .first()
        .map(|s| s.id))
}
