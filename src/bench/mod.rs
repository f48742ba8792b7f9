//! `saraban bench`: builds its own data on a fresh database of each backend and prints the
//! figures recorded in docs/performance.md. A measurement tool, not a test.

mod chain;
mod figures;
mod mail;
mod national;
mod raw;
mod receipts;
mod search;
mod server;
mod setup;
mod stats;

use crate::db::DatabaseUrl;

use crate::db::Db;

use crate::db::DbOptions;
use crate::error::AppError;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchOptions {
    /// Backends to measure: `sqlite`, `postgres`, or both.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    pub backends: Vec<String>,
    /// A PostgreSQL server where the bench creates (and drops) a database of its own.
    #[arg(
        long,
        env = "SARABAN_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub postgres_url: String,
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    #[arg(long, default_value_t = 50)]
    pub offices: usize,
    #[arg(long, default_value_t = 5000)]
    pub receipts: usize,
    /// Distribution requests timed for P3.
    #[arg(long, default_value_t = 50)]
    pub tree_requests: usize,
    /// Letters loaded for the search benchmark P4 (0 skips it).
    #[arg(long, default_value_t = 1_000_000)]
    pub search_letters: usize,
    /// Rounds of the query set timed over them.
    #[arg(long, default_value_t = 10)]
    pub search_rounds: usize,
    /// Notices sent to a local SMTP server for P5 (0 skips it).
    #[arg(long, default_value_t = 2000)]
    pub mails: usize,
    /// Also write the figures as JSON here: one object per backend (docs/performance.md).
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
}

/// A fresh database for one run, removed afterwards.
struct Scratch {
    url: String,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.drop_pg {
            setup::drop_pg_database(admin, name);
        }
    }
}

fn scratch(backend: &str, postgres_url: &str) -> Result<Scratch, AppError> {
    if backend == "sqlite" {
        let dir = tempfile::tempdir().map_err(|e| AppError::Internal(e.to_string()))?;
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        Ok(Scratch {
            url,
            _dir: Some(dir),
            drop_pg: None,
        })
    } else {
        let (url, name) = setup::create_pg_database(postgres_url)?;
        Ok(Scratch {
            url,
            _dir: None,
            drop_pg: Some((postgres_url.to_string(), name)),
        })
    }
}

pub async fn run(opts: BenchOptions) -> Result<(), AppError> {
    println!(
        "saraban bench: {} clients, {} offices, {} receipts for P1",
        opts.clients, opts.offices, opts.receipts
    );
    let mut all = serde_json::Map::new();
    for backend in &opts.backends {
        println!("\n== {backend} ==");
        let mut f = figures::Figures::default();
        let s = scratch(backend, &opts.postgres_url)?;
        let url = DatabaseUrl::parse(&s.url).map_err(|e| AppError::Internal(e.to_string()))?;
        let options = DbOptions {
            checkout_timeout: Duration::from_secs(30),
            // Room for the raw anchor's connections, one per client.
            max_connections: u32::try_from(opts.clients.max(2)).unwrap_or(32),
            ..DbOptions::default()
        };
        let db = Db::connect(url, &options)?;
        let srv = server::Server::start(&s.url)?;
        let idle_rss = srv.rss_kib();
        receipts::p1(&db, &srv, &opts, &mut f).await?;
        println!(
            "P6 server RSS idle: {} MiB; peak under P1: {} MiB",
            idle_rss / 1024,
            srv.peak_rss_kib() / 1024
        );
        f.p6_idle_mib = Some(idle_rss as f64 / 1024.0);
        f.p6_peak_mib = Some(srv.peak_rss_kib() as f64 / 1024.0);
        let admin = national::p2(&db, &srv, &mut f).await?;
        chain::run(&db, &srv, &opts, &mut f).await?;
        if opts.mails > 0 {
            mail::p5(&db, &opts, &mut f).await?;
        }
        if opts.search_letters > 0 {
            search::p4(&db, &srv, &opts, &admin, &mut f).await?;
        }
        all.insert(
            backend.clone(),
            serde_json::to_value(&f).unwrap_or_default(),
        );
    }
    if let Some(path) = &opts.json {
        let text = serde_json::to_string_pretty(&serde_json::Value::Object(all))
            .map_err(|e| AppError::Internal(e.to_string()))?;
        std::fs::write(path, text + "\n")
            .map_err(|e| AppError::Internal(format!("cannot write {}: {e}", path.display())))?;
        println!("\nfigures written to {}", path.display());
    }
    Ok(())
}
