//! Thai text search over letters, in SQL. Only the text match differs between the backends;
//! who may see a letter is the one diesel expression of [`super::visibility::visible_to`].
//!
//! SQLite: FTS5 trigram (`letters_fts`, `receipt_remarks_fts`), or LIKE over them for short
//! keys. PostgreSQL: ILIKE on `saraban_search_doc(…)` and `saraban_fold(remarks)`, served by
//! their pg_trgm GIN indexes.

use super::connection::AnyConnection;
use super::schema::{letters, receipts};
use super::visibility::{visible_to, DbBackend};
use crate::domain::{Actor, Role};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text};
use diesel::QueryResult;

/// A text search, already folded with `thai::normalize::search_key`.
#[derive(Debug, Clone)]
pub struct TextSearch {
    /// One or two folded keys, each at least 3 code points unless `short`.
    pub keys: Vec<String>,
    /// Fewer than 3 code points: a LIKE scan instead of the trigram index.
    pub short: bool,
    /// The query as a canonical number without spaces; an equal number ranks first.
    pub exact_number: String,
    pub limit: i64,
    pub offset: i64,
}

/// Most letters a search finds through receipt remarks (remarks are a few offices' own notes).
const REMARK_MATCHES: i64 = 10_000;

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
fn fts_query(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("\"{}\"", k.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

type Condition<T> = Box<dyn BoxableExpression<T, DbBackend, SqlType = Bool>>;

/// The backend's text match over `letters` (or `receipts` remarks): the one part of a search
/// the two backends write differently.
struct TextMatch {
    letters: Condition<letters::table>,
    remarks: Condition<receipts::table>,
}

fn text_match(sqlite: bool, s: &TextSearch) -> TextMatch {
    if sqlite {
        let (fts, pattern) = if s.short {
            let key = s.keys.first().map(String::as_str).unwrap_or_default();
            ("doc LIKE ", like_pattern(key))
        } else {
            ("{table} MATCH ", fts_query(&s.keys))
        };
        let in_table = |table: &str| fts.replace("{table}", table);
        let escape = if s.short { " ESCAPE '\\')" } else { ")" };
        TextMatch {
            letters: Box::new(
                sql::<Bool>(&format!(
                    "letters.id IN (SELECT rowid FROM letters_fts WHERE {}",
                    in_table("letters_fts")
                ))
                .bind::<Text, _>(pattern.clone())
                .sql(escape),
            ),
            remarks: Box::new(
                sql::<Bool>(&format!(
                    "receipts.id IN (SELECT rowid FROM receipt_remarks_fts WHERE {}",
                    in_table("receipt_remarks_fts")
                ))
                .bind::<Text, _>(pattern)
                .sql(escape),
            ),
        }
    } else {
        let first = s.keys.first().cloned().unwrap_or_default();
        let second = s.keys.get(1).cloned().unwrap_or_else(|| first.clone());
        let (p1, p2) = (like_pattern(&first), like_pattern(&second));
        let doc = "saraban_search_doc(letters.subject, letters.from_name, letters.addressee, \
                   letters.number_raw, letters.number_canonical)";
        let remark = "saraban_fold(receipts.remarks)";
        let either = |field: &str, p1: String, p2: String| {
            sql::<Bool>(&format!("({field} ILIKE "))
                .bind::<Text, _>(p1)
                .sql(&format!(" ESCAPE '\\' OR {field} ILIKE "))
                .bind::<Text, _>(p2)
                .sql(" ESCAPE '\\')")
        };
        TextMatch {
            letters: Box::new(either(doc, p1.clone(), p2.clone())),
            remarks: Box::new(either(remark, p1, p2)),
        }
    }
}

/// Letters matching a text search that the actor may see, in rank order (an equal number
/// first, then newest), and how many match in all: by their own fields, or by the remarks of
/// the caller's offices' receipts of them (a remark is the receiving office's own note). The
/// remarks are matched first, then joined to the letters' own match, so the letters' index
/// plan is unchanged.
pub fn search_letters(
    conn: &mut AnyConnection,
    actor: &Actor,
    s: &TextSearch,
) -> QueryResult<(Vec<i64>, i64)> {
    let sqlite = matches!(conn, AnyConnection::Sqlite(_));
    let by_remarks: Vec<i64> = {
        let mut q = receipts::table
            .into_boxed()
            .filter(text_match(sqlite, s).remarks)
            .select(receipts::letter_id)
            .distinct()
            .limit(REMARK_MATCHES);
        if actor.role != Role::Admin {
            q = q.filter(receipts::org_id.eq_any(actor.scope.clone()));
        }
        q.load(conn)?
    };
    let matching = || {
        let own = text_match(sqlite, s).letters;
        let mut q = letters::table.into_boxed();
        q = if by_remarks.is_empty() {
            q.filter(own)
        } else {
            q.filter(own.or(letters::id.eq_any(by_remarks.clone())))
        };
        q.filter(visible_to(actor))
    };
    let total: i64 = matching().count().get_result(conn)?;
    let ids: Vec<i64> = matching()
        .select(letters::id)
        .order(
            sql::<Integer>("CASE WHEN replace(letters.number_canonical, ' ', '') = ")
                .bind::<Text, _>(s.exact_number.clone())
                .sql(" THEN 0 ELSE 1 END"),
        )
        .then_order_by(sql::<Integer>("letters.dated IS NULL"))
        .then_order_by(letters::dated.desc())
        .then_order_by(letters::id.desc())
        .limit(s.limit.max(0))
        .offset(s.offset.max(0))
        .load(conn)?;
    Ok((ids, total))
}
