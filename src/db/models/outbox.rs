//! The e-mail outbox: one row per notice, claimed by workers with a lease (docs/outbox.md).
//!
//! Every state change is a compare-and-set guarded by `attempts`, so a worker whose lease
//! expired and was taken over can never overwrite the newer owner's result.

use crate::db::schema::email_outbox as t;
use crate::db::AnyConnection;
use crate::domain::notice::NoticeStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Notice {
    pub id: i64,
    pub message_id: String,
    pub template: String,
    pub delivery_id: Option<i64>,
    pub to_addr: Option<String>,
    pub subject: String,
    /// `None` for a delivery's notice: rendered when it is sent
    /// (`services::notices::at_send`). A stored body is sent as stored.
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    #[diesel(deserialize_as = String)]
    pub status: NoticeStatus,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub ack_token: Option<String>,
    pub ack_token_hash: Option<String>,
    pub ack_expires_at: Option<NaiveDateTime>,
    pub ack_used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

impl Notice {
    /// The local part of the notice's Message-ID, `notice-<id>.<random>`: made from the row's
    /// id and its random `message_id`, so the insert needs no second statement to learn the
    /// id. Rows written before that already hold the whole local part.
    pub fn local_part(&self) -> String {
        if self.message_id.starts_with("notice-") {
            self.message_id.clone()
        } else {
            format!("notice-{}.{}", self.id, self.message_id)
        }
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t, treat_none_as_default_value = false)]
pub struct NewNotice {
    /// 64 random bits in hex; the Message-ID's local part is `notice-<id>.<this>`
    /// ([`Notice::local_part`]).
    pub message_id: String,
    pub template: String,
    pub delivery_id: Option<i64>,
    pub to_addr: Option<String>,
    pub subject: String,
    /// `None`: rendered when sent (a delivery's notice); `Some`: sent as stored (a digest).
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub ack_token: Option<String>,
    pub ack_token_hash: Option<String>,
    pub ack_expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewNotice) -> QueryResult<i64> {
    diesel::insert_into(t::table)
        .values(row)
        .returning(t::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Notice>> {
    t::table
        .find(id)
        .select(Notice::as_select())
        .first(conn)
        .optional()
}

fn statuses(list: &[NoticeStatus]) -> Vec<&'static str> {
    list.iter().map(|s| s.as_str()).collect()
}

/// Rows a worker may claim at `now`: due, and not under someone else's live lease.
pub fn due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(i64, i64)>> {
    t::table
        .filter(t::status.eq_any(statuses(&NoticeStatus::CLAIMABLE)))
        .filter(t::next_attempt_at.le(now))
        .filter(t::locked_until.is_null().or(t::locked_until.lt(now)))
        .order((t::next_attempt_at, t::id))
        .limit(limit)
        .select((t::id, t::attempts))
        .load(conn)
}

/// The compare-and-set claim: `true` when this caller now owns the row until `lease_until`.
pub fn claim(
    conn: &mut AnyConnection,
    id: i64,
    seen_attempts: i64,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(seen_attempts))
            .filter(t::status.eq_any(statuses(&NoticeStatus::CLAIMABLE)))
            .filter(t::locked_until.is_null().or(t::locked_until.lt(now))),
    )
    .set((
        t::status.eq(NoticeStatus::Sending.as_str()),
        t::attempts.eq(seen_attempts + 1),
        t::locked_until.eq(Some(lease_until)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Sent: keeps the token's hash, forgets the raw token.
pub fn mark_sent(
    conn: &mut AnyConnection,
    id: i64,
    attempts: i64,
    now: NaiveDateTime,
    ack_expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(NoticeStatus::Sending.as_str())),
    )
    .set((
        t::status.eq(NoticeStatus::Sent.as_str()),
        t::ack_expires_at.eq(Some(ack_expires_at)),
        t::sent_at.eq(Some(now)),
        t::locked_until.eq(None::<NaiveDateTime>),
        t::last_error.eq(None::<String>),
        t::ack_token.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Failed (`failed` to retry at `next_at`, or `dead`), with the error kept for the admin.
pub fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    attempts: i64,
    status: NoticeStatus,
    next_at: NaiveDateTime,
    error: &str,
) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(NoticeStatus::Sending.as_str())),
    )
    .set((
        t::status.eq(status.as_str()),
        t::next_attempt_at.eq(next_at),
        t::locked_until.eq(None::<NaiveDateTime>),
        t::last_error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Gives back a claimed row that was never tried (shutdown): the attempt does not count.
pub fn release(conn: &mut AnyConnection, id: i64, attempts: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::attempts.eq(attempts))
            .filter(t::status.eq(NoticeStatus::Sending.as_str())),
    )
    .set((
        t::status.eq(NoticeStatus::Pending.as_str()),
        t::attempts.eq(attempts - 1),
        t::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Sends again from scratch: a new address if the office has one now, attempts reset, and a
/// new acknowledgement token `(raw, hash)` when the notice had none.
pub fn requeue(
    conn: &mut AnyConnection,
    id: i64,
    from: &str,
    to_addr: Option<&str>,
    new_token: Option<(&str, &str)>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let status = if to_addr.is_some() {
        NoticeStatus::Pending
    } else {
        NoticeStatus::NoAddress
    };
    let target = t::table.filter(t::id.eq(id)).filter(t::status.eq(from));
    let changed = diesel::update(target)
        .set((
            t::status.eq(status.as_str()),
            t::to_addr.eq(to_addr),
            t::attempts.eq(0),
            t::next_attempt_at.eq(now),
            t::locked_until.eq(None::<NaiveDateTime>),
            t::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    if let (1, Some((raw, hash))) = (changed, new_token) {
        diesel::update(t::table.find(id))
            .set((
                t::ack_token.eq(Some(raw)),
                t::ack_token_hash.eq(Some(hash)),
                t::ack_used_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(changed == 1)
}

/// Notices in id order after `after_id`, optionally of one status, with the total count.
/// How many notices stand in each status (the outbox gauge).
pub fn count_by_status(conn: &mut AnyConnection) -> QueryResult<Vec<(String, i64)>> {
    t::table
        .group_by(t::status)
        .select((t::status, diesel::dsl::count_star()))
        .load(conn)
}

pub fn list(
    conn: &mut AnyConnection,
    status: Option<NoticeStatus>,
    after_id: i64,
    limit: i64,
) -> QueryResult<(Vec<Notice>, i64)> {
    let filtered = || {
        let mut q = t::table.into_boxed();
        if let Some(s) = status {
            q = q.filter(t::status.eq(s.as_str()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .filter(t::id.gt(after_id))
        .order(t::id)
        .limit(limit)
        .select(Notice::as_select())
        .load(conn)?;
    Ok((items, total))
}

pub fn for_deliveries(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<Notice>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            t::table
                .filter(t::delivery_id.eq_any(chunk))
                .order(t::id)
                .select(Notice::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

pub fn find_by_ack_hash(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<Notice>> {
    t::table
        .filter(t::ack_token_hash.eq(hash))
        .select(Notice::as_select())
        .first(conn)
        .optional()
}

/// Spends an acknowledgement link once: `false` if it was already used.
pub fn use_ack(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::ack_used_at.is_null()),
    )
    .set(t::ack_used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(changed == 1)
}
