//! The server under test runs as its own process, so its memory is measured alone.

use crate::error::AppError;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Server {
    child: Child,
    pub base: String,
    peak: Arc<AtomicU64>,
}

impl Server {
    pub fn start(database_url: &str) -> Result<Server, AppError> {
        let exe = std::env::current_exe().map_err(|e| AppError::Internal(e.to_string()))?;
        let mut child = Command::new(exe)
            .args([
                "--database-url",
                database_url,
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "2",
            ])
            .env("RUST_LOG", "error")
            .env("SARABAN_WORKER", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| AppError::Internal(format!("cannot start the server: {e}")))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| AppError::Internal("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.strip_prefix("saraban: http://") {
                        break format!("http://{}", rest.split('/').next().unwrap_or_default());
                    }
                }
                _ => {
                    return Err(AppError::Internal(
                        "the server exited before listening".into(),
                    ))
                }
            }
        };
        std::thread::spawn(move || for _ in lines {});
        let peak = Arc::new(AtomicU64::new(0));
        let (pid, watch) = (child.id(), peak.clone());
        std::thread::spawn(move || loop {
            match rss_of(pid) {
                Some(kib) => {
                    watch.fetch_max(kib, Ordering::Relaxed);
                }
                None => return,
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        });
        Ok(Server { child, base, peak })
    }

    pub fn rss_kib(&self) -> u64 {
        rss_of(self.child.id()).unwrap_or(0)
    }

    pub fn peak_rss_kib(&self) -> u64 {
        self.peak.load(Ordering::Relaxed)
    }

    /// Forgets the peak so far (to measure one phase).
    pub fn reset_peak(&self) {
        self.peak.store(self.rss_kib(), Ordering::Relaxed);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident set size in KiB, from /proc (Linux).
fn rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}
