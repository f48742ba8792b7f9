//! The test harness: a real server on a free port over a fresh database per test.
//!
//! Without `TEST_DATABASE_URL` each test gets a SQLite file in a temporary folder; with
//! `TEST_DATABASE_URL=postgres://…` it gets its own PostgreSQL database, dropped afterwards.

use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use rand::Rng;
use reqwest::StatusCode;
use saraban::clock::Clock;
use saraban::config::Settings;
use saraban::db::DatabaseUrl;
use saraban::db::Db;
use saraban::services::users;
use saraban::startup::Application;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Where a test's database lives, removed when the test ends.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDb {
    pub fn url(&self) -> String {
        match self {
            TestDb::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            TestDb::Postgres { admin_url, name } => with_database(admin_url, name),
        }
    }

    /// A SQLite file whatever the pass: for tests of SQLite's own behaviour (a locked file).
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("saraban-test.db");
        TestDb::Sqlite { _dir: dir, path }
    }

    pub fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(url) if url.starts_with("postgres") => TestDb::postgres(&url),
            Some(other) => panic!("TEST_DATABASE_URL must be postgres://…, not {other}"),
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("saraban-test.db");
                TestDb::Sqlite { _dir: dir, path }
            }
        }
    }

    pub fn postgres(admin_url: &str) -> TestDb {
        let name = format!("t_{:016x}", rand::thread_rng().gen::<u64>());
        let mut admin = saraban::db::connect_postgres(admin_url).expect("connect to PostgreSQL");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create test database");
        TestDb::Postgres {
            admin_url: admin_url.to_string(),
            name,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            if let Ok(mut admin) = saraban::db::connect_postgres(admin_url) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The same server URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}

/// PostgreSQL: waits until every queued dispatch has its reader rows, writing them here too
/// (docs/decisions/0011-dispatch-readers-after-commit.md); the server's upkeep may hold one.
/// Nothing to wait for on SQLite.
pub fn dispatch_readers_written(db: &Db) {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Queued {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.standalone_connection().expect("connection");
    let saraban::db::AnyConnection::Postgres(pg) = &mut conn else {
        return;
    };
    for _ in 0..200 {
        saraban::db::index_dispatch_readers(pg).expect("index queued dispatches");
        let queued = diesel::sql_query("SELECT count(*) AS n FROM reader_backlog")
            .get_result::<Queued>(pg)
            .expect("queue")
            .n;
        if queued == 0 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("queued dispatches still lack their reader rows after 10 s");
}

/// A PostgreSQL server for tests that need one whatever the pass: `TEST_DATABASE_URL`,
/// else the local default. `None` (and a loud SKIPPED) when absent, a failure under CI.
pub fn postgres_for(what: &str) -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match saraban::db::connect_postgres(&url) {
        Ok(_) => Some(url),
        Err(e) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{what}: PostgreSQL is required under CI=true but unreachable: {e}");
            }
            println!("SKIPPED (PostgreSQL missing): {what}");
            None
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub clock: Clock,
    pub admin_token: String,
    pub test_db: TestDb,
    /// The letter files store of this test (`Settings::files_dir`), removed afterwards.
    pub files_dir: tempfile::TempDir,
    /// The mail worker's heartbeat when the test turned the worker on (`GET /ready`).
    pub worker_heartbeat: Option<std::sync::Arc<saraban::state::Heartbeat>>,
    /// The private `/metrics` listener's port, when the test asked for one.
    pub metrics_port: Option<u16>,
    /// The server's OCR gate (one OCR job at a time): a test holds it to see `ocr_busy`.
    pub ocr_gate: std::sync::Arc<saraban::adapters::ocr::OcrGate>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with_clock(Clock::System).await
}

pub async fn spawn_app_at(now: &str) -> TestApp {
    spawn_app_with_clock(Clock::fixed(instant(now))).await
}

pub fn instant(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("test instant")
        .with_timezone(&Utc)
}

pub async fn spawn_app_with_clock(clock: Clock) -> TestApp {
    spawn_app_configured(clock, |_| {}).await
}

/// A server whose settings the test adjusts (timeouts, limits) before it starts.
pub async fn spawn_app_configured(clock: Clock, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(TestDb::new(), clock, adjust).await
}

/// [`spawn_app_configured`] on a given database.
pub async fn spawn_app_on(
    test_db: TestDb,
    clock: Clock,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let url = DatabaseUrl::parse(&test_db.url()).expect("test database url");
    let mut settings = Settings::new(url, "127.0.0.1:0");
    settings.workers = 2;
    let files_dir = tempfile::tempdir().expect("files dir");
    settings.files_dir = files_dir.path().to_path_buf();
    adjust(&mut settings);
    let app = Application::build(settings, clock.clone()).expect("build app");
    let port = app.port();
    let metrics_port = app.metrics_port();
    let db = app.state().db.clone();
    let worker_heartbeat = app.state().worker_heartbeat.clone();
    let ocr_gate = app.state().ocr_gate.clone();
    tokio::spawn(app.run_until_stopped());
    let now = clock.now();
    let admin = db
        .write_blocking(|c| {
            users::accounts::create(
                c,
                &users::accounts::NewUser {
                    name: "test-admin",
                    role: "admin",
                    org_id: None,
                    password: None,
                },
                now,
            )
        })
        .expect("admin user");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        // Shorter than the server's keep-alive (5 s), so an idle connection the server has
        // closed is never reused.
        client: reqwest::Client::builder()
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("http client"),
        db,
        clock,
        admin_token: admin.token,
        test_db,
        files_dir,
        worker_heartbeat,
        metrics_port,
        ocr_gate,
    }
}

/// A status and its JSON body (`Value::Null` when the body is not JSON).
pub type Reply = (StatusCode, Value);

impl TestApp {
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.address, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("body read");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PUT, path, Some(token), Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    /// Raw body as text, for CSV and HTML.
    pub async fn get_text(&self, path: &str, token: Option<&str>) -> (StatusCode, String) {
        let mut req = self.client.get(format!("{}{}", self.address, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request sent");
        (resp.status(), resp.text().await.expect("body read"))
    }

    /// Creates an office as admin; returns its id.
    pub async fn org(&self, body: Value) -> i64 {
        let (status, org) = self.post("/api/v1/orgs", &self.admin_token, body).await;
        assert_eq!(status, StatusCode::CREATED, "create org: {org}");
        org["id"].as_i64().expect("org id")
    }

    /// A user of an office with a role; returns its API token.
    pub fn user(&self, name: &str, role: &str, org_id: Option<i64>) -> String {
        let now = self.clock.now();
        self.db
            .write_blocking(|c| {
                users::accounts::create(
                    c,
                    &users::accounts::NewUser {
                        name,
                        role,
                        org_id,
                        password: None,
                    },
                    now,
                )
            })
            .expect("user")
            .token
    }

    pub async fn set_series(&self, org: i64, series: &str, year_be: i64, next: i64) {
        let (status, body) = self
            .put(
                &format!("/api/v1/orgs/{org}/series/{series}"),
                &self.admin_token,
                json!({"year_be": year_be, "next_number": next}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "set series: {body}");
    }
}

/// Asserts an error answer: status and code.
pub fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(
        reply.0.as_u16(),
        status,
        "unexpected status; body {}",
        reply.1
    );
    assert_eq!(
        reply.1["error"], code,
        "unexpected error code; body {}",
        reply.1
    );
    assert!(
        reply.1["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error without a message: {}",
        reply.1
    );
}

/// The hops of a distribution answer (a flat page in tree order, each with `parent_id`) as a
/// nested tree: each hop gains `children`. Fails when a hop's parent is not before it.
pub fn nested(dist: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let items = dist["hops"]["items"].as_array().expect("hops.items");
    assert!(
        dist["hops"]["next_cursor"].is_null(),
        "the distribution has more than one page: {dist}"
    );
    let ids: Vec<i64> = items.iter().filter_map(|h| h["id"].as_i64()).collect();
    fn below(items: &[Value], parent: &Value) -> Value {
        let mut out = Vec::new();
        for (i, h) in items.iter().enumerate() {
            if h["parent_id"] != parent["id"] {
                continue;
            }
            assert_eq!(
                h["depth"].as_i64(),
                parent["depth"].as_i64().map(|d| d + 1),
                "depth of {h}"
            );
            let mut h = h.clone();
            h["children"] = below(&items[i + 1..], &h);
            out.push(h);
        }
        Value::Array(out)
    }
    // The caller's highest hops: their parents are not shown (or they are at the top).
    let mut roots = Vec::new();
    for (i, h) in items.iter().enumerate() {
        if h["parent_id"].as_i64().is_none_or(|p| !ids.contains(&p)) {
            let mut h = h.clone();
            h["children"] = below(&items[i + 1..], &h);
            roots.push(h);
        }
    }
    Value::Array(roots)
}
