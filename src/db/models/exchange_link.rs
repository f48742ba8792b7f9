//! Deliveries that cross to (`out`) or from (`in`) a peer, and where each stands.

use crate::db::connection::db_run;
use crate::db::schema::exchange_links as t;
use crate::db::AnyConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Link {
    pub delivery_id: i64,
    pub peer_id: i64,
    pub direction: String,
    /// The message_id of the letter message (the sender's), for both directions.
    pub remote_ref: String,
    pub state: String,
    pub updated_at: NaiveDateTime,
    pub remote_number: Option<i64>,
    pub remote_year_be: Option<i64>,
    pub remote_received_at: Option<NaiveDateTime>,
    pub remote_received_on: Option<NaiveDate>,
    pub remote_received_time: Option<String>,
}

/// The recipient's receipt as its instance reported it.
pub struct RemoteReceipt {
    pub number: i64,
    pub year_be: i64,
    pub received_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
}

pub fn insert(
    conn: &mut AnyConnection,
    delivery_id: i64,
    peer_id: i64,
    direction: &str,
    remote_ref: &str,
    state: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(t::table)
        .values((
            t::delivery_id.eq(delivery_id),
            t::peer_id.eq(peer_id),
            t::direction.eq(direction),
            t::remote_ref.eq(remote_ref),
            t::state.eq(state),
            t::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn find(conn: &mut AnyConnection, delivery_id: i64) -> QueryResult<Option<Link>> {
    db_run!(conn, |c| t::table
        .find(delivery_id)
        .select(Link::as_select())
        .first(c)
        .optional())
}

/// A delivery and its exchange link, if it has one, in one lookup.
pub fn delivery_with_link(
    conn: &mut AnyConnection,
    delivery_id: i64,
) -> QueryResult<Option<(crate::db::models::delivery::Delivery, Option<Link>)>> {
    use crate::db::models::delivery::Delivery;
    use crate::db::schema::deliveries as d;
    db_run!(conn, |c| d::table
        .left_join(t::table.on(t::delivery_id.eq(d::id)))
        .filter(d::id.eq(delivery_id))
        .select((Delivery::as_select(), Option::<Link>::as_select()))
        .first(c)
        .optional())
}

pub fn by_ref(
    conn: &mut AnyConnection,
    peer_id: i64,
    direction: &str,
    remote_ref: &str,
) -> QueryResult<Option<Link>> {
    t::table
        .filter(t::peer_id.eq(peer_id))
        .filter(t::direction.eq(direction))
        .filter(t::remote_ref.eq(remote_ref))
        .select(Link::as_select())
        .first(conn)
        .optional()
}

pub fn for_deliveries(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<Link>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            t::table
                .filter(t::delivery_id.eq_any(chunk))
                .select(Link::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

pub fn set_state(
    conn: &mut AnyConnection,
    delivery_id: i64,
    state: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(t::table.find(delivery_id))
        .set((t::state.eq(state), t::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_receipt(
    conn: &mut AnyConnection,
    delivery_id: i64,
    r: &RemoteReceipt,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(t::table.find(delivery_id))
        .set((
            t::remote_number.eq(Some(r.number)),
            t::remote_year_be.eq(Some(r.year_be)),
            t::remote_received_at.eq(r.received_at),
            t::remote_received_on.eq(Some(r.received_on)),
            t::remote_received_time.eq(r.received_time.as_deref()),
            t::updated_at.eq(now),
        ))
        .execute(conn)
}
