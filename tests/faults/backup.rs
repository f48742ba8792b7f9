//! Backup under load, restore, and the registers compared.

use crate::helpers::TestDb;
use crate::procs::assert_gapless;
use crate::procs::office_and_clerk;
use crate::procs::post_receipt;
use crate::procs::post_receipt_retrying;
use crate::procs::register;
use crate::procs::Server;
use crate::procs::BIN;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_load_restores_a_consistent_register() {
    // SQLite's own behaviour (PostgreSQL: docs/reliability.md): a SQLite file in both passes.
    let db = TestDb::sqlite();
    let TestDb::Sqlite { path, .. } = &db else {
        unreachable!("a SQLite database was asked for");
    };
    let url = db.url();
    let server = Server::start(&url, &[]);
    let client = reqwest::Client::new();
    let (org, token) = office_and_clerk(&client, &server, &url).await;
    for i in 0..20 {
        assert!(post_receipt(&client, &server.base, org, &token, i)
            .await
            .is_some());
    }
    let dir = path.parent().expect("dir").to_path_buf();
    let backup_file = dir.join("backup.db");
    let backup_path = backup_file.clone();
    let url_for_backup = url.clone();
    let load = (20..220).map(|i| {
        let (client, base, token) = (&client, server.base.clone(), token.clone());
        async move { post_receipt_retrying(client, &base, org, &token, i).await }
    });
    let backup = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args([
                "--database-url",
                &url_for_backup,
                "backup",
                &backup_path.to_string_lossy(),
            ])
            .output()
            .expect("backup")
    });
    let results = futures::future::join_all(load).await;
    let out = backup.await.expect("backup task");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        results.iter().all(Result::is_ok),
        "the load went on during the backup: {results:?}"
    );

    let restored_url = format!("sqlite://{}", dir.join("restored.db").display());
    let out = Command::new(BIN)
        .args([
            "--database-url",
            &restored_url,
            "restore",
            &backup_file.to_string_lossy(),
        ])
        .output()
        .expect("restore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity: ok"));

    let live = register(&url, org);
    let restored = register(&restored_url, org);
    assert!(
        restored.len() >= 20,
        "everything before the backup is in it"
    );
    assert_gapless(&restored.iter().map(|r| r.1).collect::<Vec<_>>());
    assert_eq!(
        restored.as_slice(),
        &live[..restored.len()],
        "the backup is a consistent prefix of the register"
    );

    // A restored database takes numbers up where the backup ended.
    drop(server);
    let again = Server::start(&restored_url, &[]);
    let next = post_receipt(&client, &again.base, org, &token, 999)
        .await
        .expect("accepted");
    assert_eq!(next.1, restored.len() as i64 + 1);

    let refused = Command::new(BIN)
        .args([
            "--database-url",
            &restored_url,
            "restore",
            &dir.join("missing.db").to_string_lossy(),
        ])
        .output()
        .expect("restore");
    assert!(!refused.status.success(), "a missing backup is refused");
}
