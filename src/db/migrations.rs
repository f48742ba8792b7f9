//! Both dialects' migrations, embedded in the binary and run at start-up.

use super::connection::AnyConnection;
use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A fixed key so that several instances starting together migrate one at a time.
const ADVISORY_LOCK_KEY: i64 = 0x0053_4152_4142_414e; // "SARABAN" in ASCII

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Runs every pending migration; returns how many ran.
pub fn run(conn: &mut AnyConnection) -> Result<usize, BoxError> {
    match conn {
        AnyConnection::Sqlite(c) => {
            // WAL is stored in the file: readers then run beside the one writer.
            c.batch_execute("PRAGMA journal_mode = WAL;")?;
            Ok(c.run_pending_migrations(SQLITE)?.len())
        }
        AnyConnection::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({ADVISORY_LOCK_KEY})"))?;
            let result = c.run_pending_migrations(POSTGRES).map(|v| v.len());
            c.batch_execute(&format!("SELECT pg_advisory_unlock({ADVISORY_LOCK_KEY})"))?;
            Ok(result?)
        }
    }
}

/// Whether any embedded migration has not been applied to this database (`GET /ready`).
pub fn has_pending(conn: &mut AnyConnection) -> Result<bool, BoxError> {
    match conn {
        AnyConnection::Sqlite(c) => c.has_pending_migration(SQLITE),
        AnyConnection::Postgres(c) => c.has_pending_migration(POSTGRES),
    }
}
