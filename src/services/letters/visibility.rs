//! Who may see a letter: its issuer, the office that recorded it, the offices it was
//! delivered to or that hold a receipt of it (each with their units), and administrators.

use crate::db::visibility as policy;

use crate::db::models::letter::Letter;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;

pub fn can_see(conn: &mut AnyConnection, actor: &Actor, letter: &Letter) -> Result<bool, AppError> {
    policy::can_see_letter(conn, actor, letter)
}

/// The issuing (or recording) office, which sees the whole distribution.
pub fn is_issuer_side(actor: &Actor, letter: &Letter) -> bool {
    policy::is_issuer_side(actor, letter)
}

/// Loads a letter the actor may see: 404 if there is none, 403 if it is not the actor's to see.
pub fn visible_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<Letter, AppError> {
    let letter = crate::db::models::letter::find(conn, id)?.ok_or(AppError::not_found("letter"))?;
    if can_see(conn, actor, &letter)? {
        Ok(letter)
    } else {
        Err(AppError::forbidden(
            "this letter is not addressed to your office",
        ))
    }
}
