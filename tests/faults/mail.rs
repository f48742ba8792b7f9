//! R3: the mail server goes away during a dispatch; R2's last promise: notices pending at a
//! crash are delivered after the restart. Every notice arrives exactly once.

use crate::helpers::TestDb;
use crate::mail_sink::SmtpSink;
use crate::procs::cli_user;
use crate::procs::Server;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const RECIPIENTS: usize = 12;

struct World {
    client: reqwest::Client,
    admin: String,
    clerk: String,
    sender: i64,
    recipients: Vec<i64>,
}

fn mail_env(sink: &SmtpSink, max_attempts: &str) -> Vec<(&'static str, String)> {
    vec![
        ("SARABAN_SMTP_URL", sink.url()),
        ("SARABAN_MAIL_FROM", "saraban@prachinburi.go.th".into()),
        ("SARABAN_MAIL_RETRY_SECONDS", "1".into()),
        ("SARABAN_MAIL_POLL_SECONDS", "1".into()),
        ("SARABAN_MAIL_MAX_ATTEMPTS", max_attempts.into()),
        // A killed worker's claims come free quickly (R2).
        ("SARABAN_MAIL_LEASE_SECONDS", "3".into()),
    ]
}

fn start(url: &str, env: &[(&'static str, String)]) -> Server {
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Server::start(url, &pairs)
}

async fn world(server: &Server, url: &str) -> World {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let admin = cli_user(url, "mail-admin", "admin", None);
    let post = |body: Value| {
        let (client, admin, base) = (client.clone(), admin.clone(), server.base.clone());
        async move {
            let v: Value = client
                .post(format!("{base}/api/v1/orgs"))
                .bearer_auth(&admin)
                .json(&body)
                .send()
                .await
                .expect("create org")
                .json()
                .await
                .expect("json");
            v["id"].as_i64().expect("org id")
        }
    };
    let sender = post(json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017.2"})).await;
    let mut recipients = Vec::new();
    for i in 0..RECIPIENTS {
        recipients.push(
            post(
                json!({"name": format!("องค์การบริหารส่วนตำบลทดสอบ {}", i + 1), "kind": "local_body",
                        "email": format!("saraban@sao{:02}.example.go.th", i + 1)}),
            )
            .await,
        );
    }
    let clerk = cli_user(url, "mail-clerk", "clerk", Some(sender));
    World {
        client,
        admin,
        clerk,
        sender,
        recipients,
    }
}

async fn dispatch(w: &World, base: &str) -> i64 {
    let letter: Value = w
        .client
        .post(format!("{base}/api/v1/orgs/{}/letters", w.sender))
        .bearer_auth(&w.clerk)
        .json(&json!({"subject": "ขอความร่วมมือประชาสัมพันธ์แผนปฏิบัติการแห่งชาติ", "addressee": "นายกองค์การบริหารส่วนตำบลทุกแห่ง", "circular": true}))
        .send()
        .await
        .expect("issue")
        .json()
        .await
        .expect("json");
    let id = letter["id"].as_i64().expect("letter id");
    let resp = w
        .client
        .post(format!("{base}/api/v1/letters/{id}/dispatches"))
        .bearer_auth(&w.clerk)
        .json(&json!({"sender_id": w.sender, "recipient_ids": w.recipients}))
        .send()
        .await
        .expect("dispatch");
    assert_eq!(resp.status().as_u16(), 201);
    id
}

async fn notices(w: &World, base: &str, letter: i64) -> Vec<Value> {
    let page: Value = w
        .client
        .get(format!("{base}/api/v1/letters/{letter}/notices"))
        .bearer_auth(&w.clerk)
        .send()
        .await
        .expect("notices")
        .json()
        .await
        .expect("json");
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Polls (bounded) until `done` holds.
async fn eventually<F, Fut>(what: &str, secs: u64, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn assert_each_once(sink: &SmtpSink) {
    let mails = sink.mails();
    let to: BTreeSet<String> = mails.iter().map(|m| m.to.clone()).collect();
    let ids: BTreeSet<String> = mails.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(mails.len(), RECIPIENTS, "exactly one mail per recipient");
    assert_eq!(to.len(), RECIPIENTS);
    assert_eq!(ids.len(), RECIPIENTS);
    assert!(mails
        .iter()
        .all(|m| m.subject.contains("ขอความร่วมมือประชาสัมพันธ์")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notices_sent_while_the_mail_server_is_down_arrive_once_when_it_returns() {
    let Some(mut sink) = SmtpSink::start("R3 SMTP outage") else {
        return;
    };
    let db = TestDb::new();
    let url = db.url();
    let server = start(&url, &mail_env(&sink, "8"));
    let w = world(&server, &url).await;
    sink.stop();
    let letter = dispatch(&w, &server.base).await;
    eventually("every notice failed at least once", 30, || async {
        let n = notices(&w, &server.base, letter).await;
        n.len() == RECIPIENTS
            && n.iter()
                .all(|x| x["attempts"].as_i64() >= Some(1) && x["status"] != "sent")
    })
    .await;
    sink.resume();
    eventually("every notice sent", 60, || async {
        notices(&w, &server.base, letter)
            .await
            .iter()
            .all(|x| x["status"] == "sent")
    })
    .await;
    assert_each_once(&sink);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notices_past_the_retry_limit_are_listed_as_dead_letters() {
    let Some(mut sink) = SmtpSink::start("R3 dead letters") else {
        return;
    };
    let db = TestDb::new();
    let url = db.url();
    let server = start(&url, &mail_env(&sink, "2"));
    let w = world(&server, &url).await;
    sink.stop();
    let letter = dispatch(&w, &server.base).await;
    eventually("every notice dead", 60, || async {
        let n = notices(&w, &server.base, letter).await;
        n.len() == RECIPIENTS && n.iter().all(|x| x["status"] == "dead")
    })
    .await;
    let dead: Value = w
        .client
        .get(format!("{}/api/v1/notices?status=dead", server.base))
        .bearer_auth(&w.admin)
        .send()
        .await
        .expect("dead list")
        .json()
        .await
        .expect("json");
    assert_eq!(dead["total"], RECIPIENTS as i64, "{dead}");
    assert!(dead["items"]
        .as_array()
        .is_some_and(|i| i.iter().all(|n| n["last_error"].as_str().is_some())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notices_pending_at_a_crash_are_delivered_after_the_restart() {
    let Some(mut sink) = SmtpSink::start("R2 notices after a crash") else {
        return;
    };
    let db = TestDb::new();
    let url = db.url();
    let env = mail_env(&sink, "8");
    let mut server = start(&url, &env);
    let w = world(&server, &url).await;
    sink.stop();
    let letter = dispatch(&w, &server.base).await;
    server.kill_hard();
    sink.resume();
    let restarted = start(&url, &env);
    eventually("every notice sent after the restart", 60, || async {
        let n = notices(&w, &restarted.base, letter).await;
        n.len() == RECIPIENTS && n.iter().all(|x| x["status"] == "sent")
    })
    .await;
    assert_each_once(&sink);
}
