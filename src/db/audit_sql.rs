//! The audit log's statements, per backend: moving a chain's head on and appending an entry
//! with its new head (and the day's snapshot). Which entry and hash: [`super::audit`]; the
//! PostgreSQL shortcut after a head this process wrote: [`super::audit_head`].

use super::connection::db_run;
use super::connection::AnyConnection;
use diesel::prelude::*;
use diesel::QueryResult;

/// Moves an audit chain's head on to its next seq: (the new seq, the previous entry's hash, the
/// day of the last snapshot). As with [`super::backend::take_next_number`], an `UPDATE` first and, for a chain's
/// first entry, an upsert that makes it (at `genesis`), in one statement on PostgreSQL. The
/// head's row stays locked until the transaction ends.
pub fn take_seq(
    conn: &mut AnyConnection,
    chain: &str,
    genesis: &str,
) -> QueryResult<(i64, String, Option<chrono::NaiveDate>)> {
    use super::fixed::{fixed, Bind};
    use diesel::sql_types::{BigInt, Date, Nullable, Text};
    type Head = (BigInt, Text, Nullable<Date>);
    if let AnyConnection::Postgres(c) = conn {
        let both = fixed::<Head>(
            &[
                "WITH moved AS (UPDATE audit_chains SET seq = seq + 1 WHERE chain = ",
                " RETURNING seq, hash, snapshot_on), made AS (INSERT INTO audit_chains \
                 (chain, seq, hash) SELECT ",
                ", 1, ",
                " WHERE NOT EXISTS (SELECT 1 FROM moved) ON CONFLICT (chain) \
                 DO UPDATE SET seq = audit_chains.seq + 1 RETURNING seq, hash, snapshot_on) \
                 SELECT seq, hash, snapshot_on FROM moved \
                 UNION ALL SELECT seq, hash, snapshot_on FROM made",
            ],
            vec![Bind::Text(chain), Bind::Text(chain), Bind::Text(genesis)],
        );
        return both.get_result(c);
    }
    let update = fixed::<Head>(
        &[
            "UPDATE audit_chains SET seq = seq + 1 WHERE chain = ",
            " RETURNING seq, hash, snapshot_on",
        ],
        vec![Bind::Text(chain)],
    );
    if let Some(head) = db_run!(conn, |c| update.get_result(c).optional())? {
        return Ok(head);
    }
    let upsert = fixed::<Head>(
        &[
            "INSERT INTO audit_chains (chain, seq, hash) VALUES (",
            ", 1, ",
            ") ON CONFLICT (chain) DO UPDATE SET seq = audit_chains.seq + 1 \
             RETURNING seq, hash, snapshot_on",
        ],
        vec![Bind::Text(chain), Bind::Text(genesis)],
    );
    db_run!(conn, |c| upsert.get_result(c))
}

/// PostgreSQL: the audit entry's insert as a CTE, up to its first value.
const PG_ENTRY: &str = "WITH entry AS (INSERT INTO audit_events (chain, seq, at, actor_id, \
     office_id, action, target_type, target_id, before_json, after_json, prev_hash, hash) \
     VALUES (";
/// Between two values.
const SEP: &str = ", ";
/// The chain's new head, after the last value before it.
const HEAD: &str = "UPDATE audit_chains SET hash = ";
const HEAD_DATE: &str = ", snapshot_on = ";
const HEAD_CHAIN: &str = " WHERE chain = ";

/// PostgreSQL: an audit entry (12 values) and its chain's new head (3) in one statement.
#[rustfmt::skip]
const PG_AUDIT_ENTRY: [&str; 16] = [
    PG_ENTRY, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
    ")) UPDATE audit_chains SET hash = ", HEAD_DATE, HEAD_CHAIN, "",
];

/// PostgreSQL: the same with the head's snapshot (4 values between the entry and the head).
#[rustfmt::skip]
const PG_AUDIT_ENTRY_SNAPSHOT: [&str; 20] = [
    PG_ENTRY, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
    ")), head AS (INSERT INTO audit_heads (chain, seq, hash, recorded_at) VALUES (",
    SEP, SEP, SEP,
    ")) UPDATE audit_chains SET hash = ", HEAD_DATE, HEAD_CHAIN, "",
];

/// An audit entry's 12 values in the order of its columns in an insert: chain, seq, at,
/// actor_id, office_id, action, target_type, target_id, before_json, after_json, prev_hash, hash.
pub(super) fn entry_values(e: &super::audit::Entry) -> Vec<super::fixed::Bind<'_>> {
    use super::fixed::Bind;
    vec![
        Bind::Text(&e.chain),
        Bind::Int(e.seq),
        Bind::Time(e.at),
        Bind::OptInt(e.actor_id),
        Bind::OptInt(e.office_id),
        Bind::Text(&e.action),
        Bind::Text(&e.target_type),
        Bind::OptText(e.target_id.as_deref()),
        Bind::OptText(e.before_json.as_deref()),
        Bind::OptText(e.after_json.as_deref()),
        Bind::Text(&e.prev_hash),
        Bind::Text(&e.hash),
    ]
}

/// Appends an audit entry and moves its chain's head to it (the head's row is already locked
/// by the caller's [`take_seq`]); with `snapshot` (the day's first entry) also records
/// the head in `audit_heads`. PostgreSQL does it all in one statement, one or two round trips
/// fewer on every audited write; SQLite runs the statements in-process.
pub fn append_entry(
    conn: &mut AnyConnection,
    e: &super::audit::Entry,
    today: chrono::NaiveDate,
    snapshot: bool,
) -> QueryResult<()> {
    use super::fixed::{fixed, Bind};
    use super::schema::audit_events as ae;
    use super::schema::audit_heads as ah;
    let head = [Bind::Text(&e.hash), Bind::Date(today), Bind::Text(&e.chain)];
    match conn {
        AnyConnection::Postgres(c) => {
            let mut binds = entry_values(e);
            let pieces: &'static [&'static str] = if snapshot {
                binds.extend([
                    Bind::Text(&e.chain),
                    Bind::Int(e.seq),
                    Bind::Text(&e.hash),
                    Bind::Time(e.at),
                ]);
                &PG_AUDIT_ENTRY_SNAPSHOT
            } else {
                &PG_AUDIT_ENTRY
            };
            binds.extend(head);
            fixed::<()>(pieces, binds).execute(c)?;
        }
        AnyConnection::Sqlite(c) => {
            diesel::insert_into(ae::table)
                .values((
                    ae::chain.eq(&e.chain),
                    ae::seq.eq(e.seq),
                    ae::at.eq(e.at),
                    ae::actor_id.eq(e.actor_id),
                    ae::office_id.eq(e.office_id),
                    ae::action.eq(&e.action),
                    ae::target_type.eq(&e.target_type),
                    ae::target_id.eq(&e.target_id),
                    ae::before_json.eq(&e.before_json),
                    ae::after_json.eq(&e.after_json),
                    ae::prev_hash.eq(&e.prev_hash),
                    ae::hash.eq(&e.hash),
                ))
                .execute(c)?;
            fixed::<()>(&[HEAD, HEAD_DATE, HEAD_CHAIN, ""], head.to_vec()).execute(c)?;
            if snapshot {
                diesel::insert_into(ah::table)
                    .values((
                        ah::chain.eq(&e.chain),
                        ah::seq.eq(e.seq),
                        ah::hash.eq(&e.hash),
                        ah::recorded_at.eq(e.at),
                    ))
                    .execute(c)?;
            }
        }
    }
    Ok(())
}
