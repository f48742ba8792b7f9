//! An upload on its way in: written to a temporary file and hashed piece by piece on the
//! blocking pool, never held whole in memory. Dropped unfinished or unplaced, its temporary
//! file is removed, so a failed upload leaves nothing behind.

use super::{remove_if_present, BlobStore};
use crate::error::AppError;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Pieces are gathered up to this size before one blocking write.
const FLUSH_AT: usize = 256 * 1024;

/// A temporary file that removes itself unless it was moved into the store.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let path = std::mem::take(&mut self.path);
        if path.as_os_str().is_empty() {
            return;
        }
        let remove = move || {
            if let Err(e) = remove_if_present(&path) {
                tracing::warn!(error = %e, path = %path.display(), "temporary upload not removed");
            }
        };
        // Off the runtime thread when there is a runtime; inline on a blocking thread or CLI.
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => drop(handle.spawn_blocking(remove)),
            Err(_) => remove(),
        }
    }
}

/// A received file: its temporary copy, hash and size.
#[derive(Debug)]
pub struct Received {
    pub temp: TempFile,
    pub sha256: String,
    pub size: u64,
}

impl Received {
    /// Content made here (not uploaded), written to a temporary file of the store, synced
    /// and hashed. Blocking.
    pub fn from_bytes(store: &BlobStore, bytes: &[u8]) -> std::io::Result<Received> {
        let (path, mut file) = store.create_temp()?;
        let temp = TempFile { path };
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(Received {
            temp,
            sha256: hex::encode(Sha256::digest(bytes)),
            size: bytes.len() as u64,
        })
    }

    /// Moves the file into the store (or drops it when the content is already there).
    /// Returns whether this call placed new content. Blocking.
    pub fn place(self, store: &BlobStore) -> std::io::Result<bool> {
        let placed = store.place(self.temp.path(), &self.sha256)?;
        Ok(placed)
    }
}

pub struct Incoming {
    temp: TempFile,
    file: Option<File>,
    hasher: Option<Sha256>,
    pending: Vec<u8>,
    size: u64,
    limit: u64,
}

fn io_fault(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("file store: {e}"))
}

impl Incoming {
    /// Opens a temporary file in the store; `limit` is the largest size accepted, in bytes.
    pub async fn create(store: &BlobStore, limit: u64) -> Result<Incoming, AppError> {
        let store = store.clone();
        let (path, file) = tokio::task::spawn_blocking(move || store.create_temp())
            .await
            .map_err(io_fault)?
            .map_err(io_fault)?;
        Ok(Incoming {
            temp: TempFile { path },
            file: Some(file),
            hasher: Some(Sha256::new()),
            pending: Vec::with_capacity(FLUSH_AT),
            size: 0,
            limit,
        })
    }

    /// Adds a piece; 413 once the file grows past the limit.
    pub async fn push(&mut self, piece: &[u8]) -> Result<(), AppError> {
        self.size += piece.len() as u64;
        if self.size > self.limit {
            return Err(AppError::PayloadTooLarge {
                limit: usize::try_from(self.limit).unwrap_or(usize::MAX),
            });
        }
        self.pending.extend_from_slice(piece);
        if self.pending.len() >= FLUSH_AT {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), AppError> {
        let data = std::mem::replace(&mut self.pending, Vec::with_capacity(FLUSH_AT));
        let (mut file, mut hasher) = self
            .file
            .take()
            .zip(self.hasher.take())
            .ok_or_else(|| AppError::Internal("upload written after a failed write".into()))?;
        let (file, hasher) = tokio::task::spawn_blocking(move || {
            file.write_all(&data)?;
            hasher.update(&data);
            Ok::<_, std::io::Error>((file, hasher))
        })
        .await
        .map_err(io_fault)?
        .map_err(io_fault)?;
        self.file = Some(file);
        self.hasher = Some(hasher);
        Ok(())
    }

    /// Writes what is left, syncs the file to disk and returns its hash and size.
    pub async fn finish(mut self) -> Result<Received, AppError> {
        self.flush().await?;
        let (file, hasher) = self
            .file
            .take()
            .zip(self.hasher.take())
            .ok_or_else(|| AppError::Internal("upload finished twice".into()))?;
        tokio::task::spawn_blocking(move || file.sync_all())
            .await
            .map_err(io_fault)?
            .map_err(io_fault)?;
        Ok(Received {
            temp: self.temp,
            sha256: hex::encode(hasher.finalize()),
            size: self.size,
        })
    }
}
