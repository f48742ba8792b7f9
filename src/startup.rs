//! Building and running the HTTP server. `bind` may use port 0; `port()` says which was taken.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppError;
use crate::routes;
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects (running migrations) and binds; the server starts when awaited.
    pub fn build(settings: Settings, clock: Clock) -> Result<Self, AppError> {
        let db = Db::connect(settings.database_url.clone(), &settings.db)?;
        Self::with_db(settings, db, clock)
    }

    pub fn with_db(settings: Settings, db: Db, clock: Clock) -> Result<Self, AppError> {
        tracing::info!(database = %db.url().describe(), "database ready");
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| AppError::Internal(format!("cannot bind {}: {e}", settings.bind)))?;
        let port = listener
            .local_addr()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .port();
        let json_limit = settings.json_limit;
        let workers = settings.workers.max(1);
        let state = AppState {
            db,
            clock,
            settings: Arc::new(settings),
        };
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    crate::audit::refused::middleware,
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
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn tracing_actix() -> actix_web::middleware::Logger {
    actix_web::middleware::Logger::new("%r %s %Dms")
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
