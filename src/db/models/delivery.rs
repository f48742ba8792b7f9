//! Dispatches and deliveries: one delivery per (letter, recipient office) of a dispatch.

use crate::db::schema::deliveries;

use crate::db::connection::db_run;
use crate::db::schema::dispatches;
use crate::db::AnyConnection;
use crate::domain::{DeliveryStatus, OrgKind, Via};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deliveries)]
pub struct Delivery {
    pub id: i64,
    pub letter_id: i64,
    pub dispatch_id: Option<i64>,
    #[diesel(deserialize_as = String)]
    pub via: Via,
    pub sender_id: i64,
    pub recipient_id: i64,
    pub recipient_name: String,
    #[diesel(deserialize_as = String)]
    pub recipient_kind: OrgKind,
    #[diesel(deserialize_as = String)]
    pub status: DeliveryStatus,
    pub note: Option<String>,
    pub status_note: Option<String>,
    pub status_changed_at: Option<NaiveDateTime>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// For a routed delivery: the receipt it was routed from.
    pub source_receipt_id: Option<i64>,
    /// When the sender took the delivery back (its status stays as it was).
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = deliveries, treat_none_as_default_value = false)]
pub struct NewDelivery {
    pub letter_id: i64,
    pub dispatch_id: Option<i64>,
    pub via: String,
    pub sender_id: i64,
    pub recipient_id: i64,
    pub recipient_name: String,
    pub recipient_kind: String,
    pub status: String,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
    pub source_receipt_id: Option<i64>,
}

pub fn insert_dispatch(
    conn: &mut AnyConnection,
    letter_id: i64,
    sender_id: i64,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(dispatches::table)
        .values((
            dispatches::letter_id.eq(letter_id),
            dispatches::sender_id.eq(sender_id),
            dispatches::created_by.eq(created_by),
            dispatches::created_at.eq(now),
        ))
        .returning(dispatches::id)
        .get_result(conn)
}

/// Inserts in multi-row chunks; returns the new rows in insertion order.
pub fn insert_many(conn: &mut AnyConnection, rows: &[NewDelivery]) -> QueryResult<Vec<Delivery>> {
    let mut out = Vec::with_capacity(rows.len());
    // At most 12 columns a row: 1,000 rows stay below SQLite's (32,766) and PostgreSQL's
    // (65,535) bind limits. The rows come back as written, without reading them again.
    for chunk in rows.chunks(1000) {
        let mut written = crate::db::backend::insert_deliveries(conn, chunk)?;
        written.sort_by_key(|d| d.id);
        out.extend(written);
    }
    crate::db::distribution::deliveries_added(conn, &out)?;
    Ok(out)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Delivery>> {
    db_run!(conn, |c| deliveries::table
        .find(id)
        .select(Delivery::as_select())
        .first(c)
        .optional())
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<Delivery>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            deliveries::table
                .filter(deliveries::id.eq_any(chunk))
                .select(Delivery::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

pub fn for_letter(conn: &mut AnyConnection, letter_id: i64) -> QueryResult<Vec<Delivery>> {
    deliveries::table
        .filter(deliveries::letter_id.eq(letter_id))
        .order(deliveries::id)
        .select(Delivery::as_select())
        .load(conn)
}

/// The oldest pending delivery of a letter to an office.
pub fn pending_for(
    conn: &mut AnyConnection,
    letter_id: i64,
    recipient_id: i64,
) -> QueryResult<Option<Delivery>> {
    db_run!(conn, |c| deliveries::table
        .filter(deliveries::letter_id.eq(letter_id))
        .filter(deliveries::recipient_id.eq(recipient_id))
        .filter(deliveries::status.eq("pending"))
        .filter(deliveries::withdrawn_at.is_null())
        .order(deliveries::id)
        .select(Delivery::as_select())
        .first(c)
        .optional())
}

/// Moves a delivery from `from` to `to`; `false` if it was no longer in `from`.
pub fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    from: DeliveryStatus,
    to: DeliveryStatus,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    use crate::db::fixed::{fixed, Bind};
    if let AnyConnection::Postgres(c) = conn {
        return crate::db::distribution::delivery_status_moved(
            c,
            id,
            from.as_str(),
            to.as_str(),
            note,
            now,
        );
    }
    let q = fixed::<()>(
        &[
            "UPDATE deliveries SET status = ",
            ", status_changed_at = ",
            ", status_note = ",
            " WHERE id = ",
            " AND status = ",
            "",
        ],
        vec![
            Bind::Text(to.as_str()),
            Bind::Time(now),
            Bind::OptText(note),
            Bind::Int(id),
            Bind::Text(from.as_str()),
        ],
    );
    let changed = db_run!(conn, |c| q.execute(c))?;
    if changed == 1 {
        crate::db::distribution::status_changed(conn, id, to.as_str(), now)?;
    }
    Ok(changed == 1)
}

/// Deliveries of any of these letters, in id order.
pub fn for_letters(conn: &mut AnyConnection, letter_ids: &[i64]) -> QueryResult<Vec<Delivery>> {
    let mut found = Vec::new();
    for chunk in letter_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            deliveries::table
                .filter(deliveries::letter_id.eq_any(chunk))
                .select(Delivery::as_select())
                .load(conn)?,
        );
    }
    found.sort_by_key(|d| d.id);
    Ok(found)
}

/// Deliveries routed onwards from any of these receipts, in id order.
pub fn routed_from(conn: &mut AnyConnection, receipt_ids: &[i64]) -> QueryResult<Vec<Delivery>> {
    let mut found = Vec::new();
    for chunk in receipt_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            deliveries::table
                .filter(deliveries::source_receipt_id.eq_any(chunk))
                .select(Delivery::as_select())
                .load(conn)?,
        );
    }
    found.sort_by_key(|d| d.id);
    Ok(found)
}

/// Records the recipient's answer: `acknowledged` (with its time) or `not_related`.
/// `false` if the delivery was no longer in one of the `from` states.
pub fn answer(
    conn: &mut AnyConnection,
    id: i64,
    from: &[DeliveryStatus],
    to: DeliveryStatus,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let acknowledged_at = (to == DeliveryStatus::Acknowledged).then_some(now);
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let changed = diesel::update(
        deliveries::table
            .filter(deliveries::id.eq(id))
            .filter(deliveries::status.eq_any(from)),
    )
    .set((
        deliveries::status.eq(to.as_str()),
        deliveries::status_changed_at.eq(now),
        deliveries::status_note.eq(note),
        deliveries::acknowledged_at.eq(acknowledged_at),
    ))
    .execute(conn)?;
    if changed == 1 {
        crate::db::distribution::status_changed(conn, id, to.as_str(), now)?;
    }
    Ok(changed == 1)
}

/// Does the letter have any delivery to one of these offices?
pub fn any_to(conn: &mut AnyConnection, letter_id: i64, orgs: &[i64]) -> QueryResult<bool> {
    let n: i64 = deliveries::table
        .filter(deliveries::letter_id.eq(letter_id))
        .filter(deliveries::recipient_id.eq_any(orgs))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Filters of an office's inbox.
pub struct InboxQuery<'a> {
    pub recipients: &'a [i64],
    pub status: Option<&'a str>,
    /// `Some(true)`: only overdue (pending after the due date); `Some(false)`: none of those.
    pub overdue: Option<bool>,
    pub today: chrono::NaiveDate,
}

/// Deliveries to the offices, most urgent first, then newest; with their letters and the total.
pub fn inbox(
    conn: &mut AnyConnection,
    q: &InboxQuery<'_>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<(Delivery, crate::db::models::letter::Letter)>, i64)> {
    use crate::db::models::letter::Letter;
    use crate::db::schema::letters;
    let filtered = || {
        let mut b = deliveries::table
            .inner_join(letters::table)
            .filter(deliveries::recipient_id.eq_any(q.recipients))
            .into_boxed();
        if let Some(s) = q.status {
            b = b.filter(deliveries::status.eq(s.to_string()));
        }
        match q.overdue {
            Some(true) => {
                b = b
                    .filter(deliveries::status.eq("pending"))
                    .filter(letters::due_date.lt(q.today))
            }
            Some(false) => {
                b = b.filter(
                    deliveries::status
                        .ne("pending")
                        .or(letters::due_date.is_null())
                        .or(letters::due_date.ge(q.today)),
                )
            }
            None => {}
        }
        b
    };
    let total = filtered().count().get_result(conn)?;
    let rank = diesel::dsl::sql::<diesel::sql_types::BigInt>(&crate::domain::Urgency::sql_rank(
        "letters.urgency",
    ));
    let rows = filtered()
        .order((
            rank.asc(),
            deliveries::created_at.desc(),
            deliveries::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select((Delivery::as_select(), Letter::as_select()))
        .load(conn)?;
    Ok((rows, total))
}

/// Marks a delivery withdrawn by its sender; `false` if it already was. The status is left as
/// it stands, so the distribution index's kept counts need no change.
pub fn withdraw(
    conn: &mut AnyConnection,
    id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        deliveries::table
            .filter(deliveries::id.eq(id))
            .filter(deliveries::withdrawn_at.is_null()),
    )
    .set((
        deliveries::withdrawn_at.eq(Some(now)),
        deliveries::withdrawn_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}
