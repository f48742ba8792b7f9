//! Reading the distribution index: a page of hops in tree order, their count, and the counts
//! of a tree or of some of its subtrees.

use crate::db::models::hop::{self, HopRow};
use crate::db::schema::distribution_hops as dh;
use crate::db::visibility::DbBackend;
use crate::db::AnyConnection;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel::QueryResult;

type Condition = Box<dyn BoxableExpression<dh::table, DbBackend, SqlType = Bool>>;

/// Which hops of a tree: all of them, or those in some subtrees (each given by its top path).
#[derive(Debug, Clone)]
pub enum Scope {
    Tree,
    Subtrees(Vec<String>),
}

/// A filter over one tree's hops.
#[derive(Debug, Clone)]
pub struct HopFilter {
    pub root: i64,
    pub scope: Scope,
    pub status: Option<String>,
    pub kind: Option<String>,
    /// Only pending hops whose due date is before this day.
    pub overdue_before: Option<NaiveDate>,
    /// Only hops whose office name holds this text.
    pub name: Option<String>,
    pub max_depth: Option<i32>,
}

fn within(scope: &Scope) -> Condition {
    match scope {
        Scope::Tree => Box::new(dh::path.is_not_null()),
        Scope::Subtrees(tops) => {
            let mut cond: Condition = Box::new(dh::path.is_null());
            for top in tops {
                let range = dh::path
                    .ge(top.clone())
                    .and(dh::path.lt(hop::subtree_end(top)));
                cond = Box::new(cond.or(range));
            }
            cond
        }
    }
}

fn filtered(f: &HopFilter) -> dh::BoxedQuery<'static, DbBackend> {
    let mut q = dh::table
        .filter(dh::root_letter_id.eq(f.root))
        .filter(within(&f.scope))
        .into_boxed();
    if let Some(s) = &f.status {
        q = q.filter(dh::status.eq(s.clone()));
    }
    if let Some(k) = &f.kind {
        q = q.filter(dh::recipient_kind.eq(k.clone()));
    }
    if let Some(day) = f.overdue_before {
        q = q
            .filter(dh::status.eq(crate::domain::DeliveryStatus::Pending.as_str()))
            .filter(dh::due_date.lt(day));
    }
    if let Some(n) = &f.name {
        q = q.filter(
            dh::recipient_name
                .like(crate::db::search::like_pattern(n))
                .escape('\\'),
        );
    }
    if let Some(d) = f.max_depth {
        q = q.filter(dh::depth.le(d));
    }
    q
}

/// Up to `limit` hops after the path `after`, in tree order.
pub fn page(
    conn: &mut AnyConnection,
    f: &HopFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<HopRow>> {
    let mut q = filtered(f);
    if let Some(a) = after {
        q = q.filter(dh::path.gt(a.to_string()));
    }
    q.order(dh::path)
        .limit(limit)
        .select(HopRow::as_select())
        .load(conn)
}

/// How many hops the filter matches.
pub fn total(conn: &mut AnyConnection, f: &HopFilter) -> QueryResult<i64> {
    filtered(f).count().get_result(conn)
}

/// Hop counts per (kind, status, forwarded) over the scope.
pub fn counts(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
) -> QueryResult<Vec<(String, String, bool, i64)>> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(within(scope))
        .group_by((dh::recipient_kind, dh::status, dh::forwarded))
        .select((dh::recipient_kind, dh::status, dh::forwarded, count_star()))
        .load(conn)
}

/// Pending hops past their due date, per kind, over the scope (counted when read: a hop
/// becomes overdue by the calendar, not by a write).
pub fn overdue(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
    today: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(within(scope))
        .filter(dh::status.eq(crate::domain::DeliveryStatus::Pending.as_str()))
        .filter(dh::due_date.lt(today))
        .group_by(dh::recipient_kind)
        .select((dh::recipient_kind, count_star()))
        .load(conn)
}

/// Distinct recipient offices over the scope.
pub fn offices(conn: &mut AnyConnection, root: i64, scope: &Scope) -> QueryResult<i64> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(within(scope))
        .select(diesel::dsl::count(dh::recipient_id).aggregate_distinct())
        .first(conn)
}

/// The hops of a tree that reach these offices, in tree order.
pub fn to_offices(
    conn: &mut AnyConnection,
    root: i64,
    offices: &[i64],
) -> QueryResult<Vec<HopRow>> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(dh::recipient_id.eq_any(offices))
        .order(dh::path)
        .select(HopRow::as_select())
        .load(conn)
}

/// When each hop of the scope left `pending` (`None` while pending), with its kind.
pub fn reached(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
) -> QueryResult<Vec<(String, Option<chrono::NaiveDateTime>)>> {
    dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(within(scope))
        .select((dh::recipient_kind, dh::reached_at))
        .load(conn)
}

/// Hops of the scope whose e-mail notice is in one of `statuses`, in tree order, with the
/// notice's status and last error.
pub fn with_notice(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
    statuses: &[&str],
    limit: i64,
) -> QueryResult<Vec<(HopRow, String, Option<String>)>> {
    use crate::db::schema::email_outbox as eo;
    let in_tree: Vec<i64> = dh::table
        .filter(dh::root_letter_id.eq(root))
        .filter(within(scope))
        .select(dh::delivery_id)
        .load(conn)?;
    let mut notices: Vec<(Option<i64>, String, Option<String>)> = Vec::new();
    for chunk in in_tree.chunks(crate::db::models::letter::BIND_CHUNK) {
        notices.extend(
            eo::table
                .filter(eo::delivery_id.eq_any(chunk.iter().map(|&d| Some(d))))
                .filter(eo::status.eq_any(statuses))
                .select((eo::delivery_id, eo::status, eo::last_error))
                .load::<(Option<i64>, String, Option<String>)>(conn)?,
        );
    }
    let by_delivery: std::collections::HashMap<i64, (String, Option<String>)> = notices
        .into_iter()
        .filter_map(|(d, s, e)| d.map(|d| (d, (s, e))))
        .collect();
    let ids: Vec<i64> = by_delivery.keys().copied().collect();
    let mut hops: Vec<HopRow> = hop::of_deliveries(conn, &ids)?
        .into_iter()
        .filter(|h| h.root_letter_id == root)
        .collect();
    hops.sort_by(|a, b| a.path.cmp(&b.path));
    hops.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(hops
        .into_iter()
        .filter_map(|h| {
            let (s, e) = by_delivery.get(&h.delivery_id)?.clone();
            Some((h, s, e))
        })
        .collect())
}
