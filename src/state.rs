//! What every handler gets: the database, the clock, the settings, the mailer and the mail
//! worker's heartbeat.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    /// Sends outbox notices (used by the worker).
    pub mailer: Arc<crate::adapters::mail::Mailer>,
    /// Wakes the outbox worker after a transaction that enqueued notices has committed.
    pub nudge: Arc<tokio::sync::Notify>,
    /// Wakes the exchange sender after a transaction that queued messages to peers committed.
    pub exchange_nudge: Arc<tokio::sync::Notify>,
    /// The heartbeat of the mail worker running in this process; `None` when it runs
    /// elsewhere (`serve --no-worker`). `GET /ready` reads it.
    pub worker_heartbeat: Option<Arc<Heartbeat>>,
    /// One OCR job at a time in this process (`POST /api/v1/intake` with a file).
    pub ocr_gate: Arc<crate::adapters::ocr::OcrGate>,
}

/// When a loop last went round, as milliseconds since the Unix epoch.
///
/// Wall time, not [`Clock`]: this is the liveness of the process (tests fix the clock, and a
/// fixed clock would make a stuck worker look alive), never a time written to a record.
#[derive(Debug)]
pub struct Heartbeat {
    last_ms: AtomicI64,
    max_age: Duration,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Heartbeat {
    /// A heartbeat beating now, stale once older than two `poll_interval`s.
    pub fn new(poll_interval: Duration) -> Heartbeat {
        Heartbeat {
            last_ms: AtomicI64::new(now_ms()),
            max_age: poll_interval.saturating_mul(2),
        }
    }

    /// The loop went round now.
    pub fn beat(&self) {
        self.last_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Sets the last beat to `ms` since the Unix epoch (tests make a stale heartbeat with it).
    pub fn beat_at_unix_ms(&self, ms: i64) {
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// How long ago the last beat was (zero if it lies in the future).
    pub fn age(&self) -> Duration {
        let ms = now_ms().saturating_sub(self.last_ms.load(Ordering::Relaxed));
        Duration::from_millis(u64::try_from(ms).unwrap_or(0))
    }

    /// No older than two poll intervals.
    pub fn is_fresh(&self) -> bool {
        self.age() <= self.max_age
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heartbeat_goes_stale_after_two_poll_intervals() {
        let h = Heartbeat::new(Duration::from_secs(15));
        assert!(h.is_fresh());
        h.beat_at_unix_ms(now_ms() - 29_000);
        assert!(h.is_fresh());
        h.beat_at_unix_ms(now_ms() - 31_000);
        assert!(!h.is_fresh());
        h.beat();
        assert!(h.is_fresh());
    }
}
