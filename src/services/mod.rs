//! Use cases: one per file, each run inside one transaction by its caller (a route, the CLI
//! or the demo loader). They take `&mut AnyConnection`, the acting user and the time, and
//! return views or an [`AppError`](crate::error::AppError). No HTTP here.

pub mod audit;
pub mod deliveries;
pub mod demo;
pub mod distribution;
pub mod exchange;
pub mod files;
pub mod holidays;
pub mod intake;
pub mod letters;
pub mod notices;
pub mod orgs;
pub mod paging;
pub mod receipts;
pub mod referral;
pub mod registers;
pub mod search;
pub mod users;
pub mod views;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Instants are stored as naive UTC.
pub fn db_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc()
}

/// For `PATCH` fields: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
pub fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}
