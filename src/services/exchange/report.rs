//! A status report from the recipient's instance, applied on the sender: the hop's exchange
//! state, the recipient's receipt number, and the delivery's own status through the delivery
//! model (so the distribution index's kept counts follow).

use crate::db::models::delivery;
use crate::db::models::exchange_link::{self, RemoteReceipt};
use crate::db::models::peer::Peer;
use crate::db::AnyConnection;
use crate::domain::{DeliveryStatus, ExchangeState};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::message::Message;
use crate::services::exchange::queue::OUT;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

const OPEN: [DeliveryStatus; 2] = [DeliveryStatus::Pending, DeliveryStatus::Received];

pub fn apply(
    conn: &mut AnyConnection,
    peer: &Peer,
    m: &Message,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let reference = m.letter_message_id.as_deref().ok_or_else(|| {
        AppError::invalid("letter_message_id", "a status names its letter message")
    })?;
    let link = exchange_link::by_ref(conn, peer.id, OUT, reference)?.ok_or_else(|| {
        AppError::invalid(
            "letter_message_id",
            "no letter of that message went to this peer",
        )
    })?;
    let d = delivery::find(conn, link.delivery_id)?
        .ok_or_else(|| AppError::Internal("an exchanged delivery vanished".into()))?;
    let current = ExchangeState::parse(&link.state)
        .ok_or_else(|| AppError::Internal(format!("unknown exchange state {}", link.state)))?;
    let t = db_time(now);
    let state = m.state.as_deref().unwrap_or("");
    let next = match state {
        "delivered" => ExchangeState::Delivered,
        "registered" => {
            let r = m
                .receipt
                .as_ref()
                .ok_or_else(|| AppError::invalid("receipt", "registered carries the receipt"))?;
            let received_at = r
                .received_at
                .as_deref()
                .map(|a| {
                    chrono::DateTime::parse_from_rfc3339(a)
                        .map(|x| x.with_timezone(&Utc).naive_utc())
                        .map_err(|_| AppError::invalid("receipt", "received_at must be RFC 3339"))
                })
                .transpose()?;
            exchange_link::set_receipt(
                conn,
                d.id,
                &RemoteReceipt {
                    number: r.number,
                    year_be: r.year_be,
                    received_at,
                    received_on: r.received_on,
                    received_time: r.received_time.clone(),
                },
                t,
            )?;
            delivery::set_status(
                conn,
                d.id,
                DeliveryStatus::Pending,
                DeliveryStatus::Received,
                None,
                t,
            )?;
            ExchangeState::Registered
        }
        "acknowledged" => {
            delivery::answer(
                conn,
                d.id,
                &OPEN,
                DeliveryStatus::Acknowledged,
                m.reason.as_deref(),
                t,
            )?;
            ExchangeState::Delivered
        }
        "forwarded" => {
            crate::db::distribution::mark_forwarded(conn, d.id)?;
            current
        }
        "rejected" => {
            delivery::answer(
                conn,
                d.id,
                &OPEN,
                DeliveryStatus::NotRelated,
                m.reason.as_deref(),
                t,
            )?;
            ExchangeState::Rejected
        }
        other => {
            return Err(AppError::invalid(
                "state",
                format!(
                    "unknown status {other:?}: delivered, registered, acknowledged or rejected"
                ),
            ))
        }
    };
    if current.may_become(next) {
        exchange_link::set_state(conn, d.id, next.as_str(), t)?;
    }
    let event = crate::db::audit::Event {
        action: "peer_status_received",
        target_type: "delivery",
        target_id: Some(d.id),
        office_id: Some(d.sender_id),
        before: Some(json!({"state": link.state})),
        after: Some(json!({"peer": peer.name, "status": state})),
    };
    crate::db::audit::record(conn, None, &event, now)?;
    Ok(json!({"message_id": m.message_id, "accepted": true}))
}
