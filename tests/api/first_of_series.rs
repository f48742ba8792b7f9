//! The first number of a series and the first entry of an audit chain, taken by two
//! transactions at once on the pass's backend: the second waits for the first, then takes the
//! next one. On PostgreSQL each is one statement (an `UPDATE` and, when it finds no row, an
//! upsert); this is the case where the upsert meets the other's new row.

use crate::helpers::spawn_app;
use saraban::db::audit::Event;
use saraban::db::{AnyConnection, Db};
use saraban::error::AppError;
use serde_json::json;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `take` in two transactions on connections of their own: the first holds its
/// transaction open until the second has begun and had time to reach the same row.
fn twice<T, F>(db: &Db, take: F) -> (T, T)
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection) -> Result<T, AppError> + Clone + Send + 'static,
{
    let (mut a, mut b) = (
        db.standalone_connection().expect("connection"),
        db.standalone_connection().expect("connection"),
    );
    let (began, wait) = mpsc::channel();
    let take_first = take.clone();
    let first = std::thread::spawn(move || {
        Db::transaction_on(&mut a, |c| {
            let got = take_first(c)?;
            began.send(()).expect("signal");
            std::thread::sleep(Duration::from_millis(400));
            Ok(got)
        })
        .expect("first transaction")
    });
    wait.recv().expect("the first has its row");
    let second = Db::transaction_on(&mut b, take).expect("second transaction");
    (first.join().expect("first thread"), second)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_transactions_taking_a_new_series_first_number_get_one_and_two() {
    let app = spawn_app().await;
    let org = app
        .org(json!({"code": "P25D09", "name": "ที่ว่าการอำเภอนาดี", "kind": "district"}))
        .await;
    let db = app.db.clone();
    let (first, second) = tokio::task::spawn_blocking(move || {
        twice(&db, move |c| {
            Ok(saraban::db::backend::take_next_number(
                c, org, "receipt", 2570,
            )?)
        })
    })
    .await
    .expect("blocking");
    assert_eq!((first, second), (1, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_transactions_opening_a_new_audit_chain_link_their_entries() {
    let app = spawn_app().await;
    let org = app
        .org(json!({"code": "P25D08", "name": "ที่ว่าการอำเภอบ้านสร้าง", "kind": "district"}))
        .await;
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        twice(&db, move |c| {
            let event = Event::new("receipt_recorded", "receipt", 1, org, json!({"n": 1}));
            saraban::db::audit::record(c, None, &event, chrono::Utc::now())
        })
    })
    .await
    .expect("blocking");
    let report = app
        .db
        .write_blocking(|c| saraban::services::audit::verify::verify(c, chrono::Utc::now()))
        .expect("verify");
    assert!(report.ok, "{:?}", report.problems);
    let entries: Vec<(i64, String, String)> = app
        .db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::audit_events as ae;
            Ok(ae::table
                .filter(ae::chain.eq(org.to_string()))
                .order(ae::seq)
                .select((ae::seq, ae::prev_hash, ae::hash))
                .load(c)?)
        })
        .expect("entries");
    let seqs: Vec<i64> = entries.iter().map(|e| e.0).collect();
    assert_eq!(seqs, vec![1, 2]);
    assert_eq!(entries[0].1, saraban::db::audit::GENESIS);
    assert_eq!(
        entries[1].1, entries[0].2,
        "the second entry follows the first"
    );
}
