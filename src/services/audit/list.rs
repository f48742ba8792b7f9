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
    let mut query = ae::table.into_boxed();
    let mut count = ae::table.into_boxed();
    if let Some(id) = office {
        query = query.filter(ae::office_id.eq(id));
        count = count.filter(ae::office_id.eq(id));
    }
    if before > 0 {
        query = query.filter(ae::id.lt(before));
    }
    let items: Vec<Entry> = query
        .order(ae::id.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)?;
    let total: i64 = count.count().get_result(conn)?;
    let next_cursor = paging::after_last(&items, limit, |e| e.id);
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
