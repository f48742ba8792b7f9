//! Who may see a letter, asked of the database: the issuing or recording office, the offices it
//! was delivered to and, for an unclassified letter, the offices holding a receipt of it.

use crate::db::models::letter::Letter;
use crate::db::schema::{deliveries, letters, receipts};
use crate::db::AnyConnection;
use crate::domain::{Actor, Role, Secrecy};
use crate::error::AppError;
use diesel::dsl::exists;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};

/// The issuing (or recording) office, which sees the whole distribution.
pub fn is_issuer_side(actor: &Actor, letter: &Letter) -> bool {
    actor.role == Role::Admin
        || letter.issuer_id.is_some_and(|id| actor.scope.contains(&id))
        || letter
            .recorded_by_org_id
            .is_some_and(|id| actor.scope.contains(&id))
}

pub fn can_see_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter: &Letter,
) -> Result<bool, AppError> {
    if is_issuer_side(actor, letter) {
        return Ok(true);
    }
    let found: Option<i64> = letters::table
        .into_boxed()
        .filter(letters::id.eq(letter.id))
        .filter(visible_to(actor))
        .select(letters::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// The rule as one diesel expression over `letters`, for queries over many letters (lists,
/// search, exports): the same on both backends. An administrator sees every letter; anyone
/// else the letters whose issuer or recorder is in their scope, that were delivered to their
/// scope or — for an unclassified letter — that their scope holds a receipt of.
pub fn visible_to(actor: &Actor) -> VisibleLetters {
    if actor.role == Role::Admin {
        return Box::new(letters::id.is_not_null().nullable());
    }
    seen_by(actor.scope.clone())
}

/// Which of these letters the actor sees (one query per chunk of ids).
pub fn visible_among(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: &[i64],
) -> Result<std::collections::HashSet<i64>, AppError> {
    let mut seen = std::collections::HashSet::new();
    for chunk in ids.chunks(crate::db::models::letter::BIND_CHUNK) {
        let found: Vec<i64> = letters::table
            .into_boxed()
            .filter(letters::id.eq_any(chunk.to_vec()))
            .filter(visible_to(actor))
            .select(letters::id)
            .load(conn)?;
        seen.extend(found);
    }
    Ok(seen)
}

/// Does one of these offices see the letter (the rule of [`visible_to`], for an office rather
/// than a person)?
pub fn office_sees_letter(
    conn: &mut AnyConnection,
    offices: &[i64],
    letter_id: i64,
) -> Result<bool, AppError> {
    let found: Option<i64> = letters::table
        .into_boxed()
        .filter(letters::id.eq(letter_id))
        .filter(seen_by(offices.to_vec()))
        .select(letters::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// The letters these offices see: issued or recorded by them, delivered to them or — when
/// unclassified — received by them.
fn seen_by(scope: Vec<i64>) -> VisibleLetters {
    let delivered = deliveries::table
        .filter(deliveries::letter_id.eq(letters::id))
        .filter(deliveries::recipient_id.eq_any(scope.clone()));
    let received = receipts::table
        .filter(receipts::letter_id.eq(letters::id))
        .filter(receipts::org_id.eq_any(scope.clone()));
    Box::new(
        letters::issuer_id
            .eq_any(scope.clone())
            .or(letters::recorded_by_org_id.eq_any(scope))
            .or(exists(delivered).nullable())
            .or(letters::secrecy
                .eq(Secrecy::Normal.as_str())
                .and(exists(received))
                .nullable()),
    )
}

/// [`visible_to`]'s type: a boxed condition on `letters` for the connection's backend.
pub type VisibleLetters =
    Box<dyn BoxableExpression<letters::table, DbBackend, SqlType = Nullable<Bool>> + 'static>;

/// The backend type of [`AnyConnection`].
pub type DbBackend = <AnyConnection as diesel::Connection>::Backend;
