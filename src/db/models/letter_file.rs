//! Files of letters: each row points at a blob. Deleting sets `deleted_at`; rows are kept.

use crate::db::schema::letter_files as lf;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lf)]
pub struct LetterFile {
    pub id: i64,
    pub letter_id: i64,
    pub blob_sha256: String,
    pub role: String,
    pub title: Option<String>,
    pub file_name: String,
    pub source_file_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub deleted_by: Option<i64>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = lf, treat_none_as_default_value = false)]
pub struct NewLetterFile {
    pub letter_id: i64,
    pub blob_sha256: String,
    pub role: String,
    pub title: Option<String>,
    pub file_name: String,
    pub source_file_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewLetterFile) -> QueryResult<i64> {
    diesel::insert_into(lf::table)
        .values(row)
        .returning(lf::id)
        .get_result(conn)
}

/// A file, deleted or not.
pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<LetterFile>> {
    lf::table
        .find(id)
        .select(LetterFile::as_select())
        .first(conn)
        .optional()
}

/// A live (not deleted) file.
pub fn find_live(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<LetterFile>> {
    Ok(find(conn, id)?.filter(|f| f.deleted_at.is_none()))
}

/// Live files of a letter after `after_id`, in id order, and how many there are in all.
pub fn list_live(
    conn: &mut AnyConnection,
    letter_id: i64,
    after_id: i64,
    limit: i64,
) -> QueryResult<(Vec<LetterFile>, i64)> {
    let live = || {
        lf::table
            .filter(lf::letter_id.eq(letter_id))
            .filter(lf::deleted_at.is_null())
    };
    let rows = live()
        .filter(lf::id.gt(after_id))
        .order(lf::id)
        .limit(limit)
        .select(LetterFile::as_select())
        .load(conn)?;
    let total = live().count().get_result(conn)?;
    Ok((rows, total))
}

/// Live files of any of these letters, in id order.
pub fn live_for_letters(
    conn: &mut AnyConnection,
    letter_ids: &[i64],
) -> QueryResult<Vec<LetterFile>> {
    let mut found = Vec::new();
    for chunk in letter_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            lf::table
                .filter(lf::letter_id.eq_any(chunk))
                .filter(lf::deleted_at.is_null())
                .select(LetterFile::as_select())
                .load(conn)?,
        );
    }
    found.sort_by_key(|f| f.id);
    Ok(found)
}

/// The live file of a letter that already carries `source_id` (attached or the source itself).
pub fn live_copy_on_letter(
    conn: &mut AnyConnection,
    letter_id: i64,
    source_id: i64,
) -> QueryResult<Option<i64>> {
    lf::table
        .filter(lf::letter_id.eq(letter_id))
        .filter(lf::deleted_at.is_null())
        .filter(lf::source_file_id.eq(source_id).or(lf::id.eq(source_id)))
        .select(lf::id)
        .first(conn)
        .optional()
}

/// How many live files (of any letter) use this content.
pub fn live_uses_of_blob(conn: &mut AnyConnection, sha256: &str) -> QueryResult<i64> {
    lf::table
        .filter(lf::blob_sha256.eq(sha256))
        .filter(lf::deleted_at.is_null())
        .count()
        .get_result(conn)
}

/// Ids of the live files that use this content (for `files verify` reports).
pub fn live_ids_of_blob(conn: &mut AnyConnection, sha256: &str) -> QueryResult<Vec<i64>> {
    lf::table
        .filter(lf::blob_sha256.eq(sha256))
        .filter(lf::deleted_at.is_null())
        .order(lf::id)
        .select(lf::id)
        .load(conn)
}

/// Marks a live file deleted; returns false when it was not live.
pub fn soft_delete(
    conn: &mut AnyConnection,
    id: i64,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(lf::table.find(id).filter(lf::deleted_at.is_null()))
        .set((lf::deleted_at.eq(at), lf::deleted_by.eq(by)))
        .execute(conn)?;
    Ok(n == 1)
}
