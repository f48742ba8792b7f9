//! Letters: issued here (numbered from a series) or recorded from outside (raw number kept).

use crate::db::connection::db_run;
use crate::db::schema::letters;
use crate::db::AnyConnection;
use crate::domain::{LetterKind, Secrecy, Urgency};
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
    #[diesel(deserialize_as = String)]
    pub kind: LetterKind,
    #[diesel(deserialize_as = String)]
    pub urgency: Urgency,
    #[diesel(deserialize_as = String)]
    pub secrecy: Secrecy,
    pub issued_at: Option<NaiveDateTime>,
    pub due_date: Option<NaiveDate>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = letters, treat_none_as_default_value = false)]
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
    // On the inner connection: a statement diesel prepares once and caches (through the
    // connection enum its SQL would be built again on every call).
    db_run!(conn, |c| diesel::insert_into(letters::table)
        .values(letter)
        .returning(letters::id)
        .get_result(c))
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
        .order(letters::id);
    match dated {
        Some(d) => db_run!(conn, |c| q
            .filter(letters::dated.eq(d))
            .select(Letter::as_select())
            .first(c)
            .optional()),
        None => db_run!(conn, |c| q
            .filter(letters::dated.is_null())
            .select(Letter::as_select())
            .first(c)
            .optional()),
    }
}

/// The ids of every letter with this canonical number and date (none: no date), oldest first.
pub fn all_by_identity(
    conn: &mut AnyConnection,
    canonical: &str,
    dated: Option<NaiveDate>,
) -> QueryResult<Vec<i64>> {
    let q = letters::table
        .filter(letters::number_canonical.eq(canonical))
        .select(letters::id)
        .order(letters::id)
        .into_boxed();
    match dated {
        Some(d) => q.filter(letters::dated.eq(d)).load(conn),
        None => q.filter(letters::dated.is_null()).load(conn),
    }
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<Letter>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BIND_CHUNK) {
        found.extend(
            letters::table
                .filter(letters::id.eq_any(chunk))
                .select(Letter::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// Letters issued by an office (optionally in one year), newest first, with ids below `before`.
pub fn issued_by(
    conn: &mut AnyConnection,
    org_id: i64,
    year_be: Option<i64>,
    before: i64,
    limit: i64,
) -> QueryResult<(Vec<Letter>, i64)> {
    let filtered = || {
        let mut q = letters::table
            .filter(letters::issuer_id.eq(org_id))
            .filter(letters::origin.eq("issued"))
            .into_boxed();
        if let Some(y) = year_be {
            q = q.filter(letters::year_be.eq(y));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .filter(letters::id.lt(before))
        .order(letters::id.desc())
        .limit(limit)
        .select(Letter::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The letters of an office's dispatch register in a year: numbered from its series, or
/// issued by it from a series it borrows.
pub fn dispatch_rows(
    conn: &mut AnyConnection,
    org_id: i64,
    year_be: i64,
) -> QueryResult<Vec<Letter>> {
    letters::table
        .filter(letters::origin.eq("issued"))
        .filter(letters::year_be.eq(year_be))
        .filter(
            letters::series_org_id
                .eq(org_id)
                .or(letters::issuer_id.eq(org_id)),
        )
        .order(letters::id)
        .select(Letter::as_select())
        .load(conn)
}
