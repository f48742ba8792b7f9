//! `GET /ready`: the database answers, every migration is applied and the mail worker of this
//! process (if it runs one) is alive; otherwise 503 naming the failing part.

use crate::helpers::{spawn_app, spawn_app_configured, TestApp, TestDb};
use diesel::Connection;
use diesel_migrations::MigrationHarness;
use saraban::clock::Clock;
use serde_json::json;
use std::time::Duration;

async fn ready(app: &TestApp) -> (u16, serde_json::Value) {
    let (status, body) = app.send(reqwest::Method::GET, "/ready", None, None).await;
    (status.as_u16(), body)
}

#[tokio::test]
async fn ready_answers_200_on_a_migrated_database_without_a_worker() {
    let app = spawn_app().await;
    assert_eq!(
        ready(&app).await,
        (
            200,
            json!({"status": "ready", "database": "ok", "migrations": "ok", "worker": "not_here"})
        )
    );
}

#[tokio::test]
async fn ready_answers_503_when_a_migration_is_pending() {
    let app = spawn_app().await;
    assert_eq!(ready(&app).await.0, 200);
    // Take the latest migration back behind the running server's back.
    match &app.test_db {
        TestDb::Sqlite { path, .. } => {
            let mut c = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy())
                .expect("sqlite");
            c.revert_last_migration(saraban::db::migrations::SQLITE)
                .expect("revert");
        }
        TestDb::Postgres { .. } => {
            let mut c = saraban::db::connect_postgres(&app.test_db.url()).expect("pg");
            c.revert_last_migration(saraban::db::migrations::POSTGRES)
                .expect("revert");
        }
    }
    assert_eq!(
        ready(&app).await,
        (
            503,
            json!({"status": "not_ready", "database": "ok", "migrations": "pending", "worker": "not_here"})
        )
    );
    // /health only asks the database.
    assert_eq!(
        app.send(reqwest::Method::GET, "/health", None, None)
            .await
            .0
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn ready_answers_503_when_the_workers_heartbeat_is_stale() {
    let outbox = tempfile::tempdir().expect("outbox dir");
    let dir = outbox.path().to_path_buf();
    let app = spawn_app_configured(Clock::System, move |s| {
        s.mail.worker = true;
        s.mail.mail_dir = dir;
        // One turn at start, then asleep for an hour: only the test moves the heartbeat.
        s.mail.poll_interval = Duration::from_secs(3600);
        s.mail.reminders.every_days = 0;
    })
    .await;
    let heartbeat = app.worker_heartbeat.clone().expect("the worker runs here");
    assert_eq!(
        ready(&app).await,
        (
            200,
            json!({"status": "ready", "database": "ok", "migrations": "ok", "worker": "ok"})
        )
    );
    // Two poll intervals and a second ago.
    let now_ms = chrono::Utc::now().timestamp_millis();
    heartbeat.beat_at_unix_ms(now_ms - 2 * 3_600_000 - 1_000);
    assert_eq!(
        ready(&app).await,
        (
            503,
            json!({"status": "not_ready", "database": "ok", "migrations": "ok", "worker": "stale"})
        )
    );
    heartbeat.beat();
    assert_eq!(ready(&app).await.0, 200);
}
