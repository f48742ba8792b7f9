//! One saraban instance as a separate `serve` process on a fixed port, with its own database,
//! file store and mail folder; and the HTTP and polling helpers the exchange tests share.

use crate::helpers::TestDb;
use crate::procs::BIN;
use saraban::db::{DatabaseUrl, Db, DbOptions};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One instance: its database, file and mail folders, fixed port, and the running process.
pub(crate) struct Instance {
    pub(crate) db: TestDb,
    pub(crate) _dirs: tempfile::TempDir,
    pub(crate) port: u16,
    pub(crate) child: Option<Child>,
    pub(crate) base: String,
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

pub(crate) fn cli(url: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["--database-url", url])
        .args(args)
        .output()
        .expect("run saraban");
    assert!(
        out.status.success(),
        "saraban {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

impl Instance {
    pub(crate) fn new(db: TestDb) -> Instance {
        let port = free_port();
        let url = db.url();
        let out = cli(&url, &["keys", "init"]);
        assert!(!out.trim().is_empty());
        Instance {
            db,
            _dirs: tempfile::tempdir().expect("temp dir"),
            port,
            child: None,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    pub(crate) fn url(&self) -> String {
        self.db.url()
    }

    pub(crate) fn key(&self) -> String {
        let out = cli(&self.url(), &["keys", "show"]);
        out.lines().last().expect("key line").trim().to_string()
    }

    pub(crate) fn start(&mut self) {
        let dir = self._dirs.path();
        let mut child = Command::new(BIN)
            .args(["--database-url", &self.url(), "serve", "--bind"])
            .arg(format!("127.0.0.1:{}", self.port))
            .env("SARABAN_FILES_DIR", dir.join("files"))
            .env("SARABAN_MAIL_DIR", dir.join("outbox"))
            .env("SARABAN_EXCHANGE_RETRY_SECONDS", "1")
            .env("SARABAN_EXCHANGE_POLL_SECONDS", "1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start saraban serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines
                .next()
                .expect("serve exited before listening")
                .expect("read serve output");
            if line.starts_with("saraban: http://") {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        self.child = Some(child);
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub(crate) fn open(&self) -> Db {
        Db::connect(
            DatabaseUrl::parse(&self.url()).expect("url"),
            &DbOptions::default(),
        )
        .expect("open db")
    }

    pub(crate) fn count(&self, table: &str) -> i64 {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        self.open()
            .read_blocking(move |c| Ok(diesel::sql_query(sql).get_result::<N>(c)?.n))
            .expect("count")
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.stop();
    }
}

pub(crate) async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client.request(method, url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Polls `f` until it answers `Some`, for at most `secs` seconds.
pub(crate) async fn eventually<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
