//! Thai text search over letters, in SQL (docs/search.md).
//!
//! An office's search reads `letter_readers`: one row per (office, letter) it may see, kept by
//! triggers in the transactions that make a letter visible (the rule of
//! [`super::visibility::visible_to`]), with the letter's folded document and a date sort key.
//! The office's rows are matched by `LIKE '%key%'` (PostgreSQL: served by one GIN index over
//! office and trigrams; SQLite: a table clustered by office and date, read newest first), so no
//! matching letter is asked the visibility rule one by one. An administrator sees every letter
//! and searches `letters` itself: FTS5 trigram on SQLite, pg_trgm on PostgreSQL.
//!
//! Order is newest `dated` first (unknown dates last), then newest record: a keyset on
//! `(sort date, id)`, so a page far past the first thousand costs what the first one does.

use super::connection::AnyConnection;
use super::schema::receipts;
/// Also used by the distribution's office-name filter.
pub(crate) use super::search_sql::like_pattern;
use super::search_sql::{fts_query, Row, Sql};
use super::visibility::DbBackend;
use crate::domain::{Actor, Role};
use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel::QueryResult;

/// `total` is exact up to this many letters; above it the answer says `total_capped`.
pub const TOTAL_CAP: i64 = 1000;
/// A query too short for trigrams (1–2 code points) looks only at this many newest letters.
pub const SHORT_BOUND: i64 = 10_000;
/// Most letters a search finds through receipt remarks (remarks are a few offices' own notes).
const REMARK_MATCHES: i64 = 10_000;
/// Most letters a receipt number finds (one a year in each register of the caller's scope).
const RECEIPT_MATCHES: i64 = 1_000;

/// A place in the newest-first order: the letter's sort date (0001-01-01 when unknown) and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub date: NaiveDate,
    pub id: i64,
}

/// The sort date of a letter whose date is unknown: before every real date.
pub fn unknown_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A text search, already folded with `thai::normalize::search_key`.
#[derive(Debug, Clone)]
pub struct TextSearch {
    /// One or two folded keys, each at least 3 code points unless `short`.
    pub keys: Vec<String>,
    /// Fewer than 3 code points: only the newest [`SHORT_BOUND`] letters are searched.
    pub short: bool,
    /// A receipt number in the caller's registers (`4721`, `รับ 4721`).
    pub receipt_number: Option<i64>,
    /// Letters dated from / to (inclusive); either excludes letters of unknown date.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The last letter of the previous page.
    pub after: Option<Key>,
    pub limit: i64,
}

/// A page of matching letter ids, newest first.
#[derive(Debug, Clone)]
pub struct Found {
    pub ids: Vec<i64>,
    /// Matching letters, at most [`TOTAL_CAP`].
    pub total: i64,
    /// More than [`TOTAL_CAP`] letters match.
    pub capped: bool,
    /// The last letter of this page, when more follow.
    pub next: Option<Key>,
}

type RemarksMatch = Box<dyn BoxableExpression<receipts::table, DbBackend, SqlType = Bool>>;

/// The text match over receipt remarks: FTS5 (or LIKE below three code points) on SQLite,
/// the pg_trgm-indexed `saraban_fold(remarks)` on PostgreSQL.
fn remarks_match(s: &TextSearch, sqlite: bool) -> RemarksMatch {
    let (first, second) = {
        let first = s.keys.first().map(String::as_str).unwrap_or_default();
        (first, s.keys.get(1).map_or(first, String::as_str))
    };
    match (sqlite, s.short) {
        (true, false) => Box::new(
            sql::<Bool>(
                "receipts.id IN (SELECT rowid FROM receipt_remarks_fts \
                     WHERE receipt_remarks_fts MATCH ",
            )
            .bind::<Text, _>(fts_query(&s.keys))
            .sql(")"),
        ),
        // Below three code points: LIKE over the remarks' documents.
        (true, true) => Box::new(
            sql::<Bool>("receipts.id IN (SELECT rowid FROM receipt_remarks_fts WHERE doc LIKE ")
                .bind::<Text, _>(like_pattern(first))
                .sql(" ESCAPE '\\')"),
        ),
        (false, _) => Box::new(
            sql::<Bool>("(saraban_fold(receipts.remarks) ILIKE ")
                .bind::<Text, _>(like_pattern(first))
                .sql(" ESCAPE '\\' OR saraban_fold(receipts.remarks) ILIKE ")
                .bind::<Text, _>(like_pattern(second))
                .sql(" ESCAPE '\\')"),
        ),
    }
}

/// Letters found by the remarks of the caller's receipts, or by a receipt number in the
/// caller's registers (its office and units; an administrator's remarks: all).
fn found_otherwise(
    conn: &mut AnyConnection,
    actor: &Actor,
    s: &TextSearch,
    sqlite: bool,
) -> QueryResult<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::new();
    if let Some(n) = s.receipt_number {
        ids = receipts::table
            .filter(receipts::org_id.eq_any(actor.scope.clone()))
            .filter(receipts::number.eq(n))
            .select(receipts::letter_id)
            .distinct()
            .limit(RECEIPT_MATCHES)
            .load(conn)?;
    }
    let matched = remarks_match(s, sqlite);
    let mut q = receipts::table
        .into_boxed()
        .filter(matched)
        .select(receipts::letter_id)
        .distinct()
        .limit(REMARK_MATCHES);
    if actor.role != Role::Admin {
        q = q.filter(receipts::org_id.eq_any(actor.scope.clone()));
    }
    ids.extend(q.load::<i64>(conn)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The oldest of the newest [`SHORT_BOUND`] letters of `q`'s rows (within the dates
/// asked), or `None` when there are fewer.
fn short_bound(conn: &mut AnyConnection, mut q: Sql, s: &TextSearch) -> QueryResult<Option<Key>> {
    q.dates(s);
    let sql = q.select(1, SHORT_BOUND - 1);
    Ok(q.rows(conn, sql)?.first().map(|r| Key {
        date: r.d,
        id: r.id,
    }))
}

/// Letters matching a text search that the actor may see, newest first, after `s.after`, and
/// how many match in all (exact up to [`TOTAL_CAP`]).
pub fn search_letters(
    conn: &mut AnyConnection,
    actor: &Actor,
    s: &TextSearch,
) -> QueryResult<Found> {
    let sqlite = matches!(conn, AnyConnection::Sqlite(_));
    let extra = found_otherwise(conn, actor, s, sqlite)?;
    // The caller's rows, asked once whether a dispatch's rows are still queued.
    let mut q = Sql::new(conn, actor)?;
    let bound = if s.short {
        short_bound(conn, q.clone(), s)?
    } else {
        None
    };
    q.text(s, &extra);
    q.dates(s);
    if let Some(b) = bound {
        q.after(b, true);
    }
    let limit = s.limit.max(1);
    let (rows, total) = match s.after {
        // SQLite's first page: one walk of the office's rows, newest first, reads the page and
        // counts up to the cap. PostgreSQL counts in one bitmap scan and reads the page in date
        // order apart: for a common word that is two short scans instead of a sort of every match.
        None if sqlite => {
            let sql = q.select(limit.max(TOTAL_CAP + 1), 0);
            let rows = q.rows(conn, sql)?;
            let n = i64::try_from(rows.len()).unwrap_or(i64::MAX);
            (rows, n)
        }
        after => {
            let total = q.count(conn, TOTAL_CAP)?;
            if let Some(k) = after {
                q.after(k, false);
            }
            let sql = q.select(limit + 1, 0);
            (q.rows(conn, sql)?, total)
        }
    };
    let page: Vec<&Row> = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    let more = rows.len() > page.len();
    Ok(Found {
        ids: page.iter().map(|r| r.id).collect(),
        total: total.min(TOTAL_CAP),
        capped: total > TOTAL_CAP,
        next: more
            .then(|| {
                page.last().map(|r| Key {
                    date: r.d,
                    id: r.id,
                })
            })
            .flatten(),
    })
}
