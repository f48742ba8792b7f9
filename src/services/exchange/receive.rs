//! `POST /exchange/v1/messages`: a signed message from a peer. Everything that can refuse it
//! (key, signature, time, offices, file hashes) is checked before anything is stored; a
//! message taken before answers its stored acknowledgement and changes nothing.

use crate::adapters::store::BlobStore;
use crate::db::models::exchange_inbox;
use crate::db::models::org::{self, Org};
use crate::db::models::peer::Peer;
use crate::db::{AnyConnection, Db};
use crate::domain::files::{sanitize_file_name, FileRole};
use crate::domain::validate;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::envelope::{self, Envelope};
use crate::services::exchange::inbound::{self, PlacedFile};
use crate::services::exchange::message::{self, FilePart, Message};
use crate::services::exchange::report;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::Write;

/// A message checked and not seen before, with its two offices.
pub struct Fresh {
    pub peer: Peer,
    pub message: Message,
    pub sender: Org,
    pub recipient: Org,
}

pub enum Checked {
    /// Taken before: its acknowledgement.
    Replay(Value),
    Fresh(Box<Fresh>),
}

fn stored_ack(text: &str) -> Result<Value, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Internal(e.to_string()))
}

/// Key, signature, time, replay and the two offices: the sender must be hosted by the peer
/// that signed, the recipient by this instance.
pub fn check(
    conn: &mut AnyConnection,
    env: &Envelope,
    now: DateTime<Utc>,
) -> Result<Checked, AppError> {
    let (peer, m) = envelope::open(conn, env, now)?;
    if let Some(ack) = exchange_inbox::ack_of(conn, peer.id, &m.message_id)? {
        return Ok(Checked::Replay(stored_ack(&ack)?));
    }
    if ![message::LETTER, message::STATUS, message::WITHDRAW].contains(&m.kind.as_str()) {
        return Err(AppError::invalid(
            "type",
            "type must be letter, status or withdraw",
        ));
    }
    validate::text("message_id", &m.message_id)?;
    let sender = org::find_by_code(conn, &m.sender_office)?
        .filter(|o| o.peer_id == Some(peer.id))
        .ok_or_else(|| {
            AppError::forbidden(format!(
                "office {} is not hosted by peer {}",
                m.sender_office, peer.name
            ))
        })?;
    let recipient = org::find_by_code(conn, &m.recipient_office)?
        .filter(|o| o.peer_id.is_none())
        .ok_or_else(|| AppError::Unprocessable {
            code: "invalid_receiver",
            message: format!(
                "office {} is not hosted by this instance",
                m.recipient_office
            ),
        })?;
    Ok(Checked::Fresh(Box::new(Fresh {
        peer,
        message: m,
        sender,
        recipient,
    })))
}

/// Checks each file's bytes against its SHA-256 and size, recognises its kind from the
/// content, and places it in the store (content-addressed: a refused message leaves at most
/// unreferenced bytes, never a row).
pub fn place_files(
    store: &BlobStore,
    files: &[FilePart],
    limit: u64,
) -> Result<Vec<PlacedFile>, AppError> {
    use base64::Engine;
    let bad = |m: String| AppError::invalid("files", m);
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let content = f
            .content
            .as_deref()
            .ok_or_else(|| bad(format!("{}: the bytes are missing", f.file_name)))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content)
            .map_err(|_| bad(format!("{}: content is not base64", f.file_name)))?;
        if bytes.len() as u64 > limit || i64::try_from(bytes.len()).ok() != Some(f.size) {
            return Err(bad(format!(
                "{}: the size does not match or is too large",
                f.file_name
            )));
        }
        let sha = hex::encode(Sha256::digest(&bytes));
        if sha != f.sha256.to_ascii_lowercase() {
            return Err(bad(format!(
                "{}: the bytes do not match their SHA-256",
                f.file_name
            )));
        }
        let role = FileRole::parse(&f.role)
            .ok_or_else(|| bad(format!("{}: unknown role", f.file_name)))?;
        let title = validate::optional_text("files", f.title.as_deref())?;
        let io = |e: std::io::Error| AppError::Internal(format!("file store: {e}"));
        let (temp, mut file) = store.create_temp().map_err(io)?;
        let written = file.write_all(&bytes).and_then(|_| file.sync_all());
        drop(file);
        let kind = written
            .and_then(|_| crate::adapters::store::detect::detect(&temp))
            .map_err(io);
        let kind = match kind {
            Ok(Ok(k)) => k,
            Ok(Err(invalid)) => {
                let _ = crate::adapters::store::remove_if_present(&temp);
                return Err(AppError::invalid(
                    "files",
                    format!("{}: {}", f.file_name, invalid.message),
                ));
            }
            Err(e) => {
                let _ = crate::adapters::store::remove_if_present(&temp);
                return Err(e);
            }
        };
        store.place(&temp, &sha).map_err(io)?;
        out.push(PlacedFile {
            sha256: sha,
            size: f.size,
            media_type: kind.media_type().into(),
            role: role.as_str().into(),
            title,
            file_name: sanitize_file_name(&f.file_name, kind),
        });
    }
    Ok(out)
}

/// Applies a checked message and stores its acknowledgement, in one transaction.
pub fn apply(
    conn: &mut AnyConnection,
    fresh: &Fresh,
    files: &[PlacedFile],
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let Fresh {
        peer,
        message: m,
        sender,
        recipient,
    } = fresh;
    if let Some(ack) = exchange_inbox::ack_of(conn, peer.id, &m.message_id)? {
        return stored_ack(&ack);
    }
    let ack = match m.kind.as_str() {
        message::LETTER => inbound::letter(conn, peer, m, (sender, recipient), files, now)?,
        message::STATUS => report::apply(conn, peer, m, now)?,
        _ => inbound::withdraw(conn, peer, m, now)?,
    };
    exchange_inbox::insert(
        conn,
        peer.id,
        &m.message_id,
        &m.kind,
        &ack.to_string(),
        db_time(now),
    )?;
    Ok(ack)
}

/// The whole receipt of one envelope: check, place files, apply; a message that raced its own
/// replay answers the acknowledgement the other one stored.
pub async fn receive(
    db: &Db,
    store: BlobStore,
    env: Envelope,
    max_file_bytes: u64,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let checked = db.read(move |c| check(c, &env, now)).await?;
    let fresh = match checked {
        Checked::Replay(ack) => return Ok(ack),
        Checked::Fresh(f) => f,
    };
    if let Some(l) = fresh.message.letter.as_ref() {
        crate::services::exchange::references_in::check(&l.references)?;
    }
    let parts = fresh
        .message
        .letter
        .as_ref()
        .map(|l| l.files.clone())
        .unwrap_or_default();
    let files = tokio::task::spawn_blocking(move || place_files(&store, &parts, max_file_bytes))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    let (peer_id, message_id) = (fresh.peer.id, fresh.message.message_id.clone());
    match db.write(move |c| apply(c, &fresh, &files, now)).await {
        Err(AppError::Conflict {
            code: "conflict", ..
        }) => {
            let ack = db
                .read(move |c| Ok(exchange_inbox::ack_of(c, peer_id, &message_id)?))
                .await?;
            match ack {
                Some(a) => stored_ack(&a),
                None => Err(AppError::conflict(
                    "conflict",
                    "the message clashes with one already stored",
                )),
            }
        }
        other => other,
    }
}
