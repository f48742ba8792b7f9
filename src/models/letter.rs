//! Letters: issued here (numbered from a series) or recorded from outside (raw number kept).

use crate::db::schema::letters;
use crate::db::AnyConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::QueryResult;

/// Rows per `IN (…)` or multi-row insert, well inside both backends' bind-parameter limits.
pub const BIND_CHUNK: usize = 500;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = letters)]
pub struct Letter {
    pub id: i64,
    pub origin: String,
    pub issuer_id: Option<i64>,
    pub from_name: String,
    pub recorded_by_org_id: Option<i64>,
    pub number_raw: String,
    pub number_canonical: String,
    pub running_number: Option<i64>,
    pub circular: bool,
    pub series_org_id: Option<i64>,
    pub series: Option<String>,
    pub year_be: Option<i64>,
    pub dated: Option<NaiveDate>,
    pub dated_raw: Option<String>,
    pub subject: String,
    pub addressee: String,
    pub kind: String,
    pub urgency: String,
    pub secrecy: String,
    pub issued_at: Option<NaiveDateTime>,
    pub due_date: Option<NaiveDate>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = letters)]
pub struct NewLetter {
    pub origin: String,
    pub issuer_id: Option<i64>,
    pub from_name: String,
    pub recorded_by_org_id: Option<i64>,
    pub number_raw: String,
    pub number_canonical: String,
    pub running_number: Option<i64>,
    pub circular: bool,
    pub series_org_id: Option<i64>,
    pub series: Option<String>,
    pub year_be: Option<i64>,
    pub dated: Option<NaiveDate>,
    pub dated_raw: Option<String>,
    pub subject: String,
    pub addressee: String,
    pub kind: String,
    pub urgency: String,
    pub secrecy: String,
    pub issued_at: Option<NaiveDateTime>,
    pub due_date: Option<NaiveDate>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, letter: &NewLetter) -> QueryResult<i64> {
    diesel::insert_into(letters::table)
        .values(letter)
        .returning(letters::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Letter>> {
    letters::table
        .find(id)
        .select(Letter::as_select())
        .first(conn)
        .optional()
}

/// A letter already known by its canonical number and date (the identity of a letter).
/// With no date, a letter with the same canonical number and no date matches.
pub fn find_by_identity(
    conn: &mut AnyConnection,
    canonical: &str,
    dated: Option<NaiveDate>,
) -> QueryResult<Option<Letter>> {
    let q = letters::table
        .filter(letters::number_canonical.eq(canonical))
        .select(Letter::as_select())
        .order(letters::id);
    match dated {
        Some(d) => q.filter(letters::dated.eq(d)).first(conn).optional(),
        None => q.filter(letters::dated.is_null()).first(conn).optional(),
    }
}
