//! One delivery: reading it, and the recipient's answer (รับทราบ / ไม่เกี่ยวข้อง).

use crate::services::db_time;

use crate::db::models::delivery;
use crate::db::models::letter;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::error::AppError;
use crate::services::letters::visibility;
use crate::services::views::DeliveryView;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeRequest {
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why the letter does not concern this office.
    pub reason: String,
}

/// The recipient, the sender, and whoever sees the letter's whole distribution may read it.
pub fn get(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Result<DeliveryView, AppError> {
    let d = delivery::find(conn, id)?.ok_or(AppError::not_found("delivery"))?;
    if actor.can_read_org(d.recipient_id) || actor.can_read_org(d.sender_id) {
        return Ok(DeliveryView::from(d));
    }
    let l = letter::find(conn, d.letter_id)?.ok_or(AppError::not_found("letter"))?;
    if visibility::is_issuer_side(actor, &l) {
        return Ok(DeliveryView::from(d));
    }
    Err(AppError::forbidden(
        "this delivery is neither to nor from your office",
    ))
}

/// `pending` or `received` → `acknowledged`: the recipient confirms it has the letter.
pub fn acknowledge(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    req: &AcknowledgeRequest,
    now: DateTime<Utc>,
) -> Result<DeliveryView, AppError> {
    let note = validate::optional_text("note", req.note.as_deref())?;
    answer(conn, actor, id, DeliveryStatus::Acknowledged, note, now)
}

/// `pending` or `received` → `not_related`, with the reason the sender will see.
pub fn reject(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    req: &RejectRequest,
    now: DateTime<Utc>,
) -> Result<DeliveryView, AppError> {
    let reason = validate::text("reason", &req.reason)?;
    answer(
        conn,
        actor,
        id,
        DeliveryStatus::NotRelated,
        Some(reason),
        now,
    )
}

fn answer(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    to: DeliveryStatus,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<DeliveryView, AppError> {
    let d = delivery::find(conn, id)?.ok_or(AppError::not_found("delivery"))?;
    if !actor.can_act_for(d.recipient_id) {
        return Err(AppError::forbidden(
            "only the office the letter was delivered to may answer it",
        ));
    }
    crate::services::exchange::withdraw::refuse_withdrawn(&d)?;
    let open = [DeliveryStatus::Pending, DeliveryStatus::Received];
    if !open.contains(&d.status)
        || !delivery::answer(conn, id, &open, to, note.as_deref(), db_time(now))?
    {
        return Err(AppError::Conflict {
            code: "delivery_closed",
            message: format!(
                "the delivery is already {}; only a pending or received delivery can be answered",
                d.status
            ),
            extra: Some(("status", d.status.as_str().into())),
        });
    }
    let action = match to {
        DeliveryStatus::NotRelated => "delivery_rejected",
        _ => "delivery_acknowledged",
    };
    let reported = match to {
        DeliveryStatus::NotRelated => "rejected",
        _ => "acknowledged",
    };
    // A letter from a peer: its sender learns the answer, in this same transaction.
    crate::services::exchange::queue::status(conn, &d, reported, None, note.clone(), now)?;
    let mut event = crate::db::audit::Event::new(
        action,
        "delivery",
        id,
        d.recipient_id,
        serde_json::json!({"status": to.as_str(), "note": note}),
    );
    event.before = Some(serde_json::json!({"status": d.status}));
    crate::db::audit::by(conn, actor, event, now)?;
    delivery::find(conn, id)?
        .map(DeliveryView::from)
        .ok_or(AppError::not_found("delivery"))
}
