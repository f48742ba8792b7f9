//! Queuing messages to peers in the caller's transaction: a dispatch, a receipt or an answer
//! that rolls back never sends anything.

use crate::db::models::delivery::Delivery;
use crate::db::models::exchange_link;
use crate::db::models::exchange_outbox::{self, NewOutgoing};
use crate::db::models::letter::{self, Letter};
use crate::db::models::org::{self, Org};
use crate::db::models::{blob, letter_file, letter_link};
use crate::db::AnyConnection;
use crate::domain::ExchangeState;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::message::{
    self, FilePart, LetterPart, Message, ReceiptPart, ReferencePart,
};
use chrono::{DateTime, Utc};

pub const OUT: &str = "out";
pub const IN: &str = "in";

/// 409 `classified_not_exchanged`: ลับ, ลับมาก and ลับที่สุด letters stay on this instance.
pub fn refuse_classified(letter: &Letter) -> Result<(), AppError> {
    if letter.secrecy.is_classified() {
        return Err(AppError::conflict(
            "classified_not_exchanged",
            format!(
                "a {} letter is not sent to another instance; deliver it by hand or through a system that encrypts it",
                letter.secrecy.label_th()
            ),
        ));
    }
    Ok(())
}

fn code_of(o: &Org, field: &'static str) -> Result<String, AppError> {
    o.code.clone().ok_or_else(|| {
        AppError::invalid(
            field,
            format!(
                "office {} needs a code to exchange letters with another instance",
                o.id
            ),
        )
    })
}

fn store(
    conn: &mut AnyConnection,
    peer_id: i64,
    m: &Message,
    delivery_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let body = serde_json::to_string(m).map_err(|e| AppError::Internal(e.to_string()))?;
    exchange_outbox::insert(
        conn,
        &NewOutgoing {
            peer_id,
            message_id: &m.message_id,
            kind: &m.kind,
            delivery_id,
            body: &body,
        },
        db_time(now),
    )?;
    Ok(())
}

/// For each delivery to an office hosted by a peer: a letter message in the exchange outbox
/// and the delivery's link, `queued`. Deliveries to local offices are left alone.
pub fn letters(
    conn: &mut AnyConnection,
    letter: &Letter,
    deliveries: &[Delivery],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let offices = org::by_id(
        conn,
        deliveries
            .iter()
            .flat_map(|d| [d.sender_id, d.recipient_id]),
    )?;
    let mut part: Option<LetterPart> = None;
    for d in deliveries {
        let Some(recipient) = offices.get(&d.recipient_id) else {
            continue;
        };
        let Some(peer_id) = recipient.peer_id else {
            continue;
        };
        refuse_classified(letter)?;
        let sender = offices
            .get(&d.sender_id)
            .ok_or_else(|| AppError::Internal("the sending office vanished".into()))?;
        if part.is_none() {
            part = Some(letter_part(conn, letter)?);
        }
        let m = Message {
            kind: message::LETTER.into(),
            message_id: message::new_id(),
            sent_at: String::new(),
            sender_office: code_of(sender, "sender_id")?,
            recipient_office: code_of(recipient, "recipient_ids")?,
            letter: part.clone(),
            letter_message_id: None,
            state: None,
            receipt: None,
            reason: None,
        };
        store(conn, peer_id, &m, Some(d.id), now)?;
        exchange_link::insert(
            conn,
            d.id,
            peer_id,
            OUT,
            &m.message_id,
            ExchangeState::Queued.as_str(),
            db_time(now),
        )?;
    }
    Ok(())
}

/// The letter as a message carries it: fields, references and its live files (bytes added
/// when sent).
pub fn letter_part(conn: &mut AnyConnection, l: &Letter) -> Result<LetterPart, AppError> {
    let links = letter_link::from_letters(conn, &[l.id])?;
    let targets: Vec<i64> = links.iter().map(|k| k.to_letter_id).collect();
    let cited = letter::find_many(conn, &targets)?;
    let references = links
        .iter()
        .filter_map(|k| {
            let t = cited.iter().find(|c| c.id == k.to_letter_id)?;
            Some(ReferencePart {
                relation: k.relation.as_str().into(),
                number: t.number_raw.clone(),
                dated: t.dated,
                subject: t.subject.clone(),
            })
        })
        .collect();
    let files = letter_file::live_for_letters(conn, &[l.id])?;
    let hashes: Vec<String> = files.iter().map(|f| f.blob_sha256.clone()).collect();
    let blobs = blob::find_many(conn, &hashes)?;
    let files = files
        .into_iter()
        .filter_map(|f| {
            let b = blobs.iter().find(|b| b.sha256 == f.blob_sha256)?;
            Some(FilePart {
                sha256: f.blob_sha256,
                size: b.size,
                media_type: b.media_type.clone(),
                role: f.role,
                title: f.title,
                file_name: f.file_name,
                content: None,
            })
        })
        .collect();
    Ok(LetterPart {
        number: l.number_raw.clone(),
        dated: l.dated,
        dated_raw: l.dated_raw.clone(),
        subject: l.subject.clone(),
        addressee: l.addressee.clone(),
        from_name: l.from_name.clone(),
        kind: l.kind.as_str().into(),
        urgency: l.urgency.as_str().into(),
        secrecy: l.secrecy.as_str().into(),
        circular: l.circular,
        due_date: l.due_date,
        references,
        files,
    })
}

/// A status report about a delivery that came from a peer (nothing for a local one).
pub fn status(
    conn: &mut AnyConnection,
    delivery: &Delivery,
    state: &str,
    receipt: Option<ReceiptPart>,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let link = exchange_link::find(conn, delivery.id)?;
    status_of_link(conn, delivery, link.as_ref(), state, receipt, reason, now)
}

/// [`status`] with the delivery's link already at hand (`None`: it has none).
pub fn status_of_link(
    conn: &mut AnyConnection,
    delivery: &Delivery,
    link: Option<&exchange_link::Link>,
    state: &str,
    receipt: Option<ReceiptPart>,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(link) = link.filter(|l| l.direction == IN) else {
        return Ok(());
    };
    let offices = org::by_id(conn, [delivery.sender_id, delivery.recipient_id])?;
    let (Some(sender), Some(recipient)) = (
        offices.get(&delivery.sender_id),
        offices.get(&delivery.recipient_id),
    ) else {
        return Err(AppError::Internal(
            "an exchanged delivery lost its offices".into(),
        ));
    };
    let m = Message {
        kind: message::STATUS.into(),
        message_id: message::new_id(),
        sent_at: String::new(),
        sender_office: code_of(recipient, "org_id")?,
        recipient_office: code_of(sender, "org_id")?,
        letter: None,
        letter_message_id: Some(link.remote_ref.clone()),
        state: Some(state.into()),
        receipt,
        reason,
    };
    store(conn, link.peer_id, &m, Some(delivery.id), now)
}

/// Tells the recipient's instance that the sender took a delivery back.
pub fn withdraw(
    conn: &mut AnyConnection,
    delivery: &Delivery,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(link) = exchange_link::find(conn, delivery.id)?.filter(|l| l.direction == OUT) else {
        return Ok(());
    };
    let offices = org::by_id(conn, [delivery.sender_id, delivery.recipient_id])?;
    let (Some(sender), Some(recipient)) = (
        offices.get(&delivery.sender_id),
        offices.get(&delivery.recipient_id),
    ) else {
        return Err(AppError::Internal(
            "an exchanged delivery lost its offices".into(),
        ));
    };
    let m = Message {
        kind: message::WITHDRAW.into(),
        message_id: message::new_id(),
        sent_at: String::new(),
        sender_office: code_of(sender, "sender_id")?,
        recipient_office: code_of(recipient, "recipient_id")?,
        letter: None,
        letter_message_id: Some(link.remote_ref.clone()),
        state: None,
        receipt: None,
        reason: Some(reason.into()),
    };
    store(conn, link.peer_id, &m, Some(delivery.id), now)?;
    exchange_link::set_state(
        conn,
        delivery.id,
        ExchangeState::Withdrawn.as_str(),
        db_time(now),
    )?;
    Ok(())
}

/// A forwarding letter dispatched by `sender_id`: each letter it forwards that reached that
/// office from a peer gets a `forwarded` status back to its sender.
pub fn forwarded(
    conn: &mut AnyConnection,
    letter: &Letter,
    sender_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let links = letter_link::from_letters(conn, &[letter.id])?;
    for k in links
        .iter()
        .filter(|k| k.relation == crate::domain::LinkRelation::Forwards)
    {
        for d in crate::db::models::delivery::for_letter(conn, k.to_letter_id)? {
            if d.recipient_id == sender_id {
                status(conn, &d, "forwarded", None, None, now)?;
            }
        }
    }
    Ok(())
}
