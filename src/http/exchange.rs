//! `/exchange/v1/*`: what peer instances call. These routes take no token: a message is
//! authenticated by its Ed25519 signature and the peer's registered key (docs/exchange.md,
//! docs/security.md); the directory is public and signed.

use crate::adapters::store::BlobStore;
use crate::error::AppError;
use crate::services::exchange::directory;
use crate::services::exchange::envelope::Envelope;
use crate::services::exchange::receive;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Largest exchange message accepted: files travel inline, base64.
pub const MESSAGE_LIMIT: usize = 64 * 1024 * 1024;

#[utoipa::path(get, path = "/exchange/v1/directory", tag = "exchange",
    responses((status = 200, body = Envelope, description = "the offices this instance hosts (code, name, kind, letter_code, ecms_id), signed"),
        (status = 409, description = "no_instance_key: `saraban keys init` was not run")))]
pub async fn directory(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let env = state.db.read(move |c| directory::publish(c, now)).await?;
    Ok(HttpResponse::Ok().json(env))
}

#[utoipa::path(post, path = "/exchange/v1/messages", tag = "exchange", request_body = Envelope,
    responses((status = 200, description = "accepted (or taken before: the original acknowledgement)"),
        (status = 400, description = "malformed_request"),
        (status = 401, description = "unknown_key or invalid_signature"),
        (status = 403, description = "the sending office is not hosted by the signing peer"),
        (status = 409, description = "classified_not_exchanged"),
        (status = 422, description = "stale_message (sent_at over 15 minutes off), invalid_receiver, invalid_<field>")))]
pub async fn messages(
    state: web::Data<AppState>,
    body: web::Json<Envelope>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let store = BlobStore::new(state.settings.files_dir.clone());
    let ack = receive::receive(
        &state.db,
        store,
        body.into_inner(),
        state.settings.max_file_bytes,
        now,
    )
    .await?;
    // A status or letter taken may have queued an answer: wake the sender.
    state.exchange_nudge.notify_one();
    Ok(HttpResponse::Ok().json(ack))
}
