//! The exchange sender loop: a pass over the exchange outbox on a poll interval (or when
//! nudged), until told to stop. Runs inside `serve` beside the mail worker.

use crate::adapters::peer_client::PeerClient;
use crate::adapters::store::BlobStore;
use crate::clock::Clock;
use crate::config::exchange::ExchangeSettings;
use crate::db::Db;
use crate::services::exchange::outgoing;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub struct ExchangeHandle {
    stop: Arc<AtomicBool>,
    stop_signal: Arc<Notify>,
    task: JoinHandle<()>,
}

impl ExchangeHandle {
    /// Stops after the message being sent has been recorded.
    pub async fn shutdown(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.stop_signal.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "exchange sender ended abnormally");
        }
    }
}

pub fn spawn(
    db: Db,
    store: BlobStore,
    clock: Clock,
    nudge: Arc<Notify>,
    settings: ExchangeSettings,
) -> Result<ExchangeHandle, String> {
    let client = PeerClient::new(settings.timeout)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stop_signal = Arc::new(Notify::new());
    let (s, signal) = (stop.clone(), stop_signal.clone());
    let task = tokio::spawn(async move {
        tracing::info!("exchange sender started");
        while !s.load(Ordering::SeqCst) {
            let batch = settings.batch.max(1);
            let busy = match outgoing::process_due(
                &db,
                &client,
                &store,
                &settings.policy,
                clock.now(),
                batch,
            )
            .await
            {
                Ok(o) => {
                    if o.claimed > 0 {
                        tracing::info!(?o, "exchange pass");
                    }
                    o.claimed as i64 >= batch && o.sent > 0
                }
                Err(e) => {
                    tracing::error!(error = %e, "exchange pass failed");
                    false
                }
            };
            if busy {
                continue;
            }
            tokio::select! {
                _ = nudge.notified() => {}
                _ = tokio::time::sleep(settings.poll_interval) => {}
                _ = signal.notified() => {}
            }
        }
    });
    Ok(ExchangeHandle {
        stop,
        stop_signal,
        task,
    })
}
