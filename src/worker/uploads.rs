//! The worker's sweep of uploads that waited too long (24 hours) for a receipt: their rows go,
//! then their content, unless a letter file, a stamped copy or another upload still uses it.

use crate::adapters::store::BlobStore;
use crate::db::Db;
use crate::error::AppError;
use crate::services::files::delete;
use crate::services::files::pending;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// How often the worker sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(600);
/// Rows deleted per transaction.
const BATCH: i64 = 500;

/// Removes every upload expired at `now`; returns how many.
pub async fn sweep(db: &Db, store: &BlobStore, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut removed = 0;
    loop {
        let (count, hashes) = db.write(move |c| pending::expire(c, now, BATCH)).await?;
        for sha256 in hashes {
            let store = store.clone();
            db.write(move |c| delete::remove_unused_blob(c, &store, &sha256))
                .await?;
        }
        removed += count;
        if count < BATCH as usize {
            return Ok(removed);
        }
    }
}
