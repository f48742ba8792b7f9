//! `POST /api/v1/deliveries/{id}/withdraw`: the sending office takes a delivery back (before
//! or after the recipient registered it). The delivery keeps its status, so the distribution
//! index's kept counts stand; `withdrawn_at` and the reason mark it, here and, for an office
//! hosted by a peer, on the peer's side through a signed withdraw message.

use crate::db::models::delivery;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::{Actor, Via};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::queue;
use crate::services::views::DeliveryView;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why the letter is taken back (sent to the wrong office, to be sent again, …).
    pub reason: String,
}

pub fn withdraw(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    req: &WithdrawRequest,
    now: DateTime<Utc>,
) -> Result<DeliveryView, AppError> {
    let d = delivery::find(conn, id)?.ok_or(AppError::not_found("delivery"))?;
    if !actor.can_act_for(d.sender_id) {
        return Err(AppError::forbidden(
            "only the office that sent the letter may withdraw it",
        ));
    }
    let reason = validate::text("reason", &req.reason)?;
    if d.via != Via::Dispatch {
        return Err(AppError::invalid(
            "id",
            "only a dispatch to another office is withdrawn; a routed copy stays in the office",
        ));
    }
    if d.withdrawn_at.is_some() || !delivery::withdraw(conn, id, &reason, db_time(now))? {
        return Err(AppError::conflict(
            "delivery_withdrawn",
            "the delivery is already withdrawn",
        ));
    }
    queue::withdraw(conn, &d, &reason, now)?;
    let event = crate::db::audit::Event {
        action: "delivery_withdrawn",
        target_type: "delivery",
        target_id: Some(id),
        office_id: Some(d.sender_id),
        before: Some(serde_json::json!({"status": d.status})),
        after: Some(serde_json::json!({"reason": reason})),
    };
    crate::db::audit::by(conn, actor, event, now)?;
    delivery::find(conn, id)?
        .map(DeliveryView::from)
        .ok_or(AppError::not_found("delivery"))
}

/// 409 `delivery_withdrawn` for an act on a delivery its sender took back.
pub fn refuse_withdrawn(d: &delivery::Delivery) -> Result<(), AppError> {
    if d.withdrawn_at.is_some() {
        return Err(AppError::conflict(
            "delivery_withdrawn",
            format!(
                "the sender withdrew this delivery: {}",
                d.withdrawn_reason.as_deref().unwrap_or("")
            ),
        ));
    }
    Ok(())
}
