//! Number counters: one row per (office, series, year); the next number to hand out.

use crate::db::backend;
use crate::db::schema::number_counters as nc;
use crate::db::AnyConnection;
use diesel::prelude::*;
use diesel::QueryResult;

/// Takes the next number of a series and year. Must run inside the write transaction that
/// stores the numbered record: the row lock (PostgreSQL) or the immediate transaction
/// (SQLite) serialises callers, and a rollback gives the number back, so there are no gaps.
pub fn take_next(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
) -> QueryResult<i64> {
    backend::take_next_number(conn, org_id, series, year_be)
}

/// The number the next call to [`take_next`] would give.
pub fn peek_next(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
) -> QueryResult<i64> {
    nc::table
        .filter(nc::org_id.eq(org_id))
        .filter(nc::series.eq(series))
        .filter(nc::year_be.eq(year_be))
        .select(nc::next_number)
        .first(conn)
        .optional()
        .map(|n| n.unwrap_or(1))
}

/// Moves a series forward to `next_number`; `false` if it is already past it.
pub fn raise_to(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
    next_number: i64,
) -> QueryResult<bool> {
    backend::ensure_counter(conn, org_id, series, year_be, next_number)?;
    let changed = diesel::update(
        nc::table
            .filter(nc::org_id.eq(org_id))
            .filter(nc::series.eq(series))
            .filter(nc::year_be.eq(year_be))
            .filter(nc::next_number.le(next_number)),
    )
    .set(nc::next_number.eq(next_number))
    .execute(conn)?;
    Ok(changed == 1)
}
