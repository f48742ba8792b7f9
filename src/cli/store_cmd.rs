//! What is stored beside the database rows: `files verify`, `backup`, `restore`.

use super::{open, DbArgs, Failure};
use crate::adapters::store::verify;
use crate::adapters::store::BlobStore;
use crate::db::DatabaseUrl;
use crate::db::Db;
use clap::Subcommand;
use std::path::Path;

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// Re-hash every stored file; list missing or altered ones and exit 1 if there are any.
    Verify,
}

pub fn files(db: &DbArgs, files_dir: &Path, cmd: FilesCommand) -> Result<(), Failure> {
    match cmd {
        FilesCommand::Verify => {
            let store = BlobStore::new(files_dir.to_path_buf());
            let report = verify::verify(&open(db)?, &store)?;
            report.lines().iter().for_each(|line| println!("{line}"));
            report.outcome(&store).map_err(Failure::CheckFailed)
        }
    }
}

/// A consistent copy of the SQLite database while the service runs.
pub fn backup(db: &Db, file: &Path) -> Result<(), Failure> {
    db.read_blocking(|c| crate::db::backup::sqlite_backup(c, file))?;
    println!("backup written to {}", file.display());
    Ok(())
}

/// Replaces the SQLite database with a backup (the service is stopped), then checks it.
pub fn restore(args: &DbArgs, file: &Path) -> Result<(), Failure> {
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| Failure::Usage(e.to_string()))?;
    let DatabaseUrl::Sqlite(path) = url else {
        return Err(Failure::Usage(
            "restore is for SQLite; restore PostgreSQL with pg_restore (docs/reliability.md)"
                .into(),
        ));
    };
    crate::db::backup::sqlite_restore(file, &path)?;
    let db = open(args)?;
    let check = db.read_blocking(crate::db::backup::sqlite_integrity)?;
    println!(
        "restored {} from {} (integrity: {check})",
        path.display(),
        file.display()
    );
    Ok(())
}
