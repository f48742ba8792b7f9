//! An office's inbox: deliveries to it and its units, most urgent first, then newest.

use crate::clock::to_bangkok;
use crate::db::models;
use crate::db::models::delivery;
use crate::db::models::org;
use crate::db::models::org::office_and_units;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::error::AppError;
use crate::services::paging;
use crate::services::paging::Page;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct InboxFilter {
    /// pending, received, acknowledged or not_related
    pub status: Option<String>,
    /// true: only deliveries still pending after their due date; false: none of those.
    pub overdue: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxLetter {
    pub id: i64,
    pub number: String,
    pub dated: Option<NaiveDate>,
    pub subject: String,
    pub from_name: String,
    pub urgency: crate::domain::Urgency,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxItem {
    pub delivery_id: i64,
    pub via: crate::domain::Via,
    pub status: DeliveryStatus,
    pub overdue: bool,
    /// The office (or unit) it was delivered to.
    pub recipient_id: i64,
    pub recipient_name: String,
    pub sender_id: i64,
    /// The endorsement of a routed delivery.
    pub note: Option<String>,
    /// The receipt this office logged for it, if any.
    pub receipt_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// When the sender withdrew it (it can no longer be logged or answered); `null` if not.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    pub letter: InboxLetter,
}

pub fn inbox(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    filter: &InboxFilter,
    cursor: Option<&str>,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Page<InboxItem>, AppError> {
    org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    if !actor.can_read_org(org_id) {
        return Err(AppError::forbidden("this is another office's inbox"));
    }
    if let Some(s) = filter.status.as_deref() {
        if DeliveryStatus::parse(s).is_none() {
            return Err(AppError::invalid(
                "status",
                format!("status must be one of: {}", DeliveryStatus::choices()),
            ));
        }
    }
    let offset = paging::position(cursor)?;
    let recipients = office_and_units(conn, org_id)?;
    let today = to_bangkok(now).date();
    let q = delivery::InboxQuery {
        recipients: &recipients,
        status: filter.status.as_deref(),
        overdue: filter.overdue,
        today,
    };
    let (rows, total) = delivery::inbox(conn, &q, offset, limit)?;
    let ids: Vec<i64> = rows.iter().map(|(d, _)| d.id).collect();
    let mut receipts: HashMap<i64, i64> = HashMap::new();
    for r in receipt::for_deliveries(conn, &ids)? {
        if let Some(d) = r.delivery_id {
            receipts.entry(d).or_insert(r.id);
        }
    }
    let shown = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let next_cursor = paging::after_count(offset + shown, total);
    let items = rows
        .into_iter()
        .map(|(d, l)| InboxItem {
            overdue: d.status == DeliveryStatus::Pending
                && d.withdrawn_at.is_none()
                && l.due_date.is_some_and(|due| due < today),
            withdrawn_at: d.withdrawn_at.map(models::utc),
            withdrawn_reason: d.withdrawn_reason,
            receipt_id: receipts.get(&d.id).copied(),
            delivery_id: d.id,
            via: d.via,
            status: d.status,
            recipient_id: d.recipient_id,
            recipient_name: d.recipient_name,
            sender_id: d.sender_id,
            note: d.note,
            created_at: models::utc(d.created_at),
            letter: InboxLetter {
                id: l.id,
                number: l.number_raw,
                dated: l.dated,
                subject: l.subject,
                from_name: l.from_name,
                urgency: l.urgency,
                due_date: l.due_date,
            },
        })
        .collect();
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
