//! `saraban serve`: the HTTP service, optionally with the demo data.

use super::{db_options, open, DbArgs, Failure};
use crate::cli::notices_cmd::MailArgs;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::DatabaseUrl;
use crate::db::Db;
use crate::error::AppError;
use crate::services::demo;
use crate::startup::Application;
use clap::Args;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// HOST:PORT to listen on.
    #[arg(long, env = "SARABAN_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the seed letter chain and demo users into an empty database.
    #[arg(long)]
    pub demo: bool,
    /// HTTP worker threads.
    #[arg(long, env = "SARABAN_WORKERS", default_value_t = 2)]
    pub workers: usize,
    /// Largest letter file accepted, in megabytes.
    #[arg(long, env = "SARABAN_MAX_FILE_MB", default_value_t = 20)]
    pub max_file_mb: u64,
    /// The Thai TrueType font of the receipt stamp drawn on letters' PDFs.
    #[arg(long, env = "SARABAN_STAMP_FONT", default_value = crate::config::DEFAULT_STAMP_FONT)]
    pub stamp_font: std::path::PathBuf,
    /// Do not send e-mail from this process (run `saraban worker` elsewhere).
    #[arg(long)]
    pub no_worker: bool,
    /// `off` is the same as --no-worker.
    #[arg(long, env = "SARABAN_WORKER", default_value = "on", value_parser = ["on", "off"])]
    pub worker: String,
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub ocr: super::ocr_args::OcrArgs,
    /// Seconds an Idempotency-Key answer is replayed (default 24 h).
    #[arg(long, env = "SARABAN_IDEMPOTENCY_TTL", default_value_t = 86_400)]
    pub idempotency_ttl: u64,
    /// HOST:PORT serving only /metrics, without a token (keep it private, e.g. 127.0.0.1:9187).
    #[arg(long, env = "SARABAN_METRICS_BIND")]
    pub metrics_bind: Option<String>,
    /// Seconds before the first retry of a message to a peer; doubled after each failure.
    #[arg(long, env = "SARABAN_EXCHANGE_RETRY_SECONDS", default_value_t = 30)]
    pub exchange_retry_seconds: u64,
    /// Seconds between looks at the exchange outbox when nothing wakes the sender.
    #[arg(long, env = "SARABAN_EXCHANGE_POLL_SECONDS", default_value_t = 5)]
    pub exchange_poll_seconds: u64,
    /// Attempts before a message to a peer is given up (`failed`).
    #[arg(long, env = "SARABAN_EXCHANGE_MAX_ATTEMPTS", default_value_t = 12)]
    pub exchange_max_attempts: i64,
}

pub async fn run(
    db_args: &DbArgs,
    files_dir: &Path,
    args: &ServeArgs,
    clock: Clock,
) -> Result<(), Failure> {
    let db = open(db_args)?;
    if args.demo {
        print_demo(&db, &clock)?;
    }
    let url =
        DatabaseUrl::parse(&db_args.database_url).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut settings = Settings::new(url, args.bind.clone());
    settings.db = db_options(db_args);
    settings.workers = args.workers;
    settings.files_dir = files_dir.to_path_buf();
    settings.max_file_bytes = args.max_file_mb.saturating_mul(1024 * 1024);
    settings.stamp_font = args.stamp_font.clone();
    settings.ocr = args.ocr.settings();
    settings.metrics_bind = args.metrics_bind.clone().filter(|b| !b.is_empty());
    settings.mail = args.mail.settings(!args.no_worker && args.worker == "on");
    settings.secure_cookies = std::env::var("SARABAN_PUBLIC_URL")
        .is_ok_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
    settings.idempotency_ttl = Duration::from_secs(args.idempotency_ttl.max(1));
    settings.exchange.worker = settings.mail.worker;
    settings.exchange.policy.backoff_base = Duration::from_secs(args.exchange_retry_seconds.max(1));
    settings.exchange.policy.backoff_cap = settings
        .exchange
        .policy
        .backoff_cap
        .max(settings.exchange.policy.backoff_base);
    settings.exchange.poll_interval = Duration::from_secs(args.exchange_poll_seconds.max(1));
    settings.exchange.policy.max_attempts = args.exchange_max_attempts.max(1);
    let app = Application::with_db(settings, db, clock)?;
    println!(
        "saraban: http://127.0.0.1:{}/ (API /api/v1, OpenAPI /api/openapi.json)",
        app.port()
    );
    app.run_until_stopped()
        .await
        .map_err(|e| Failure::Failed(AppError::Internal(e.to_string())))
}

fn print_demo(db: &Db, clock: &Clock) -> Result<(), Failure> {
    let now = clock.now();
    match db.write_blocking(|c| demo::load::load(c, now))? {
        None => println!("demo: the database already has offices; nothing loaded"),
        Some(users) => {
            println!(
                "demo: loaded the seed chain: นร ๑๒๐๗/๕๐๙ (OPDC) → ๔๗๒๐, ๒๑๙๗, ๗๘๓ in Prachinburi → ปจ ๐๐๑๗.๒/ว ๒๓๒๓ → districts (๓๖๕๔ at อำเภอเมืองปราจีนบุรี) → local bodies"
            );
            println!("demo users (name, password, role, office, API token):");
            for u in users {
                println!(
                    "  {}\t{}\t{}\t{}\t{}",
                    u.name, u.password, u.role, u.office, u.token
                );
            }
            println!("sign in to the web pages at /login with a name and password above");
        }
    }
    Ok(())
}
