//! The one connection type for both backends, chosen by the URL scheme.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use std::path::PathBuf;

/// Runs the same diesel expression on whichever backend `conn` holds, with `c` bound to the
/// inner connection: for statements that do not compile through the connection enum itself
/// (multi-row inserts, `ON CONFLICT`) but read the same on both backends.
macro_rules! db_run {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Sqlite($c) => $body,
            $crate::db::AnyConnection::Postgres($c) => $body,
        }
    };
}
pub(crate) use db_run;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// A database URL the service accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH`: everything after the prefix is the file path.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`, passed to libpq as given.
    Postgres(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
pub struct UnsupportedUrl(pub String);

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, UnsupportedUrl> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(UnsupportedUrl(url.to_string()));
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            Err(UnsupportedUrl(redact(url)))
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseUrl::Sqlite(_))
    }

    /// For logs: the absolute SQLite path, or the PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => std::path::absolute(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            DatabaseUrl::Postgres(url) => redact(url),
        }
    }
}

/// Hides a password in `scheme://user:password@host`.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Per-connection SQLite settings (PRAGMAs are not stored in the file, except WAL).
#[derive(Debug, Clone)]
pub struct SqliteOptions {
    pub busy_timeout_ms: u64,
    /// `NORMAL` (default) or `FULL` (survives power loss; see docs/database.md).
    pub synchronous: String,
    /// After a commit that leaves the write-ahead log longer than this many pages, the
    /// committing connection checkpoints it (SQLite's default is 1000). 0 for the write
    /// connection: its writer checkpoints after answering instead (`checkpoint.rs`).
    pub autocheckpoint_pages: u32,
    /// The write connection keeps its temporary files in memory (`PRAGMA temp_store = MEMORY`):
    /// above all the savepoint journal, which the group commit's savepoint per request fills
    /// with a copy of every page a request changes. On disk that journal cost a `pwrite` per
    /// page; it only ever serves rolling one request back, never crash recovery (the WAL does).
    /// Readers keep the default, so a large sort may still spill to disk.
    pub temp_in_memory: bool,
}

/// Opens a PostgreSQL connection: every one the process makes goes through here.
///
/// libpq speaks TLS through the system OpenSSL, whose first initialisation registers a cleanup
/// that runs when the process exits and frees OpenSSL's globals, while other threads (a pool
/// closing its connections, the writers) may still be inside OpenSSL: glibc then aborts with a
/// double free. Initialising OpenSSL here first, as `openssl-sys` does it (without that exit
/// handler), makes libpq's own initialisation a no-op for it; the operating system reclaims the
/// memory at exit instead.
pub fn connect_postgres(url: &str) -> diesel::ConnectionResult<PgConnection> {
    openssl_sys::init();
    PgConnection::establish(url)
}

/// An r2d2 manager that builds the right variant from the URL, never by trial.
#[derive(Debug, Clone)]
pub struct Manager {
    pub url: DatabaseUrl,
    pub sqlite: SqliteOptions,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                let temp_store = if self.sqlite.temp_in_memory {
                    "MEMORY"
                } else {
                    "DEFAULT"
                };
                let pragmas = format!(
                    "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {}; \
                     PRAGMA wal_autocheckpoint = {}; PRAGMA temp_store = {temp_store};",
                    self.sqlite.busy_timeout_ms,
                    self.sqlite.synchronous,
                    self.sqlite.autocheckpoint_pages,
                );
                conn.batch_execute(&pragmas)
                    .map_err(r2d2::Error::QueryError)?;
                super::fold::register(&mut conn).map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => connect_postgres(url)
                .map(AnyConnection::Postgres)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    /// Checked on every checkout. A PostgreSQL connection is a session the server or the
    /// network may have ended: one round trip tells. A SQLite connection is a handle on a local
    /// file that nothing outside the process can close, so it is not asked (the parse and run
    /// of a `SELECT 1` on every request's token check and every write batch).
    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        match conn {
            AnyConnection::Sqlite(_) => Ok(()),
            AnyConnection::Postgres(c) => {
                c.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
            }
        }
    }

    /// A connection handed back inside a transaction (a request that panicked in the writer's
    /// batch) is closed rather than reused; closing rolls its transaction back.
    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        use diesel::connection::TransactionManager;
        <AnyConnection as diesel::Connection>::TransactionManager::is_broken_transaction_manager(
            conn,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://saraban.db"),
            Ok(DatabaseUrl::Sqlite("saraban.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/saraban/s.db"),
            Ok(DatabaseUrl::Sqlite("/var/lib/saraban/s.db".into()))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgresql://u@localhost/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(DatabaseUrl::parse("mysql://root@localhost/test").is_err());
        assert!(DatabaseUrl::parse("saraban.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn passwords_never_reach_the_log() {
        let url = DatabaseUrl::Postgres("postgres://app:s3cret@db/saraban".into());
        assert_eq!(url.describe(), "postgres://app:***@db/saraban");
    }
}
