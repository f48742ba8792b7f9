//! Peers: other saraban instances this one exchanges letters with, and this instance's own key.

use crate::db::schema::{instance_keys, peers};
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = peers)]
pub struct Peer {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// Base64 of the peer's 32-byte Ed25519 public key.
    pub public_key: String,
    pub created_at: NaiveDateTime,
    pub synced_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut AnyConnection,
    name: &str,
    url: &str,
    public_key: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(peers::table)
        .values((
            peers::name.eq(name),
            peers::url.eq(url),
            peers::public_key.eq(public_key),
            peers::created_at.eq(now),
        ))
        .returning(peers::id)
        .get_result(conn)
}

pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Peer>> {
    peers::table
        .order(peers::name)
        .select(Peer::as_select())
        .load(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Peer>> {
    peers::table
        .find(id)
        .select(Peer::as_select())
        .first(conn)
        .optional()
}

pub fn by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<Peer>> {
    peers::table
        .filter(peers::name.eq(name))
        .select(Peer::as_select())
        .first(conn)
        .optional()
}

pub fn by_key(conn: &mut AnyConnection, public_key: &str) -> QueryResult<Option<Peer>> {
    peers::table
        .filter(peers::public_key.eq(public_key))
        .select(Peer::as_select())
        .first(conn)
        .optional()
}

pub fn mark_synced(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(peers::table.find(id))
        .set(peers::synced_at.eq(Some(now)))
        .execute(conn)
}

/// The names of these peers by id.
pub fn names(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, String>> {
    Ok(peers::table
        .filter(peers::id.eq_any(ids))
        .select((peers::id, peers::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// This instance's signing key as (secret, public), both base64; the newest one signs.
pub fn instance_key(conn: &mut AnyConnection) -> QueryResult<Option<(String, String)>> {
    instance_keys::table
        .order(instance_keys::id.desc())
        .select((instance_keys::secret_key, instance_keys::public_key))
        .first(conn)
        .optional()
}

pub fn insert_instance_key(
    conn: &mut AnyConnection,
    secret_key: &str,
    public_key: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(instance_keys::table)
        .values((
            instance_keys::secret_key.eq(secret_key),
            instance_keys::public_key.eq(public_key),
            instance_keys::created_at.eq(now),
        ))
        .execute(conn)
}
