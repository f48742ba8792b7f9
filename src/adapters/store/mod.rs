//! The content-addressed file store: `<dir>/<sha256[0..2]>/<sha256>`, one copy per content.
//!
//! Uploads stream into `<dir>/.incoming/` (the same file system, so the final `rename` is
//! atomic), are hashed on the way, and are moved into place only inside the database
//! transaction that records them (see `services::files`). Every function here blocks: call
//! it from a blocking pool (`spawn_blocking`), a `Db::write` closure or the CLI, never on a runtime thread.

pub mod detect;
pub mod incoming;
pub mod verify;

use rand::Rng;
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BlobStore {
    dir: PathBuf,
}

impl BlobStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        BlobStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the content with this hash lives. Refuses anything but 64 lowercase hex digits,
    /// so a stored hash can never name a path outside the store.
    pub fn path_of(&self, sha256: &str) -> io::Result<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a SHA-256 hex digest",
            ));
        }
        Ok(self.dir.join(&sha256[..2]).join(sha256))
    }

    /// A new, empty temporary file for an upload.
    pub fn create_temp(&self) -> io::Result<(PathBuf, File)> {
        let incoming = self.dir.join(".incoming");
        fs::create_dir_all(&incoming)?;
        let name = format!("upload-{:016x}", rand::thread_rng().gen::<u64>());
        let path = incoming.join(name);
        let file = File::options().write(true).create_new(true).open(&path)?;
        Ok((path, file))
    }

    /// Moves a finished (synced) temporary file into place under its hash. When the content
    /// is already stored the temporary file is removed instead. Returns whether it placed it.
    pub fn place(&self, temp: &Path, sha256: &str) -> io::Result<bool> {
        let target = self.path_of(sha256)?;
        if target.exists() {
            remove_if_present(temp)?;
            return Ok(false);
        }
        let parent = target
            .parent()
            .ok_or_else(|| io::Error::other("blob path without a folder"))?;
        fs::create_dir_all(parent)?;
        fs::rename(temp, &target)?;
        // The rename itself is durable only once the folder is synced.
        File::open(parent)?.sync_all()?;
        Ok(true)
    }

    /// Removes stored content; content that is already gone is not an error.
    pub fn remove(&self, sha256: &str) -> io::Result<()> {
        remove_if_present(&self.path_of(sha256)?)
    }
}

pub fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// SHA-256 (lowercase hex) and size of a file, read in 64 KiB pieces.
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sharded_by_the_first_two_hex_digits() {
        let store = BlobStore::new("/srv/files");
        let sha = "ab".repeat(32);
        assert_eq!(
            store.path_of(&sha).expect("path"),
            PathBuf::from(format!("/srv/files/ab/{sha}"))
        );
        assert!(store.path_of("../../etc/passwd").is_err());
        assert!(store.path_of(&"AB".repeat(32)).is_err());
    }

    #[test]
    fn placing_the_same_content_twice_keeps_one_copy() {
        let dir = tempfile::tempdir().expect("dir");
        let store = BlobStore::new(dir.path());
        let sha = "0f".repeat(32);
        for expected in [true, false] {
            let (temp, _) = store.create_temp().expect("temp");
            assert_eq!(store.place(&temp, &sha).expect("place"), expected);
            assert!(!temp.exists());
        }
        assert!(store.path_of(&sha).expect("path").exists());
        store.remove(&sha).expect("remove");
        store.remove(&sha).expect("removing twice is fine");
    }
}
