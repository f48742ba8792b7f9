//! PostgreSQL: an audit entry appended in one statement when the chain's head is known.
//!
//! Appending takes two statements: moving the head on (which reads the previous entry's hash),
//! then the entry with its hash. The writer thread that last appended to a chain already knows
//! its head, so each process remembers the heads it wrote. With a remembered head the entry is
//! hashed at once and written by one statement that moves the head only if it is still exactly
//! the one remembered (seq, hash and the day of its snapshot); otherwise it writes nothing and
//! the append takes the usual two statements. A stale memory — another process appended, a
//! savepoint or a transaction rolled back — therefore costs one statement and never a wrong
//! link: the row itself says whether the memory holds, under its lock.

use super::audit::Entry;
use super::connection::AnyConnection;
use super::fixed::{fixed, Bind};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;
use std::sync::Mutex;

/// A chain's head as this process last wrote it.
#[derive(Debug, Clone)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
    pub snapshot_on: Option<NaiveDate>,
}

/// Most heads remembered; past it the memory starts over (an office's next entry then takes
/// the two statements once). 100,000 heads are about 15 MiB; a national directory is 9,000.
const MOST: usize = 100_000;

static HEADS: Mutex<Option<HashMap<String, Head>>> = Mutex::new(None);

/// The head this process last wrote on `chain`, on PostgreSQL; SQLite runs its statements
/// in-process, where a second one costs no round trip.
pub fn known(conn: &AnyConnection, chain: &str) -> Option<Head> {
    if !matches!(conn, AnyConnection::Postgres(_)) {
        return None;
    }
    let heads = HEADS.lock().ok()?;
    heads.as_ref()?.get(chain).cloned()
}

/// Remembers the head an append just wrote (PostgreSQL only, as [`known`]).
pub fn remember(conn: &AnyConnection, chain: &str, head: Head) {
    if !matches!(conn, AnyConnection::Postgres(_)) {
        return;
    }
    if let Ok(mut heads) = HEADS.lock() {
        let map = heads.get_or_insert_with(HashMap::new);
        if map.len() >= MOST && !map.contains_key(chain) {
            map.clear();
        }
        map.insert(chain.to_string(), head);
    }
}

/// Appends `e` (hashed after `was`) if the chain's head is still `was` and already snapshotted
/// `today`: the head moved on and the entry written in one statement. `false`: nothing written.
pub fn append_after(
    conn: &mut AnyConnection,
    e: &Entry,
    was: &Head,
    today: NaiveDate,
) -> QueryResult<bool> {
    let AnyConnection::Postgres(c) = conn else {
        return Ok(false);
    };
    if was.snapshot_on != Some(today) {
        return Ok(false);
    }
    #[rustfmt::skip]
    const PIECES: [&str; 19] = [
        "WITH head AS (UPDATE audit_chains SET seq = ", ", hash = ",
        " WHERE chain = ", " AND seq = ", " AND hash = ", " AND snapshot_on = ",
        " RETURNING chain), entry AS (INSERT INTO audit_events (chain, seq, at, actor_id, \
         office_id, action, target_type, target_id, before_json, after_json, prev_hash, hash) \
         SELECT ",
        ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ",
        " FROM head) SELECT count(*) FROM head",
    ];
    let mut binds = vec![
        Bind::Int(e.seq),
        Bind::Text(&e.hash),
        Bind::Text(&e.chain),
        Bind::Int(was.seq),
        Bind::Text(&was.hash),
        Bind::Date(today),
    ];
    binds.extend(super::audit_sql::entry_values(e));
    let moved: i64 = fixed::<diesel::sql_types::BigInt>(&PIECES, binds).get_result(c)?;
    Ok(moved == 1)
}
