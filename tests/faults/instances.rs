//! Several instances on one database: two `serve` processes (each with its mail worker) and a
//! separate `saraban worker`, loaded in parallel. Numbering stays gapless, every recipient gets
//! exactly one notice per letter, and both instances show the same distribution.

use crate::helpers::TestDb;
use crate::mail_sink::SmtpSink;
use crate::procs::cli_user;
use crate::procs::Server;
use crate::procs::BIN;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RECIPIENTS: usize = 8;
const LETTERS: usize = 6;

struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn json(client: &reqwest::Client, req: reqwest::RequestBuilder) -> Value {
    let _ = client;
    req.send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_and_a_worker_number_once_and_mail_once() {
    let Some(sink) = SmtpSink::start("several instances") else {
        return;
    };
    let db = TestDb::new();
    let url = db.url();
    let smtp = sink.url();
    let env = [
        ("SARABAN_SMTP_URL", smtp.as_str()),
        ("SARABAN_MAIL_POLL_SECONDS", "1"),
        ("SARABAN_MAIL_RETRY_SECONDS", "1"),
    ];
    let a = Server::start(&url, &env);
    let b = Server::start(&url, &env);
    let _worker = Worker(
        Command::new(BIN)
            .args(["--database-url", &url, "worker"])
            .envs(env)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start saraban worker"),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let admin = cli_user(&url, "inst-admin", "admin", None);
    let org = |base: String, body: Value| {
        let (client, admin) = (client.clone(), admin.clone());
        async move {
            json(
                &client,
                client
                    .post(format!("{base}/api/v1/orgs"))
                    .bearer_auth(&admin)
                    .json(&body),
            )
            .await["id"]
                .as_i64()
                .expect("org id")
        }
    };
    let sender = org(a.base.clone(), json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017.2"})).await;
    let mut recipients = Vec::new();
    for i in 0..RECIPIENTS {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.base.clone()
        };
        recipients.push(
            org(
                base,
                json!({"name": format!("ที่ว่าการอำเภอทดสอบ {}", i + 1), "kind": "district",
                             "email": format!("saraban@district{:02}.example.go.th", i + 1)}),
            )
            .await,
        );
    }
    let clerk = cli_user(&url, "inst-clerk", "clerk", Some(sender));

    // Letters issued and dispatched through both instances at once.
    let sends = (0..LETTERS).map(|i| {
        let base = if i % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let (client, clerk, recipients) = (client.clone(), clerk.clone(), recipients.clone());
        async move {
            let letter = json(&client, client.post(format!("{base}/api/v1/orgs/{sender}/letters")).bearer_auth(&clerk)
                .json(&json!({"subject": format!("หนังสือเวียนทดสอบหลายเครื่อง ฉบับที่ {}", i + 1), "addressee": "นายอำเภอทุกอำเภอ", "circular": true}))).await;
            let id = letter["id"].as_i64().expect("letter id");
            let sent = client
                .post(format!("{base}/api/v1/letters/{id}/dispatches"))
                .bearer_auth(&clerk)
                .json(&json!({"sender_id": sender, "recipient_ids": recipients}))
                .send()
                .await
                .expect("dispatch");
            assert_eq!(sent.status().as_u16(), 201);
            (id, letter["running_number"].as_i64().expect("number"))
        }
    });
    let letters = futures::future::join_all(sends).await;
    let mut numbers: Vec<i64> = letters.iter().map(|l| l.1).collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (1..=LETTERS as i64).collect::<Vec<_>>(),
        "one circular series, no gap, no duplicate"
    );

    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.mails().len() < RECIPIENTS * LETTERS {
        assert!(
            Instant::now() < deadline,
            "notices not all delivered: {}",
            sink.mails().len()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // a duplicate would arrive by now
    let mails = sink.mails();
    assert_eq!(
        mails.len(),
        RECIPIENTS * LETTERS,
        "exactly one notice per recipient and letter"
    );
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in &mails {
        *per.entry((m.to.clone(), m.subject.clone())).or_default() += 1;
    }
    assert!(per.values().all(|n| *n == 1));

    for (id, _) in &letters {
        let from_a = json(
            &client,
            client
                .get(format!("{}/api/v1/letters/{id}/distribution", a.base))
                .bearer_auth(&clerk),
        )
        .await;
        let from_b = json(
            &client,
            client
                .get(format!("{}/api/v1/letters/{id}/distribution", b.base))
                .bearer_auth(&clerk),
        )
        .await;
        assert_eq!(from_a["summary"], from_b["summary"]);
        assert_eq!(from_a["summary"]["total"], RECIPIENTS as i64);
    }
}
