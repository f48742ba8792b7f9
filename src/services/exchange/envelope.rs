//! Sealing a message (sign its canonical JSON) and opening one (check key, signature and time
//! before anything is stored).

use crate::adapters::signing;
use crate::db::models::peer::{self, Peer};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::services::exchange::message::Message;
use crate::services::exchange::MAX_SKEW_MINUTES;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// `{"message": {…}, "signature": "<base64>", "key_id": "<sender public key>"}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The message, signed as its RFC 8785 canonical JSON.
    #[schema(value_type = Object)]
    pub message: Value,
    /// Base64 Ed25519 signature.
    pub signature: String,
    /// Base64 public key of the sending instance.
    pub key_id: String,
}

/// Signs `message` with this instance's key.
pub fn seal(secret: &str, public: &str, message: Value) -> Result<Envelope, AppError> {
    let signature =
        signing::sign(secret, &message).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Envelope {
        message,
        signature,
        key_id: public.to_string(),
    })
}

fn refused(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::SignatureRefused {
        code,
        message: message.into(),
    }
}

/// The peer that signed the envelope and its message, or why it is refused: an unknown key,
/// a signature that does not match, a message that is not one, or a `sent_at` too far from now.
pub fn open(
    conn: &mut AnyConnection,
    env: &Envelope,
    now: DateTime<Utc>,
) -> Result<(Peer, Message), AppError> {
    let unknown = || refused("unknown_key", "the key is not one of a known peer");
    let key = env.key_id.trim();
    signing::check_public_key(key).map_err(|_| unknown())?;
    let peer = peer::by_key(conn, key)?.ok_or_else(unknown)?;
    signing::verify(&peer.public_key, &env.message, &env.signature)
        .map_err(|e| refused("invalid_signature", e.to_string()))?;
    let message: Message = serde_json::from_value(env.message.clone())
        .map_err(|e| AppError::Malformed(format!("not an exchange message: {e}")))?;
    let sent = DateTime::parse_from_rfc3339(&message.sent_at)
        .map_err(|_| AppError::invalid("sent_at", "sent_at must be RFC 3339"))?
        .with_timezone(&Utc);
    if (now - sent).num_seconds().abs() > MAX_SKEW_MINUTES * 60 {
        return Err(AppError::Unprocessable {
            code: "stale_message",
            message: format!(
                "sent_at lies more than {MAX_SKEW_MINUTES} minutes from this instance's clock"
            ),
        });
    }
    Ok((peer, message))
}
