//! Receipts: entries of an office's receipt register (ทะเบียนหนังสือรับ).

use crate::db::connection::db_run;
use crate::db::schema::receipts;
use crate::db::AnyConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = receipts)]
pub struct Receipt {
    pub id: i64,
    pub org_id: i64,
    pub year_be: i64,
    pub number: i64,
    pub letter_id: i64,
    pub delivery_id: Option<i64>,
    pub received_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
    pub action: Option<String>,
    pub remarks: Option<String>,
    pub duplicate_of: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = receipts, treat_none_as_default_value = false)]
pub struct NewReceipt {
    pub org_id: i64,
    pub year_be: i64,
    pub number: i64,
    pub letter_id: i64,
    pub delivery_id: Option<i64>,
    pub received_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
    pub action: Option<String>,
    pub remarks: Option<String>,
    pub duplicate_of: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewReceipt) -> QueryResult<i64> {
    diesel::insert_into(receipts::table)
        .values(row)
        .returning(receipts::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Receipt>> {
    receipts::table
        .find(id)
        .select(Receipt::as_select())
        .first(conn)
        .optional()
}

/// The first receipt of a letter in an office's register, if any.
pub fn first_for(
    conn: &mut AnyConnection,
    org_id: i64,
    letter_id: i64,
) -> QueryResult<Option<Receipt>> {
    db_run!(conn, |c| receipts::table
        .filter(receipts::org_id.eq(org_id))
        .filter(receipts::letter_id.eq(letter_id))
        .order(receipts::id)
        .select(Receipt::as_select())
        .first(c)
        .optional())
}

/// The receipt of one delivery, if it was registered (there is at most one).
pub fn for_delivery(conn: &mut AnyConnection, delivery_id: i64) -> QueryResult<Option<Receipt>> {
    db_run!(conn, |c| receipts::table
        .filter(receipts::delivery_id.eq(delivery_id))
        .select(Receipt::as_select())
        .first(c)
        .optional())
}

pub fn for_deliveries(conn: &mut AnyConnection, delivery_ids: &[i64]) -> QueryResult<Vec<Receipt>> {
    let mut found = Vec::new();
    for chunk in delivery_ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            receipts::table
                .filter(receipts::delivery_id.eq_any(chunk))
                .order(receipts::id)
                .select(Receipt::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// Does any of these offices hold a receipt of the letter?
pub fn any_at(conn: &mut AnyConnection, letter_id: i64, orgs: &[i64]) -> QueryResult<bool> {
    let n: i64 = receipts::table
        .filter(receipts::letter_id.eq(letter_id))
        .filter(receipts::org_id.eq_any(orgs))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// An office's receipt register of one year, in number order, with the letters.
pub fn register_rows(
    conn: &mut AnyConnection,
    org_id: i64,
    year_be: i64,
) -> QueryResult<Vec<(Receipt, crate::db::models::letter::Letter)>> {
    use crate::db::schema::letters;
    receipts::table
        .inner_join(letters::table)
        .filter(receipts::org_id.eq(org_id))
        .filter(receipts::year_be.eq(year_be))
        .order(receipts::number)
        .select((
            Receipt::as_select(),
            crate::db::models::letter::Letter::as_select(),
        ))
        .load(conn)
}

/// Has the receipt been cancelled (ยกเลิก)?
pub fn is_cancelled(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    use crate::db::schema::cancellations as cx;
    let n: i64 = cx::table
        .filter(cx::target_type.eq("receipt"))
        .filter(cx::target_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
