//! Which office was sent which period's reminder digest (docs/outbox.md, Reminders).
//! The row is claimed with `db::backend::claim_reminder_run`; its unique key
//! `(org_id, period_key)` keeps an office to one digest a period.

use crate::db::schema::reminder_runs as t;
use crate::db::AnyConnection;
use diesel::prelude::*;
use diesel::QueryResult;

/// Links a claimed period to the digest queued for it.
pub fn set_notice(
    conn: &mut AnyConnection,
    org_id: i64,
    period_key: &str,
    notice_id: i64,
) -> QueryResult<()> {
    diesel::update(
        t::table
            .filter(t::org_id.eq(org_id))
            .filter(t::period_key.eq(period_key)),
    )
    .set(t::notice_id.eq(Some(notice_id)))
    .execute(conn)?;
    Ok(())
}

/// `(org_id, period_key, notice_id)` of every run, oldest first.
pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<(i64, String, Option<i64>)>> {
    t::table
        .order(t::id)
        .select((t::org_id, t::period_key, t::notice_id))
        .load(conn)
}
