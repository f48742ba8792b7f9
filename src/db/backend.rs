//! The SQL that differs between SQLite and PostgreSQL, but for the audit log's (`audit_sql`)
//! and search's (`search_sql`). Each function matches the connection variant and works on the
//! inner connection.

use super::connection::db_run;
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
    db_run!(conn, |c| diesel::insert_into(nc::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c)?);
    Ok(())
}

/// Takes the next number of a series: the counter row moved on by one and read back, or for the
/// series' first number the row made (giving 1) by an upsert, which also moves it on if a
/// simultaneous maker got there first. Either way the row stays locked until the transaction
/// ends, so no other transaction takes a number of this series meanwhile. The plain `UPDATE`
/// comes first since the row nearly always exists: on PostgreSQL the upsert costs more than the
/// update it ends in. PostgreSQL runs both in one statement (the upsert only when the update
/// found no row), so an office's first number of a year costs no second round trip; SQLite
/// runs them one after the other. Every statement is prepared once per connection.
pub fn take_next_number(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
) -> QueryResult<i64> {
    use super::fixed::{fixed, Bind};
    use diesel::sql_types::BigInt;
    let binds = vec![Bind::Int(org_id), Bind::Text(series), Bind::Int(year_be)];
    if let AnyConnection::Postgres(c) = conn {
        let both = fixed::<BigInt>(
            &[
                "WITH moved AS (UPDATE number_counters SET next_number = next_number + 1 \
                 WHERE org_id = ",
                " AND series = ",
                " AND year_be = ",
                " RETURNING next_number - 1 AS n), made AS (INSERT INTO number_counters \
                 (org_id, series, year_be, next_number) SELECT ",
                ", ",
                ", ",
                ", 2 WHERE NOT EXISTS (SELECT 1 FROM moved) \
                 ON CONFLICT (org_id, series, year_be) \
                 DO UPDATE SET next_number = number_counters.next_number + 1 \
                 RETURNING next_number - 1 AS n) \
                 SELECT n FROM moved UNION ALL SELECT n FROM made",
            ],
            [binds.as_slice(), binds.as_slice()].concat(),
        );
        return both.get_result::<i64>(c);
    }
    let update = fixed::<BigInt>(
        &[
            "UPDATE number_counters SET next_number = next_number + 1 WHERE org_id = ",
            " AND series = ",
            " AND year_be = ",
            " RETURNING next_number - 1",
        ],
        binds.clone(),
    );
    if let Some(number) = db_run!(conn, |c| update.get_result::<i64>(c).optional())? {
        return Ok(number);
    }
    let upsert = fixed::<BigInt>(
        &[
            "INSERT INTO number_counters (org_id, series, year_be, next_number) VALUES (",
            ", ",
            ", ",
            ", 2) ON CONFLICT (org_id, series, year_be) \
             DO UPDATE SET next_number = number_counters.next_number + 1 \
             RETURNING next_number - 1",
        ],
        binds,
    );
    db_run!(conn, |c| upsert.get_result::<i64>(c))
}

/// Inserts a receipt unless its delivery already has one (the unique index
/// `receipts_one_per_delivery`): the new row, or `None` for a second receipt of a delivery. No
/// error and no savepoint: a simultaneous first receipt makes this one wait, then do nothing.
pub fn insert_receipt_once(
    conn: &mut AnyConnection,
    row: &crate::db::models::receipt::NewReceipt,
) -> QueryResult<Option<crate::db::models::receipt::Receipt>> {
    use super::schema::receipts as r;
    use crate::db::models::receipt::Receipt;
    db_run!(conn, |c| diesel::insert_into(r::table)
        .values(row)
        .on_conflict(r::delivery_id)
        .do_nothing()
        .returning(Receipt::as_returning())
        .get_result(c)
        .optional())
}

/// Takes an office's reminder slot for a period: `true` when this caller wrote the row, `false`
/// when it already existed. `ON CONFLICT DO NOTHING` leaves the transaction usable either way;
/// on PostgreSQL a concurrent writer of the same key waits for ours to end, then does nothing.
pub fn claim_reminder_run(
    conn: &mut AnyConnection,
    org_id: i64,
    period_key: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    use super::schema::reminder_runs as rr;
    let row = (
        rr::org_id.eq(org_id),
        rr::period_key.eq(period_key),
        rr::created_at.eq(now),
    );
    let written = db_run!(conn, |c| diesel::insert_into(rr::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c)?);
    Ok(written == 1)
}

/// Multi-row insert of deliveries, returning the rows written in insertion order.
/// (Batch inserts do not compile through the connection enum.)
pub fn insert_deliveries(
    conn: &mut AnyConnection,
    rows: &[crate::db::models::delivery::NewDelivery],
) -> QueryResult<Vec<crate::db::models::delivery::Delivery>> {
    use super::schema::deliveries as d;
    use crate::db::models::delivery::Delivery;
    db_run!(conn, |c| diesel::insert_into(d::table)
        .values(rows)
        .returning(Delivery::as_returning())
        .get_results(c))
}

/// Multi-row insert of notices (a national circular queues thousands in its dispatch's
/// transaction), returning their ids; 15 columns a row, 1,000 rows a statement.
pub fn insert_notices(
    conn: &mut AnyConnection,
    rows: &[crate::db::models::outbox::NewNotice],
) -> QueryResult<Vec<i64>> {
    use super::schema::email_outbox as t;
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(1000) {
        ids.extend(db_run!(conn, |c| diesel::insert_into(t::table)
            .values(chunk)
            .returning(t::id)
            .get_results::<i64>(c)?));
    }
    Ok(ids)
}

/// Multi-row insert of letters (the benchmark's bulk load); returns how many were written.
pub fn insert_letters_bulk(
    conn: &mut AnyConnection,
    rows: &[crate::db::models::letter::NewLetter],
) -> QueryResult<usize> {
    use super::schema::letters as l;
    let mut written = 0;
    // 22 columns a row: 1,000 rows stay below SQLite's 32,766 and PostgreSQL's 65,535 binds.
    for chunk in rows.chunks(1000) {
        written += db_run!(conn, |c| diesel::insert_into(l::table)
            .values(chunk)
            .execute(c)?);
    }
    Ok(written)
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

/// SQLite: indexes the letters queued since the last commit for the administrators' trigram
/// search (migration 2026-12-27-000001). Runs right before every COMMIT, in the same
/// transaction, so a committed letter is always searchable; PostgreSQL indexes in its triggers.
pub fn index_queued_letters(conn: &mut AnyConnection) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        AnyConnection::Sqlite(c) => c.batch_execute(&format!(
            "INSERT INTO letters_fts (rowid, doc) {QUEUED_DOCUMENTS}; DELETE FROM letters_fts_queue;"
        )),
        AnyConnection::Postgres(_) => Ok(()),
    }
}

/// The queued letters' search documents. CROSS JOIN keeps the queue the outer loop: once
/// ANALYZE has seen it empty, the planner would otherwise fold every letter's document to join
/// it with the queue, at every commit.
const QUEUED_DOCUMENTS: &str =
    "SELECT f.id, f.doc FROM letters_fts_queue q CROSS JOIN letters_fts_doc f ON f.id = q.id";

#[cfg(test)]
mod tests {
    use crate::db::{DatabaseUrl, Db, DbOptions};
    use diesel::sql_types::Text;
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Step {
        #[diesel(sql_type = Text)]
        detail: String,
    }

    #[test]
    fn indexing_before_a_commit_reads_the_queue_not_every_letter_even_after_analyze() {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let db = Db::connect(
            DatabaseUrl::parse(&url).expect("url"),
            &DbOptions::default(),
        )
        .expect("db");
        db.write_blocking(|c| {
            for i in 0..20 {
                diesel::sql_query(format!(
                    "INSERT INTO letters (origin, from_name, number_raw, number_canonical, \
                         circular, subject, addressee, kind, urgency, secrecy, created_at) \
                         VALUES ('recorded', 'กรมส่งเสริมการปกครองท้องถิ่น', 'มท 0810.5/ว {i}', \
                         'มท 0810.5/ว {i}', 1, 'หนังสือเวียน', '', 'external', 'normal', 'normal', \
                         '2026-05-08 09:00:00')"
                ))
                .execute(c)?;
            }
            Ok(())
        })
        .expect("letters");
        let plan = db
            .write_blocking(|c| {
                diesel::sql_query("ANALYZE").execute(c)?;
                Ok(
                    diesel::sql_query(format!("EXPLAIN QUERY PLAN {}", super::QUEUED_DOCUMENTS))
                        .load::<Step>(c)?,
                )
            })
            .expect("plan");
        let steps: Vec<&str> = plan.iter().map(|s| s.detail.as_str()).collect();
        assert_eq!(steps.first(), Some(&"SCAN q"), "{steps:?}");
        assert!(
            steps.iter().all(|s| !s.starts_with("SCAN letters")),
            "{steps:?}"
        );
    }
}
