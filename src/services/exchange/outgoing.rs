//! One pass of the exchange sender: claim due messages with a lease, sign each afresh (new
//! `sent_at`, same `message_id`), inline its files, POST it with no transaction held, and
//! record the result guarded by the attempt number.

use crate::adapters::peer_client::{PeerClient, Sent};
use crate::adapters::store::BlobStore;
use crate::config::mail::Policy;
use crate::db::models::exchange_link;
use crate::db::models::exchange_outbox::{self as outbox, Outgoing};
use crate::db::models::peer;
use crate::db::Db;
use crate::domain::ExchangeState;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::envelope::{self, Envelope};
use crate::services::exchange::message::Message;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

async fn claim(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    policy: &Policy,
) -> Result<Vec<Outgoing>, AppError> {
    let t = db_time(now);
    let lease =
        t + chrono::Duration::from_std(policy.lease).unwrap_or(chrono::Duration::minutes(5));
    db.write(move |c| {
        let mut mine = Vec::new();
        for (id, attempts) in outbox::due(c, t, limit)? {
            if outbox::claim(c, id, attempts, t, lease)? {
                if let Some(row) = outbox::find(c, id)? {
                    mine.push(row);
                }
            }
        }
        Ok(mine)
    })
    .await
}

/// The row's message, signed now, with its files' bytes; and the peer's URL.
async fn seal(
    db: &Db,
    store: &BlobStore,
    row: &Outgoing,
    now: DateTime<Utc>,
) -> Result<(String, Envelope), AppError> {
    let peer_id = row.peer_id;
    let (peer, key) = db
        .read(move |c| Ok((peer::find(c, peer_id)?, peer::instance_key(c)?)))
        .await?;
    let peer =
        peer.ok_or_else(|| AppError::Internal("the peer of a queued message vanished".into()))?;
    let (secret, public) =
        key.ok_or_else(|| AppError::conflict("no_instance_key", "run `saraban keys init`"))?;
    let mut m: Message =
        serde_json::from_str(&row.body).map_err(|e| AppError::Internal(e.to_string()))?;
    m.sent_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Some(letter) = m.letter.as_mut() {
        for f in letter.files.iter_mut() {
            let path = store
                .path_of(&f.sha256)
                .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
            let bytes = tokio::fs::read(&path)
                .await
                .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
            use base64::Engine;
            f.content = Some(base64::engine::general_purpose::STANDARD.encode(bytes));
        }
    }
    let value = serde_json::to_value(&m).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((peer.url, envelope::seal(&secret, &public, value)?))
}

/// Records one attempt's result; a letter's hop state follows (sent, invalid, failed).
async fn record(
    db: &Db,
    row: Outgoing,
    sent: Sent,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, AppError> {
    let t = db_time(now);
    let (status, error, response, link_state) = match sent {
        Sent::Accepted(ack) => (
            outbox::SENT,
            None,
            Some(ack.to_string()),
            Some(ExchangeState::Sent),
        ),
        Sent::Refused { status, body } => (
            outbox::DEAD,
            Some(format!("refused by the peer ({status}): {body}")),
            None,
            Some(ExchangeState::Invalid),
        ),
        Sent::Failed(e) if row.attempts >= policy.max_attempts => {
            (outbox::DEAD, Some(e), None, Some(ExchangeState::Failed))
        }
        Sent::Failed(e) => (outbox::PENDING, Some(e), None, None),
    };
    let next_at = t + chrono::Duration::from_std(policy.backoff(row.attempts))
        .unwrap_or(chrono::Duration::hours(1));
    let is_letter = row.kind == crate::services::exchange::message::LETTER;
    db.write(move |c| {
        let marked = match &response {
            Some(r) => outbox::mark_sent(c, row.id, row.attempts, r, t)?,
            None => outbox::mark_failed(
                c,
                row.id,
                row.attempts,
                status,
                next_at,
                error.as_deref().unwrap_or(""),
            )?,
        };
        if let (true, true, Some(next), Some(d)) = (marked, is_letter, link_state, row.delivery_id)
        {
            if let Some(link) = exchange_link::find(c, d)? {
                if ExchangeState::parse(&link.state).is_some_and(|s| s.may_become(next)) {
                    exchange_link::set_state(c, d, next.as_str(), t)?;
                }
            }
        }
        Ok(marked.then_some(status))
    })
    .await
}

/// Claims, sends and records up to `limit` due messages. After a failure the peer's later
/// messages wait for the next pass, so a peer gets its messages in the order they were made.
pub async fn process_due(
    db: &Db,
    client: &PeerClient,
    store: &BlobStore,
    policy: &Policy,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Outcome, AppError> {
    let rows = claim(db, now, limit, policy).await?;
    let mut outcome = Outcome {
        claimed: rows.len(),
        ..Outcome::default()
    };
    let mut held_back: HashSet<i64> = HashSet::new();
    for row in rows {
        if held_back.contains(&row.peer_id) {
            let (id, attempts) = (row.id, row.attempts);
            db.write(move |c| Ok(outbox::release(c, id, attempts)?))
                .await?;
            continue;
        }
        let sent = match seal(db, store, &row, now).await {
            Ok((url, env)) => match serde_json::to_value(&env) {
                Ok(v) => client.send(&url, &v).await,
                Err(e) => Sent::Failed(e.to_string()),
            },
            Err(e) => Sent::Failed(e.to_string()),
        };
        if !matches!(sent, Sent::Accepted(_)) {
            held_back.insert(row.peer_id);
        }
        match record(db, row, sent, policy, now).await? {
            Some(outbox::SENT) => outcome.sent += 1,
            Some(outbox::DEAD) => outcome.dead += 1,
            Some(_) => outcome.retried += 1,
            None => {}
        }
    }
    Ok(outcome)
}
