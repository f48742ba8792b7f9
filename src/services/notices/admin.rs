//! What administrators and issuing offices see of the outbox, and sending again.

use crate::db::models;
use crate::db::models::delivery;
use crate::db::models::org;
use crate::db::models::outbox;
use crate::db::models::outbox::Notice;
use crate::db::AnyConnection;
use crate::domain::notice::NoticeStatus;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::letters::visibility;
use crate::services::paging::Page;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub delivery_id: Option<i64>,
    /// The e-mail address used; `null` when the office has none (`no_address`).
    pub to_addr: Option<String>,
    pub subject: String,
    /// pending, sending, sent, failed, dead or no_address
    pub status: NoticeStatus,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    /// The `Message-ID` local part; the header is `<message_id@sender domain>`.
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub acknowledged_via_link_at: Option<DateTime<Utc>>,
}

impl From<Notice> for NoticeView {
    fn from(n: Notice) -> Self {
        let message_id = n.local_part();
        NoticeView {
            id: n.id,
            delivery_id: n.delivery_id,
            to_addr: n.to_addr,
            subject: n.subject,
            status: n.status,
            attempts: n.attempts,
            next_attempt_at: models::utc(n.next_attempt_at),
            last_error: n.last_error,
            message_id,
            created_at: models::utc(n.created_at),
            sent_at: n.sent_at.map(models::utc),
            acknowledged_via_link_at: n.ack_used_at.map(models::utc),
        }
    }
}

/// `{items, total, next_cursor}` of notices (for the OpenAPI document).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticePage {
    pub items: Vec<NoticeView>,
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// The notice of a hop in the distribution view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopNotice {
    pub status: NoticeStatus,
    pub attempts: i64,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The latest notice of each delivery, for the distribution view.
pub fn hop_notices(
    conn: &mut AnyConnection,
    delivery_ids: &[i64],
) -> Result<HashMap<i64, HopNotice>, AppError> {
    let mut found = HashMap::new();
    for n in outbox::for_deliveries(conn, delivery_ids)? {
        if let Some(d) = n.delivery_id {
            found.insert(
                d,
                HopNotice {
                    status: n.status,
                    attempts: n.attempts,
                    sent_at: n.sent_at.map(models::utc),
                    last_error: n.last_error,
                },
            );
        }
    }
    Ok(found)
}

/// Notices of a letter's deliveries: for its issuing office and administrators.
pub fn for_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
) -> Result<Page<NoticeView>, AppError> {
    let letter = visibility::visible_letter(conn, actor, letter_id)?;
    if !visibility::is_issuer_side(actor, &letter) {
        return Err(AppError::forbidden(
            "only the issuing office sees the notices of a letter",
        ));
    }
    let ids: Vec<i64> = delivery::for_letter(conn, letter.id)?
        .iter()
        .map(|d| d.id)
        .collect();
    let items: Vec<NoticeView> = outbox::for_deliveries(conn, &ids)?
        .into_iter()
        .map(NoticeView::from)
        .collect();
    Ok(Page {
        total: items.len() as i64,
        items,
        next_cursor: None,
    })
}

/// Parses `?status=`; unknown values are `invalid_status`.
pub fn parse_status(value: Option<&str>) -> Result<Option<NoticeStatus>, AppError> {
    value
        .map(|v| {
            NoticeStatus::parse(v).ok_or_else(|| {
                AppError::invalid(
                    "status",
                    format!("status must be one of: {}", NoticeStatus::choices()),
                )
            })
        })
        .transpose()
}

/// One page of notices in id order, optionally of one status.
pub fn list(
    conn: &mut AnyConnection,
    status: Option<NoticeStatus>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<NoticeView>, AppError> {
    let after = crate::services::paging::position(cursor)?;
    let (rows, total) = outbox::list(conn, status, after, limit)?;
    let next_cursor = crate::services::paging::after_last(&rows, limit, |n| n.id);
    Ok(Page {
        items: rows.into_iter().map(NoticeView::from).collect(),
        total,
        next_cursor,
    })
}

/// One notice with its subject and text body, for `saraban notices show`. A notice rendered at
/// send time keeps no body: it is rendered now, from the rows as they are now (which is what
/// the mail says if it has not been sent yet). The second value says whether it was.
/// The placeholders `{{public_url}}` and `{{ack_token}}` are left as they are.
pub fn show(conn: &mut AnyConnection, id: i64) -> Result<(Notice, bool), AppError> {
    let notice = outbox::find(conn, id)?.ok_or(AppError::not_found("notice"))?;
    let on_demand = crate::services::notices::at_send::rendered_at_send(&notice);
    let mut one = [notice];
    if on_demand {
        crate::services::notices::at_send::render_bodies(conn, &mut one)?;
    }
    let [notice] = one;
    Ok((notice, on_demand))
}

/// Queues a failed, dead or address-less notice again with fresh attempts, to the office's
/// current address (so fixing an office's e-mail and retrying is enough).
pub fn retry(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<NoticeView, AppError> {
    let notice = outbox::find(conn, id)?.ok_or(AppError::not_found("notice"))?;
    let status = Some(notice.status);
    if !status.is_some_and(|s| NoticeStatus::RETRYABLE.contains(&s)) {
        return Err(AppError::conflict(
            "notice_not_retryable",
            format!(
                "notice {id} is {}; only failed, dead or no_address notices are sent again",
                notice.status
            ),
        ));
    }
    let mut to_addr = notice.to_addr.clone();
    let mut office = None;
    if let Some(d) = notice
        .delivery_id
        .map(|d| delivery::find(conn, d))
        .transpose()?
        .flatten()
    {
        office = Some(d.recipient_id);
        to_addr = org::find(conn, d.recipient_id)?
            .and_then(|o| o.email)
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty());
    }
    // A notice that never had an address never had a link either: give it one now.
    let fresh_token = (to_addr.is_some() && notice.ack_token.is_none()).then(|| {
        let raw = crate::domain::credentials::token::generate();
        let hash = crate::domain::credentials::token::hash(&raw);
        (raw, hash)
    });
    let requeued = outbox::requeue(
        conn,
        id,
        notice.status.as_str(),
        to_addr.as_deref(),
        fresh_token.as_ref().map(|(r, h)| (r.as_str(), h.as_str())),
        now.naive_utc(),
    )?;
    if !requeued {
        return Err(AppError::conflict(
            "notice_changed",
            "the notice changed meanwhile; look again",
        ));
    }
    let updated = outbox::find(conn, id)?.ok_or(AppError::not_found("notice"))?;
    let event = crate::db::audit::Event {
        action: "notice_retried",
        target_type: "notice",
        target_id: Some(id),
        office_id: office,
        before: Some(serde_json::json!({"status": notice.status})),
        after: Some(
            serde_json::json!({"status": updated.status, "to_changed": updated.to_addr != notice.to_addr}),
        ),
    };
    crate::db::audit::record(conn, actor_id, &event, now)?;
    Ok(NoticeView::from(updated))
}

/// Retries every dead notice; returns how many were queued again.
pub fn retry_dead(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut after = 0;
    let mut queued = 0;
    loop {
        let (batch, _) = outbox::list(conn, Some(NoticeStatus::Dead), after, 500)?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for n in batch {
            retry(conn, actor_id, n.id, now)?;
            queued += 1;
        }
    }
    Ok(queued)
}
