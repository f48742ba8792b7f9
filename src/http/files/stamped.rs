//! The receipt's stamped copy of its letter, for the API and the pages alike: the stored copy
//! when there is one; else the stamp is drawn on the blocking pool, stored by content and
//! linked to the receipt in one write transaction, then sent.

use super::{forget_unused, stream_blob};
use crate::adapters::pdf_stamp;
use crate::adapters::store::incoming::Received;
use crate::adapters::store::BlobStore;
use crate::domain::files::content_disposition;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::receipts::stamp;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Largest source file read to be stamped (uploads are smaller: `max_file_bytes`).
const MAX_SOURCE: i64 = 256 * 1024 * 1024;

fn blocking(e: actix_web::error::BlockingError) -> AppError {
    AppError::Internal(format!("blocking pool: {e}"))
}

/// `GET …/receipts/{id}/stamped.pdf`: the letter's main file with the receipt's stamp.
pub async fn respond(
    state: &AppState,
    actor: Actor,
    receipt_id: i64,
) -> Result<HttpResponse, AppError> {
    let who = actor.clone();
    let plan = state
        .db
        .read(move |c| stamp::plan(c, &who, receipt_id))
        .await?;
    let made = match plan.made.clone() {
        Some(made) if on_disk(state, &made.blob.sha256).await => made,
        // Not made yet, or its content was lost: (re)drawn, the same bytes as before.
        _ => make(state, actor, plan).await?,
    };
    let disposition = content_disposition(&made.file_name, made.id);
    stream_blob(state, &made.blob, disposition).await
}

async fn on_disk(state: &AppState, sha256: &str) -> bool {
    match BlobStore::new(state.settings.files_dir.clone()).path_of(sha256) {
        Ok(path) => tokio::fs::try_exists(path).await.unwrap_or(false),
        Err(_) => false,
    }
}

async fn make(
    state: &AppState,
    actor: Actor,
    plan: stamp::Plan,
) -> Result<stamp::Stamped, AppError> {
    if plan.source.size > MAX_SOURCE {
        return Err(AppError::Unprocessable {
            code: "file_too_complex",
            message: "the letter's file is too large to be stamped".into(),
        });
    }
    let store = BlobStore::new(state.settings.files_dir.clone());
    let font_path = state.settings.stamp_font.clone();
    let source_path = store
        .path_of(&plan.source.sha256)
        .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
    let work = plan.clone();
    let temp_store = store.clone();
    let made: Received = web::block(move || -> Result<Received, AppError> {
        let font = pdf_stamp::read_font(&font_path)?;
        let bytes = std::fs::read(&source_path)
            .map_err(|e| AppError::Internal(format!("stored file {}: {e}", work.source.sha256)))?;
        let stamped = pdf_stamp::stamped(work.source(&bytes), &work.text, &font)?;
        Received::from_bytes(&temp_store, &stamped)
            .map_err(|e| AppError::Internal(format!("file store: {e}")))
    })
    .await
    .map_err(blocking)??;
    let sha256 = made.sha256.clone();
    let now = state.clock.now();
    let result = state
        .db
        .write(move |c| stamp::record(c, &store, &actor, &plan, made, now))
        .await;
    if result.is_err() {
        forget_unused(state, vec![sha256]).await;
    }
    result
}
