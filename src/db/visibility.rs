//! Who may see a letter, asked of the database: the issuing or recording office, the offices it
//! was delivered to and, for an unclassified letter, the offices holding a receipt of it.

use crate::db::models::letter::Letter;
use crate::db::models::{delivery, receipt};
use crate::db::AnyConnection;
use crate::domain::access::is_classified;
use crate::domain::{Actor, Role};
use crate::error::AppError;

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
    if actor.scope.is_empty() {
        return Ok(false);
    }
    if delivery::any_to(conn, letter.id, &actor.scope)? {
        return Ok(true);
    }
    Ok(!is_classified(&letter.secrecy) && receipt::any_at(conn, letter.id, &actor.scope)?)
}
