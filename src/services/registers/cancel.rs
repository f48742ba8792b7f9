//! Cancelling a receipt or a letter number (ยกเลิก): clerks of the office, with a reason. The
//! number stays burned (never handed out again) and the register shows it as cancelled.

use crate::services::db_time;

use crate::db::audit;
use crate::db::audit::Event;
use crate::db::models::letter;
use crate::db::models::receipt;
use crate::db::schema::cancellations as cx;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::registers::list::RegisterItem;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// Why the number is cancelled (shown in the register's remarks).
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CancellationView {
    /// receipt or letter
    pub target_type: String,
    pub target_id: i64,
    pub org_id: i64,
    pub reason: String,
    pub cancelled_at: DateTime<Utc>,
}

fn cancel(
    conn: &mut AnyConnection,
    actor: &Actor,
    (target_type, target_id, org_id): (&'static str, i64, i64),
    req: &CancelRequest,
    now: DateTime<Utc>,
) -> Result<CancellationView, AppError> {
    actor.require_act_for(org_id)?;
    let reason = validate::text("reason", &req.reason)?;
    let done: i64 = cx::table
        .filter(cx::target_type.eq(target_type))
        .filter(cx::target_id.eq(target_id))
        .count()
        .get_result(conn)?;
    if done > 0 {
        return Err(AppError::conflict(
            "already_cancelled",
            format!("this {target_type} is already cancelled"),
        ));
    }
    diesel::insert_into(cx::table)
        .values((
            cx::target_type.eq(target_type),
            cx::target_id.eq(target_id),
            cx::org_id.eq(org_id),
            cx::reason.eq(&reason),
            cx::cancelled_by.eq(actor.user_id),
            cx::cancelled_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    let mut event = Event::new(
        if target_type == "receipt" {
            "receipt_cancelled"
        } else {
            "letter_cancelled"
        },
        if target_type == "receipt" {
            "receipt"
        } else {
            "letter"
        },
        target_id,
        org_id,
        serde_json::json!({"status": "cancelled", "reason": reason}),
    );
    event.before = Some(serde_json::json!({"status": "active"}));
    audit::by(conn, actor, event, now)?;
    Ok(CancellationView {
        target_type: target_type.into(),
        target_id,
        org_id,
        reason,
        cancelled_at: now,
    })
}

pub fn cancel_receipt(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    req: &CancelRequest,
    now: DateTime<Utc>,
) -> Result<CancellationView, AppError> {
    let r = receipt::find(conn, id)?.ok_or(AppError::not_found("receipt"))?;
    cancel(conn, actor, ("receipt", r.id, r.org_id), req, now)
}

/// Only a letter this office numbered (issued) has a number of its own to cancel.
pub fn cancel_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    req: &CancelRequest,
    now: DateTime<Utc>,
) -> Result<CancellationView, AppError> {
    let l = letter::find(conn, id)?.ok_or(AppError::not_found("letter"))?;
    let Some(issuer) = l.issuer_id.filter(|_| l.running_number.is_some()) else {
        if actor.is_admin() || l.recorded_by_org_id.is_some_and(|o| actor.can_act_for(o)) {
            return Err(AppError::invalid(
                "letter",
                "only a letter numbered by this service can have its number cancelled",
            ));
        }
        return Err(AppError::forbidden("you may not act for this office"));
    };
    cancel(conn, actor, ("letter", l.id, issuer), req, now)
}

/// Marks cancelled receipts and letters in register rows, with the reason in the remarks.
pub fn mark(conn: &mut AnyConnection, items: &mut [RegisterItem]) -> Result<(), AppError> {
    let receipts: Vec<i64> = items.iter().filter_map(|i| i.receipt_id).collect();
    let letters: Vec<i64> = items.iter().filter_map(|i| i.letter_id).collect();
    let mut found: HashMap<(String, i64), String> = HashMap::new();
    for chunk_ids in [("receipt", receipts), ("letter", letters)] {
        for ids in chunk_ids.1.chunks(500) {
            let rows: Vec<(i64, String)> = cx::table
                .filter(cx::target_type.eq(chunk_ids.0))
                .filter(cx::target_id.eq_any(ids))
                .select((cx::target_id, cx::reason))
                .load(conn)?;
            for (id, reason) in rows {
                found.insert((chunk_ids.0.to_string(), id), reason);
            }
        }
    }
    for item in items.iter_mut() {
        let key = match (item.receipt_id, item.letter_id) {
            (Some(r), _) => ("receipt".to_string(), r),
            (None, Some(l)) => ("letter".to_string(), l),
            _ => continue,
        };
        if let Some(reason) = found.get(&key) {
            item.status = "cancelled".into();
            item.remarks = Some(match item.remarks.take() {
                Some(text) => format!("ยกเลิก: {reason}; {text}"),
                None => format!("ยกเลิก: {reason}"),
            });
        }
    }
    Ok(())
}
