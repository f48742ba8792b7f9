//! Group commit (`src/db/writer.rs`): requests waiting for the writer share one transaction,
//! each in its own savepoint. A request failing inside the batch leaves the others committed,
//! gives back the number it took and gets its own error. On the pass's backend.

use crate::authz::world;
use crate::helpers::{spawn_app_on, TestDb};
use saraban::clock::Clock;
use saraban::error::AppError;
use saraban::services::receipts::record::{record, InlineLetter, ReceiptRequest};

#[tokio::test]
async fn a_request_failing_inside_a_batch_leaves_the_others_committed_and_uses_no_number() {
    let app = spawn_app_on(TestDb::new(), Clock::System, |_| {}).await;
    let w = world(&app).await;
    let b = w.ids["B"];
    // The clerk of B as an actor, for calling the use case directly.
    let actor = app
        .db
        .read_blocking(|c| {
            let user = saraban::db::models::user::find_by_name(c, "clerk_b")?
                .ok_or(AppError::not_found("user"))?;
            saraban::db::models::user::load_actor(c, user)
        })
        .expect("actor");
    // The writer is busy for a moment, so the requests below queue up and share one batch.
    let busy = {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(|_| {
                std::thread::sleep(std::time::Duration::from_millis(300));
                Ok(())
            })
            .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let now = Clock::System.now();
    let mut calls = Vec::new();
    for i in 0..10 {
        let db = app.db.clone();
        let actor = actor.clone();
        // The fifth asks for the delivery B already registered (rB): it takes a number, then
        // fails with 409 duplicate_receipt.
        let req = if i == 4 {
            ReceiptRequest {
                delivery_id: Some(w.ids["dN"]),
                ..Default::default()
            }
        } else {
            ReceiptRequest {
                letter: Some(InlineLetter {
                    number: format!("นร 1207/ว {}", 900 + i),
                    dated: Some("2026-05-01".into()),
                    dated_raw: None,
                    subject: format!("หนังสือฉบับที่ {i}"),
                    from_name: "สำนักงาน ก.พ.ร.".into(),
                    addressee: None,
                    urgency: None,
                    secrecy: None,
                }),
                received_on: Some("2026-05-04".into()),
                ..Default::default()
            }
        };
        calls.push(tokio::spawn(async move {
            db.write(move |c| record(c, &actor, b, &req, now)).await
        }));
    }
    busy.await.expect("busy task").expect("busy write");
    let mut numbers = Vec::new();
    for (i, call) in calls.into_iter().enumerate() {
        match call.await.expect("task") {
            Ok(r) => numbers.push(r.number),
            Err(AppError::Conflict { code, .. }) if i == 4 => {
                assert_eq!(code, "duplicate_receipt")
            }
            other => panic!("request {i}: {other:?}"),
        }
    }
    numbers.sort_unstable();
    // rB is no. 1; the nine others follow with no gap: the failed request gave its number back.
    assert_eq!(numbers, (2..=10).collect::<Vec<i64>>());
    let (_, register) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt?year=2569"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(register["total"], 10, "{register}");
    // And they did share a batch: a full one (the histogram is process-wide, so only
    // a lower bound is read).
    let text = saraban::metrics::render();
    let bucket = |le: &str| -> f64 {
        text.lines()
            .find(|l| {
                l.starts_with("saraban_db_writer_batch_size_bucket")
                    && l.contains(&format!("le=\"{le}\""))
            })
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0.0)
    };
    // SQLite's batches take up to 64 requests, PostgreSQL's 8 (`db::writer::max_batch`).
    let (upper, lower) = if app.db.url().is_sqlite() {
        ("16", "8")
    } else {
        ("8", "4")
    };
    assert!(
        bucket(upper) - bucket(lower) >= 1.0,
        "no batch of {lower} + 1 to {upper} requests:\n{text}"
    );
}

/// A request that panics inside a batch fails the batch (its savepoint may be left open), saves
/// nothing of it, and the writer goes on with a fresh connection.
#[tokio::test]
async fn a_panic_inside_a_batch_saves_nothing_of_it_and_the_writer_goes_on() {
    use saraban::db::models::counter;
    let app = spawn_app_on(TestDb::new(), Clock::System, |_| {}).await;
    let w = world(&app).await;
    let b = w.ids["B"];
    let busy = {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(|_| {
                std::thread::sleep(std::time::Duration::from_millis(300));
                Ok(())
            })
            .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let took = {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(move |c| Ok(counter::take_next(c, b, "receipt", 2600)?))
                .await
        })
    };
    let panicked = {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(move |c| -> Result<(), AppError> {
                counter::take_next(c, b, "receipt", 2600)?;
                panic!("a bug in a request");
            })
            .await
        })
    };
    busy.await.expect("busy task").expect("busy write");
    assert!(matches!(
        panicked.await.expect("task"),
        Err(AppError::Internal(_))
    ));
    assert!(
        took.await.expect("task").is_err(),
        "its batch was not committed"
    );
    // The writer goes on, and the failed batch used no number.
    let next = app
        .db
        .write(move |c| Ok(counter::take_next(c, b, "receipt", 2600)?))
        .await
        .expect("a later write");
    assert_eq!(next, 1);
}
