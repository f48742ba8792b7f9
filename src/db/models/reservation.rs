//! Numbers reserved ahead of time from an office's series (เลขจอง).

use crate::db::schema::number_reservations as nr;
use crate::db::AnyConnection;
use crate::domain::SeriesKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nr)]
pub struct Reservation {
    pub id: i64,
    /// The office that reserved the number (and alone may use it).
    pub org_id: i64,
    /// The office owning the series the number came from.
    pub series_org_id: i64,
    #[diesel(deserialize_as = String)]
    pub series: SeriesKind,
    pub year_be: i64,
    pub number: i64,
    pub note: String,
    pub letter_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = nr, treat_none_as_default_value = false)]
pub struct NewReservation {
    pub org_id: i64,
    pub series_org_id: i64,
    pub series: String,
    pub year_be: i64,
    pub number: i64,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &NewReservation) -> QueryResult<Reservation> {
    let id: i64 = diesel::insert_into(nr::table)
        .values(row)
        .returning(nr::id)
        .get_result(conn)?;
    nr::table
        .find(id)
        .select(Reservation::as_select())
        .first(conn)
}

/// The reservation of a number in a series and year, if any.
pub fn find_number(
    conn: &mut AnyConnection,
    series_org_id: i64,
    series: &str,
    year_be: i64,
    number: i64,
) -> QueryResult<Option<Reservation>> {
    nr::table
        .filter(nr::series_org_id.eq(series_org_id))
        .filter(nr::series.eq(series))
        .filter(nr::year_be.eq(year_be))
        .filter(nr::number.eq(number))
        .select(Reservation::as_select())
        .first(conn)
        .optional()
}

/// Marks a reservation used by a letter; `false` if another letter used it first.
pub fn use_for(conn: &mut AnyConnection, id: i64, letter_id: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        nr::table
            .filter(nr::id.eq(id))
            .filter(nr::letter_id.is_null()),
    )
    .set(nr::letter_id.eq(letter_id))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Unused reservations made by an office or from its series in a year (dispatch register).
pub fn unused_in(
    conn: &mut AnyConnection,
    org_id: i64,
    year_be: i64,
) -> QueryResult<Vec<Reservation>> {
    nr::table
        .filter(nr::series_org_id.eq(org_id).or(nr::org_id.eq(org_id)))
        .filter(nr::year_be.eq(year_be))
        .filter(nr::letter_id.is_null())
        .order(nr::id)
        .select(Reservation::as_select())
        .load(conn)
}
