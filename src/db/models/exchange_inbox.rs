//! Messages taken from peers, once each: the unique index on (peer, message_id) is the guard.

use crate::db::schema::exchange_inbox as t;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

/// The acknowledgement stored for a message already taken, if any.
pub fn ack_of(
    conn: &mut AnyConnection,
    peer_id: i64,
    message_id: &str,
) -> QueryResult<Option<String>> {
    t::table
        .filter(t::peer_id.eq(peer_id))
        .filter(t::message_id.eq(message_id))
        .select(t::ack)
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut AnyConnection,
    peer_id: i64,
    message_id: &str,
    kind: &str,
    ack: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(t::table)
        .values((
            t::peer_id.eq(peer_id),
            t::message_id.eq(message_id),
            t::kind.eq(kind),
            t::ack.eq(ack),
            t::received_at.eq(now),
        ))
        .execute(conn)
}
