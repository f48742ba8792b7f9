//! Rows of the distribution index (`distribution_hops`) and its kept counts
//! (`distribution_counts`). What they mean and how they are kept: [`crate::db::distribution`].

use crate::db::connection::db_run;
use crate::db::schema::distribution_counts as dc;
use crate::db::schema::distribution_hops as dh;
use crate::db::AnyConnection;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel::QueryResult;
use std::collections::BTreeMap;

/// Digits of one delivery id in a path.
pub const SEGMENT: usize = 12;
/// Shards of each (tree, kind, status) count, chosen by the hop's recipient office: receipts of
/// one circular by thousands of offices spread over 64 rows instead of queueing on one (a
/// receipt holds its row until its batch commits). The office is also what picks an office's
/// group-commit writer (`Db::write_for`: office modulo the writers), so with a number of writers
/// that divides 64 two writers never change the same count row at once.
pub const SHARDS: i64 = 64;
/// The key of the `forwarded` flag among the counts' statuses.
pub const FORWARDED: &str = "forwarded";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dh, treat_none_as_default_value = false)]
pub struct HopRow {
    pub root_letter_id: i64,
    pub delivery_id: i64,
    pub parent_delivery_id: Option<i64>,
    pub depth: i32,
    pub path: String,
    pub recipient_id: i64,
    pub recipient_name: String,
    pub recipient_kind: String,
    pub status: String,
    pub due_date: Option<NaiveDate>,
    pub forwarded: bool,
    pub reached_at: Option<chrono::NaiveDateTime>,
}

/// One path segment: the delivery id, zero-padded so paths sort depth first.
pub fn segment(delivery_id: i64) -> String {
    format!("{delivery_id:0width$}", width = SEGMENT)
}

/// The first path after every path of the subtree at `path` (digits sort before `:`).
pub fn subtree_end(path: &str) -> String {
    format!("{path}:")
}

/// Inserts hops, skipping any (tree, delivery) already there; returns the rows written.
pub fn insert(conn: &mut AnyConnection, rows: &[HopRow]) -> QueryResult<Vec<HopRow>> {
    let mut written = Vec::with_capacity(rows.len());
    // 10 columns a row: far below both backends' bind limits.
    for chunk in rows.chunks(500) {
        written.extend(db_run!(conn, |c| diesel::insert_into(dh::table)
            .values(chunk)
            .on_conflict((dh::root_letter_id, dh::delivery_id))
            .do_nothing()
            .returning(HopRow::as_returning())
            .get_results(c)?));
    }
    Ok(written)
}

/// Every hop of these deliveries, in every tree that holds them.
pub fn of_deliveries(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<HopRow>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            dh::table
                .filter(dh::delivery_id.eq_any(chunk))
                .select(HopRow::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// The hops of one tree, in path order (depth first).
pub fn of_tree(conn: &mut AnyConnection, root: i64) -> QueryResult<Vec<HopRow>> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .order(dh::path)
        .select(HopRow::as_select())
        .load(conn)
}

/// A hop as it was before its status changed: what its counts are keyed by.
#[derive(Debug, Clone, QueryableByName)]
pub struct Was {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub root_letter_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub recipient_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub recipient_kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub status: String,
}

/// Sets the status of a delivery's hops; returns them as they were. PostgreSQL changes them and
/// reads their old status in one statement (joined to their own rows as the statement found
/// them); SQLite, where a round trip costs nothing, reads them first.
pub fn set_status(
    conn: &mut AnyConnection,
    delivery_id: i64,
    status: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<Vec<Was>> {
    use crate::db::fixed::{fixed, Bind};
    let reached = (status != crate::domain::DeliveryStatus::Pending.as_str()).then_some(at);
    let binds = vec![
        Bind::Text(status),
        Bind::OptTime(reached),
        Bind::Int(delivery_id),
    ];
    if let AnyConnection::Postgres(c) = conn {
        let q = fixed::<diesel::sql_types::Untyped>(
            &[
                "UPDATE distribution_hops h SET status = ",
                ", reached_at = ",
                " FROM distribution_hops o WHERE h.delivery_id = ",
                " AND o.root_letter_id = h.root_letter_id AND o.delivery_id = h.delivery_id \
                 RETURNING o.root_letter_id, o.recipient_id, o.recipient_kind, o.status",
            ],
            binds,
        );
        return q.load(c);
    }
    let before: Vec<Was> = db_run!(conn, |c| dh::table
        .filter(dh::delivery_id.eq(delivery_id))
        .select((
            dh::root_letter_id,
            dh::recipient_id,
            dh::recipient_kind,
            dh::status,
        ))
        .load::<(i64, i64, String, String)>(c))?
    .into_iter()
    .map(
        |(root_letter_id, recipient_id, recipient_kind, status)| Was {
            root_letter_id,
            recipient_id,
            recipient_kind,
            status,
        },
    )
    .collect();
    if !before.is_empty() {
        let q = fixed::<()>(
            &[
                "UPDATE distribution_hops SET status = ",
                ", reached_at = ",
                " WHERE delivery_id = ",
                "",
            ],
            binds,
        );
        db_run!(conn, |c| q.execute(c))?;
    }
    Ok(before)
}

/// Flags these deliveries' hops as forwarded; returns the hops that were not yet.
pub fn set_forwarded(conn: &mut AnyConnection, delivery_ids: &[i64]) -> QueryResult<Vec<HopRow>> {
    let before: Vec<HopRow> = of_deliveries(conn, delivery_ids)?
        .into_iter()
        .filter(|h| !h.forwarded)
        .collect();
    for chunk in delivery_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        diesel::update(
            dh::table
                .filter(dh::delivery_id.eq_any(chunk))
                .filter(dh::forwarded.eq(false)),
        )
        .set(dh::forwarded.eq(true))
        .execute(conn)?;
    }
    Ok(before)
}

/// Changes to the kept counts, keyed by (tree, kind, status, shard).
#[derive(Debug, Default)]
pub struct Deltas(BTreeMap<CountKey, i64>);

/// A kept count's key: (tree, kind, status, shard).
type CountKey = (i64, String, String, i32);

impl Deltas {
    pub fn add(&mut self, hop: &HopRow, status: &str, by: i64) {
        self.count(
            hop.root_letter_id,
            hop.recipient_id,
            &hop.recipient_kind,
            status,
            by,
        );
    }

    /// Moves the count of a hop to `recipient` in tree `root` with this kind and status by `by`.
    pub fn count(&mut self, root: i64, recipient: i64, kind: &str, status: &str, by: i64) {
        // Reads sum the shards, so rows counted before by another key still add up.
        let shard = i32::try_from(recipient.rem_euclid(SHARDS)).unwrap_or(0);
        let key = (root, kind.to_string(), status.to_string(), shard);
        *self.0.entry(key).or_default() += by;
    }

    /// Counts a new hop: its status, and the flag when it is already forwarded.
    pub fn added(&mut self, hop: &HopRow) {
        self.add(hop, &hop.status, 1);
        if hop.forwarded {
            self.add(hop, FORWARDED, 1);
        }
    }

    /// Writes the changes in one statement: each key's row made, or moved by its delta.
    /// Rows come in key order, so two writers lock shared rows in the same order.
    pub fn apply(self, conn: &mut AnyConnection) -> QueryResult<()> {
        let changes: Vec<_> = self.0.into_iter().filter(|(_, by)| *by != 0).collect();
        if changes.is_empty() {
            return Ok(());
        }
        if changes.len() <= FEW {
            return apply_few(conn, &changes);
        }
        let rows: Vec<_> = changes
            .into_iter()
            .map(|((root, kind, status, shard), by)| {
                (
                    dc::root_letter_id.eq(root),
                    dc::recipient_kind.eq(kind),
                    dc::status.eq(status),
                    dc::shard.eq(shard),
                    dc::hops.eq(by),
                )
            })
            .collect();
        db_run!(conn, |c| diesel::insert_into(dc::table)
            .values(&rows)
            .on_conflict((
                dc::root_letter_id,
                dc::recipient_kind,
                dc::status,
                dc::shard
            ))
            .do_update()
            .set(dc::hops.eq(dc::hops + excluded(dc::hops)))
            .execute(c)?);
        Ok(())
    }
}

/// Up to this many changes (a receipt's or an acknowledgement's: a status out and one in, in
/// each tree holding the delivery) go in one statement whose text depends only on their number,
/// so each connection prepares it once; more (a dispatch's) in diesel's multi-row upsert.
const FEW: usize = 4;

/// The changes in one upsert, in key order, with the statement kept prepared for their number.
fn apply_few(conn: &mut AnyConnection, changes: &[(CountKey, i64)]) -> QueryResult<()> {
    use crate::db::fixed::{fixed, Bind};
    let mut binds = Vec::with_capacity(changes.len() * 5);
    for ((root, kind, status, shard), by) in changes {
        binds.extend([
            Bind::Int(*root),
            Bind::Text(kind),
            Bind::Text(status),
            Bind::Int4(*shard),
            Bind::Int(*by),
        ]);
    }
    let q = fixed::<()>(few_upsert(changes.len()), binds);
    db_run!(conn, |c| q.execute(c))?;
    Ok(())
}

/// The text of an upsert of `rows` counts (1 to [`FEW`]), split around its values; made once.
fn few_upsert(rows: usize) -> &'static [&'static str] {
    static TEXTS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        (1..=FEW)
            .map(|n| {
                let mut pieces = vec![
                    "INSERT INTO distribution_counts \
                     (root_letter_id, recipient_kind, status, shard, hops) VALUES (",
                ];
                for row in 0..n {
                    pieces.extend([", "; 4]);
                    pieces.push(if row + 1 < n { "), (" } else { "" });
                }
                pieces.pop();
                pieces.push(
                    ") ON CONFLICT (root_letter_id, recipient_kind, status, shard) \
                     DO UPDATE SET hops = distribution_counts.hops + excluded.hops",
                );
                pieces
            })
            .collect()
    });
    &texts[rows.clamp(1, FEW) - 1]
}

/// The kept counts of a tree per (kind, status), summed over the shards.
pub fn counts(conn: &mut AnyConnection, root: i64) -> QueryResult<Vec<(String, String, i64)>> {
    let rows: Vec<(String, String, i64)> = dc::table
        .filter(dc::root_letter_id.eq(root))
        .select((dc::recipient_kind, dc::status, dc::hops))
        .load(conn)?;
    let mut sum: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (kind, status, n) in rows {
        *sum.entry((kind, status)).or_default() += n;
    }
    Ok(sum.into_iter().map(|((k, s), n)| (k, s, n)).collect())
}

#[cfg(test)]
mod tests {
    use super::{few_upsert, FEW};

    #[test]
    fn a_few_counts_are_one_upsert_with_five_values_a_row() {
        for n in 1..=FEW {
            let pieces = few_upsert(n);
            assert_eq!(pieces.len(), 5 * n + 1);
            let text: String = pieces.join("?");
            assert_eq!(text.matches("(?, ?, ?, ?, ?)").count(), n, "{text}");
            assert!(
                text.ends_with("distribution_counts.hops + excluded.hops"),
                "{text}"
            );
        }
    }
}
