//! The first number of a series and the first entry of an audit chain, taken by two
//! transactions at once on the pass's backend: the second waits for the first, then takes the
//! next one. On PostgreSQL each is one statement (an `UPDATE` and, when it finds no row, an
//! upsert); this is the case where the upsert meets the other's new row. And an audit entry
//! appended after a head this process remembers (`db::audit_head`, PostgreSQL) still links to
//! the real head when that memory is stale: after a rollback and after another writer.

use crate::helpers::{spawn_app, TestApp};
use chrono::Timelike;
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

/// A test server on the pass's backend and a district office in it.
async fn district(code: &str, name: &str) -> (TestApp, i64) {
    let app = spawn_app().await;
    let org = app
        .org(json!({"code": code, "name": name, "kind": "district"}))
        .await;
    (app, org)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_transactions_taking_a_new_series_first_number_get_one_and_two() {
    let (app, org) = district("P25D09", "ที่ว่าการอำเภอนาดี").await;
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
    let (app, org) = district("P25D08", "ที่ว่าการอำเภอบ้านสร้าง").await;
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        twice(&db, move |c| {
            let event = Event::new("receipt_recorded", "receipt", 1, org, json!({"n": 1}));
            saraban::db::audit::record(c, None, &event, chrono::Utc::now())
        })
    })
    .await
    .expect("blocking");
    let entries = verified_chain(&app, org);
    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![1, 2]);
    assert_eq!(entries[0].prev_hash, saraban::db::audit::GENESIS);
    assert_eq!(
        entries[1].prev_hash, entries[0].hash,
        "the second entry follows the first"
    );
}

/// The office's chain, in seq order, after `verify` found every chain sound.
fn verified_chain(app: &TestApp, org: i64) -> Vec<saraban::db::audit::Entry> {
    let report = app
        .db
        .write_blocking(|c| saraban::services::audit::verify::verify(c, chrono::Utc::now()))
        .expect("verify");
    assert!(report.ok, "{:?}", report.problems);
    app.db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::audit_events as ae;
            Ok(ae::table
                .filter(ae::chain.eq(org.to_string()))
                .order(ae::seq)
                .select(saraban::db::audit::Entry::as_select())
                .load(c)?)
        })
        .expect("entries")
}

/// Appends one entry to `org`'s chain in a transaction of its own on `c`; `keep: false` rolls
/// it back.
fn entry(c: &mut AnyConnection, org: i64, n: i64, keep: bool) {
    let event = Event::new("receipt_recorded", "receipt", n, org, json!({"n": n}));
    let done = Db::transaction_on(c, |c| {
        saraban::db::audit::record(c, None, &event, chrono::Utc::now())?;
        if keep {
            Ok(())
        } else {
            Err(AppError::invalid("n", "rolled back on purpose"))
        }
    });
    assert_eq!(done.is_ok(), keep);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_link_to_the_head_after_a_rollback_and_after_another_writer() {
    let (app, org) = district("P25D07", "ที่ว่าการอำเภอประจันตคาม").await;
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let mut a = db.standalone_connection().expect("connection");
        let mut b = db.standalone_connection().expect("connection");
        entry(&mut a, org, 1, true);
        entry(&mut a, org, 2, true);
        // This process wrote seq 3, which then rolled back: the head is still seq 2.
        entry(&mut a, org, 3, false);
        entry(&mut b, org, 4, true);
        // Another writer (the plain two statements, as another process appends) moves the head
        // past what this process wrote last.
        Db::transaction_on(&mut b, |c| {
            let chain = org.to_string();
            let (seq, prev, _) = saraban::db::audit_sql::take_seq(c, &chain, "")?;
            let mut e = saraban::db::audit::Entry {
                id: 0,
                chain,
                seq,
                at: chrono::Utc::now().naive_utc(),
                actor_id: None,
                office_id: Some(org),
                action: "receipt_recorded".into(),
                target_type: "receipt".into(),
                target_id: Some("5".into()),
                before_json: None,
                after_json: None,
                prev_hash: prev,
                hash: String::new(),
            };
            e.at = e.at.with_nanosecond(0).expect("whole seconds");
            e.hash = saraban::db::audit::hash_of(&e.prev_hash, &saraban::db::audit::canonical(&e));
            let today = saraban::clock::to_bangkok(chrono::Utc::now()).date();
            saraban::db::audit_sql::append_entry(c, &e, today, false)?;
            Ok(())
        })
        .expect("another writer's entry");
        entry(&mut a, org, 6, true);
        entry(&mut a, org, 7, true);
    })
    .await
    .expect("blocking");
    let targets: Vec<(i64, Option<String>)> = verified_chain(&app, org)
        .into_iter()
        .map(|e| (e.seq, e.target_id))
        .collect();
    let want: Vec<(i64, Option<String>)> = [1, 2, 4, 5, 6, 7]
        .iter()
        .zip(1..)
        .map(|(t, seq)| (seq, Some(t.to_string())))
        .collect();
    assert_eq!(targets, want);
}
