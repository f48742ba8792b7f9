//! Stored content: one row per distinct SHA-256. The bytes live on disk (see `storage`).

use crate::db::schema::blobs;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = blobs, treat_none_as_default_value = false)]
pub struct Blob {
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, sha256: &str) -> QueryResult<Option<Blob>> {
    blobs::table
        .find(sha256)
        .select(Blob::as_select())
        .first(conn)
        .optional()
}

/// The rows of these hashes (any order; unknown hashes are skipped).
pub fn find_many(conn: &mut AnyConnection, hashes: &[String]) -> QueryResult<Vec<Blob>> {
    let mut found = Vec::new();
    for chunk in hashes.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            blobs::table
                .filter(blobs::sha256.eq_any(chunk))
                .select(Blob::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// Inserts the row unless the content is already known. Callers hold the files lock
/// (`db::backend::lock_files`), so check-then-insert cannot race.
pub fn insert_if_absent(conn: &mut AnyConnection, blob: &Blob) -> QueryResult<()> {
    if find(conn, &blob.sha256)?.is_none() {
        diesel::insert_into(blobs::table)
            .values(blob)
            .execute(conn)?;
    }
    Ok(())
}

/// Every blob, in hash order, for `files verify`.
pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Blob>> {
    blobs::table
        .order(blobs::sha256)
        .select(Blob::as_select())
        .load(conn)
}
