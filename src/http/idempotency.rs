//! `Idempotency-Key` on the POSTs that allocate a number: a retry with the same key and body
//! gets the first answer and allocates nothing; the same key with another body is 422
//! `idempotency_key_reused`; a duplicate while the first is still running is 409
//! `request_in_progress`. Keys are scoped to (user, method, path) and expire after
//! `Settings::idempotency_ttl`.
//!
//! Handlers call [`respond`] instead of `db.write`: the key is claimed in a small transaction,
//! then the change runs and the answer is stored in the change's own transaction.

use crate::db::schema::idempotency_keys as ik;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "Idempotency-Key";
/// A claim older than this whose request never finished (a crash) may be taken over.
const STALE_SECONDS: i64 = 120;

#[derive(Debug, Clone)]
pub struct Key {
    user_id: i64,
    method: String,
    path: String,
    key: String,
    request_hash: String,
}

impl Key {
    /// The request's key, if it sent one.
    pub fn of(
        req: &HttpRequest,
        actor: &Actor,
        body: &impl Serialize,
    ) -> Result<Option<Key>, AppError> {
        let Some(value) = req.headers().get(HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| {
                AppError::invalid(
                    "idempotency_key",
                    "Idempotency-Key is 1 to 255 visible ASCII characters",
                )
            })?;
        let json = serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Some(Key {
            user_id: actor.user_id,
            method: req.method().to_string(),
            path: req.path().to_string(),
            key: key.to_string(),
            request_hash: hex::encode(Sha256::digest(json.as_bytes())),
        }))
    }
}

/// (id, request hash, state, response status, response body, created at)
type Stored = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    NaiveDateTime,
);

enum Claim {
    Fresh,
    Replay(u16, String),
}

fn reused() -> AppError {
    AppError::Unprocessable {
        code: "idempotency_key_reused",
        message: "this Idempotency-Key was used with a different request body".into(),
    }
}

fn in_progress() -> AppError {
    AppError::conflict(
        "request_in_progress",
        "a request with this Idempotency-Key is still running; retry shortly",
    )
}

fn claim(
    c: &mut AnyConnection,
    k: &Key,
    now: NaiveDateTime,
    ttl: Duration,
) -> Result<Claim, AppError> {
    let scope = ik::table
        .filter(ik::user_id.eq(k.user_id))
        .filter(ik::method.eq(&k.method))
        .filter(ik::path.eq(&k.path))
        .filter(ik::idem_key.eq(&k.key));
    let found: Option<Stored> = scope
        .select((
            ik::id,
            ik::request_hash,
            ik::state,
            ik::response_status,
            ik::response_body,
            ik::created_at,
        ))
        .first(c)
        .optional()?;
    if let Some((id, hash, state, status, body, created)) = found {
        let expired = created + ttl < now;
        let stale = state == "in_progress" && created + Duration::seconds(STALE_SECONDS) < now;
        if !(expired || stale) {
            if state == "in_progress" {
                return Err(in_progress());
            }
            if hash != k.request_hash {
                return Err(reused());
            }
            let status = status.and_then(|s| u16::try_from(s).ok()).unwrap_or(200);
            return Ok(Claim::Replay(status, body.unwrap_or_default()));
        }
        // Expired keys are forgotten; they hold answers, not records.
        diesel::delete(ik::table.filter(ik::id.eq(id))).execute(c)?;
    }
    let inserted = diesel::insert_into(ik::table)
        .values((
            ik::user_id.eq(k.user_id),
            ik::method.eq(&k.method),
            ik::path.eq(&k.path),
            ik::idem_key.eq(&k.key),
            ik::request_hash.eq(&k.request_hash),
            ik::state.eq("in_progress"),
            ik::created_at.eq(now),
        ))
        .execute(c);
    match inserted {
        Ok(_) => Ok(Claim::Fresh),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(in_progress())
        }
        Err(e) => Err(e.into()),
    }
}

fn finish(c: &mut AnyConnection, k: &Key, status: u16, body: &str) -> Result<(), AppError> {
    diesel::update(
        ik::table
            .filter(ik::user_id.eq(k.user_id))
            .filter(ik::method.eq(&k.method))
            .filter(ik::path.eq(&k.path))
            .filter(ik::idem_key.eq(&k.key)),
    )
    .set((
        ik::state.eq("done"),
        ik::response_status.eq(i64::from(status)),
        ik::response_body.eq(body),
    ))
    .execute(c)?;
    Ok(())
}

fn release(c: &mut AnyConnection, k: &Key) -> Result<(), AppError> {
    diesel::delete(
        ik::table
            .filter(ik::user_id.eq(k.user_id))
            .filter(ik::method.eq(&k.method))
            .filter(ik::path.eq(&k.path))
            .filter(ik::idem_key.eq(&k.key))
            .filter(ik::state.eq("in_progress")),
    )
    .execute(c)?;
    Ok(())
}

fn json(status: u16, body: String) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
        .content_type("application/json")
        .body(body)
}

/// Runs `change` in one write transaction for `office` ([`crate::db::Db::write_for`]) and
/// answers `status` with its JSON; with a key, as described in the module documentation.
pub async fn respond<T: Serialize + Send + 'static>(
    state: &AppState,
    office: Option<i64>,
    key: Option<Key>,
    status: u16,
    change: impl FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let encode = |v: &T| serde_json::to_string(v).map_err(|e| AppError::Internal(e.to_string()));
    let Some(key) = key else {
        let value = state.db.write_for(office, change).await?;
        return Ok(json(status, encode(&value)?));
    };
    let now: DateTime<Utc> = state.clock.now();
    let ttl = Duration::from_std(state.settings.idempotency_ttl).unwrap_or(Duration::hours(24));
    let k = key.clone();
    match state
        .db
        .write_for(office, move |c| claim(c, &k, now.naive_utc(), ttl))
        .await?
    {
        Claim::Replay(status, body) => {
            let mut resp = json(status, body);
            resp.headers_mut().insert(
                actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
                actix_web::http::header::HeaderValue::from_static("true"),
            );
            return Ok(resp);
        }
        Claim::Fresh => {}
    }
    let k = key.clone();
    let done = state
        .db
        .write_for(office, move |c| {
            let value = change(c)?;
            let body = encode(&value)?;
            finish(c, &k, status, &body)?;
            Ok(body)
        })
        .await;
    match done {
        Ok(body) => Ok(json(status, body)),
        Err(e) => {
            // Nothing was changed: let a retry with the same key run again.
            if let Err(r) = state.db.write_for(office, move |c| release(c, &key)).await {
                tracing::error!(error = %r, "could not release an idempotency key");
            }
            Err(e)
        }
    }
}
