//! The outbox worker loop: a pass whenever nudged, on a poll interval, until told to stop.
//! Runs inside `serve` by default, or alone as `saraban worker` (several may share a database).

use crate::adapters::mail::Mailer;
use crate::clock::to_bangkok;
use crate::clock::Clock;
use crate::config::mail::ReminderSettings;
use crate::db::Db;
use crate::services::notices::reminders;
use crate::state::Heartbeat;
use crate::worker::process::process_due_until;
use crate::worker::uploads;
use chrono::Timelike;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// How often a worker looks whether a reminder pass is due; the period rows decide whether it
/// queues anything, so this only bounds the work.
const REMINDER_CHECK: Duration = Duration::from_secs(3600);

/// A running worker; [`WorkerHandle::shutdown`] lets the mail in flight finish.
pub struct WorkerHandle {
    stop: Arc<AtomicBool>,
    stop_signal: Arc<Notify>,
    task: JoinHandle<()>,
}

pub struct WorkerConfig {
    pub poll_interval: Duration,
    pub batch: i64,
    /// Reminder digests; `None` (or `every_days` 0) for none from this worker.
    pub reminders: Option<ReminderSettings>,
    /// The letter files store, for removing uploads never attached to a receipt; `None` for
    /// no sweep from this worker.
    pub files_dir: Option<std::path::PathBuf>,
    /// Beaten at every turn of the loop; `GET /ready` calls the worker stale when it is older
    /// than two poll intervals.
    pub heartbeat: Arc<Heartbeat>,
}

/// Starts the loop on the current Tokio runtime. `nudge` wakes it after a dispatch commits.
pub fn spawn(
    db: Db,
    mailer: Arc<Mailer>,
    clock: Clock,
    nudge: Arc<Notify>,
    config: WorkerConfig,
) -> WorkerHandle {
    let stop = Arc::new(AtomicBool::new(false));
    let stop_signal = Arc::new(Notify::new());
    let task = tokio::spawn(run(
        db,
        mailer,
        clock,
        nudge,
        config,
        stop.clone(),
        stop_signal.clone(),
    ));
    WorkerHandle {
        stop,
        stop_signal,
        task,
    }
}

impl WorkerHandle {
    /// Asks the loop to stop and waits until the mail being sent has been sent and recorded.
    pub async fn shutdown(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.stop_signal.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "outbox worker ended abnormally");
        }
        tracing::info!("outbox worker stopped");
    }
}

async fn run(
    db: Db,
    mailer: Arc<Mailer>,
    clock: Clock,
    nudge: Arc<Notify>,
    config: WorkerConfig,
    stop: Arc<AtomicBool>,
    stop_signal: Arc<Notify>,
) {
    tracing::info!(transport = %mailer.describe(), "outbox worker started");
    let batch = config.batch.max(1);
    let mut last_reminders: Option<Instant> = None;
    let mut last_sweep: Option<Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        config.heartbeat.beat();
        if let Some(settings) = &config.reminders {
            maybe_remind(&db, &clock, settings, &mut last_reminders).await;
        }
        if let Some(dir) = &config.files_dir {
            maybe_sweep(&db, &clock, dir, &mut last_sweep).await;
        }
        let busy = match process_due_until(&db, &mailer, clock.now(), batch, &stop).await {
            Ok(o) => {
                if o.claimed > 0 {
                    tracing::info!(?o, "outbox pass");
                }
                report_outbox(&db).await;
                // A full batch means more may be due: go again without waiting.
                o.claimed as i64 >= batch
            }
            Err(e) => {
                tracing::error!(error = %e, "outbox pass failed");
                false
            }
        };
        if busy {
            continue;
        }
        tokio::select! {
            _ = nudge.notified() => {}
            _ = tokio::time::sleep(config.poll_interval) => {}
            _ = stop_signal.notified() => {}
        }
    }
}

/// Sets `saraban_outbox_notices{status}` from the outbox (every status, zeros included).
async fn report_outbox(db: &Db) {
    use crate::domain::notice::NoticeStatus;
    let Ok(counts) = db
        .read(|c| Ok(crate::db::models::outbox::count_by_status(c)?))
        .await
    else {
        return;
    };
    for status in NoticeStatus::ALL {
        let n = counts
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n);
        metrics::gauge!(crate::metrics::names::OUTBOX_NOTICES, "status" => status.as_str())
            .set(n as f64);
    }
}

/// Sweeps expired uploads every [`uploads::SWEEP_EVERY`].
async fn maybe_sweep(db: &Db, clock: &Clock, dir: &std::path::Path, last: &mut Option<Instant>) {
    if last.is_some_and(|at| at.elapsed() < uploads::SWEEP_EVERY) {
        return;
    }
    *last = Some(Instant::now());
    let store = crate::adapters::store::BlobStore::new(dir);
    match uploads::sweep(db, &store, clock.now()).await {
        Ok(n) if n > 0 => tracing::info!(removed = n, "expired uploads removed"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "upload sweep failed"),
    }
}

/// Runs a reminder pass when reminders are on, the last one is an hour old (or none ran
/// yet) and the Bangkok working day has begun.
async fn maybe_remind(
    db: &Db,
    clock: &Clock,
    settings: &ReminderSettings,
    last: &mut Option<Instant>,
) {
    let now = clock.now();
    if !settings.enabled()
        || last.is_some_and(|at| at.elapsed() < REMINDER_CHECK)
        || to_bangkok(now).hour() < settings.from_hour
    {
        return;
    }
    *last = Some(Instant::now());
    match reminders::remind(db, now, settings.clone()).await {
        Ok(o) if o.queued > 0 => tracing::info!(?o, "reminder digests queued"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "reminder pass failed"),
    }
}
