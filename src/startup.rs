//! Building and running the HTTP server. `bind` may use port 0; `port()` says which was taken.

use crate::adapters::mail::Mailer;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppError;
use crate::http::routes;
use crate::state::AppState;
use crate::state::Heartbeat;
use crate::worker::runner as worker;
use crate::worker::runner::WorkerConfig;
use crate::worker::runner::WorkerHandle;
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: Option<WorkerHandle>,
    exchange: Option<crate::worker::exchange::ExchangeHandle>,
    /// The private `/metrics` listener (`SARABAN_METRICS_BIND`) and its port.
    metrics: Option<(Server, u16)>,
}

impl Application {
    /// Connects (running migrations) and binds; the server starts when awaited.
    pub fn build(settings: Settings, clock: Clock) -> Result<Self, AppError> {
        let db = Db::connect(settings.database_url.clone(), &settings.db)?;
        Self::with_db(settings, db, clock)
    }

    pub fn with_db(settings: Settings, db: Db, clock: Clock) -> Result<Self, AppError> {
        tracing::info!(database = %db.url().describe(), "database ready");
        crate::metrics::handle();
        let metrics = settings
            .metrics_bind
            .as_deref()
            .map(metrics_server)
            .transpose()?;
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| AppError::Internal(format!("cannot bind {}: {e}", settings.bind)))?;
        let port = listener
            .local_addr()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .port();
        let json_limit = settings.json_limit;
        let workers = settings.workers.max(1);
        let public_url = public_url(&settings, port);
        let mailer = Mailer::new(&settings.mail, &public_url)
            .map(Arc::new)
            .map_err(AppError::Internal)?;
        let nudge = Arc::new(tokio::sync::Notify::new());
        let worker_heartbeat = settings
            .mail
            .worker
            .then(|| Arc::new(Heartbeat::new(settings.mail.poll_interval)));
        let worker = worker_heartbeat.clone().map(|heartbeat| {
            worker::spawn(
                db.clone(),
                mailer.clone(),
                clock.clone(),
                nudge.clone(),
                WorkerConfig {
                    poll_interval: settings.mail.poll_interval,
                    batch: settings.mail.batch,
                    reminders: Some(settings.mail.reminders.clone()),
                    files_dir: Some(settings.files_dir.clone()),
                    heartbeat,
                },
            )
        });
        tracing::info!(transport = %mailer.describe(), %public_url, worker = worker.is_some(), "mail ready");
        let exchange_nudge = Arc::new(tokio::sync::Notify::new());
        let exchange = settings
            .exchange
            .worker
            .then(|| {
                crate::worker::exchange::spawn(
                    db.clone(),
                    crate::adapters::store::BlobStore::new(settings.files_dir.clone()),
                    clock.clone(),
                    exchange_nudge.clone(),
                    settings.exchange.clone(),
                )
            })
            .transpose()
            .map_err(AppError::Internal)?;
        let state = AppState {
            db,
            clock,
            settings: Arc::new(settings),
            mailer,
            nudge,
            exchange_nudge,
            worker_heartbeat,
            ocr_gate: Default::default(),
        };
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    crate::http::refused::middleware,
                ))
                .wrap(actix_web::middleware::from_fn(
                    crate::http::metrics::middleware,
                ))
                .wrap(security_headers())
                .wrap(tracing_actix())
                .app_data(data.clone())
                .configure(|cfg| routes::configure(cfg, json_limit))
        })
        .workers(workers)
        // SIGTERM/SIGINT: stop accepting, let requests in flight finish (up to 30 s), then exit.
        .shutdown_timeout(30)
        .listen(listener)
        .map_err(|e| AppError::Internal(e.to_string()))?
        .run();
        Ok(Application {
            port,
            server,
            state,
            worker,
            exchange,
            metrics,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the private `/metrics` listener, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until a stop signal; then lets the outbox worker finish the mail in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if let Some((metrics, _)) = self.metrics {
            tokio::spawn(metrics);
        }
        let result = self.server.await;
        if let Some(worker) = self.worker {
            worker.shutdown().await;
        }
        if let Some(exchange) = self.exchange {
            exchange.shutdown().await;
        }
        result
    }
}

/// The private metrics listener: `/metrics` and nothing else, without a token.
fn metrics_server(bind: &str) -> Result<(Server, u16), AppError> {
    let listener = TcpListener::bind(bind)
        .map_err(|e| AppError::Internal(format!("cannot bind metrics {bind}: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| AppError::Internal(e.to_string()))?
        .port();
    let server =
        HttpServer::new(|| App::new().route("/metrics", web::get().to(crate::http::metrics::open)))
            .workers(1)
            .listen(listener)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .run();
    Ok((server, port))
}

fn tracing_actix() -> actix_web::middleware::Logger {
    actix_web::middleware::Logger::new("%r %s %Dms")
}

/// The base of links in mails: the configured public URL, else the bound address.
fn public_url(settings: &Settings, port: u16) -> String {
    if let Some(url) = settings
        .mail
        .public_url
        .as_deref()
        .filter(|u| !u.is_empty())
    {
        return url.trim_end_matches('/').to_string();
    }
    let host = settings
        .bind
        .rsplit_once(':')
        .map_or(settings.bind.as_str(), |(h, _)| h);
    let host = match host {
        "" | "0.0.0.0" | "[::]" => "127.0.0.1",
        h => h,
    };
    format!("http://{host}:{port}")
}

/// On every answer, pages and errors alike: no MIME sniffing, no framing, no inline or
/// third-party content, no referrer leaking letter ids, and no caching of official records.
fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add((
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
}
