//! The only SQL that differs between SQLite and PostgreSQL. Each function matches the
//! connection variant and works on the inner connection.

use super::connection::AnyConnection;
use super::schema::number_counters as nc;
use diesel::prelude::*;
use diesel::QueryResult;

/// Creates the counter row of a series and year if it is missing, starting at `start`.
/// Two callers racing here both succeed; only one row is made.
pub fn ensure_counter(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
    start: i64,
) -> QueryResult<()> {
    let row = (
        nc::org_id.eq(org_id),
        nc::series.eq(series),
        nc::year_be.eq(year_be),
        nc::next_number.eq(start),
    );
    match conn {
        AnyConnection::Sqlite(c) => diesel::insert_into(nc::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        AnyConnection::Postgres(c) => diesel::insert_into(nc::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(())
}

/// Multi-row insert of deliveries, returning their ids in insertion order.
/// (Batch inserts do not compile through the connection enum.)
pub fn insert_deliveries(
    conn: &mut AnyConnection,
    rows: &[crate::models::delivery::NewDelivery],
) -> QueryResult<Vec<i64>> {
    use super::schema::deliveries as d;
    match conn {
        AnyConnection::Sqlite(c) => diesel::insert_into(d::table)
            .values(rows)
            .returning(d::id)
            .get_results(c),
        AnyConnection::Postgres(c) => diesel::insert_into(d::table)
            .values(rows)
            .returning(d::id)
            .get_results(c),
    }
}

/// Serialises the work that touches stored files (a new blob on disk, removing an unused one)
/// with the rows that refer to them, until the transaction ends. SQLite's `BEGIN IMMEDIATE`
/// already admits one writer at a time; PostgreSQL takes a transaction-level advisory lock.
pub fn lock_files(conn: &mut AnyConnection) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        AnyConnection::Sqlite(_) => Ok(()),
        AnyConnection::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_xact_lock({FILES_LOCK_KEY})"))
        }
    }
}

/// "SRBFILES" in ASCII.
const FILES_LOCK_KEY: i64 = 0x5352_4246_494c_4553;
