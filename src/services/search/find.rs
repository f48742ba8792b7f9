//! Thai search over the letters a caller may see (docs/search.md).
//!
//! Thai is written without spaces between words, so the query is matched as a substring of a
//! folded document (subject, from, addressee, number as written, canonical number with and
//! without spaces): FTS5 trigram on SQLite, pg_trgm on PostgreSQL, LIKE for 1–2 code points.

use crate::db::models::letter::Letter;
use crate::db::schema::letters;
use crate::db::search::{search_letters, TextSearch};
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::paging;
use crate::services::paging::Page;
use crate::thai::letter_no;
use crate::thai::normalize;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 200;
/// Trigram matching needs this many code points (Thai vowels and tone marks count).
pub const TRIGRAM: usize = 3;

#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words, part of a word, or a letter number in Thai or Arabic digits.
    pub q: Option<String>,
    /// 1..100, default 20.
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Turns the query into folded keys; pure, so the two backends get the same keys.
/// One search hit: enough to show in a result list and open the letter.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SearchItem {
    pub letter_id: i64,
    /// The `ที่` line as written or printed.
    pub number: String,
    pub number_canonical: String,
    pub dated: Option<chrono::NaiveDate>,
    pub subject: String,
    /// จาก: the sending office as written.
    pub from: String,
    pub addressee: String,
    pub urgency: crate::domain::Urgency,
    pub secrecy: crate::domain::Secrecy,
}

impl From<Letter> for SearchItem {
    fn from(l: Letter) -> Self {
        SearchItem {
            letter_id: l.id,
            number: l.number_raw,
            number_canonical: l.number_canonical,
            dated: l.dated,
            subject: l.subject,
            from: l.from_name,
            addressee: l.addressee,
            urgency: l.urgency,
            secrecy: l.secrecy,
        }
    }
}

pub fn plan(q: &str) -> Result<(Vec<String>, bool, String), AppError> {
    let key = normalize::search_key(crate::domain::validate::no_controls("q", q)?);
    if key.is_empty() {
        return Err(AppError::invalid("q", "q must not be empty"));
    }
    if key.chars().count() > MAX_QUERY {
        return Err(AppError::invalid(
            "q",
            format!("q is longer than {MAX_QUERY} characters"),
        ));
    }
    let short = key.chars().count() < TRIGRAM;
    let mut keys = vec![key.clone()];
    // "ว 2323" also finds "ว2323"; Thai typed with spaces between words finds it without.
    let joined: String = key.chars().filter(|c| *c != ' ').collect();
    if joined != key && joined.chars().count() >= TRIGRAM {
        keys.push(joined);
    }
    let exact: String = letter_no::canonical(q)
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    Ok((keys, short, exact))
}

pub fn search(
    conn: &mut AnyConnection,
    actor: &Actor,
    params: &SearchParams,
) -> Result<Page<SearchItem>, AppError> {
    let (keys, short, exact_number) = plan(params.q.as_deref().unwrap_or_default())?;
    let limit = match params.limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            return Err(AppError::invalid(
                "limit",
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ))
        }
    };
    let offset = paging::position(params.cursor.as_deref())?;
    let query = TextSearch {
        keys,
        short,
        exact_number,
        limit,
        offset,
    };
    let (ids, total) = search_letters(conn, actor, &query)?;
    let mut rows: Vec<Letter> = letters::table
        .filter(letters::id.eq_any(&ids))
        .select(Letter::as_select())
        .load(conn)?;
    rows.sort_by_key(|l| ids.iter().position(|id| *id == l.id));
    let next = offset + i64::try_from(ids.len()).unwrap_or(0);
    Ok(Page {
        items: rows.into_iter().map(SearchItem::from).collect(),
        total,
        next_cursor: paging::after_count(next, total),
    })
}

#[cfg(test)]
mod tests {
    use super::plan;

    #[test]
    fn queries_become_folded_keys() {
        let (keys, short, exact) = plan(" ที่ นร ๑๒๐๗/๕๐๙ ").expect("plan");
        assert_eq!(keys, vec!["ที่ นร 1207/509", "ที่นร1207/509"]);
        assert!(!short);
        assert_eq!(exact, "นร1207/509");
        let (keys, short, _) = plan("ว ๑").expect("plan");
        assert_eq!((keys, short), (vec!["ว 1".to_string()], false));
        let (keys, short, _) = plan("มท").expect("plan");
        assert_eq!((keys, short), (vec!["มท".to_string()], true));
        let (keys, _, _) = plan("ส\u{0E4D}\u{0E32}นักงาน OGP").expect("plan");
        assert_eq!(keys[0], "สำนักงาน ogp");
        assert!(plan("  \u{200B} ").is_err());
    }
}
