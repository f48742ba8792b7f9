//! Files uploaded before their receipt exists, held for their uploader until attached or
//! expired.

use crate::db::schema::pending_uploads as pu;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pu)]
pub struct PendingUpload {
    pub id: i64,
    pub user_id: i64,
    pub blob_sha256: String,
    pub role: String,
    pub file_name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = pu, treat_none_as_default_value = false)]
pub struct NewPendingUpload {
    pub user_id: i64,
    pub blob_sha256: String,
    pub role: String,
    pub file_name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewPendingUpload) -> QueryResult<i64> {
    diesel::insert_into(pu::table)
        .values(row)
        .returning(pu::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<PendingUpload>> {
    pu::table
        .find(id)
        .select(PendingUpload::as_select())
        .first(conn)
        .optional()
}

/// Deletes the row; returns whether it was there.
pub fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    Ok(diesel::delete(pu::table.find(id)).execute(conn)? == 1)
}

/// Uploads whose time ran out at `now`, oldest first, at most `limit`.
pub fn expired(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<PendingUpload>> {
    pu::table
        .filter(pu::expires_at.le(now))
        .order(pu::id)
        .limit(limit)
        .select(PendingUpload::as_select())
        .load(conn)
}

/// How many pending uploads use this content.
pub fn uses_of_blob(conn: &mut AnyConnection, sha256: &str) -> QueryResult<i64> {
    pu::table
        .filter(pu::blob_sha256.eq(sha256))
        .count()
        .get_result(conn)
}
