//! Public holidays of the working-day calendar, one row per date.

use crate::db::schema::holidays as t;
use crate::db::AnyConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
    pub created_at: NaiveDateTime,
}

/// The holidays from `from` to `to`, both included, by date.
pub fn between(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Holiday>> {
    t::table
        .filter(t::day.ge(from))
        .filter(t::day.le(to))
        .order(t::day)
        .select(Holiday::as_select())
        .load(conn)
}

pub fn find(conn: &mut AnyConnection, day: NaiveDate) -> QueryResult<Option<Holiday>> {
    t::table
        .find(day)
        .select(Holiday::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut AnyConnection,
    day: NaiveDate,
    name: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(t::table)
        .values((t::day.eq(day), t::name.eq(name), t::created_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

pub fn rename(conn: &mut AnyConnection, day: NaiveDate, name: &str) -> QueryResult<()> {
    diesel::update(t::table.find(day))
        .set(t::name.eq(name))
        .execute(conn)?;
    Ok(())
}

/// Deletes the holiday; `false` when there was none.
pub fn delete(conn: &mut AnyConnection, day: NaiveDate) -> QueryResult<bool> {
    Ok(diesel::delete(t::table.find(day)).execute(conn)? > 0)
}
