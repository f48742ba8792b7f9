//! `GET /inbox`: letters delivered to my office, most urgent first, overdue marked, with a
//! one-click receipt.

use super::{format, render, PageError, Signed};
use crate::domain::{DeliveryStatus, Urgency};
use crate::services::deliveries::inbox;
use crate::services::deliveries::inbox::InboxFilter;
use crate::services::deliveries::inbox::InboxItem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

const PAGE_SIZE: i64 = 100;

#[derive(Deserialize)]
pub struct InboxQuery {
    /// pending (default), received, acknowledged, not_related or all
    pub status: Option<String>,
    pub cursor: Option<String>,
}

pub struct Row {
    pub delivery_id: i64,
    pub letter_id: i64,
    pub number: String,
    pub dated: String,
    pub subject: String,
    pub from_name: String,
    pub urgency: &'static str,
    pub urgent: bool,
    pub overdue: bool,
    pub due: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub pending: bool,
    pub receipt_id: Option<i64>,
    pub note: Option<String>,
    pub arrived: String,
    /// The unit a copy was delivered to, when it is not the office itself.
    pub for_unit: Option<String>,
    /// The sender withdrew it (เรียกคืน): its reason; it can no longer be logged.
    pub withdrawn: Option<String>,
}

impl Row {
    fn of(i: InboxItem, office: i64) -> Row {
        Row {
            for_unit: (i.recipient_id != office).then(|| i.recipient_name.clone()),
            delivery_id: i.delivery_id,
            letter_id: i.letter.id,
            number: i.letter.number,
            dated: format::opt_date(i.letter.dated),
            subject: i.letter.subject,
            from_name: i.letter.from_name,
            urgency: format::urgency(i.letter.urgency),
            urgent: i.letter.urgency != Urgency::Normal,
            overdue: i.overdue,
            due: format::opt_date(i.letter.due_date),
            status_label: format::status(i.status),
            pending: i.status == DeliveryStatus::Pending && i.withdrawn_at.is_none(),
            withdrawn: i
                .withdrawn_at
                .map(|_| i.withdrawn_reason.unwrap_or_default()),
            status: i.status.as_str(),
            receipt_id: i.receipt_id,
            note: i.note,
            arrived: format::instant(i.created_at),
        }
    }
}

#[derive(Template)]
#[template(path = "inbox.html", config = "src/http/pages/askama.toml")]
struct InboxPage {
    chrome: super::Chrome,
    rows: Vec<Row>,
    total: String,
    tab: String,
    next: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<InboxQuery>,
) -> Result<HttpResponse, PageError> {
    let office = s.office_id()?;
    let tab = q.status.clone().unwrap_or_else(|| "pending".into());
    let filter = InboxFilter {
        status: (tab != "all").then(|| tab.clone()),
        overdue: None,
    };
    let cursor = q.cursor.clone();
    let actor = s.actor.clone();
    let now = state.clock.now();
    let page = state
        .db
        .read(move |c| {
            inbox::inbox(
                c,
                &actor,
                office,
                &filter,
                cursor.as_deref(),
                PAGE_SIZE,
                now,
            )
        })
        .await?;
    let next = page
        .next_cursor
        .map(|c| format!("/inbox?status={tab}&cursor={c}"));
    render(&InboxPage {
        chrome: s.chrome("inbox"),
        total: format::thai(page.total),
        rows: page.items.into_iter().map(|i| Row::of(i, office)).collect(),
        tab,
        next,
    })
}
