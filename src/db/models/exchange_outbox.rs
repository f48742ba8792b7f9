//! The exchange outbox: signed messages waiting to go to a peer (docs/exchange.md).
//!
//! The same lease-and-compare-and-set pattern as the e-mail outbox (`outbox.rs`): every change
//! is guarded by `attempts`, so a worker whose lease expired never overwrites a newer result.

use crate::db::schema::exchange_outbox as t;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const DEAD: &str = "dead";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Outgoing {
    pub id: i64,
    pub peer_id: i64,
    pub message_id: String,
    pub kind: String,
    pub delivery_id: Option<i64>,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub response: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub struct NewOutgoing<'a> {
    pub peer_id: i64,
    pub message_id: &'a str,
    pub kind: &'a str,
    pub delivery_id: Option<i64>,
    pub body: &'a str,
}

pub fn insert(
    conn: &mut AnyConnection,
    row: &NewOutgoing<'_>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(t::table)
        .values((
            t::peer_id.eq(row.peer_id),
            t::message_id.eq(row.message_id),
            t::kind.eq(row.kind),
            t::delivery_id.eq(row.delivery_id),
            t::body.eq(row.body),
            t::status.eq(PENDING),
            t::attempts.eq(0i64),
            t::next_attempt_at.eq(now),
            t::created_at.eq(now),
        ))
        .returning(t::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Outgoing>> {
    t::table
        .find(id)
        .select(Outgoing::as_select())
        .first(conn)
        .optional()
}

/// Rows a worker may claim at `now`, oldest first (a peer gets its messages in order).
pub fn due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(i64, i64)>> {
    t::table
        .filter(t::status.eq_any([PENDING, SENDING]))
        .filter(t::next_attempt_at.le(now))
        .filter(t::locked_until.is_null().or(t::locked_until.lt(now)))
        .order(t::id)
        .limit(limit)
        .select((t::id, t::attempts))
        .load(conn)
}

/// The compare-and-set claim: `true` when this caller owns the row until `lease_until`.
pub fn claim(
    conn: &mut AnyConnection,
    id: i64,
    seen_attempts: i64,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(seen_attempts))
            .filter(t::status.eq_any([PENDING, SENDING]))
            .filter(t::locked_until.is_null().or(t::locked_until.lt(now))),
    )
    .set((
        t::status.eq(SENDING),
        t::attempts.eq(seen_attempts + 1),
        t::locked_until.eq(Some(lease_until)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Accepted by the peer, with its acknowledgement.
pub fn mark_sent(
    conn: &mut AnyConnection,
    id: i64,
    attempts: i64,
    response: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(SENDING)),
    )
    .set((
        t::status.eq(SENT),
        t::sent_at.eq(Some(now)),
        t::locked_until.eq(None::<NaiveDateTime>),
        t::last_error.eq(None::<String>),
        t::response.eq(Some(response)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Failed: `pending` again at `next_at`, or `dead` (retries exhausted or refused for good).
pub fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    attempts: i64,
    status: &str,
    next_at: NaiveDateTime,
    error: &str,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(SENDING)),
    )
    .set((
        t::status.eq(status),
        t::next_attempt_at.eq(next_at),
        t::locked_until.eq(None::<NaiveDateTime>),
        t::last_error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Gives back a claimed row that was not tried: the attempt does not count.
pub fn release(conn: &mut AnyConnection, id: i64, attempts: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(SENDING)),
    )
    .set((
        t::status.eq(PENDING),
        t::attempts.eq(attempts - 1),
        t::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Rows by status, for tests and the operator.
pub fn count_by_status(conn: &mut AnyConnection) -> QueryResult<Vec<(String, i64)>> {
    t::table
        .group_by(t::status)
        .select((t::status, diesel::dsl::count_star()))
        .load(conn)
}
