//! The SQL of one search statement (see [`super::search`]): an office's rows of
//! `letter_readers`, or for an administrator `letters` itself, written for the connection's
//! backend. Only user text is bound; ids and dates are numbers and ISO dates written here.

use super::connection::AnyConnection;
use super::search::{unknown_date, Key, TextSearch};
use crate::domain::{Actor, Role};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};
use diesel::QueryResult;

#[derive(QueryableByName)]
pub(super) struct Row {
    #[diesel(sql_type = BigInt)]
    pub(super) id: i64,
    #[diesel(sql_type = Date)]
    pub(super) d: NaiveDate,
}

/// PostgreSQL: `letter_readers` and the rows its upkeep has yet to write for queued dispatches
/// (migration 2026-12-31-000001): what `saraban_index_dispatch_readers` will insert, read from
/// the dispatch's deliveries not yet marked done, less the rows already there.
const READERS_WITH_QUEUED: &str = "(SELECT org_id, letter_id, sort_date, doc FROM letter_readers \
     UNION ALL \
     SELECT q.org_id, q.letter_id, q.sort_date, q.doc FROM reader_backlog b \
     CROSS JOIN LATERAL (SELECT DISTINCT d.recipient_id AS org_id, l.id AS letter_id, \
         coalesce(l.dated, DATE '0001-01-01') AS sort_date, saraban_reader_doc(l) AS doc \
         FROM deliveries d JOIN letters l ON l.id = d.letter_id \
         WHERE d.letter_id = b.letter_id AND d.dispatch_id = b.dispatch_id \
           AND d.id > b.done_through \
           AND NOT EXISTS (SELECT 1 FROM letter_readers r \
                           WHERE r.org_id = d.recipient_id AND r.letter_id = d.letter_id)) q \
     ) letter_readers";

#[derive(QueryableByName)]
struct Queued {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    queued: bool,
}

/// PostgreSQL: whether any dispatch waits for its reader rows (usually none: one index probe).
fn dispatches_queued(conn: &mut AnyConnection) -> QueryResult<bool> {
    Ok(
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM reader_backlog) AS queued")
            .get_result::<Queued>(conn)?
            .queued,
    )
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `%key%` for LIKE, with the wildcards and the escape character escaped.
pub(crate) fn like_pattern(key: &str) -> String {
    let mut p = String::with_capacity(key.len() + 2);
    p.push('%');
    for c in key.chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// An FTS5 query: each key as a quoted phrase (substring under the trigram tokenizer), ORed.
pub(super) fn fts_query(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("\"{}\"", k.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// One search statement being written: its SQL, its text binds, and the backend's dialect.
/// Only user text is bound; ids and dates are numbers and ISO dates written by this module.
#[derive(Clone)]
pub(super) struct Sql {
    sqlite: bool,
    /// The caller's offices, or `None` for an administrator (every letter, from `letters`).
    scope: Option<Vec<i64>>,
    /// PostgreSQL: dispatches whose reader rows are still queued (`reader_backlog`), read
    /// beside `letter_readers` until the upkeep has written them.
    queued: bool,
    conds: Vec<String>,
    binds: Vec<String>,
}

impl Sql {
    pub(super) fn new(conn: &mut AnyConnection, actor: &Actor) -> QueryResult<Self> {
        let sqlite = matches!(conn, AnyConnection::Sqlite(_));
        let scope = (actor.role != Role::Admin).then(|| actor.scope.clone());
        let queued = scope.is_some() && !sqlite && dispatches_queued(conn)?;
        let mut s = Sql {
            sqlite,
            scope,
            queued,
            conds: Vec::new(),
            binds: Vec::new(),
        };
        if let Some(scope) = &s.scope {
            let list: Vec<String> = scope.iter().map(i64::to_string).collect();
            s.conds.push(match list.as_slice() {
                // One office: `=` lets PostgreSQL read its rows in date order from the index.
                [one] => format!("org_id = {one}"),
                [] => "1 = 0".into(),
                _ => format!("org_id IN ({})", list.join(", ")),
            });
        }
        Ok(s)
    }

    fn bind(&mut self, value: String) -> String {
        self.binds.push(value);
        if self.sqlite {
            "?".into()
        } else {
            format!("${}", self.binds.len())
        }
    }

    fn date(&self, d: NaiveDate) -> String {
        let iso = d.format("%Y-%m-%d");
        if self.sqlite {
            format!("'{iso}'")
        } else {
            format!("DATE '{iso}'")
        }
    }

    fn table(&self) -> &'static str {
        match (&self.scope, self.queued) {
            (None, _) => "letters",
            (Some(_), false) => "letter_readers",
            (Some(_), true) => READERS_WITH_QUEUED,
        }
    }

    fn id(&self) -> &'static str {
        if self.scope.is_some() {
            "letter_id"
        } else {
            "id"
        }
    }

    fn sort_date(&self) -> String {
        match (self.scope.is_some(), self.sqlite) {
            (true, _) => "sort_date".into(),
            (false, true) => "coalesce(dated, '0001-01-01')".into(),
            (false, false) => "coalesce(dated, DATE '0001-01-01')".into(),
        }
    }

    /// Several offices may each hold a row of one letter.
    fn distinct(&self) -> &'static str {
        match &self.scope {
            Some(s) if s.len() > 1 => "DISTINCT ",
            _ => "",
        }
    }

    /// The text match, or any of the letters found another way (remarks, receipt numbers).
    pub(super) fn text(&mut self, s: &TextSearch, extra: &[i64]) {
        let mut any = Vec::new();
        if self.scope.is_some() {
            for key in &s.keys {
                let p = self.bind(like_pattern(key));
                any.push(if self.sqlite {
                    format!("doc LIKE {p} ESCAPE '\\'")
                } else {
                    format!("doc LIKE lower({p}) ESCAPE '\\'")
                });
            }
        } else if self.sqlite {
            let key = s.keys.first().cloned().unwrap_or_default();
            any.push(if s.short {
                let p = self.bind(like_pattern(&key));
                format!("id IN (SELECT rowid FROM letters_fts WHERE doc LIKE {p} ESCAPE '\\')")
            } else {
                let p = self.bind(fts_query(&s.keys));
                format!("id IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH {p})")
            });
        } else {
            for key in &s.keys {
                let p = self.bind(like_pattern(key));
                any.push(format!(
                    "saraban_search_doc(subject, from_name, addressee, number_raw, \
                     number_canonical) ILIKE {p} ESCAPE '\\'"
                ));
            }
        }
        if !extra.is_empty() {
            let ids: Vec<String> = extra.iter().map(i64::to_string).collect();
            any.push(format!("{} IN ({})", self.id(), ids.join(", ")));
        }
        self.conds.push(format!("({})", any.join(" OR ")));
    }

    pub(super) fn dates(&mut self, s: &TextSearch) {
        let col = self.sort_date();
        if let Some(from) = s.from {
            self.conds.push(format!("{col} >= {}", self.date(from)));
        }
        if s.from.is_some() || s.to.is_some() {
            self.conds
                .push(format!("{col} > {}", self.date(unknown_date())));
        }
        if let Some(to) = s.to {
            self.conds.push(format!("{col} <= {}", self.date(to)));
        }
    }

    /// Strictly after `k` in newest-first order (or, with `inclusive`, from `k` on).
    pub(super) fn after(&mut self, k: Key, inclusive: bool) {
        let (col, id, d) = (self.sort_date(), self.id(), self.date(k.date));
        let (cmp, op, range) = if inclusive {
            (">", ">=", ">=")
        } else {
            ("<", "<", "<=")
        };
        // The first condition is implied by the second; it gives the index a date range.
        self.conds.push(format!(
            "{col} {range} {d} AND ({col} {cmp} {d} OR ({col} = {d} AND {id} {op} {}))",
            k.id
        ));
    }

    pub(super) fn select(&self, limit: i64, offset: i64) -> String {
        format!(
            "SELECT {}{} AS id, {} AS d FROM {} WHERE {} ORDER BY d DESC, id DESC LIMIT {limit} OFFSET {offset}",
            self.distinct(),
            self.id(),
            self.sort_date(),
            self.table(),
            self.where_clause(),
        )
    }

    fn where_clause(&self) -> String {
        if self.conds.is_empty() {
            "1 = 1".into()
        } else {
            self.conds.join(" AND ")
        }
    }

    pub(super) fn rows(&self, conn: &mut AnyConnection, sql: String) -> QueryResult<Vec<Row>> {
        let mut q = diesel::sql_query(sql).into_boxed();
        for b in &self.binds {
            q = q.bind::<Text, _>(b.clone());
        }
        q.load(conn)
    }

    /// Matching letters, counted up to `cap + 1`.
    pub(super) fn count(&self, conn: &mut AnyConnection, cap: i64) -> QueryResult<i64> {
        let sql = format!(
            "SELECT count(*) AS n FROM (SELECT {}{} FROM {} WHERE {} LIMIT {}) s",
            self.distinct(),
            self.id(),
            self.table(),
            self.where_clause(),
            cap + 1
        );
        let mut q = diesel::sql_query(sql).into_boxed();
        for b in &self.binds {
            q = q.bind::<Text, _>(b.clone());
        }
        Ok(q.get_result::<Count>(conn)?.n)
    }
}
