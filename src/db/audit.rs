//! The tamper-evident audit log: one hash chain per office (`system` for entries with no
//! office), appended in the caller's transaction; never updated or deleted in code.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
//! content (a JSON array of its fields). The chain's head row (`audit_chains`) is locked while
//! appending, so `seq` is gapless per chain; `audit_heads` keeps daily snapshots of the heads so
//! that deleting the newest entries is caught by [`verify::verify`].

use crate::clock::to_bangkok;
use crate::db::audit_head;
use crate::db::audit_sql;
use crate::db::schema::audit_events as ae;
use crate::db::schema::audit_heads as ah;
use crate::db::AnyConnection;
use crate::error::AppError;
use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `prev_hash` of a chain's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
pub const SYSTEM_CHAIN: &str = "system";

/// What happened, to what, for which office.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// snake_case, e.g. `letter_issued`, `access_refused`.
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: Option<i64>,
    /// The office the entry concerns; its chain. `None`: the `system` chain.
    pub office_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// One stored entry.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = ae)]
pub struct Entry {
    pub id: i64,
    pub chain: String,
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub office_id: Option<i64>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// An entry about an office's record, with its state after the change.
    pub fn new(
        action: &'static str,
        target_type: &'static str,
        target_id: i64,
        office_id: i64,
        after: Value,
    ) -> Self {
        Event {
            action,
            target_type,
            target_id: Some(target_id),
            office_id: Some(office_id),
            before: None,
            after: Some(after),
        }
    }
}

pub fn chain_of(office_id: Option<i64>) -> String {
    office_id.map_or_else(|| SYSTEM_CHAIN.to_string(), |id| id.to_string())
}

/// The canonical content of an entry: a JSON array of its fields in a fixed order.
pub fn canonical(e: &Entry) -> String {
    Value::Array(vec![
        e.chain.clone().into(),
        e.seq.into(),
        e.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string().into(),
        e.actor_id.into(),
        e.office_id.into(),
        e.action.clone().into(),
        e.target_type.clone().into(),
        e.target_id.clone().into(),
        e.before_json.clone().into(),
        e.after_json.clone().into(),
    ])
    .to_string()
}

pub fn hash_of(prev_hash: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// Appends one entry to the office's chain, in the caller's transaction.
pub fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    event: &Event,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let chain = chain_of(event.office_id);
    // Microseconds: what both backends store, so the hash recomputes the same.
    let at = now.naive_utc();
    let at = at
        .with_nanosecond(at.nanosecond() / 1000 * 1000)
        .unwrap_or(at);
    let mut entry = Entry {
        id: 0,
        chain,
        seq: 0,
        at,
        actor_id,
        office_id: event.office_id,
        action: event.action.into(),
        target_type: event.target_type.into(),
        target_id: event.target_id.map(|id| id.to_string()),
        before_json: event.before.as_ref().map(Value::to_string),
        after_json: event.after.as_ref().map(Value::to_string),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let today = to_bangkok(now).date();
    // A head this process wrote: one statement, if it is still the head (`audit_head`).
    if let Some(was) = audit_head::known(conn, &entry.chain) {
        seal(&mut entry, was.seq + 1, was.hash.clone());
        if audit_head::append_after(conn, &entry, &was, today)? {
            remember(conn, &entry, today);
            return Ok(());
        }
    }
    // Taking the next seq locks the head row until the transaction ends.
    let (seq, prev_hash, snapshot_on) = audit_sql::take_seq(conn, &entry.chain, GENESIS)?;
    seal(&mut entry, seq, prev_hash);
    // The first entry of each Bangkok day also snapshots the head.
    audit_sql::append_entry(conn, &entry, today, snapshot_on != Some(today))?;
    remember(conn, &entry, today);
    Ok(())
}

/// Places the entry at `seq` after `prev_hash` and hashes it.
fn seal(entry: &mut Entry, seq: i64, prev_hash: String) {
    entry.seq = seq;
    entry.prev_hash = prev_hash;
    entry.hash = hash_of(&entry.prev_hash, &canonical(entry));
}

/// The chain's head is now `entry`, snapshotted `today`.
fn remember(conn: &AnyConnection, entry: &Entry, today: chrono::NaiveDate) {
    let head = audit_head::Head {
        seq: entry.seq,
        hash: entry.hash.clone(),
        snapshot_on: Some(today),
    };
    audit_head::remember(conn, &entry.chain, head);
}

/// Appends a snapshot of a chain's head.
pub fn write_head(
    conn: &mut AnyConnection,
    chain: &str,
    seq: i64,
    hash: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(ah::table)
        .values((
            ah::chain.eq(chain),
            ah::seq.eq(seq),
            ah::hash.eq(hash),
            ah::recorded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The same actor and event, shortened for services: `record(conn, Some(actor.user_id), …)`.
pub fn by(
    conn: &mut AnyConnection,
    actor: &crate::domain::Actor,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    record(conn, Some(actor.user_id), &event, now)
}
