//! Where a letter went and where each copy stands.

use super::views::{LetterView, ReceiptView};
use crate::auth::Actor;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::models::{self, delivery, receipt};
use crate::services::visibility;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Counts {
    pub total: i64,
    pub pending: i64,
    pub received: i64,
    pub acknowledged: i64,
    pub not_related: i64,
}

impl Counts {
    fn add(&mut self, status: &str) {
        self.total += 1;
        match status {
            "pending" => self.pending += 1,
            "received" => self.received += 1,
            "acknowledged" => self.acknowledged += 1,
            _ => self.not_related += 1,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Summary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Distinct recipient offices.
    pub offices: i64,
    /// The same counts per recipient kind (province, district, local_body, …).
    pub by_kind: BTreeMap<String, Counts>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopReceipt {
    pub id: i64,
    pub number: i64,
    pub year_be: i64,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
    pub stamp: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hop {
    pub delivery_id: i64,
    pub via: String,
    pub recipient: Recipient,
    pub status: String,
    pub receipt: Option<HopReceipt>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The e-mail notice of this delivery; `null` when none was made (e.g. ลับที่สุด).
    pub notice: Option<crate::outbox::admin::HopNotice>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DistributionView {
    pub letter: LetterView,
    pub summary: Summary,
    pub hops: Vec<Hop>,
}

pub fn distribution(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
) -> Result<DistributionView, AppError> {
    let letter = visibility::visible_letter(conn, actor, letter_id)?;
    let whole = visibility::is_issuer_side(actor, &letter);
    let deliveries: Vec<delivery::Delivery> = delivery::for_letter(conn, letter.id)?
        .into_iter()
        .filter(|d| whole || actor.scope.contains(&d.recipient_id))
        .collect();
    let ids: Vec<i64> = deliveries.iter().map(|d| d.id).collect();
    let mut receipts: HashMap<i64, receipt::Receipt> = HashMap::new();
    for r in receipt::for_deliveries(conn, &ids)? {
        if let Some(d) = r.delivery_id {
            receipts.entry(d).or_insert(r);
        }
    }
    let mut notices = crate::outbox::admin::hop_notices(conn, &ids)?;
    let mut summary = Summary::default();
    let mut offices = BTreeSet::new();
    let hops = deliveries
        .into_iter()
        .map(|d| {
            summary.counts.add(&d.status);
            summary
                .by_kind
                .entry(d.recipient_kind.clone())
                .or_default()
                .add(&d.status);
            offices.insert(d.recipient_id);
            let receipt = receipts.remove(&d.id).map(|r| {
                let view = ReceiptView::from(r);
                HopReceipt {
                    id: view.id,
                    number: view.number,
                    year_be: view.year_be,
                    received_on: view.received_on,
                    received_time: view.received_time,
                    stamp: view.stamp,
                }
            });
            Hop {
                delivery_id: d.id,
                via: d.via,
                recipient: Recipient {
                    id: d.recipient_id,
                    name: d.recipient_name,
                    kind: d.recipient_kind,
                },
                status: d.status,
                receipt,
                acknowledged_at: d.acknowledged_at.map(models::utc),
                notice: notices.remove(&d.id),
            }
        })
        .collect();
    summary.offices = offices.len() as i64;
    Ok(DistributionView {
        letter: LetterView::from(letter),
        summary,
        hops,
    })
}
