//! Routing inside an office (แทงเรื่อง): a received letter goes on to one of the office's
//! sub-offices as a delivery of the same letter (no new letter, no new number). The note is
//! the endorsement (เกษียน) and stays with the hop; the sub-office then logs its own receipt.

use crate::services::db_time;

use crate::db::models::delivery;
use crate::db::models::org;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::domain::Via;
use crate::error::AppError;
use crate::services::views::DeliveryView;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    /// A descendant of the receipt's office (a division, a work group, a provincial office).
    pub to_org_id: i64,
    /// The endorsement (เกษียน), e.g. `มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ`.
    pub note: Option<String>,
}

pub fn route(
    conn: &mut AnyConnection,
    actor: &Actor,
    receipt_id: i64,
    req: &RouteRequest,
    now: DateTime<Utc>,
) -> Result<DeliveryView, AppError> {
    let from = receipt::find(conn, receipt_id)?.ok_or(AppError::not_found("receipt"))?;
    actor.require_act_for(from.org_id)?;
    let note = validate::optional_text("note", req.note.as_deref())?;
    let to = org::find(conn, req.to_org_id)?.ok_or_else(|| {
        AppError::invalid(
            "to_org_id",
            format!("office {} does not exist", req.to_org_id),
        )
    })?;
    if !org::ancestors(conn, to.id)?.contains(&from.org_id) {
        return Err(AppError::invalid(
            "to_org_id",
            "a letter is routed only to an office below the one that received it; to pass it to another office, issue a forwarding letter",
        ));
    }
    if delivery::routed_from(conn, &[from.id])?
        .iter()
        .any(|d| d.recipient_id == to.id)
    {
        return Err(AppError::conflict(
            "already_routed",
            format!("this receipt was already routed to {}", to.name),
        ));
    }
    let row = delivery::NewDelivery {
        letter_id: from.letter_id,
        dispatch_id: None,
        via: Via::Route.as_str().into(),
        sender_id: from.org_id,
        recipient_id: to.id,
        recipient_name: to.name.clone(),
        recipient_kind: to.kind.into(),
        status: DeliveryStatus::Pending.as_str().into(),
        note,
        created_at: db_time(now),
        source_receipt_id: Some(from.id),
    };
    let made = delivery::insert_many(conn, std::slice::from_ref(&row))?;
    // The unit gets a notice too, in the same transaction as its delivery.
    crate::services::notices::enqueue::notices_for(conn, &made, now)?;
    let view = made
        .into_iter()
        .next()
        .map(DeliveryView::from)
        .ok_or_else(|| AppError::Internal("delivery vanished after insert".into()))?;
    let after =
        serde_json::json!({"receipt_id": from.id, "letter_id": from.letter_id, "to_org_id": to.id});
    let event =
        crate::db::audit::Event::new("receipt_routed", "delivery", view.id, from.org_id, after);
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(view)
}
