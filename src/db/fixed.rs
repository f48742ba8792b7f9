//! Statements of fixed text that diesel prepares once per connection and then reuses.
//!
//! diesel never caches its own `UPDATE` statements or upserts (their text may vary with the
//! changeset), so on the write path every one of them was parsed again — by SQLite in the single
//! writer, by PostgreSQL as parse and plan in its backend. A [`Fixed`] statement is the same
//! text on every call, so diesel caches it by that text (per connection, with the bind types):
//! prepared once, bound and run after. Run it on the inner connection (`db_run!`): through the
//! connection enum diesel would build its text again for every call.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamp};
use diesel::QueryResult;
use std::marker::PhantomData;

/// One bound value.
#[derive(Debug, Clone, Copy)]
pub enum Bind<'a> {
    Int(i64),
    OptInt(Option<i64>),
    Int4(i32),
    Text(&'a str),
    OptText(Option<&'a str>),
    Date(NaiveDate),
    Time(NaiveDateTime),
    OptTime(Option<NaiveDateTime>),
}

/// `pieces` around `binds`: `pieces[0] bind[0] pieces[1] … bind[n-1] pieces[n]`. `ST` is the
/// SQL type of a `RETURNING` row (`()` for none).
#[derive(Debug, Clone)]
pub struct Fixed<'a, ST> {
    pieces: &'static [&'static str],
    binds: Vec<Bind<'a>>,
    row: PhantomData<ST>,
}

/// A fixed statement; `pieces.len()` must be `binds.len() + 1`.
pub fn fixed<'a, ST>(pieces: &'static [&'static str], binds: Vec<Bind<'a>>) -> Fixed<'a, ST> {
    debug_assert_eq!(pieces.len(), binds.len() + 1, "{pieces:?}");
    Fixed {
        pieces,
        binds,
        row: PhantomData,
    }
}

impl<DB, ST> QueryFragment<DB> for Fixed<'_, ST>
where
    DB: Backend,
    i64: ToSql<BigInt, DB>,
    i32: ToSql<Integer, DB>,
    str: ToSql<Text, DB>,
    NaiveDate: ToSql<Date, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let mut binds = self.binds.iter();
        for (i, piece) in self.pieces.iter().enumerate() {
            out.push_sql(piece);
            if i + 1 == self.pieces.len() {
                break;
            }
            match binds.next() {
                Some(Bind::Int(v)) => out.push_bind_param::<BigInt, i64>(v)?,
                Some(Bind::OptInt(v)) => out.push_bind_param::<Nullable<BigInt>, _>(v)?,
                Some(Bind::Int4(v)) => out.push_bind_param::<Integer, i32>(v)?,
                Some(Bind::Text(v)) => out.push_bind_param::<Text, str>(*v)?,
                Some(Bind::OptText(v)) => out.push_bind_param::<Nullable<Text>, _>(v)?,
                Some(Bind::Date(v)) => out.push_bind_param::<Date, NaiveDate>(v)?,
                Some(Bind::Time(v)) => out.push_bind_param::<Timestamp, NaiveDateTime>(v)?,
                Some(Bind::OptTime(v)) => out.push_bind_param::<Nullable<Timestamp>, _>(v)?,
                None => {
                    return Err(diesel::result::Error::QueryBuilderError(
                        "a fixed statement has fewer values than places".into(),
                    ))
                }
            }
        }
        Ok(())
    }
}

// No static id: diesel keys its cache by the statement's text, which never changes.
impl<ST> QueryId for Fixed<'_, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: 'static> Query for Fixed<'_, ST> {
    type SqlType = ST;
}

impl<ST, Conn> diesel::RunQueryDsl<Conn> for Fixed<'_, ST> {}
