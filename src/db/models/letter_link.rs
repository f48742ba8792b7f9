//! Links between letters: a newer letter forwards, cites, replies to or supersedes an older one.

use crate::db::schema::letter_links;
use crate::db::AnyConnection;
use crate::domain::LinkRelation;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = letter_links)]
pub struct LetterLink {
    pub id: i64,
    pub from_letter_id: i64,
    pub to_letter_id: i64,
    #[diesel(deserialize_as = String)]
    pub relation: LinkRelation,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut AnyConnection,
    from_letter_id: i64,
    to_letter_id: i64,
    relation: &str,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id = diesel::insert_into(letter_links::table)
        .values((
            letter_links::from_letter_id.eq(from_letter_id),
            letter_links::to_letter_id.eq(to_letter_id),
            letter_links::relation.eq(relation),
            letter_links::created_by.eq(created_by),
            letter_links::created_at.eq(now),
        ))
        .returning(letter_links::id)
        .get_result(conn)?;
    if relation == crate::domain::LinkRelation::Forwards.as_str() {
        crate::db::distribution::graft(conn, from_letter_id, None)?;
    }
    Ok(id)
}

/// Links going out of any of these letters (what they refer to).
pub fn from_letters(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<LetterLink>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        found.extend(
            letter_links::table
                .filter(letter_links::from_letter_id.eq_any(chunk))
                .select(LetterLink::as_select())
                .load(conn)?,
        );
    }
    found.sort_by_key(|l| l.id);
    Ok(found)
}

/// Links pointing at any of these letters, optionally of one relation only.
pub fn to_letters(
    conn: &mut AnyConnection,
    ids: &[i64],
    relation: Option<&str>,
) -> QueryResult<Vec<LetterLink>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        let mut q = letter_links::table
            .filter(letter_links::to_letter_id.eq_any(chunk))
            .into_boxed();
        if let Some(r) = relation {
            q = q.filter(letter_links::relation.eq(r.to_string()));
        }
        found.extend(q.select(LetterLink::as_select()).load(conn)?);
    }
    found.sort_by_key(|l| l.id);
    Ok(found)
}
