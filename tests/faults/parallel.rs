//! R1: 500 parallel receipts split across two server processes on PostgreSQL (one on SQLite).

use crate::helpers::TestDb;
use crate::procs::assert_gapless;
use crate::procs::office_and_clerk;
use crate::procs::post_receipt_retrying;
use crate::procs::register;
use crate::procs::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_receipts_across_server_processes_are_numbered_1_to_500() {
    let db = TestDb::new();
    let url = db.url();
    let mut servers = vec![Server::start(&url, &[])];
    if !url.starts_with("sqlite") {
        servers.push(Server::start(&url, &[]));
    }
    let client = reqwest::Client::new();
    let (org, token) = office_and_clerk(&client, &servers[0], &url).await;
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let requests = (0..500).map(|i| {
        let (client, base, token) = (&client, bases[i % bases.len()].clone(), token.clone());
        async move { post_receipt_retrying(client, &base, org, &token, i).await }
    });
    let mut numbers: Vec<i64> = futures::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.expect("every receipt is accepted").1)
        .collect();
    numbers.sort_unstable();
    assert_gapless(&numbers);
    let stored: Vec<i64> = register(&url, org).into_iter().map(|r| r.1).collect();
    assert_eq!(stored, numbers);
}
