//! Addressees outside the directory, written down with the dispatch that reached them.

use crate::db::schema::external_recipients as er;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = er)]
pub struct ExternalRecipient {
    pub id: i64,
    pub dispatch_id: i64,
    pub letter_id: i64,
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub method: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = er, treat_none_as_default_value = false)]
pub struct NewExternalRecipient {
    pub dispatch_id: i64,
    pub letter_id: i64,
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub method: String,
    pub created_at: NaiveDateTime,
}

/// Inserts one by one (few per dispatch); returns the rows in insertion order.
pub fn insert_all(
    conn: &mut AnyConnection,
    rows: &[NewExternalRecipient],
) -> QueryResult<Vec<ExternalRecipient>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = diesel::insert_into(er::table)
            .values(row)
            .returning(er::id)
            .get_result(conn)?;
        out.push(
            er::table
                .find(id)
                .select(ExternalRecipient::as_select())
                .first(conn)?,
        );
    }
    Ok(out)
}

pub fn for_letters(
    conn: &mut AnyConnection,
    letter_ids: &[i64],
) -> QueryResult<Vec<ExternalRecipient>> {
    let mut found = Vec::new();
    for chunk in letter_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            er::table
                .filter(er::letter_id.eq_any(chunk))
                .select(ExternalRecipient::as_select())
                .load(conn)?,
        );
    }
    found.sort_by_key(|r| r.id);
    Ok(found)
}
