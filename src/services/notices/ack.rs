//! Acknowledging a delivery from the link in its notice. The token alone authorises this one
//! action; logging a receipt (which allocates a register number) still needs sign-in.

use crate::db::models;
use crate::db::models::blob::Blob;
use crate::db::models::delivery;
use crate::db::models::letter;
use crate::db::models::letter_file::LetterFile;
use crate::db::models::org;
use crate::db::models::outbox;
use crate::db::models::outbox::Notice;
use crate::db::AnyConnection;
use crate::domain::credentials::token;
use crate::domain::DeliveryStatus;
use crate::domain::Secrecy;
use crate::error::AppError;
use crate::services::notices::render::NoticeFile;
use crate::thai::date::format_date_full;
use crate::thai::Digits;
use chrono::{DateTime, NaiveDateTime, Utc};

/// What the confirmation page shows. Secret letters show neither number nor subject.
#[derive(Debug, Clone)]
pub struct AckView {
    pub number: Option<String>,
    pub subject: Option<String>,
    pub dated: Option<String>,
    pub secrecy: Secrecy,
    pub sender: String,
    pub recipient: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The letter's live files, each opened with the same link token (none for a secret
    /// letter).
    pub files: Vec<NoticeFile>,
}

#[derive(Debug, Clone)]
pub enum AckState {
    /// The link works and the delivery can be acknowledged.
    Open(AckView),
    /// Already acknowledged (by this link or otherwise); nothing more to do.
    Done(AckView),
    /// The recipient marked the letter as not its own; the link changes nothing.
    NotRelated(AckView),
    Expired(AckView),
    /// No such link (forged, mistyped or from another system).
    Unknown,
}

fn lookup_notice(conn: &mut AnyConnection, raw: &str) -> Result<Option<Notice>, AppError> {
    // Tokens are 64 hex characters; anything else cannot be one of ours.
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(outbox::find_by_ack_hash(
        conn,
        &token::hash(&raw.to_ascii_lowercase()),
    )?)
}

/// The notice of a link, the delivery it announced and that delivery's letter; `None` when
/// the link is not one of ours or no longer points at a delivery.
fn link_target(
    conn: &mut AnyConnection,
    raw: &str,
) -> Result<Option<(Notice, delivery::Delivery, letter::Letter)>, AppError> {
    let Some(notice) = lookup_notice(conn, raw)? else {
        return Ok(None);
    };
    let Some(d) = notice
        .delivery_id
        .map(|id| delivery::find(conn, id))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let Some(l) = letter::find(conn, d.letter_id)? else {
        return Ok(None);
    };
    Ok(Some((notice, d, l)))
}

/// Where a link stands at `now`, and the delivery it is about. Reads only.
pub fn state(
    conn: &mut AnyConnection,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<AckState, AppError> {
    let Some((notice, d, l)) = link_target(conn, raw)? else {
        return Ok(AckState::Unknown);
    };
    let secrecy = l.secrecy;
    let open = secrecy == Secrecy::Normal;
    let sender = org::find(conn, d.sender_id)?
        .map(|o| o.name)
        .unwrap_or_default();
    let view = AckView {
        number: open.then(|| l.number_raw.clone()),
        subject: open.then(|| l.subject.clone()),
        dated: if open {
            l.dated.map(|x| format_date_full(x, Digits::Thai))
        } else {
            None
        },
        secrecy,
        sender,
        recipient: d.recipient_name.clone(),
        acknowledged_at: d.acknowledged_at.map(models::utc),
        files: if open {
            crate::services::notices::enqueue::notice_files(conn, &[l.id])?
                .remove(&l.id)
                .unwrap_or_default()
        } else {
            Vec::new()
        },
    };
    let status = Some(d.status);
    Ok(match status {
        Some(DeliveryStatus::Acknowledged) => AckState::Done(view),
        Some(DeliveryStatus::NotRelated) => AckState::NotRelated(view),
        _ if notice.ack_used_at.is_some() => AckState::Done(view),
        _ if notice.ack_expires_at.is_some_and(|e| e < now.naive_utc()) => AckState::Expired(view),
        _ => AckState::Open(view),
    })
}

/// A file opened through a notice's link: the token stands for the recipient office, for the
/// files of the one letter it was sent about, while the link has not expired. Secret letters'
/// files are never given this way.
pub enum AckFile {
    Found(Box<(LetterFile, Blob)>),
    Expired,
    /// No such link, no such live file of the link's letter, or a secret letter.
    Unknown,
}

pub fn file(
    conn: &mut AnyConnection,
    raw: &str,
    file_id: i64,
    now: DateTime<Utc>,
) -> Result<AckFile, AppError> {
    let Some((notice, _, l)) = link_target(conn, raw)? else {
        return Ok(AckFile::Unknown);
    };
    if notice.ack_expires_at.is_some_and(|e| e < now.naive_utc()) {
        return Ok(AckFile::Expired);
    }
    if l.secrecy != Secrecy::Normal {
        return Ok(AckFile::Unknown);
    }
    match crate::services::files::live_file(conn, file_id) {
        Ok((f, b)) if f.letter_id == l.id => Ok(AckFile::Found(Box::new((f, b)))),
        Ok(_) | Err(AppError::NotFound { .. }) => Ok(AckFile::Unknown),
        Err(e) => Err(e),
    }
}

/// Acknowledges the delivery of a link (pending or received → acknowledged) and spends the
/// link. Returns the state after the attempt; only `Open` links change anything.
pub fn acknowledge(
    conn: &mut AnyConnection,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<AckState, AppError> {
    let before = state(conn, raw, now)?;
    let AckState::Open(mut view) = before else {
        return Ok(before);
    };
    let notice = lookup_notice(conn, raw)?.ok_or(AppError::not_found("notice"))?;
    let delivery_id = notice.delivery_id.ok_or(AppError::not_found("delivery"))?;
    let t = now.naive_utc();
    let recipient = crate::db::models::delivery::find(conn, delivery_id)?
        .ok_or(AppError::not_found("delivery"))?;
    if set_acknowledged(conn, delivery_id, t)? {
        outbox::use_ack(conn, notice.id, t)?;
        // The same entry as the API's acknowledgement; no user acted, the link did.
        let mut event = crate::db::audit::Event::new(
            "delivery_acknowledged",
            "delivery",
            delivery_id,
            recipient.recipient_id,
            serde_json::json!({"status": DeliveryStatus::Acknowledged.as_str(),
                "note": ACK_NOTE, "via": "email_link", "notice_id": notice.id}),
        );
        event.before = Some(serde_json::json!({"status": recipient.status}));
        crate::db::audit::record(conn, None, &event, now)?;
        // A letter from a peer instance: its sender learns of the acknowledgement too.
        crate::services::exchange::queue::status(
            conn,
            &recipient,
            "acknowledged",
            None,
            Some(ACK_NOTE.into()),
            now,
        )?;
        view.acknowledged_at = Some(now);
        Ok(AckState::Done(view))
    } else {
        // Someone changed the delivery between our read and write: show what it is now.
        state(conn, raw, now)
    }
}

/// The note an acknowledgement through the e-mail link leaves on the delivery.
const ACK_NOTE: &str = "รับทราบผ่านลิงก์ในอีเมลแจ้งเตือน";

/// pending|received → acknowledged, with the time; `false` if it was in neither state. Through
/// the delivery model, so the distribution index and its counts follow.
fn set_acknowledged(
    conn: &mut AnyConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(crate::db::models::delivery::answer(
        conn,
        id,
        &[DeliveryStatus::Pending, DeliveryStatus::Received],
        DeliveryStatus::Acknowledged,
        Some(ACK_NOTE),
        now,
    )?)
}
