//! `GET /api/v1/audit`: audit entries, to administrators and to the office they concern.

use crate::db::audit::Entry;
use crate::db::schema::audit_events as ae;
use crate::db::AnyConnection;
use crate::domain::access as policy;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::paging;
use crate::services::paging::Page;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// The office whose chain to list; default the caller's office (admins: every chain).
    pub office_id: Option<i64>,
    /// 1..1000, default 100.
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Newest first.
pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    q: &AuditQuery,
) -> Result<Page<Entry>, AppError> {
    let office = q
        .office_id
        .or(if actor.is_admin() { None } else { actor.org_id });
    policy::read_audit(actor, office)?;
    let limit = match q.limit {
        None => 100,
        Some(n) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return Err(AppError::invalid(
                "limit",
                "limit must be between 1 and 1000",
            ))
        }
    };
    let before = paging::position(q.cursor.as_deref())?;
    // An office's entries are its chain, newest first by `seq`, which the chain's unique index
    // orders (seq and id rise together within a chain: its head row is locked while an entry is
    // appended); the cursor is then the last seq shown. Every chain at once goes by id.
    let chain = office.map(|id| crate::db::audit::chain_of(Some(id)));
    let mut query = ae::table.into_boxed();
    let mut count = ae::table.into_boxed();
    if let Some(chain) = &chain {
        query = query.filter(ae::chain.eq(chain.clone()));
        count = count.filter(ae::chain.eq(chain.clone()));
    }
    query = match (&chain, before > 0) {
        (Some(_), true) => query.filter(ae::seq.lt(before)).order(ae::seq.desc()),
        (Some(_), false) => query.order(ae::seq.desc()),
        (None, true) => query.filter(ae::id.lt(before)).order(ae::id.desc()),
        (None, false) => query.order(ae::id.desc()),
    };
    let items: Vec<Entry> = query.limit(limit).select(Entry::as_select()).load(conn)?;
    let total: i64 = count.count().get_result(conn)?;
    let by_seq = chain.is_some();
    let next_cursor = paging::after_last(&items, limit, |e| if by_seq { e.seq } else { e.id });
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
