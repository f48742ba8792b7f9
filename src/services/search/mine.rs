//! What a search result says about the caller: its receipt of the letter and the status of the
//! delivery to it. The caller's own office comes first; else the newest of its units'.

use crate::db::schema::{deliveries, receipts};
use crate::db::AnyConnection;
use crate::domain::{Actor, DeliveryStatus};
use crate::error::AppError;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// The caller's receipt of a letter (its register entry).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyReceipt {
    pub id: i64,
    /// The receipt register number (เลขทะเบียนรับ).
    pub number: i64,
    pub year_be: i64,
    pub received_at: Option<DateTime<Utc>>,
}

/// Of several rows of one letter, the caller's own office's, else the newest (highest id).
fn better(actor: &Actor, org: i64, id: i64, than: Option<&(i64, i64)>) -> bool {
    let own = |o: i64| Some(o) == actor.org_id;
    match than {
        None => true,
        Some((o, i)) => (own(org) && !own(*o)) || (own(org) == own(*o) && id > *i),
    }
}

type Mine = (HashMap<i64, MyReceipt>, HashMap<i64, DeliveryStatus>);

/// The caller's receipt and delivery status of each of these letters (a page of them).
pub fn mine(conn: &mut AnyConnection, actor: &Actor, ids: &[i64]) -> Result<Mine, AppError> {
    if ids.is_empty() || actor.scope.is_empty() {
        return Ok(Default::default());
    }
    type R = (i64, i64, i64, i64, i64, Option<NaiveDateTime>);
    let rows: Vec<R> = receipts::table
        .filter(receipts::letter_id.eq_any(ids))
        .filter(receipts::org_id.eq_any(&actor.scope))
        .select((
            receipts::letter_id,
            receipts::org_id,
            receipts::id,
            receipts::number,
            receipts::year_be,
            receipts::received_at,
        ))
        .load(conn)?;
    let mut chosen: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut receipts_of = HashMap::new();
    for (letter, org, id, number, year_be, at) in rows {
        if better(actor, org, id, chosen.get(&letter)) {
            chosen.insert(letter, (org, id));
            let received_at = at.map(|t| t.and_utc());
            receipts_of.insert(
                letter,
                MyReceipt {
                    id,
                    number,
                    year_be,
                    received_at,
                },
            );
        }
    }
    let rows: Vec<(i64, i64, i64, String)> = deliveries::table
        .filter(deliveries::letter_id.eq_any(ids))
        .filter(deliveries::recipient_id.eq_any(&actor.scope))
        .select((
            deliveries::letter_id,
            deliveries::recipient_id,
            deliveries::id,
            deliveries::status,
        ))
        .load(conn)?;
    let mut chosen: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut statuses = HashMap::new();
    for (letter, org, id, status) in rows {
        let Ok(status) = DeliveryStatus::try_from(status) else {
            continue;
        };
        if better(actor, org, id, chosen.get(&letter)) {
            chosen.insert(letter, (org, id));
            statuses.insert(letter, status);
        }
    }
    Ok((receipts_of, statuses))
}
