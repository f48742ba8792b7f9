//! Thai search over the letters a caller may see (docs/search.md).
//!
//! Thai is written without spaces between words, so the query is matched as a substring of a
//! folded document (subject, from, addressee, number as written, canonical number with and
//! without spaces). A number alone (`4721`, `รับ ๔๗๒๑`) also finds the letters of that receipt
//! number in the caller's registers.

use super::mine::{mine, MyReceipt};
use crate::db::models::letter::Letter;
use crate::db::schema::letters;
use crate::db::search::{search_letters, Key, TextSearch, SHORT_BOUND};
use crate::db::AnyConnection;
use crate::domain::validate::{self, DateKind};
use crate::domain::{Actor, DeliveryStatus};
use crate::error::AppError;
use crate::thai::normalize;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 200;
/// Trigram matching needs this many code points (Thai vowels and tone marks count).
pub const TRIGRAM: usize = 3;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words, part of a word, a letter number, or a receipt number of your registers
    /// (`4721`, `รับ ๔๗๒๑`), in Thai or Arabic digits.
    pub q: Option<String>,
    /// 1..100, default 20.
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Letters dated in this Buddhist-Era year (e.g. 2568).
    pub year: Option<i32>,
    /// Letters dated on or after this day (ISO, Christian Era: 2025-10-01).
    pub from: Option<String>,
    /// Letters dated on or before this day (ISO, Christian Era).
    pub to: Option<String>,
}

/// One search hit: enough to show in a result list and open the letter.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchItem {
    pub letter_id: i64,
    /// The `ที่` line as written or printed.
    pub number: String,
    pub number_canonical: String,
    pub dated: Option<NaiveDate>,
    pub subject: String,
    /// จาก: the sending office as written.
    pub from: String,
    pub addressee: String,
    pub urgency: crate::domain::Urgency,
    pub secrecy: crate::domain::Secrecy,
    /// The receipt of your office, or else the newest of its units; `null` if none.
    pub my_receipt: Option<MyReceipt>,
    /// The status of the delivery to your office (else to its units, newest); `null` if none.
    pub my_status: Option<DeliveryStatus>,
}

/// A page of search results, newest letter date first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    /// Matching letters, exact up to 1,000; `1000` with `total_capped` above that.
    pub total: i64,
    /// More than 1,000 letters match (`total` is then 1,000).
    pub total_capped: bool,
    /// A query of 1–2 code points searches only your newest 10,000 letters: then `10000`.
    pub bounded_to: Option<i64>,
    /// Passed back as `cursor` for the next page; goes on past the first 1,000.
    pub next_cursor: Option<String>,
}

/// What a query asks, folded: the keys, whether it is too short for trigrams, and a receipt
/// number when the query is one (`4721`, `รับ 4721`). Pure, so both backends get the same keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub keys: Vec<String>,
    pub short: bool,
    pub receipt_number: Option<i64>,
}

pub fn plan(q: &str) -> Result<Plan, AppError> {
    let key = normalize::search_key(validate::no_controls("q", q)?);
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
    let digits = ["เลขรับ", "รับ"]
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .unwrap_or(&key)
        .trim();
    let receipt_number =
        (!digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<i64>().ok())
            .flatten();
    Ok(Plan {
        keys,
        short,
        receipt_number,
    })
}

fn limit(asked: Option<i64>) -> Result<i64, AppError> {
    match asked {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        )),
    }
}

/// `next_cursor`: the last letter shown, as `sort date.id`.
fn cursor_of(k: Key) -> String {
    format!("{}.{}", k.date.format("%Y-%m-%d"), k.id)
}

fn parse_cursor(c: Option<&str>) -> Result<Option<Key>, AppError> {
    let Some(c) = c.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || AppError::invalid("cursor", "cursor must be a value returned as next_cursor");
    let (date, id) = c.split_once('.').ok_or_else(bad)?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    let id = id.parse::<i64>().ok().filter(|i| *i > 0).ok_or_else(bad)?;
    Ok(Some(Key { date, id }))
}

/// The dates asked (`year` in พ.ศ., `from`, `to`), checked by the one plausibility rule.
fn dates(
    p: &SearchParams,
    now: DateTime<Utc>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), AppError> {
    let day = |field: &'static str, v: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => Ok(Some(validate::plausible(
                field,
                DateKind::Dated,
                validate::date(field, v)?,
                now,
            )?)),
        }
    };
    let mut from = day("from", &p.from)?;
    let mut to = day("to", &p.to)?;
    if let Some(year) = p.year {
        let bad = || AppError::invalid("year", "year must be a Buddhist-Era year such as 2568");
        let ce = year.checked_sub(543).ok_or_else(bad)?;
        let first = NaiveDate::from_ymd_opt(ce, 1, 1).ok_or_else(bad)?;
        let last = NaiveDate::from_ymd_opt(ce, 12, 31).ok_or_else(bad)?;
        validate::plausible("year", DateKind::Dated, first, now).map_err(|_| bad())?;
        from = Some(from.map_or(first, |f| f.max(first)));
        to = Some(to.map_or(last, |t| t.min(last)));
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f > t && p.year.is_none() {
            return Err(AppError::invalid("to", "to must not be before from"));
        }
    }
    Ok((from, to))
}

pub fn search(
    conn: &mut AnyConnection,
    actor: &Actor,
    params: &SearchParams,
    now: DateTime<Utc>,
) -> Result<SearchPage, AppError> {
    let plan = plan(params.q.as_deref().unwrap_or_default())?;
    let (from, to) = dates(params, now)?;
    let query = TextSearch {
        keys: plan.keys,
        short: plan.short,
        receipt_number: plan.receipt_number,
        from,
        to,
        after: parse_cursor(params.cursor.as_deref())?,
        limit: limit(params.limit)?,
    };
    let found = search_letters(conn, actor, &query)?;
    let mut rows: Vec<Letter> = letters::table
        .filter(letters::id.eq_any(&found.ids))
        .select(Letter::as_select())
        .load(conn)?;
    rows.sort_by_key(|l| found.ids.iter().position(|id| *id == l.id));
    let (mut receipts, mut statuses) = mine(conn, actor, &found.ids)?;
    let items = rows
        .into_iter()
        .map(|l| SearchItem {
            my_receipt: receipts.remove(&l.id),
            my_status: statuses.remove(&l.id),
            letter_id: l.id,
            number: l.number_raw,
            number_canonical: l.number_canonical,
            dated: l.dated,
            subject: l.subject,
            from: l.from_name,
            addressee: l.addressee,
            urgency: l.urgency,
            secrecy: l.secrecy,
        })
        .collect();
    Ok(SearchPage {
        items,
        total: found.total,
        total_capped: found.capped,
        bounded_to: query.short.then_some(SHORT_BOUND),
        next_cursor: found.next.map(cursor_of),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_folded_keys() {
        let p = plan(" ที่ นร ๑๒๐๗/๕๐๙ ").expect("plan");
        assert_eq!(p.keys, vec!["ที่ นร 1207/509", "ที่นร1207/509"]);
        assert!(!p.short && p.receipt_number.is_none());
        let p = plan("ว ๑").expect("plan");
        assert_eq!((p.keys, p.short), (vec!["ว 1".to_string()], false));
        let p = plan("มท").expect("plan");
        assert_eq!((p.keys, p.short), (vec!["มท".to_string()], true));
        let p = plan("ส\u{0E4D}\u{0E32}นักงาน OGP").expect("plan");
        assert_eq!(p.keys[0], "สำนักงาน ogp");
        assert!(plan("  \u{200B} ").is_err());
    }

    #[test]
    fn a_number_alone_is_also_a_receipt_number() {
        for q in ["4721", "๔๗๒๑", "รับ ๔๗๒๑", "รับ4721", "เลขรับ 4721"]
        {
            assert_eq!(plan(q).expect("plan").receipt_number, Some(4721), "{q}");
        }
        for q in ["ว 4721", "4721/2568", "รับ", "1234567890"] {
            assert_eq!(plan(q).expect("plan").receipt_number, None, "{q}");
        }
    }

    #[test]
    fn cursors_name_the_last_letter_shown() {
        let k = Key {
            date: NaiveDate::from_ymd_opt(2025, 12, 28).expect("date"),
            id: 42,
        };
        assert_eq!(cursor_of(k), "2025-12-28.42");
        assert_eq!(parse_cursor(Some("2025-12-28.42")).ok(), Some(Some(k)));
        for bad in ["42", "2025-13-01.4", "2025-12-28.x", "2025-12-28.-1"] {
            assert!(parse_cursor(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_follow_the_plausibility_rule() {
        let now = DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
            .expect("now")
            .with_timezone(&Utc);
        let p = |year, from: &str, to: &str| SearchParams {
            year,
            from: Some(from.into()),
            to: Some(to.into()),
            ..SearchParams::default()
        };
        let (f, t) = dates(&p(Some(2568), "", ""), now).expect("year");
        assert_eq!(f, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(t, NaiveDate::from_ymd_opt(2025, 12, 31));
        assert!(dates(&p(Some(2025), "", ""), now).is_err());
        assert!(dates(&p(Some(2600), "", ""), now).is_err());
        assert!(dates(&p(None, "2568-01-01", ""), now).is_err());
        assert!(dates(&p(None, "2025-02-01", "2025-01-01"), now).is_err());
        assert!(dates(&p(None, "1900-01-01", ""), now).is_err());
    }
}
