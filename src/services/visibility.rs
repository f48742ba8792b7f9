//! Who may see a letter: its issuer, the office that recorded it, the offices it was
//! delivered to or that hold a receipt of it (each with their units), and administrators.

use crate::auth::Actor;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::models::{delivery, letter::Letter, receipt};

pub fn can_see(conn: &mut AnyConnection, actor: &Actor, letter: &Letter) -> Result<bool, AppError> {
    if actor.is_admin() {
        return Ok(true);
    }
    if is_issuer_side(actor, letter) {
        return Ok(true);
    }
    if actor.scope.is_empty() {
        return Ok(false);
    }
    Ok(delivery::any_to(conn, letter.id, &actor.scope)?
        || receipt::any_at(conn, letter.id, &actor.scope)?)
}

/// The issuing (or recording) office, which sees the whole distribution.
pub fn is_issuer_side(actor: &Actor, letter: &Letter) -> bool {
    actor.is_admin()
        || letter.issuer_id.is_some_and(|id| actor.scope.contains(&id))
        || letter
            .recorded_by_org_id
            .is_some_and(|id| actor.scope.contains(&id))
}

/// Loads a letter the actor may see: 404 if there is none, 403 if it is not the actor's to see.
pub fn visible_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<Letter, AppError> {
    let letter = crate::models::letter::find(conn, id)?.ok_or(AppError::not_found("letter"))?;
    if can_see(conn, actor, &letter)? {
        Ok(letter)
    } else {
        Err(AppError::forbidden(
            "this letter is not addressed to your office",
        ))
    }
}

/// The same rule as [`can_see`], for queries over many letters (search).
pub fn search_scope(actor: &Actor) -> crate::db::backend::VisibleTo {
    use crate::db::backend::VisibleTo;
    if actor.is_admin() {
        VisibleTo::All
    } else {
        VisibleTo::Offices(actor.scope.clone())
    }
}
