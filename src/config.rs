//! Typed settings, filled from flags and `SARABAN_*` variables by the CLI, or in code by tests.
//! Nothing reads the environment after start-up.

use crate::db::{DatabaseUrl, DbOptions};

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub db: DbOptions,
    /// `HOST:PORT`; port 0 picks a free port.
    pub bind: String,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    pub workers: usize,
    /// How long an `Idempotency-Key` answer is kept and replayed (`SARABAN_IDEMPOTENCY_TTL`).
    pub idempotency_ttl: std::time::Duration,
}

impl Settings {
    pub fn new(database_url: DatabaseUrl, bind: impl Into<String>) -> Self {
        Settings {
            database_url,
            db: DbOptions::default(),
            bind: bind.into(),
            json_limit: 256 * 1024,
            workers: 2,
            idempotency_ttl: std::time::Duration::from_secs(24 * 3600),
        }
    }
}
