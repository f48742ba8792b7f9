//! R2: SIGKILL in the middle of a load; and SIGTERM, which lets requests in flight finish.

use crate::helpers::TestDb;
use crate::procs::assert_gapless;
use crate::procs::office_and_clerk;
use crate::procs::post_receipt;
use crate::procs::register;
use crate::procs::Server;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Fires `n` receipts at once; calls `interrupt` once `after` of them have been answered.
async fn load_then(
    client: &reqwest::Client,
    base: &str,
    org: i64,
    token: &str,
    n: usize,
    after: usize,
    interrupt: impl FnOnce() + Send + 'static,
) -> Vec<(i64, i64)> {
    let answered = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let mut tx = Some(tx);
    let watcher = tokio::spawn(async move {
        if rx.await.is_ok() {
            interrupt();
        }
    });
    let requests = (0..n).map(|i| {
        let answered = answered.clone();
        async move {
            let r = post_receipt(client, base, org, token, i).await;
            answered.fetch_add(1, Ordering::SeqCst);
            r
        }
    });
    let mut stream = futures::stream::iter(requests).buffer_unordered(64);
    let mut accepted = Vec::new();
    use futures::StreamExt;
    while let Some(r) = stream.next().await {
        if answered.load(Ordering::SeqCst) >= after {
            if let Some(tx) = tx.take() {
                let _ = tx.send(());
            }
        }
        accepted.extend(r);
    }
    drop(tx);
    let _ = watcher.await;
    accepted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn receipts_acknowledged_before_a_sigkill_survive_it_and_numbering_continues() {
    let db = TestDb::new();
    let url = db.url();
    let server = Server::start(&url, &[]);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let (org, token) = office_and_clerk(&client, &server, &url).await;
    let base = server.base.clone();
    let pid = server.child.id();
    let accepted = load_then(&client, &base, org, &token, 400, 60, move || {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    })
    .await;
    drop(server);
    assert!(
        accepted.len() >= 60,
        "the load was under way when the server died"
    );
    assert!(
        accepted.len() < 400,
        "the server died before the load ended"
    );

    let stored = register(&url, org);
    for (id, number) in &accepted {
        assert!(
            stored.contains(&(*id, *number)),
            "receipt {id} (no. {number}) was acknowledged but lost"
        );
    }
    let numbers: Vec<i64> = stored.iter().map(|r| r.1).collect();
    assert_gapless(&numbers);

    let restarted = Server::start(&url, &[]);
    let next = post_receipt(&client, &restarted.base, org, &token, 9_999)
        .await
        .expect("accepted after restart");
    assert_eq!(
        next.1,
        numbers.len() as i64 + 1,
        "numbering continues after the crash"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_requests_in_flight_then_exits_cleanly() {
    let db = TestDb::new();
    let url = db.url();
    let mut server = Server::start(&url, &[]);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(40))
        .build()
        .expect("client");
    let (org, token) = office_and_clerk(&client, &server, &url).await;
    let base = server.base.clone();
    let pid = server.child.id();
    let accepted = load_then(&client, &base, org, &token, 300, 30, move || {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    })
    .await;
    let status = server.child.wait().expect("wait for exit");
    assert!(status.success(), "a graceful stop exits 0, got {status}");
    let stored = register(&url, org);
    assert_eq!(
        stored.len(),
        accepted.len(),
        "every stored receipt was answered 201 and every 201 is stored"
    );
    for r in &accepted {
        assert!(stored.contains(r));
    }
    assert_gapless(&stored.iter().map(|r| r.1).collect::<Vec<_>>());
}
