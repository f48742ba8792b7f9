//! What a letter or withdraw message does on the receiving instance: the letter is recorded and
//! a pending delivery put in the recipient office's inbox, exactly as a local dispatch would;
//! a withdrawal marks that delivery withdrawn.

use crate::db::models::delivery::{self, NewDelivery};
use crate::db::models::exchange_link;
use crate::db::models::letter::{self, NewLetter};
use crate::db::models::org::Org;
use crate::db::models::peer::Peer;
use crate::db::models::{blob, letter_file};
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::{DeliveryStatus, ExchangeState, LetterKind, Secrecy, Urgency, Via};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::message::{LetterPart, Message};
use crate::services::exchange::queue::{self, IN};
use crate::thai::letter_no;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// A file of the message, its bytes already placed in the store and checked.
#[derive(Debug, Clone)]
pub struct PlacedFile {
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub role: String,
    pub title: Option<String>,
    pub file_name: String,
}

fn letter_row(part: &LetterPart, sender: &Org, now: DateTime<Utc>) -> Result<NewLetter, AppError> {
    let parsed = letter_no::parse(&part.number);
    let kind = LetterKind::choose("kind", Some(part.kind.as_str()), LetterKind::External)?;
    let urgency = Urgency::choose("urgency", Some(part.urgency.as_str()), Urgency::Normal)?;
    let secrecy = Secrecy::choose("secrecy", Some(part.secrecy.as_str()), Secrecy::Normal)?;
    if secrecy.is_classified() {
        return Err(AppError::conflict(
            "classified_not_exchanged",
            "a classified letter is not taken from another instance",
        ));
    }
    Ok(NewLetter {
        origin: "recorded".into(),
        issuer_id: Some(sender.id),
        from_name: validate::text("from_name", &part.from_name)?,
        recorded_by_org_id: None,
        number_raw: validate::text("number", &part.number)?,
        number_canonical: parsed.canonical,
        running_number: parsed.running_number.and_then(|n| i64::try_from(n).ok()),
        circular: part.circular,
        series_org_id: None,
        series: None,
        year_be: part
            .dated
            .map(|d| i64::from(chrono::Datelike::year(&d)) + 543),
        dated: part.dated,
        dated_raw: validate::optional_text("dated_raw", part.dated_raw.as_deref())?,
        subject: validate::text("subject", &part.subject)?,
        addressee: part.addressee.trim().to_string(),
        kind: kind.as_str().into(),
        urgency: urgency.as_str().into(),
        secrecy: secrecy.as_str().into(),
        issued_at: None,
        due_date: part.due_date,
        created_by: None,
        created_at: db_time(now),
    })
}

/// Records a letter from outside with its files, and a pending delivery from `sender` to
/// `recipient`, as a local dispatch would leave it. Returns the delivery.
pub fn store_letter(
    conn: &mut AnyConnection,
    part: &LetterPart,
    (sender, recipient): (&Org, &Org),
    files: &[PlacedFile],
    now: DateTime<Utc>,
) -> Result<delivery::Delivery, AppError> {
    let t = db_time(now);
    let letter_id = letter::insert(conn, &letter_row(part, sender, now)?)?;
    if !files.is_empty() {
        crate::db::backend::lock_files(conn)?;
    }
    for f in files {
        blob::insert_if_absent(
            conn,
            &blob::Blob {
                sha256: f.sha256.clone(),
                size: f.size,
                media_type: f.media_type.clone(),
                created_at: t,
            },
        )?;
        letter_file::insert(
            conn,
            &letter_file::NewLetterFile {
                letter_id,
                blob_sha256: f.sha256.clone(),
                role: f.role.clone(),
                title: f.title.clone(),
                file_name: f.file_name.clone(),
                source_file_id: None,
                created_by: None,
                created_at: t,
            },
        )?;
    }
    crate::services::exchange::references_in::link(
        conn,
        letter_id,
        &part.references,
        recipient,
        now,
    )?;
    let dispatch_id = delivery::insert_dispatch(conn, letter_id, sender.id, None, t)?;
    let added = delivery::insert_many(
        conn,
        &[NewDelivery {
            letter_id,
            dispatch_id: Some(dispatch_id),
            via: Via::Dispatch.as_str().into(),
            sender_id: sender.id,
            recipient_id: recipient.id,
            recipient_name: recipient.name.clone(),
            recipient_kind: recipient.kind.into(),
            status: DeliveryStatus::Pending.as_str().into(),
            note: None,
            created_at: t,
            source_receipt_id: None,
        }],
    )?;
    added
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("the delivery was not stored".into()))
}

/// A letter message: the letter and its pending delivery, linked to the message; the sender
/// learns it arrived by a `delivered` status.
pub fn letter(
    conn: &mut AnyConnection,
    peer: &Peer,
    m: &Message,
    offices: (&Org, &Org),
    files: &[PlacedFile],
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let part = m
        .letter
        .as_ref()
        .ok_or_else(|| AppError::invalid("letter", "a letter message carries the letter"))?;
    let d = store_letter(conn, part, offices, files, now)?;
    exchange_link::insert(
        conn,
        d.id,
        peer.id,
        IN,
        &m.message_id,
        ExchangeState::Delivered.as_str(),
        db_time(now),
    )?;
    queue::status(conn, &d, ExchangeState::Delivered.as_str(), None, None, now)?;
    // The recipient office hears of it as of a local dispatch: an e-mail notice.
    crate::services::notices::enqueue::notices_for(conn, std::slice::from_ref(&d), now)?;
    let event = crate::db::audit::Event {
        action: "letter_received_from_peer",
        target_type: "delivery",
        target_id: Some(d.id),
        office_id: Some(d.recipient_id),
        before: None,
        after: Some(
            json!({"peer": peer.name, "message_id": m.message_id, "letter_id": d.letter_id}),
        ),
    };
    crate::db::audit::record(conn, None, &event, now)?;
    Ok(json!({"message_id": m.message_id, "accepted": true, "state": "delivered"}))
}

/// The sender took the delivery back: it is marked withdrawn here too.
pub fn withdraw(
    conn: &mut AnyConnection,
    peer: &Peer,
    m: &Message,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let reference = m.letter_message_id.as_deref().ok_or_else(|| {
        AppError::invalid("letter_message_id", "withdraw names the letter message")
    })?;
    let link = exchange_link::by_ref(conn, peer.id, IN, reference)?.ok_or_else(|| {
        AppError::invalid(
            "letter_message_id",
            "no letter of that message arrived here",
        )
    })?;
    let reason = m.reason.as_deref().unwrap_or("").trim();
    let t = db_time(now);
    delivery::withdraw(conn, link.delivery_id, reason, t)?;
    exchange_link::set_state(conn, link.delivery_id, ExchangeState::Withdrawn.as_str(), t)?;
    Ok(json!({"message_id": m.message_id, "accepted": true, "state": "withdrawn"}))
}
