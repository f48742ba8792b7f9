//! The only SQL that differs between SQLite and PostgreSQL. Each function matches the
//! connection variant and works on the inner connection.

use super::connection::db_run;
use super::connection::AnyConnection;
use super::schema::number_counters as nc;
use diesel::prelude::*;
use diesel::QueryResult;

/// Creates the counter row of a series and year if it is missing, starting at `start`.
/// Two callers racing here both succeed; only one row is made.
pub fn ensure_counter(
    conn: &mut AnyConnection,
    org_id: i64,
    series: &str,
    year_be: i64,
    start: i64,
) -> QueryResult<()> {
    let row = (
        nc::org_id.eq(org_id),
        nc::series.eq(series),
        nc::year_be.eq(year_be),
        nc::next_number.eq(start),
    );
    db_run!(conn, |c| diesel::insert_into(nc::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c)?);
    Ok(())
}

/// Takes an office's reminder slot for a period: `true` when this caller wrote the row, `false`
/// when it already existed. `ON CONFLICT DO NOTHING` leaves the transaction usable either way;
/// on PostgreSQL a concurrent writer of the same key waits for ours to end, then does nothing.
pub fn claim_reminder_run(
    conn: &mut AnyConnection,
    org_id: i64,
    period_key: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    use super::schema::reminder_runs as rr;
    let row = (
        rr::org_id.eq(org_id),
        rr::period_key.eq(period_key),
        rr::created_at.eq(now),
    );
    let written = db_run!(conn, |c| diesel::insert_into(rr::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c)?);
    Ok(written == 1)
}

/// Multi-row insert of deliveries, returning their ids in insertion order.
/// (Batch inserts do not compile through the connection enum.)
pub fn insert_deliveries(
    conn: &mut AnyConnection,
    rows: &[crate::db::models::delivery::NewDelivery],
) -> QueryResult<Vec<i64>> {
    use super::schema::deliveries as d;
    db_run!(conn, |c| diesel::insert_into(d::table)
        .values(rows)
        .returning(d::id)
        .get_results(c))
}

/// Which letters a search may return: all of them (administrators) or those whose issuer or
/// recorder is one of these offices, or that were delivered to or received by one of them.
/// Mirrors `services::visibility::can_see`.
#[derive(Debug, Clone)]
pub enum VisibleTo {
    All,
    Offices(Vec<i64>),
}

impl VisibleTo {
    /// Portable SQL over `letters l`. Office ids are integers, written inline. The same rule
    /// as `auth::policy::can_see_letter`: a receipt alone never reveals a classified letter.
    fn predicate(&self) -> String {
        let ids = match self {
            VisibleTo::All => return "1 = 1".into(),
            VisibleTo::Offices(ids) if ids.is_empty() => return "1 = 0".into(),
            VisibleTo::Offices(ids) => ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        };
        format!(
            "(l.issuer_id IN ({ids}) OR l.recorded_by_org_id IN ({ids}) \
             OR EXISTS (SELECT 1 FROM deliveries d WHERE d.letter_id = l.id AND d.recipient_id IN ({ids})) \
             OR (l.secrecy = 'normal' AND EXISTS (SELECT 1 FROM receipts r WHERE r.letter_id = l.id AND r.org_id IN ({ids}))))"
        )
    }
}

impl VisibleTo {
    /// Whose receipt remarks a search reads, over `receipts r`: a remark is the receiving
    /// office's own note, so only the caller's offices' (all of them for administrators).
    fn remarks_predicate(&self) -> String {
        match self {
            VisibleTo::All => "1 = 1".into(),
            VisibleTo::Offices(ids) if ids.is_empty() => "1 = 0".into(),
            VisibleTo::Offices(ids) => format!(
                "r.org_id IN ({})",
                ids.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A text search, already folded with `thai::normalize::search_key`.
#[derive(Debug, Clone)]
pub struct TextSearch {
    /// One or two folded keys, each at least 3 code points unless `short`.
    pub keys: Vec<String>,
    /// Fewer than 3 code points: a LIKE scan instead of the trigram index.
    pub short: bool,
    /// The query as a canonical number without spaces; an equal number ranks first.
    pub exact_number: String,
    pub visible: VisibleTo,
    pub limit: i64,
    pub offset: i64,
}

#[derive(QueryableByName)]
struct FoundId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `%key%` for LIKE, with the wildcards and the escape character escaped.
fn like_pattern(key: &str) -> String {
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

const ORDER: &str =
    "ORDER BY CASE WHEN replace(l.number_canonical, ' ', '') = {exact} THEN 0 ELSE 1 END, \
                     l.dated DESC NULLS LAST, l.id DESC";

/// Most letters a search finds through receipt remarks (remarks are a few offices' own notes).
const REMARK_MATCHES: i64 = 10_000;

/// `OR l.id IN (…)` for the letters found through remarks, or nothing: the letters query keeps
/// its own index plan when no remark matches (ids are integers, written inline).
fn or_letters(ids: &[i64]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!(" OR l.id IN ({})", list.join(", "))
}

/// Letters matching a text search, in rank order, and how many match in all: by their own
/// fields, or by the remarks of the caller's offices' receipts of them. The remarks are matched
/// first, then joined to the letters' own match, so the letters' index plan is unchanged.
/// SQLite: FTS5 trigram (`letters_fts`, `receipt_remarks_fts`), or LIKE over them for short
/// keys. PostgreSQL: ILIKE on `saraban_search_doc(…)` and `saraban_fold(remarks)`, served by
/// their pg_trgm GIN indexes.
pub fn search_letters(conn: &mut AnyConnection, s: &TextSearch) -> QueryResult<(Vec<i64>, i64)> {
    use diesel::sql_types::Text;
    let visible = s.visible.predicate();
    let remarks_of = s.visible.remarks_predicate();
    let page = format!("LIMIT {} OFFSET {}", s.limit.max(0), s.offset.max(0));
    match conn {
        AnyConnection::Sqlite(c) => {
            let (matcher, pattern) = if s.short {
                let key = s.keys.first().map(String::as_str).unwrap_or_default();
                ("doc LIKE ?1 ESCAPE '\\'", like_pattern(key))
            } else {
                ("{table} MATCH ?1", fts_query(&s.keys))
            };
            let in_letters = matcher.replace("{table}", "letters_fts");
            let in_remarks = matcher.replace("{table}", "receipt_remarks_fts");
            let by_remarks: Vec<i64> = diesel::sql_query(format!(
                "SELECT DISTINCT r.letter_id AS id FROM receipts r \
                 WHERE {remarks_of} AND r.letter_id IS NOT NULL \
                   AND r.id IN (SELECT rowid FROM receipt_remarks_fts WHERE {in_remarks}) \
                 LIMIT {REMARK_MATCHES}"
            ))
            .bind::<Text, _>(&pattern)
            .load::<FoundId>(c)?
            .into_iter()
            .map(|r| r.id)
            .collect();
            let filter = format!(
                "(l.id IN (SELECT rowid FROM letters_fts WHERE {in_letters}){}) AND {visible}",
                or_letters(&by_remarks)
            );
            let total = diesel::sql_query(format!(
                "SELECT COUNT(*) AS n FROM letters l WHERE {filter}"
            ))
            .bind::<Text, _>(&pattern)
            .get_result::<Total>(c)?
            .n;
            let order = ORDER.replace("{exact}", "?2");
            let ids = diesel::sql_query(format!(
                "SELECT l.id FROM letters l WHERE {filter} {order} {page}"
            ))
            .bind::<Text, _>(&pattern)
            .bind::<Text, _>(&s.exact_number)
            .load::<FoundId>(c)?;
            Ok((ids.into_iter().map(|r| r.id).collect(), total))
        }
        AnyConnection::Postgres(c) => {
            let first = s.keys.first().cloned().unwrap_or_default();
            let second = s.keys.get(1).cloned().unwrap_or_else(|| first.clone());
            let (p1, p2) = (like_pattern(&first), like_pattern(&second));
            let remark = "saraban_fold(r.remarks)";
            let by_remarks: Vec<i64> = diesel::sql_query(format!(
                "SELECT DISTINCT r.letter_id AS id FROM receipts r \
                 WHERE {remarks_of} AND r.letter_id IS NOT NULL \
                   AND ({remark} ILIKE $1 ESCAPE '\\' OR {remark} ILIKE $2 ESCAPE '\\') \
                 LIMIT {REMARK_MATCHES}"
            ))
            .bind::<Text, _>(&p1)
            .bind::<Text, _>(&p2)
            .load::<FoundId>(c)?
            .into_iter()
            .map(|r| r.id)
            .collect();
            let doc = "saraban_search_doc(l.subject, l.from_name, l.addressee, l.number_raw, l.number_canonical)";
            let filter = format!(
                "({doc} ILIKE $1 ESCAPE '\\' OR {doc} ILIKE $2 ESCAPE '\\'{}) AND {visible}",
                or_letters(&by_remarks)
            );
            let total = diesel::sql_query(format!(
                "SELECT COUNT(*) AS n FROM letters l WHERE {filter}"
            ))
            .bind::<Text, _>(&p1)
            .bind::<Text, _>(&p2)
            .get_result::<Total>(c)?
            .n;
            let order = ORDER.replace("{exact}", "$3");
            let ids = diesel::sql_query(format!(
                "SELECT l.id FROM letters l WHERE {filter} {order} {page}"
            ))
            .bind::<Text, _>(&p1)
            .bind::<Text, _>(&p2)
            .bind::<Text, _>(&s.exact_number)
            .load::<FoundId>(c)?;
            Ok((ids.into_iter().map(|r| r.id).collect(), total))
        }
    }
}

/// Multi-row insert of letters (the benchmark's bulk load); returns how many were written.
pub fn insert_letters_bulk(
    conn: &mut AnyConnection,
    rows: &[crate::db::models::letter::NewLetter],
) -> QueryResult<usize> {
    use super::schema::letters as l;
    let mut written = 0;
    // 22 columns a row: 1,000 rows stay below SQLite's 32,766 and PostgreSQL's 65,535 binds.
    for chunk in rows.chunks(1000) {
        written += db_run!(conn, |c| diesel::insert_into(l::table)
            .values(chunk)
            .execute(c)?);
    }
    Ok(written)
}

/// Serialises the work that touches stored files (a new blob on disk, removing an unused one)
/// with the rows that refer to them, until the transaction ends. SQLite's `BEGIN IMMEDIATE`
/// already admits one writer at a time; PostgreSQL takes a transaction-level advisory lock.
pub fn lock_files(conn: &mut AnyConnection) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        AnyConnection::Sqlite(_) => Ok(()),
        AnyConnection::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_xact_lock({FILES_LOCK_KEY})"))
        }
    }
}

/// "SRBFILES" in ASCII.
const FILES_LOCK_KEY: i64 = 0x5352_4246_494c_4553;
/// Creates an audit chain's head row if it is missing (a no-op otherwise).
pub fn ensure_audit_chain(conn: &mut AnyConnection, chain: &str, genesis: &str) -> QueryResult<()> {
    use crate::db::schema::audit_chains as ac;
    let row = (ac::chain.eq(chain), ac::seq.eq(0i64), ac::hash.eq(genesis));
    db_run!(conn, |c| diesel::insert_into(ac::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c)?);
    Ok(())
}
