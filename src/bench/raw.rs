//! The raw anchor of P1: the writes of a receipt with an inline letter (look the letter up,
//! insert it — with its search index —, take the series' next number, insert the receipt,
//! append the audit entry) issued directly, without the HTTP layer or the use case's checks,
//! on the same database with the same durability as the server.

use super::setup::Office;
use crate::clock::Clock;
use crate::db::models::{counter, letter, receipt};
use crate::db::{AnyConnection, Db};
use crate::domain::SeriesKind;
use crate::error::AppError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// The writes of one receipt.
fn one(conn: &mut AnyConnection, office: &Office, i: usize) -> Result<(), AppError> {
    let now = Clock::System.now();
    let t = now.naive_utc();
    let number = format!("มท 0810.5/ว {i}");
    let dated = chrono::NaiveDate::from_ymd_opt(2026, 5, 3);
    let canonical = crate::thai::letter_no::canonical(&number);
    let id = match letter::find_by_identity(conn, &canonical, dated)? {
        Some(l) => l.id,
        None => letter::insert(
            conn,
            &letter::NewLetter {
                origin: "recorded".into(),
                issuer_id: None,
                from_name: "กรมส่งเสริมการปกครองท้องถิ่น".into(),
                recorded_by_org_id: Some(office.id),
                number_raw: number,
                number_canonical: canonical,
                running_number: None,
                circular: true,
                series_org_id: None,
                series: None,
                year_be: Some(2569),
                dated,
                dated_raw: None,
                subject: format!("หนังสือเวียนกรมส่งเสริมการปกครองท้องถิ่น ฉบับที่ {i}"),
                addressee: String::new(),
                kind: "external".into(),
                urgency: "normal".into(),
                secrecy: "normal".into(),
                issued_at: None,
                due_date: None,
                created_by: Some(office.actor.user_id),
                created_at: t,
            },
        )?,
    };
    let n = counter::take_next(conn, office.id, SeriesKind::Receipt.as_str(), 2569)?;
    let rid = receipt::insert(
        conn,
        &receipt::NewReceipt {
            org_id: office.id,
            year_be: 2569,
            number: n,
            letter_id: id,
            delivery_id: None,
            received_at: None,
            received_on: chrono::NaiveDate::from_ymd_opt(2026, 5, 8).unwrap_or_default(),
            received_time: None,
            action: None,
            remarks: None,
            duplicate_of: None,
            created_by: Some(office.actor.user_id),
            created_at: t,
        },
    )?;
    let after = serde_json::json!({"number": n, "year_be": 2569, "letter_id": id});
    let event = crate::db::audit::Event::new("receipt_recorded", "receipt", rid, office.id, after);
    crate::db::audit::by(conn, &office.actor, event, now)
}

/// Receipts per second, `per_txn` receipts to a transaction, from one thread on each of
/// `connections` connections of their own ([`Db::standalone_connection`], opened before the
/// clock starts): the plain transaction, with the backend's stock upkeep (SQLite's automatic
/// checkpoint, PostgreSQL's own pending-list merges) and none of the service's threads beside it.
pub fn rate(
    db: &Db,
    offices: Arc<Vec<Office>>,
    connections: usize,
    total: usize,
    per_txn: usize,
) -> Result<f64, AppError> {
    let conns = (0..connections.max(1))
        .map(|_| db.standalone_connection())
        .collect::<Result<Vec<_>, _>>()?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = conns
        .into_iter()
        .map(|mut conn| {
            let (next, offices) = (next.clone(), offices.clone());
            std::thread::spawn(move || -> Result<usize, AppError> {
                let mut done = 0;
                loop {
                    let first = next.fetch_add(per_txn, Ordering::Relaxed);
                    if first >= total {
                        return Ok(done);
                    }
                    let last = (first + per_txn).min(total);
                    Db::transaction_on(&mut conn, |c| {
                        for i in first..last {
                            one(c, &offices[i % offices.len()], i)?;
                        }
                        Ok(())
                    })?;
                    done += last - first;
                }
            })
        })
        .collect();
    let mut done = 0;
    for h in handles {
        done += h
            .join()
            .map_err(|_| AppError::Internal("bench thread panicked".into()))??;
    }
    Ok(done as f64 / started.elapsed().as_secs_f64().max(1e-3))
}
