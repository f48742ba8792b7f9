//! `/health` and `/ready`: no token needed.

use crate::state::AppState;
use actix_web::{web, HttpResponse};

pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let ok = state
        .db
        .read(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(Into::into)
        })
        .await;
    match ok {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            use actix_web::ResponseError;
            e.error_response()
        }
    }
}

/// The answer of `GET /ready`, the same shape whether ready (200) or not (503).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReadyView {
    /// `ready` or `not_ready`.
    #[schema(example = "ready")]
    pub status: &'static str,
    /// `ok` or `unreachable`.
    #[schema(example = "ok")]
    pub database: &'static str,
    /// `ok`, `pending` (a migration this binary embeds is not applied) or `unknown` (the
    /// database did not answer).
    #[schema(example = "ok")]
    pub migrations: &'static str,
    /// `ok`, `stale` (no turn of the mail worker for two poll intervals) or `not_here` (this
    /// process runs no worker: `serve --no-worker`).
    #[schema(example = "not_here")]
    pub worker: &'static str,
}

/// Ready to take traffic: the database answers, every migration is applied and, where this
/// process runs the mail worker, the worker went round within two poll intervals.
#[utoipa::path(get, path = "/ready", tag = "service",
    responses((status = 200, body = ReadyView, description = "ready"),
        (status = 503, body = ReadyView, description = "not ready; the failing part is named")))]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let checked = state
        .db
        .read(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1")?;
            Ok(crate::db::migrations::has_pending(conn))
        })
        .await;
    let (database, migrations) = match checked {
        Ok(Ok(false)) => ("ok", "ok"),
        Ok(Ok(true)) => ("ok", "pending"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "ready: cannot read the applied migrations");
            ("ok", "unknown")
        }
        Err(e) => {
            tracing::warn!(error = %e, "ready: database unreachable");
            ("unreachable", "unknown")
        }
    };
    let worker = match &state.worker_heartbeat {
        None => "not_here",
        Some(h) if h.is_fresh() => "ok",
        Some(h) => {
            tracing::warn!(age_s = h.age().as_secs(), "ready: worker heartbeat stale");
            "stale"
        }
    };
    let ok = database == "ok" && migrations == "ok" && worker != "stale";
    let view = ReadyView {
        status: if ok { "ready" } else { "not_ready" },
        database,
        migrations,
        worker,
    };
    if ok {
        HttpResponse::Ok().json(view)
    } else {
        HttpResponse::ServiceUnavailable().json(view)
    }
}
