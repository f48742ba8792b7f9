//! `saraban files verify`: re-hash every stored blob and report what is missing or altered.
//!
//! A blob that no live letter file uses may have been removed on purpose (see
//! `services::files::delete`), so it counts as missing only while a live file uses it.

use super::{hash_file, BlobStore};
use crate::db::models::blob;
use crate::db::models::letter_file;
use crate::db::Db;
use crate::error::AppError;

#[derive(Debug, Default)]
pub struct Report {
    pub checked: usize,
    /// Hash, and the live letter files that use it.
    pub missing: Vec<(String, Vec<i64>)>,
    /// Hash recorded, hash found, and the live letter files that use it.
    pub altered: Vec<(String, String, Vec<i64>)>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.altered.is_empty()
    }

    /// `Err` with a summary when anything is missing or altered.
    pub fn outcome(&self, store: &BlobStore) -> Result<(), String> {
        if self.is_clean() {
            return Ok(());
        }
        Err(format!(
            "{} stored files are missing or altered in {}",
            self.missing.len() + self.altered.len(),
            store.dir().display()
        ))
    }

    /// One line per problem, then a summary line.
    pub fn lines(&self) -> Vec<String> {
        let ids = |ids: &[i64]| {
            let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
            if list.is_empty() {
                "no live file".into()
            } else {
                format!("letter files {}", list.join(", "))
            }
        };
        let mut out = Vec::new();
        for (sha, users) in &self.missing {
            out.push(format!("missing  {sha} ({})", ids(users)));
        }
        for (sha, found, users) in &self.altered {
            out.push(format!(
                "altered  {sha} now hashes to {found} ({})",
                ids(users)
            ));
        }
        out.push(format!(
            "checked {} stored files: {} missing, {} altered",
            self.checked,
            self.missing.len(),
            self.altered.len()
        ));
        out
    }
}

/// Reads every blob row and the file it names. Blocking: for the CLI.
pub fn verify(db: &Db, store: &BlobStore) -> Result<Report, AppError> {
    let blobs = db.read_blocking(|c| Ok(blob::all(c)?))?;
    let mut report = Report::default();
    for b in blobs {
        let users = db.read_blocking(|c| Ok(letter_file::live_ids_of_blob(c, &b.sha256)?))?;
        let path = store
            .path_of(&b.sha256)
            .map_err(|e| AppError::Internal(format!("blob {}: {e}", b.sha256)))?;
        if !path.exists() {
            if !users.is_empty() {
                report.missing.push((b.sha256, users));
            }
            continue;
        }
        report.checked += 1;
        let (found, size) = match hash_file(&path) {
            Ok(found) => found,
            Err(e) => (format!("nothing readable ({e})"), 0),
        };
        if found != b.sha256 || size != b.size as u64 {
            report.altered.push((b.sha256, found, users));
        }
    }
    Ok(report)
}
