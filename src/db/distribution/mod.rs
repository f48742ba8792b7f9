//! The distribution index: every hop of every letter's distribution tree, kept in the same
//! transaction as each delivery it mirrors, with counts per (tree, recipient kind, status).
//! docs/decisions/0007-distribution-index.md gives the why; the rules are:
//!
//! - A letter's tree holds its deliveries that were not routed (depth 1), and below each hop
//!   - the deliveries routed on from the receipt of that hop (inside the recipient office), and
//!   - the hops of letters the recipient issued to forward the hop's letter (หนังสือเวียน
//!     forwarding it), with everything below them. A forwarding letter issued by an internal
//!     unit that was never routed the letter in the system hangs below the nearest office above
//!     the unit that got it.
//! - A delivery is in a tree once, where it was first placed; a forwarding letter hangs below
//!   the highest (then first) hop of the letter it forwards to its issuer.
//! - Each hop is in exactly one delivery status; `forwarded` is a flag beside it. Cancelling a
//!   receipt's number does not move the hop: the letter did arrive (the register shows the
//!   number cancelled).
//!
//! The delivery model calls in here on every insert and status change, so no path that writes
//! deliveries can miss it.

use crate::db::models::delivery::Delivery;
use crate::db::models::hop::{self, Deltas, HopRow};
use crate::db::models::{letter, letter_link, org, receipt};
use crate::db::schema::{deliveries, distribution_counts, distribution_hops, index_builds};
use crate::db::AnyConnection;
use crate::domain::{LinkRelation, OrgKind};
use diesel::prelude::*;
use diesel::QueryResult;

pub mod read;
use std::collections::{BTreeMap, HashMap};

/// Deeper than any real chain (national → province → district → local body → units).
pub const MAX_DEPTH: i32 = 64;
/// Unit levels climbed to find the office a unit's forwarding letter hangs below.
const MAX_CLIMB: usize = 16;
const INDEX_NAME: &str = "distribution";

/// Places newly inserted deliveries in every tree that holds them.
pub fn deliveries_added(conn: &mut AnyConnection, added: &[Delivery]) -> QueryResult<()> {
    if added.is_empty() {
        return Ok(());
    }
    let mut letter_ids: Vec<i64> = added.iter().map(|d| d.letter_id).collect();
    letter_ids.sort_unstable();
    letter_ids.dedup();
    let due: HashMap<i64, Option<chrono::NaiveDate>> = letter::find_many(conn, &letter_ids)?
        .into_iter()
        .map(|l| (l.id, l.due_date))
        .collect();
    let mut deltas = Deltas::default();
    let mut roots = Vec::new();
    for d in added.iter().filter(|d| d.source_receipt_id.is_none()) {
        roots.push(row(d, due.get(&d.letter_id).copied().flatten(), None));
    }
    for h in hop::insert(conn, &roots)? {
        deltas.added(&h);
    }
    for d in added.iter().filter(|d| d.source_receipt_id.is_some()) {
        routed(
            conn,
            d,
            due.get(&d.letter_id).copied().flatten(),
            &mut deltas,
        )?;
    }
    deltas.apply(conn)?;
    let mut by_letter: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for d in added.iter().filter(|d| d.source_receipt_id.is_none()) {
        by_letter.entry(d.letter_id).or_default().push(d.id);
    }
    for (letter_id, ids) in by_letter {
        graft(conn, letter_id, Some(&ids))?;
    }
    late_forwarders(conn, added)
}

/// A delivery's own hop at the top of its letter's tree, or below `parent`.
fn row(d: &Delivery, due: Option<chrono::NaiveDate>, parent: Option<&HopRow>) -> HopRow {
    let seg = hop::segment(d.id);
    HopRow {
        root_letter_id: parent.map_or(d.letter_id, |p| p.root_letter_id),
        delivery_id: d.id,
        parent_delivery_id: parent.map(|p| p.delivery_id),
        depth: parent.map_or(1, |p| p.depth + 1),
        path: parent.map_or(seg.clone(), |p| format!("{}{seg}", p.path)),
        recipient_id: d.recipient_id,
        recipient_name: d.recipient_name.clone(),
        recipient_kind: d.recipient_kind.as_str().to_string(),
        status: d.status.as_str().to_string(),
        due_date: due,
        forwarded: false,
        reached_at: (d.status != crate::domain::DeliveryStatus::Pending)
            .then_some(d.status_changed_at.unwrap_or(d.created_at)),
    }
}

/// A delivery routed on from a receipt: below the receipt's hop, in every tree holding it.
fn routed(
    conn: &mut AnyConnection,
    d: &Delivery,
    due: Option<chrono::NaiveDate>,
    deltas: &mut Deltas,
) -> QueryResult<()> {
    let Some(source) = d.source_receipt_id else {
        return Ok(());
    };
    let Some(parent) = receipt::find(conn, source)?.and_then(|r| r.delivery_id) else {
        // Routed from a paper receipt: no hop to hang below.
        return Ok(());
    };
    let parents = hop::of_deliveries(conn, &[parent])?;
    let rows: Vec<HopRow> = parents
        .iter()
        .filter(|p| p.depth < MAX_DEPTH)
        .map(|p| row(d, due, Some(p)))
        .collect();
    for h in hop::insert(conn, &rows)? {
        deltas.added(&h);
    }
    forwarded(conn, &[parent], deltas)
}

/// Flags a delivery's hops as forwarded (the recipient passed the letter on where this tree
/// cannot follow, e.g. on a peer instance), keeping the counts.
pub fn mark_forwarded(conn: &mut AnyConnection, delivery_id: i64) -> QueryResult<()> {
    let mut deltas = Deltas::default();
    forwarded(conn, &[delivery_id], &mut deltas)?;
    deltas.apply(conn)
}

/// Flags hops as forwarded, counting each once.
fn forwarded(conn: &mut AnyConnection, ids: &[i64], deltas: &mut Deltas) -> QueryResult<()> {
    for h in hop::set_forwarded(conn, ids)? {
        deltas.add(&h, hop::FORWARDED, 1);
    }
    Ok(())
}

/// Hangs the hops of forwarding letter `letter_id` (all of them, or the deliveries `only`)
/// below its parent hop in every tree holding that hop.
pub fn graft(conn: &mut AnyConnection, letter_id: i64, only: Option<&[i64]>) -> QueryResult<()> {
    let parents = parent_hops(conn, letter_id)?;
    if parents.is_empty() {
        return Ok(());
    }
    let own: Vec<HopRow> = match only {
        Some(ids) => hop::of_deliveries(conn, ids)?
            .into_iter()
            .filter(|h| h.root_letter_id == letter_id)
            .collect(),
        None => hop::of_tree(conn, letter_id)?,
    };
    let mut deltas = Deltas::default();
    let mut rows = Vec::new();
    for g in &parents {
        for h in own.iter().filter(|h| h.depth + g.depth <= MAX_DEPTH) {
            rows.push(HopRow {
                root_letter_id: g.root_letter_id,
                parent_delivery_id: h.parent_delivery_id.or(Some(g.delivery_id)),
                depth: h.depth + g.depth,
                path: format!("{}{}", g.path, h.path),
                ..h.clone()
            });
        }
    }
    for h in hop::insert(conn, &rows)? {
        deltas.added(&h);
    }
    if !own.is_empty() {
        let ids: Vec<i64> = parents.iter().map(|g| g.delivery_id).collect();
        forwarded(conn, &ids, &mut deltas)?;
    }
    deltas.apply(conn)
}

/// The hop each tree hangs a forwarding letter below: a hop of a letter it forwards, to its
/// issuer or, climbing, to the office above an issuing unit; per tree the highest, then first.
fn parent_hops(conn: &mut AnyConnection, letter_id: i64) -> QueryResult<Vec<HopRow>> {
    let Some(l) = letter::find(conn, letter_id)? else {
        return Ok(Vec::new());
    };
    let targets: Vec<i64> = letter_link::from_letters(conn, &[letter_id])?
        .into_iter()
        .filter(|k| k.relation == LinkRelation::Forwards && k.to_letter_id != letter_id)
        .map(|k| k.to_letter_id)
        .collect();
    let Some(issuer) = l.issuer_id.or(l.recorded_by_org_id) else {
        return Ok(Vec::new());
    };
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let mut offices = vec![issuer];
    offices.extend(offices_above_unit(conn, issuer)?);
    for office in offices {
        let ids: Vec<i64> = deliveries::table
            .filter(deliveries::letter_id.eq_any(&targets))
            .filter(deliveries::recipient_id.eq(office))
            .select(deliveries::id)
            .load(conn)?;
        let mut best: BTreeMap<i64, HopRow> = BTreeMap::new();
        for h in hop::of_deliveries(conn, &ids)? {
            if h.root_letter_id == letter_id {
                continue;
            }
            let better = best
                .get(&h.root_letter_id)
                .is_none_or(|b| (h.depth, &h.path) < (b.depth, &b.path));
            if better {
                best.insert(h.root_letter_id, h);
            }
        }
        if !best.is_empty() {
            return Ok(best.into_values().collect());
        }
    }
    Ok(Vec::new())
}

/// New hops may be the parent a forwarding letter was waiting for (it was issued before the
/// letter reached its office in the system): such letters are grafted now.
fn late_forwarders(conn: &mut AnyConnection, added: &[Delivery]) -> QueryResult<()> {
    let mut letter_ids: Vec<i64> = added.iter().map(|d| d.letter_id).collect();
    letter_ids.sort_unstable();
    letter_ids.dedup();
    let links = letter_link::to_letters(conn, &letter_ids, Some(LinkRelation::Forwards.as_str()))?;
    if links.is_empty() {
        return Ok(());
    }
    let mut from: Vec<i64> = links.iter().map(|k| k.from_letter_id).collect();
    from.sort_unstable();
    from.dedup();
    for f in letter::find_many(conn, &from)? {
        let Some(issuer) = f.issuer_id.or(f.recorded_by_org_id) else {
            continue;
        };
        let forwarded: Vec<i64> = links
            .iter()
            .filter(|k| k.from_letter_id == f.id)
            .map(|k| k.to_letter_id)
            .collect();
        let reached: Vec<i64> = added
            .iter()
            .filter(|d| forwarded.contains(&d.letter_id))
            .map(|d| d.recipient_id)
            .collect();
        if reached.contains(&issuer)
            || offices_above_unit(conn, issuer)?
                .iter()
                .any(|o| reached.contains(o))
        {
            graft(conn, f.id, None)?;
        }
    }
    Ok(())
}

/// The offices above `office` while it is an internal unit (none for an office).
fn offices_above_unit(conn: &mut AnyConnection, mut office: i64) -> QueryResult<Vec<i64>> {
    let mut above = Vec::new();
    for _ in 0..MAX_CLIMB {
        match org::find(conn, office)? {
            Some(o) if o.kind == OrgKind::Unit => match o.parent_id {
                Some(up) => {
                    above.push(up);
                    office = up;
                }
                None => break,
            },
            _ => break,
        }
    }
    Ok(above)
}

/// Fills the index from the rows already there, once (a database older than the index):
/// every delivery is placed in id order, as if it had just been inserted.
pub fn build_if_needed(conn: &mut AnyConnection) -> QueryResult<bool> {
    let built: i64 = index_builds::table
        .filter(index_builds::name.eq(INDEX_NAME))
        .count()
        .get_result(conn)?;
    if built > 0 {
        return Ok(false);
    }
    diesel::delete(distribution_hops::table).execute(conn)?;
    diesel::delete(distribution_counts::table).execute(conn)?;
    let mut after = 0_i64;
    loop {
        let batch: Vec<Delivery> = deliveries::table
            .filter(deliveries::id.gt(after))
            .order(deliveries::id)
            .limit(1000)
            .select(Delivery::as_select())
            .load(conn)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for d in &batch {
            deliveries_added(conn, std::slice::from_ref(d))?;
        }
    }
    diesel::insert_into(index_builds::table)
        .values((
            index_builds::name.eq(INDEX_NAME),
            index_builds::built_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// A delivery moved from one status to another: its hops and the counts follow.
pub fn status_changed(
    conn: &mut AnyConnection,
    delivery_id: i64,
    to: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let mut deltas = Deltas::default();
    for h in hop::set_status(conn, delivery_id, to, at)? {
        if h.status != to {
            let (root, office, kind) = (h.root_letter_id, h.recipient_id, &h.recipient_kind);
            deltas.count(root, office, kind, &h.status, -1);
            deltas.count(root, office, kind, to, 1);
        }
    }
    deltas.apply(conn)
}

/// PostgreSQL: a delivery moved from `from` to `to`, its hops and the counts with it, in one
/// statement (three round trips on SQLite, where they cost nothing: `delivery::set_status`, then
/// [`status_changed`]). The counts move as [`hop::Deltas`] moves them: a hop out of its old
/// status and into the new one, by shard of its recipient, in key order (bytewise, as Rust
/// orders the keys of a dispatch's counts, so the two lock shared rows in the same order).
/// Whether the delivery was still `from`.
pub fn delivery_status_moved(
    conn: &mut diesel::PgConnection,
    delivery_id: i64,
    from: &str,
    to: &str,
    note: Option<&str>,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    use crate::db::fixed::{fixed, Bind};
    use diesel::sql_types::BigInt;
    #[derive(diesel::QueryableByName)]
    struct Moved {
        #[diesel(sql_type = BigInt)]
        moved: i64,
    }
    let reached = (to != crate::domain::DeliveryStatus::Pending.as_str()).then_some(at);
    let q = fixed::<diesel::sql_types::Untyped>(
        &[
            "WITH d AS (UPDATE deliveries SET status = ",
            ", status_changed_at = ",
            ", status_note = ",
            " WHERE id = ",
            " AND status = ",
            " RETURNING id), \
             h AS (UPDATE distribution_hops h SET status = ",
            ", reached_at = ",
            " FROM distribution_hops o, d WHERE h.delivery_id = d.id \
             AND o.root_letter_id = h.root_letter_id AND o.delivery_id = h.delivery_id \
             RETURNING o.root_letter_id, o.recipient_id, o.recipient_kind, o.status), \
             m AS (SELECT root_letter_id, recipient_kind, status, \
             mod(recipient_id, ",
            ")::int AS shard, -1::bigint AS by FROM h WHERE status <> ",
            " UNION ALL SELECT root_letter_id, recipient_kind, ",
            ", mod(recipient_id, ",
            ")::int, 1::bigint FROM h WHERE status <> ",
            "), c AS (INSERT INTO distribution_counts \
             (root_letter_id, recipient_kind, status, shard, hops) \
             SELECT root_letter_id, recipient_kind, status, shard, sum(by)::bigint FROM m \
             GROUP BY 1, 2, 3, 4 HAVING sum(by) <> 0 \
             ORDER BY root_letter_id, recipient_kind COLLATE \"C\", status COLLATE \"C\", shard \
             ON CONFLICT (root_letter_id, recipient_kind, status, shard) \
             DO UPDATE SET hops = distribution_counts.hops + excluded.hops) \
             SELECT count(*) AS moved FROM d",
        ],
        vec![
            Bind::Text(to),
            Bind::Time(at),
            Bind::OptText(note),
            Bind::Int(delivery_id),
            Bind::Text(from),
            Bind::Text(to),
            Bind::OptTime(reached),
            Bind::Int(hop::SHARDS),
            Bind::Text(to),
            Bind::Text(to),
            Bind::Int(hop::SHARDS),
            Bind::Text(to),
        ],
    );
    let moved: Vec<Moved> = q.load(conn)?;
    Ok(moved.first().is_some_and(|m| m.moved == 1))
}
