//! Offices (ส่วนราชการ) as a tree.

use crate::db::connection::db_run;
use crate::db::schema::orgs;
use crate::db::AnyConnection;
use crate::domain::{CircularSeries, OrgKind};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orgs)]
pub struct Org {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    #[diesel(deserialize_as = String)]
    pub kind: OrgKind,
    pub parent_id: Option<i64>,
    pub letter_code: Option<String>,
    pub email: Option<String>,
    #[diesel(deserialize_as = String)]
    pub circular_series: CircularSeries,
    pub series_owner_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub phone: Option<String>,
    /// The peer instance hosting this office; `None` for an office hosted here.
    pub peer_id: Option<i64>,
    /// The office's e-CMS organisation ID (`MinistryOrganization/ID`), unique.
    pub ecms_id: Option<String>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = orgs, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OrgFields {
    pub code: Option<String>,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub letter_code: Option<String>,
    pub email: Option<String>,
    pub circular_series: String,
    pub series_owner_id: Option<i64>,
    pub phone: Option<String>,
}

pub fn insert(
    conn: &mut AnyConnection,
    fields: &OrgFields,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(orgs::table)
        .values((fields, orgs::created_at.eq(now), orgs::updated_at.eq(now)))
        .returning(orgs::id)
        .get_result(conn)
}

pub fn update(
    conn: &mut AnyConnection,
    id: i64,
    fields: &OrgFields,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(orgs::table.find(id))
        .set((fields, orgs::updated_at.eq(now)))
        .execute(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Org>> {
    db_run!(conn, |c| orgs::table
        .find(id)
        .select(Org::as_select())
        .first(c)
        .optional())
}

/// These offices by id (ids may repeat; unknown ones are left out).
pub fn by_id(
    conn: &mut AnyConnection,
    ids: impl IntoIterator<Item = i64>,
) -> QueryResult<std::collections::HashMap<i64, Org>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(find_many(conn, &ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<Org>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            orgs::table
                .filter(orgs::id.eq_any(chunk))
                .select(Org::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

pub fn find_by_code(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<Org>> {
    orgs::table
        .filter(orgs::code.eq(code))
        .select(Org::as_select())
        .first(conn)
        .optional()
}

/// Offices in id order, after `after_id`, filtered by parent and kind.
pub fn list(
    conn: &mut AnyConnection,
    parent_id: Option<i64>,
    kind: Option<&str>,
    after_id: i64,
    limit: i64,
) -> QueryResult<(Vec<Org>, i64)> {
    let filtered = || {
        let mut q = orgs::table.into_boxed();
        if let Some(p) = parent_id {
            q = q.filter(orgs::parent_id.eq(p));
        }
        if let Some(k) = kind {
            q = q.filter(orgs::kind.eq(k.to_string()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .filter(orgs::id.gt(after_id))
        .order(orgs::id)
        .limit(limit)
        .select(Org::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// Direct children of any of `parents`, as (id, kind, parent_id).
pub fn children_of(
    conn: &mut AnyConnection,
    parents: &[i64],
) -> QueryResult<Vec<(i64, String, i64)>> {
    let mut found = Vec::new();
    for chunk in parents.chunks(crate::db::models::letter::BIND_CHUNK) {
        let rows: Vec<(i64, String, Option<i64>)> = orgs::table
            .filter(orgs::parent_id.eq_any(chunk))
            .select((orgs::id, orgs::kind, orgs::parent_id))
            .load(conn)?;
        found.extend(
            rows.into_iter()
                .filter_map(|(id, k, p)| p.map(|p| (id, k, p))),
        );
    }
    Ok(found)
}

/// The chain of ancestors of an office, nearest first (stops at a cycle).
pub fn ancestors(conn: &mut AnyConnection, id: i64) -> QueryResult<Vec<i64>> {
    let mut chain = Vec::new();
    let mut current = id;
    while let Some(parent) = orgs::table
        .find(current)
        .select(orgs::parent_id)
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten()
    {
        if chain.contains(&parent) || parent == id {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    Ok(chain)
}

/// Every office that has an import code.
pub fn all_with_code(conn: &mut AnyConnection) -> QueryResult<Vec<Org>> {
    orgs::table
        .filter(orgs::code.is_not_null())
        .select(Org::as_select())
        .load(conn)
}

/// The recursive step of an office's scope, written once for every query that needs it: a
/// `scope(id)` CTE seeded with offices, to which this adds their units (`kind = 'unit'`) at any
/// depth. `UNION` drops repeats, so even a cycle in the tree ends.
macro_rules! units_of_scope {
    () => {
        " UNION SELECT orgs.id FROM orgs JOIN scope ON orgs.parent_id = scope.id \
         WHERE orgs.kind = 'unit')"
    };
}
pub(crate) use units_of_scope;

/// An office and its internal units at any depth (a unit's sub-units too, never another office
/// below it): a clerk of the office acts for them too. The office first, then its units by id.
pub fn office_and_units(conn: &mut AnyConnection, org_id: i64) -> QueryResult<Vec<i64>> {
    use crate::db::fixed::{fixed, Bind};
    let q = fixed::<diesel::sql_types::BigInt>(
        &[
            "WITH RECURSIVE scope(id) AS (SELECT CAST(",
            concat!(
                " AS BIGINT)",
                units_of_scope!(),
                " SELECT id FROM scope ORDER BY id = "
            ),
            " DESC, id",
        ],
        vec![Bind::Int(org_id), Bind::Int(org_id)],
    );
    db_run!(conn, |c| q.load::<i64>(c))
}

/// Offices without an e-mail address (`phone`: without a telephone number), blank counted as
/// none, in id order after `after_id`, and how many there are.
pub fn without_contact(
    conn: &mut AnyConnection,
    phone: bool,
    after_id: i64,
    limit: i64,
) -> QueryResult<(Vec<Org>, i64)> {
    let filtered = || {
        let q = orgs::table.into_boxed();
        if phone {
            q.filter(orgs::phone.is_null().or(orgs::phone.eq("")))
        } else {
            q.filter(orgs::email.is_null().or(orgs::email.eq("")))
        }
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .filter(orgs::id.gt(after_id))
        .order(orgs::id)
        .limit(limit)
        .select(Org::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// Every office's id and letter code, in id order.
pub fn letter_codes(conn: &mut AnyConnection) -> QueryResult<Vec<(i64, Option<String>)>> {
    orgs::table
        .order(orgs::id)
        .select((orgs::id, orgs::letter_code))
        .load(conn)
}

/// Sets (or clears) an office's e-CMS organisation ID; the unique index refuses a second holder.
pub fn set_ecms_id(conn: &mut AnyConnection, id: i64, ecms_id: Option<&str>) -> QueryResult<usize> {
    diesel::update(orgs::table.find(id))
        .set(orgs::ecms_id.eq(ecms_id))
        .execute(conn)
}

/// Makes an office hosted by a peer (`Some`) or here (`None`).
pub fn set_peer(conn: &mut AnyConnection, id: i64, peer_id: Option<i64>) -> QueryResult<usize> {
    diesel::update(orgs::table.find(id))
        .set(orgs::peer_id.eq(peer_id))
        .execute(conn)
}

pub fn find_by_ecms_id(conn: &mut AnyConnection, ecms_id: &str) -> QueryResult<Option<Org>> {
    orgs::table
        .filter(orgs::ecms_id.eq(ecms_id))
        .select(Org::as_select())
        .first(conn)
        .optional()
}

/// The offices hosted here that have a code: what this instance publishes to its peers.
pub fn local_with_code(conn: &mut AnyConnection) -> QueryResult<Vec<Org>> {
    orgs::table
        .filter(orgs::peer_id.is_null())
        .filter(orgs::code.is_not_null())
        .order(orgs::id)
        .select(Org::as_select())
        .load(conn)
}

/// How many offices each peer hosts, as (peer id, count).
pub fn count_by_peer(conn: &mut AnyConnection) -> QueryResult<Vec<(Option<i64>, i64)>> {
    orgs::table
        .filter(orgs::peer_id.is_not_null())
        .group_by(orgs::peer_id)
        .select((orgs::peer_id, diesel::dsl::count_star()))
        .load(conn)
}
