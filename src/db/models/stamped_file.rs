//! Stamped copies: a receipt's stamp drawn on its letter's main file, one row per (receipt,
//! source file), pointing at the derived content's blob.

use crate::db::schema::stamped_files as sf;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sf)]
pub struct StampedFile {
    pub id: i64,
    pub receipt_id: i64,
    pub source_file_id: i64,
    pub blob_sha256: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sf, treat_none_as_default_value = false)]
pub struct NewStampedFile {
    pub receipt_id: i64,
    pub source_file_id: i64,
    pub blob_sha256: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewStampedFile) -> QueryResult<i64> {
    diesel::insert_into(sf::table)
        .values(row)
        .returning(sf::id)
        .get_result(conn)
}

/// The stamped copy of one source file for a receipt, if it was made.
pub fn find_for(
    conn: &mut AnyConnection,
    receipt_id: i64,
    source_file_id: i64,
) -> QueryResult<Option<StampedFile>> {
    sf::table
        .filter(sf::receipt_id.eq(receipt_id))
        .filter(sf::source_file_id.eq(source_file_id))
        .select(StampedFile::as_select())
        .first(conn)
        .optional()
}

/// The stamped copies of a receipt, newest first.
pub fn of_receipt(conn: &mut AnyConnection, receipt_id: i64) -> QueryResult<Vec<StampedFile>> {
    sf::table
        .filter(sf::receipt_id.eq(receipt_id))
        .order(sf::id.desc())
        .select(StampedFile::as_select())
        .load(conn)
}

/// How many stamped copies use this content.
pub fn uses_of_blob(conn: &mut AnyConnection, sha256: &str) -> QueryResult<i64> {
    sf::table
        .filter(sf::blob_sha256.eq(sha256))
        .count()
        .get_result(conn)
}
