//! This instance's Ed25519 key pair, kept in its database (`saraban keys init|show`).

use crate::adapters::signing;
use crate::db::models::peer;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};

/// Makes the key pair; refuses when there is one already (peers know the old public key).
pub fn init(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<String, AppError> {
    if let Some((_, public)) = peer::instance_key(conn)? {
        return Err(AppError::Conflict {
            code: "key_exists",
            message: format!("this instance already has a key: {public}"),
            extra: None,
        });
    }
    let (secret, public) = signing::generate();
    peer::insert_instance_key(conn, &secret, &public, db_time(now))?;
    Ok(public)
}

/// The public key, if the instance has one.
pub fn public(conn: &mut AnyConnection) -> Result<Option<String>, AppError> {
    Ok(peer::instance_key(conn)?.map(|(_, public)| public))
}

/// (secret, public) for signing; an error that says what to run when there is none.
pub fn signer(conn: &mut AnyConnection) -> Result<(String, String), AppError> {
    peer::instance_key(conn)?.ok_or_else(|| {
        AppError::conflict(
            "no_instance_key",
            "this instance has no exchange key yet: run `saraban keys init`",
        )
    })
}
