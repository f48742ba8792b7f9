//! The outbox under failure: a mail server that is down, dead letters, two workers racing,
//! and a worker that dies between sending and recording. Time moves only by the fixed clock.

use crate::email_setup::setup;

use crate::email_setup::Setup;
use crate::mail_sink::free_port;
use crate::mail_sink::SmtpSink;
use chrono::Duration;
use reqwest::StatusCode;
use saraban::db::DatabaseUrl;
use saraban::db::Db;
use saraban::db::DbOptions;
use saraban::worker::process::claim_due;
use saraban::worker::process::process_due;
use saraban::worker::process::process_due_until;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

fn step(s: &Setup, by: Duration) -> chrono::DateTime<chrono::Utc> {
    let next = s.app.clock.now() + by;
    s.app.clock.set(next);
    next
}

#[tokio::test]
async fn smtp_down_then_back_retries_with_backoff_and_delivers_once() {
    let Some(mut sink) = SmtpSink::start("smtp_down_then_back_retries") else {
        return;
    };
    sink.stop();
    let s = setup(2).await;
    let letter = s
        .dispatch(json!({}), &[s.offices[0].0, s.offices[1].0])
        .await;
    let mailer = s.mailer(Some(sink.url()), |_| {});

    let first = process_due(&s.app.db, &mailer, s.app.clock.now(), 10)
        .await
        .expect("pass");
    assert_eq!(
        (first.claimed, first.failed, first.sent),
        (2, 2, 0),
        "{first:?}"
    );
    for n in s.notices(letter).await {
        assert_eq!(n["status"], "failed");
        assert_eq!(n["attempts"], 1);
        assert!(
            n["last_error"].as_str().is_some_and(|e| !e.is_empty()),
            "{n}"
        );
    }
    // Not due before the first backoff (60 s) has passed.
    let early = process_due(&s.app.db, &mailer, step(&s, Duration::seconds(30)), 10)
        .await
        .expect("pass");
    assert_eq!(early.claimed, 0);

    sink.resume();
    let later = process_due(&s.app.db, &mailer, step(&s, Duration::seconds(31)), 10)
        .await
        .expect("pass");
    assert_eq!((later.claimed, later.sent), (2, 2), "{later:?}");
    let done = process_due(&s.app.db, &mailer, step(&s, Duration::hours(7)), 10)
        .await
        .expect("pass");
    assert_eq!(done.claimed, 0);
    assert_eq!(sink.mails().len(), 2, "each office once, no duplicates");
    for n in s.notices(letter).await {
        assert_eq!(
            (n["status"].as_str(), n["attempts"].as_i64()),
            (Some("sent"), Some(2))
        );
        assert!(n["last_error"].is_null());
    }
}

#[tokio::test]
async fn notice_is_dead_after_max_attempts_and_an_admin_can_retry_it() {
    let s = setup(1).await;
    let letter = s.dispatch(json!({}), &[s.offices[0].0]).await;
    let down = format!("smtp://127.0.0.1:{}", free_port());
    let mailer = s.mailer(Some(down), |m| m.policy.max_attempts = 3);
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        outcomes.push(
            process_due(&s.app.db, &mailer, s.app.clock.now(), 10)
                .await
                .expect("pass"),
        );
        step(&s, Duration::hours(7)); // past any backoff
    }
    assert_eq!(
        outcomes
            .iter()
            .map(|o| (o.failed, o.dead))
            .collect::<Vec<_>>(),
        [(1, 0), (1, 0), (0, 1)]
    );
    let after = process_due(&s.app.db, &mailer, s.app.clock.now(), 10)
        .await
        .expect("pass");
    assert_eq!(
        after.claimed, 0,
        "dead notices are not retried on their own"
    );

    let (status, dead) = s
        .app
        .get("/api/v1/notices?status=dead", &s.app.admin_token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dead["items"].as_array().map(Vec::len), Some(1), "{dead}");
    assert_eq!(dead["total"], 1);
    assert_eq!(dead["items"][0]["attempts"], 3);
    let id = dead["items"][0]["id"].as_i64().expect("id");
    let (status, _) = s.app.get("/api/v1/notices", &s.clerk).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "administrators only");

    let (status, retried) = s
        .app
        .post(
            &format!("/api/v1/notices/{id}/retry"),
            &s.app.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    assert_eq!(
        (retried["status"].as_str(), retried["attempts"].as_i64()),
        (Some("pending"), Some(0))
    );
    let (status, again) = s
        .app
        .post(
            &format!("/api/v1/notices/{id}/retry"),
            &s.app.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::CONFLICT, Some("notice_not_retryable"))
    );

    if let Some(sink) = SmtpSink::start("dead_notice_retried_is_delivered") {
        let up = s.mailer(Some(sink.url()), |_| {});
        let o = process_due(&s.app.db, &up, s.app.clock.now(), 10)
            .await
            .expect("pass");
        assert_eq!(o.sent, 1);
        assert_eq!(sink.mails().len(), 1);
        assert_eq!(s.notices(letter).await[0]["status"], "sent");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_one_database_never_send_a_notice_twice() {
    let Some(sink) = SmtpSink::start("two_workers_never_double_send") else {
        return;
    };
    let s = setup(24).await;
    let to: Vec<i64> = s.offices.iter().map(|(id, _)| *id).collect();
    let letter = s.dispatch(json!({}), &to).await;
    // A second process: its own pools on the same database, its own SMTP pool.
    let url = DatabaseUrl::parse(&s.app.test_db.url()).expect("url");
    let other_db = Db::connect(url, &DbOptions::default()).expect("second handle");
    let now = s.app.clock.now();
    let run = |db: Db| {
        let mailer = s.mailer(Some(sink.url()), |_| {});
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let o = process_due(&db, &mailer, now, 3).await.expect("pass");
                sent += o.sent;
                assert_eq!(o.lost, 0, "{o:?}");
                if o.claimed == 0 {
                    return sent;
                }
            }
        })
    };
    let (a, b) = (run(s.app.db.clone()), run(other_db));
    let (a, b) = (a.await.expect("worker a"), b.await.expect("worker b"));
    assert_eq!(a + b, 24, "a sent {a}, b sent {b}");
    let mails = sink.mails();
    assert_eq!(mails.len(), 24);
    let rcpts: BTreeSet<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(rcpts.len(), 24, "every office exactly once");
    for n in s.notices(letter).await {
        assert_eq!(
            (n["status"].as_str(), n["attempts"].as_i64()),
            (Some("sent"), Some(1)),
            "{n}"
        );
    }
}

#[tokio::test]
async fn crash_between_send_and_mark_resends_with_the_same_message_id() {
    let Some(sink) = SmtpSink::start("crash_between_send_and_mark") else {
        return;
    };
    let s = setup(1).await;
    let letter = s.dispatch(json!({}), &[s.offices[0].0]).await;
    let mailer = s.mailer(Some(sink.url()), |_| {});

    // A worker claims and sends, then dies before recording the result.
    let claimed = claim_due(&s.app.db, &mailer, s.app.clock.now(), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    mailer.send(&claimed[0]).await.expect("sent");
    assert_eq!(s.notices(letter).await[0]["status"], "sending");

    let during = process_due(&s.app.db, &mailer, step(&s, Duration::minutes(5)), 10)
        .await
        .expect("pass");
    assert_eq!(during.claimed, 0, "the lease still holds");
    let after = process_due(&s.app.db, &mailer, step(&s, Duration::minutes(6)), 10)
        .await
        .expect("pass");
    assert_eq!(after.sent, 1, "the expired lease is taken over: {after:?}");

    let mails = sink.mails();
    assert_eq!(mails.len(), 2, "at-least-once: sent again");
    assert_eq!(
        mails[0].message_id, mails[1].message_id,
        "with the same Message-ID"
    );
    assert_eq!(mails[0].to, mails[1].to);
    let n = &s.notices(letter).await[0];
    assert_eq!(
        (n["status"].as_str(), n["attempts"].as_i64()),
        (Some("sent"), Some(2))
    );
    assert_eq!(
        mails[0].message_id,
        format!(
            "<{}@opdc.go.th>",
            n["message_id"].as_str().unwrap_or_default()
        )
    );
}

#[tokio::test]
async fn a_stopping_worker_gives_back_what_it_has_not_sent() {
    let s = setup(3).await;
    let to: Vec<i64> = s.offices.iter().map(|(id, _)| *id).collect();
    let letter = s.dispatch(json!({}), &to).await;
    let dir = tempfile::tempdir().expect("mail dir");
    let mailer = s.mailer(None, |m| m.mail_dir = dir.path().to_path_buf());
    let stop = AtomicBool::new(true);
    let now = s.app.clock.now();
    let o = process_due_until(&s.app.db, &mailer, now, 10, &stop)
        .await
        .expect("pass");
    assert_eq!((o.claimed, o.sent, o.released), (3, 0, 3), "{o:?}");
    for n in s.notices(letter).await {
        assert_eq!(
            (n["status"].as_str(), n["attempts"].as_i64()),
            (Some("pending"), Some(0))
        );
    }
    let o = process_due(&s.app.db, &mailer, now, 10)
        .await
        .expect("pass");
    assert_eq!(o.sent, 3, "released notices are due at once: {o:?}");
}

/// `SARABAN_MAIL_MAX_PER_SECOND` paces sending evenly: 12 notices at 20 a second take at least
/// half a second (11 waits of 50 ms), and every one arrives once.
#[tokio::test]
async fn a_rate_limit_paces_sending_and_loses_nothing() {
    let Some(sink) = SmtpSink::start("a_rate_limit_paces_sending_and_loses_nothing") else {
        return;
    };
    let s = setup(12).await;
    let to: Vec<i64> = s.offices.iter().map(|(id, _)| *id).collect();
    s.dispatch(json!({}), &to).await;
    let mailer = s.mailer(Some(sink.url()), |m| {
        m.max_per_second = std::num::NonZeroU32::new(20);
    });
    let started = std::time::Instant::now();
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    let took = started.elapsed();
    assert_eq!(outcome.sent, 12, "{outcome:?}");
    assert!(
        took >= std::time::Duration::from_millis(500),
        "12 notices at 20/s went out in {took:?}"
    );
    let mails = sink.mails();
    let ids: std::collections::BTreeSet<&str> =
        mails.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!((mails.len(), ids.len()), (12, 12));
}
