//! R4: the database drops away for a moment; R5: the SQLite file is locked by another process.

use crate::helpers::postgres_for;

use crate::helpers::with_database;

use crate::helpers::TestDb;
use crate::procs::office_and_clerk;
use crate::procs::post_receipt;
use crate::procs::register;
use crate::procs::Server;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP proxy to PostgreSQL that the test can cut (closing every connection and refusing
/// new ones) and restore. The shared server is never stopped.
struct Proxy {
    port: u16,
    cut: watch::Sender<bool>,
}

async fn proxy_to(target: String) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let port = listener.local_addr().expect("addr").port();
    let (cut, watch_rx) = watch::channel(false);
    let watch_rx = Arc::new(watch_rx);
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let mut rx = (*watch_rx).clone();
            if *rx.borrow() {
                drop(inbound);
                continue;
            }
            let target = target.clone();
            tokio::spawn(async move {
                let Ok(mut outbound) = TcpStream::connect(&target).await else {
                    return;
                };
                tokio::select! {
                    _ = copy_bidirectional(&mut inbound, &mut outbound) => {}
                    _ = rx.wait_for(|c| *c) => {}
                }
            });
        }
    });
    Proxy { port, cut }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_outage_answers_503_fast_and_recovers_by_itself() {
    let Some(admin) = postgres_for("R4 database outage") else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let direct = db.url();
    let proxy = proxy_to("127.0.0.1:5432".into()).await;
    let through = with_database(
        &format!("postgres://postgres@127.0.0.1:{}/x", proxy.port),
        direct.rsplit('/').next().expect("db name"),
    );
    let server = Server::start(&through, &[("SARABAN_DB_TIMEOUT", "2")]);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let (org, token) = office_and_clerk(&client, &server, &direct).await;
    assert!(post_receipt(&client, &server.base, org, &token, 0)
        .await
        .is_some());

    proxy.cut.send_replace(true);
    for i in 1..=3 {
        let started = Instant::now();
        let resp = client
            .post(format!("{}/api/v1/orgs/{org}/receipts", server.base))
            .bearer_auth(&token)
            .json(&crate::procs::receipt_body(i))
            .send()
            .await
            .expect("the server answers while the database is away");
        assert_eq!(resp.status().as_u16(), 503, "attempt {i}");
        assert!(resp.headers().contains_key("retry-after"));
        let body: serde_json::Value = resp.json().await.expect("json");
        assert!(
            body["error"] == "database_unavailable" || body["error"] == "database_busy",
            "{body}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "503 within a bound, not a hang"
        );
    }

    proxy.cut.send_replace(false);
    let mut recovered = None;
    for attempt in 0..40 {
        if let Some(r) = post_receipt(&client, &server.base, org, &token, 100 + attempt).await {
            recovered = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let (_, number) = recovered.expect("the service recovers by itself");
    assert_eq!(number, 2, "the failed requests used no number");
    assert_eq!(register(&direct, org).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_sqlite_file_gives_a_clear_503_and_no_corruption() {
    // SQLite's own behaviour (PostgreSQL: docs/reliability.md): a SQLite file in both passes.
    let db = TestDb::sqlite();
    let TestDb::Sqlite { path, .. } = &db else {
        unreachable!("a SQLite database was asked for");
    };
    let url = db.url();
    let server = Server::start(&url, &[]);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let (org, token) = office_and_clerk(&client, &server, &url).await;
    assert!(post_receipt(&client, &server.base, org, &token, 0)
        .await
        .is_some());

    // Another process holds the write lock (sqlite3's own CLI would do the same).
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let mut other =
        diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("open");
    // The server's worker writes now and then: wait for its turn, as another process would.
    other
        .batch_execute("PRAGMA busy_timeout = 10000; BEGIN EXCLUSIVE")
        .expect("lock");
    let started = Instant::now();
    let resp = client
        .post(format!("{}/api/v1/orgs/{org}/receipts", server.base))
        .bearer_auth(&token)
        .json(&crate::procs::receipt_body(1))
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status().as_u16(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "busy within the busy timeout"
    );
    other.batch_execute("ROLLBACK").expect("unlock");
    drop(other);

    let next = post_receipt(&client, &server.base, org, &token, 2)
        .await
        .expect("works again");
    assert_eq!(next.1, 2);
    let check = std::process::Command::new(crate::procs::BIN)
        .args([
            "--database-url",
            &url,
            "backup",
            &format!("{}.check", path.display()),
        ])
        .output()
        .expect("backup");
    assert!(check.status.success(), "the file is sound enough to copy");
}
