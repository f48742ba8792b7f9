//! Starting and stopping `saraban serve` processes, and reading the register afterwards.

use diesel::prelude::*;
use saraban::db::schema::receipts;
use saraban::db::DatabaseUrl;
use saraban::db::Db;
use saraban::db::DbOptions;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_saraban");

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts `saraban serve` on a free port and waits for the line that names the port.
    pub fn start(database_url: &str, extra_env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args([
            "--database-url",
            database_url,
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start saraban serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("serve exited before listening")
                .expect("read serve output");
            if let Some(rest) = line.strip_prefix("saraban: http://") {
                let addr = rest.split('/').next().expect("address");
                break format!("http://{addr}");
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    pub fn kill_hard(&mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// `saraban users create …`; returns the token (the last line).
pub fn cli_user(database_url: &str, name: &str, role: &str, org: Option<i64>) -> String {
    let mut args = vec![
        "--database-url",
        database_url,
        "users",
        "create",
        "--name",
        name,
        "--role",
        role,
    ];
    let org_text = org.map(|o| o.to_string());
    if let Some(o) = &org_text {
        args.extend(["--org", o.as_str()]);
    }
    let out = Command::new(BIN)
        .args(&args)
        .output()
        .expect("users create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .expect("token")
        .to_string()
}

/// An office and one clerk's token, made through the running server and the CLI.
pub async fn office_and_clerk(
    client: &reqwest::Client,
    server: &Server,
    database_url: &str,
) -> (i64, String) {
    let admin = cli_user(
        database_url,
        &format!("admin-{}", rand_suffix()),
        "admin",
        None,
    );
    let org: Value = client
        .post(format!("{}/api/v1/orgs", server.base))
        .bearer_auth(&admin)
        .json(&json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}))
        .send()
        .await
        .expect("create org")
        .json()
        .await
        .expect("org json");
    let id = org["id"].as_i64().expect("org id");
    (
        id,
        cli_user(
            database_url,
            &format!("clerk-{}", rand_suffix()),
            "clerk",
            Some(id),
        ),
    )
}

fn rand_suffix() -> u64 {
    use rand::Rng;
    rand::thread_rng().gen()
}

pub fn receipt_body(i: usize) -> Value {
    json!({"letter": {"number": format!("ปจ 0017.2/ว {}", i + 1), "dated": "2026-05-07",
                      "subject": format!("หนังสือเวียนจังหวัด ฉบับที่ {}", i + 1), "from_name": "จังหวัดปราจีนบุรี"},
           "received_on": "2026-05-08"})
}

/// Sends one receipt; `Some((receipt id, number))` on 201, `None` on anything else.
pub async fn post_receipt(
    client: &reqwest::Client,
    base: &str,
    org: i64,
    token: &str,
    i: usize,
) -> Option<(i64, i64)> {
    try_receipt(client, base, org, token, i).await.ok()
}

/// One receipt request: `(id, number)`, or the status it got (`None`: no answer at all).
async fn try_receipt(
    client: &reqwest::Client,
    base: &str,
    org: i64,
    token: &str,
    i: usize,
) -> Result<(i64, i64), Option<u16>> {
    let resp = client
        .post(format!("{base}/api/v1/orgs/{org}/receipts"))
        .bearer_auth(token)
        .json(&receipt_body(i))
        .send()
        .await
        .map_err(|_| None)?;
    let status = resp.status().as_u16();
    if status != 201 {
        return Err(Some(status));
    }
    let v: Value = resp.json().await.map_err(|_| Some(status))?;
    match (v["id"].as_i64(), v["number"].as_i64()) {
        (Some(id), Some(number)) => Ok((id, number)),
        _ => Err(Some(status)),
    }
}

/// A receipt as a well-behaved client logs it under load: a 503 (the server was too busy to
/// start; nothing was written) is tried again after a pause; anything else is final.
pub async fn post_receipt_retrying(
    client: &reqwest::Client,
    base: &str,
    org: i64,
    token: &str,
    i: usize,
) -> Result<(i64, i64), String> {
    for attempt in 1..=20u64 {
        match try_receipt(client, base, org, token, i).await {
            Ok(taken) => return Ok(taken),
            Err(Some(503)) => {
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            Err(other) => return Err(format!("receipt {i}: status {other:?}")),
        }
    }
    Err(format!("receipt {i}: still 503 after 20 attempts"))
}

/// (id, number) of every receipt of an office, read straight from the database.
pub fn register(database_url: &str, org: i64) -> Vec<(i64, i64)> {
    let db = Db::connect(
        DatabaseUrl::parse(database_url).expect("url"),
        &DbOptions::default(),
    )
    .expect("open db");
    let mut rows: Vec<(i64, i64)> = db
        .read_blocking(move |c| {
            Ok(receipts::table
                .filter(receipts::org_id.eq(org))
                .select((receipts::id, receipts::number))
                .load(c)?)
        })
        .expect("read register");
    rows.sort_by_key(|r| r.1);
    rows
}

/// Numbers are exactly 1..=n: no gap, no duplicate.
pub fn assert_gapless(numbers: &[i64]) {
    let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
    assert_eq!(
        numbers,
        expected.as_slice(),
        "register numbers must run 1..n without gaps or duplicates"
    );
}
