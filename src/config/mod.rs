//! Typed settings, filled from flags and `SARABAN_*` variables by the CLI, or in code by tests.
//! Nothing reads the environment after start-up.

pub mod exchange;
pub mod mail;
pub mod ocr;

use crate::db::DatabaseUrl;

use crate::db::DbOptions;
use std::path::PathBuf;

/// Laksaman (Debian's fonts-thai-tlwg): TH Sarabun's metrics, free to embed in documents.
pub const DEFAULT_STAMP_FONT: &str = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf";

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub db: DbOptions,
    /// `HOST:PORT`; port 0 picks a free port.
    pub bind: String,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    pub workers: usize,
    /// Where letter files are stored, content-addressed (`SARABAN_FILES_DIR`, default `files`).
    pub files_dir: PathBuf,
    /// Largest letter file accepted, in bytes (`SARABAN_MAX_FILE_MB`, default 20 MB).
    pub max_file_bytes: u64,
    /// The Thai font the receipt stamp is set in on a letter's PDF (`SARABAN_STAMP_FONT`,
    /// default [`DEFAULT_STAMP_FONT`]); read when a stamp is made.
    pub stamp_font: PathBuf,
    /// How long a file uploaded before its receipt waits to be attached (24 hours).
    pub pending_upload_ttl: chrono::Duration,
    /// Reading letter files for intake: Tesseract, poppler, and the limits of one file.
    pub ocr: crate::config::ocr::OcrSettings,
    /// E-mail notices: transport, sender, links, worker and retry policy.
    pub mail: crate::config::mail::MailSettings,
    /// Mark the web session cookie `Secure` (set when SARABAN_PUBLIC_URL is https://…).
    pub secure_cookies: bool,
    /// How long an `Idempotency-Key` answer is kept and replayed (`SARABAN_IDEMPOTENCY_TTL`).
    pub idempotency_ttl: std::time::Duration,
    /// A second `HOST:PORT` serving only `/metrics`, without a token (`SARABAN_METRICS_BIND`);
    /// on the main address `/metrics` needs an administrator's token.
    pub metrics_bind: Option<String>,
    /// Exchange with peer instances: the sender worker and its retry policy.
    pub exchange: crate::config::exchange::ExchangeSettings,
}

impl Settings {
    pub fn new(database_url: DatabaseUrl, bind: impl Into<String>) -> Self {
        Settings {
            database_url,
            db: DbOptions::default(),
            bind: bind.into(),
            json_limit: 256 * 1024,
            workers: 2,
            files_dir: PathBuf::from("files"),
            max_file_bytes: 20 * 1024 * 1024,
            stamp_font: PathBuf::from(DEFAULT_STAMP_FONT),
            pending_upload_ttl: chrono::Duration::hours(24),
            ocr: Default::default(),
            mail: Default::default(),
            secure_cookies: false,
            idempotency_ttl: std::time::Duration::from_secs(24 * 3600),
            metrics_bind: None,
            exchange: Default::default(),
        }
    }
}
