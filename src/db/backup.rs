//! Online backup and restore of a SQLite database file.
//!
//! `VACUUM INTO` writes a consistent copy of the database as of one moment while the service
//! keeps running (readers and the writer are not stopped). PostgreSQL is backed up with
//! `pg_dump`/`pg_restore` instead (see docs/reliability.md).

use super::connection::AnyConnection;
use crate::error::AppError;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::path::Path;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Writes a consistent copy of the open SQLite database to `target` (which must not exist).
pub fn sqlite_backup(conn: &mut AnyConnection, target: &Path) -> Result<(), AppError> {
    let AnyConnection::Sqlite(c) = conn else {
        return Err(AppError::invalid(
            "database_url",
            "online backup is for SQLite; back up PostgreSQL with pg_dump (docs/reliability.md)",
        ));
    };
    if target.exists() {
        return Err(AppError::invalid(
            "file",
            format!("{} already exists", target.display()),
        ));
    }
    let path = target.to_string_lossy().replace('\'', "''");
    c.batch_execute(&format!("VACUUM INTO '{path}'"))?;
    Ok(())
}

/// `ok` when SQLite finds the file sound.
pub fn sqlite_integrity(conn: &mut AnyConnection) -> Result<String, AppError> {
    let AnyConnection::Sqlite(c) = conn else {
        return Ok("ok".into());
    };
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(c)?;
    Ok(rows
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; "))
}

/// Checks that `source` is a sound SQLite file, then puts it in place of `database`
/// (the old file, if any, is kept beside it as `<name>.before-restore`). The service must be
/// stopped: restore replaces the file under every open connection.
pub fn sqlite_restore(source: &Path, database: &Path) -> Result<(), AppError> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| AppError::invalid("file", format!("{what}: {e}"));
    if !source.is_file() {
        return Err(AppError::invalid(
            "file",
            format!("{} is not a file", source.display()),
        ));
    }
    let mut probe = diesel::sqlite::SqliteConnection::establish(&source.to_string_lossy())
        .map_err(|e| fail("cannot open the backup", &e))?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut probe)
        .map_err(|e| fail("the backup is not a SQLite database", &e))?;
    if rows.first().map(|r| r.integrity_check.as_str()) != Some("ok") {
        return Err(AppError::invalid(
            "file",
            "the backup fails SQLite's integrity check",
        ));
    }
    drop(probe);
    if database.exists() {
        let mut aside = database.as_os_str().to_owned();
        aside.push(".before-restore");
        std::fs::rename(database, &aside)
            .map_err(|e| fail("cannot move the old database aside", &e))?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    let mut tmp = database.as_os_str().to_owned();
    tmp.push(".restoring");
    std::fs::copy(source, &tmp).map_err(|e| fail("cannot copy the backup", &e))?;
    std::fs::rename(&tmp, database).map_err(|e| fail("cannot put the backup in place", &e))?;
    Ok(())
}
