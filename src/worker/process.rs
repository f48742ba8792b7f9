//! One pass over the outbox: claim due notices with a lease, send each with no transaction
//! or connection held, then record the result guarded by the attempt number.

use crate::adapters::mail::Mailer;

use crate::adapters::mail::SendError;
use crate::db::models::outbox;
use crate::db::models::outbox::Notice;
use crate::db::Db;
use crate::domain::notice::NoticeStatus;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub claimed: usize,
    pub sent: usize,
    /// Failed and scheduled for another attempt.
    pub failed: usize,
    pub dead: usize,
    /// Claimed rows whose result could not be recorded because the lease was lost.
    pub lost: usize,
    /// Claimed rows given back unsent because the worker is stopping.
    pub released: usize,
}

enum Step {
    Released,
    Marked(Option<NoticeStatus>),
}

/// Claims, sends and marks up to `limit` notices due at `now`.
pub async fn process_due(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Outcome, AppError> {
    process_due_until(db, mailer, now, limit, &AtomicBool::new(false)).await
}

/// [`process_due`] that stops between mails once `stop` is set: the mails being sent are
/// finished and recorded; the rest of the claim is given back.
pub async fn process_due_until(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
    limit: i64,
    stop: &AtomicBool,
) -> Result<Outcome, AppError> {
    let claimed = claim_due(db, mailer, now, limit).await?;
    let mut outcome = Outcome {
        claimed: claimed.len(),
        ..Outcome::default()
    };
    // Several mails at once over the pooled SMTP connections: one round trip at a time
    // would cap a national circular at the server's latency.
    use futures::StreamExt;
    let results: Vec<Result<Step, AppError>> = futures::stream::iter(claimed)
        .map(|notice| async move {
            if stop.load(Ordering::SeqCst) {
                release(db, &notice).await?;
                return Ok(Step::Released);
            }
            let result = if notice.attempts > mailer.policy.max_attempts {
                // Only after a worker died during the last attempt: the mail may have gone out.
                Err(SendError {
                    message: "the worker of the last attempt stopped before recording it".into(),
                    permanent: true,
                })
            } else {
                let started = std::time::Instant::now();
                let sent = mailer.send(&notice).await;
                metrics::histogram!(crate::metrics::names::MAIL_SEND)
                    .record(started.elapsed().as_secs_f64());
                sent
            };
            Ok(Step::Marked(mark(db, mailer, &notice, result, now).await?))
        })
        .buffer_unordered(crate::adapters::mail::SEND_CONCURRENCY)
        .collect()
        .await;
    for step in results {
        match step? {
            Step::Released => outcome.released += 1,
            Step::Marked(Some(NoticeStatus::Sent)) => outcome.sent += 1,
            Step::Marked(Some(NoticeStatus::Dead)) => outcome.dead += 1,
            Step::Marked(Some(_)) => outcome.failed += 1,
            Step::Marked(None) => outcome.lost += 1,
        }
    }
    Ok(outcome)
}

/// Step 1: takes up to `limit` due notices under a lease, in one short write transaction, then
/// renders those without a stored body from the current rows (a read).
/// Public so tests can simulate a worker that sends and dies before marking.
pub async fn claim_due(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Notice>, AppError> {
    let t = now.naive_utc();
    let lease = chrono::Duration::from_std(mailer.policy.lease)
        .map_err(|e| AppError::Internal(format!("lease: {e}")))?;
    let until = t + lease;
    let mut mine = blocking(db, move |c| {
        let mut mine = Vec::new();
        for (id, seen) in outbox::due(c, t, limit)? {
            if outbox::claim(c, id, seen, t, until)? {
                if let Some(n) = outbox::find(c, id)? {
                    mine.push(n);
                }
            }
        }
        Ok(mine)
    })
    .await?;
    // Rendered from the rows as they are now, outside the claim's write transaction: the
    // lease, not a transaction, keeps the rows ours meanwhile.
    if mine
        .iter()
        .any(crate::services::notices::at_send::rendered_at_send)
    {
        mine = db
            .read(move |c| {
                crate::services::notices::at_send::render_bodies(c, &mut mine)?;
                Ok(mine)
            })
            .await?;
    }
    Ok(mine)
}

/// Step 3: records a send result; `None` when another worker owns the row by now.
pub async fn mark(
    db: &Db,
    mailer: &Mailer,
    notice: &Notice,
    result: Result<(), SendError>,
    now: DateTime<Utc>,
) -> Result<Option<NoticeStatus>, AppError> {
    let t = now.naive_utc();
    let (id, attempts) = (notice.id, notice.attempts);
    let policy = mailer.policy.clone();
    let status = match &result {
        Ok(()) => NoticeStatus::Sent,
        Err(e) if e.permanent || attempts >= policy.max_attempts => NoticeStatus::Dead,
        Err(_) => NoticeStatus::Failed,
    };
    let wait = chrono::Duration::from_std(policy.backoff(attempts))
        .map_err(|e| AppError::Internal(format!("backoff: {e}")))?;
    let ttl = chrono::Duration::from_std(policy.ack_ttl)
        .map_err(|e| AppError::Internal(format!("ack ttl: {e}")))?;
    let error = result.err().map(|e| e.message);
    match &error {
        Some(e) => {
            tracing::warn!(notice = id, attempts, status = %status, error = %e, "notice not sent")
        }
        None => tracing::info!(notice = id, attempts, "notice sent"),
    }
    let delivery_id = notice.delivery_id;
    let recorded = blocking(db, move |c| {
        let recorded = match error {
            None => outbox::mark_sent(c, id, attempts, t, t + ttl)?,
            Some(e) => outbox::mark_failed(c, id, attempts, status, t + wait, &e)?,
        };
        // A notice given up on needs a person: the worker's change is audited like any other.
        // (A sent notice is its own record: the outbox row keeps when and its Message-ID.)
        if recorded && status == NoticeStatus::Dead {
            let office = match delivery_id {
                Some(d) => crate::db::models::delivery::find(c, d)?.map(|d| d.recipient_id),
                None => None,
            };
            let event = crate::db::audit::Event {
                action: "notice_dead",
                target_type: "notice",
                target_id: Some(id),
                office_id: office,
                before: None,
                after: Some(serde_json::json!({"status": status.as_str(), "attempts": attempts})),
            };
            crate::db::audit::record(c, None, &event, now)?;
        }
        Ok(recorded)
    })
    .await?;
    if !recorded {
        tracing::warn!(
            notice = id,
            attempts,
            "lease lost before the result was recorded"
        );
    }
    Ok(recorded.then_some(status))
}

async fn release(db: &Db, notice: &Notice) -> Result<(), AppError> {
    let (id, attempts) = (notice.id, notice.attempts);
    blocking(db, move |c| Ok(outbox::release(c, id, attempts)?)).await?;
    Ok(())
}

/// A write transaction on a blocking thread; the async caller holds no connection.
async fn blocking<T: Send + 'static>(
    db: &Db,
    f: impl FnOnce(&mut crate::db::AnyConnection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || db.write_blocking(f))
        .await
        .map_err(|e| AppError::Internal(format!("blocking task: {e}")))?
}
