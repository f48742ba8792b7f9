//! The letters an office sent, each with where its distribution stands (the kept counts):
//! the list OPDC or a hall opens to follow its circulars.

use crate::clock::to_bangkok;
use crate::db::distribution::read::Scope;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::distribution::show::Summary;
use crate::services::paging::Page;
use crate::services::views::LetterView;
use chrono::{DateTime, Utc};

pub struct SentLetter {
    pub letter: LetterView,
    pub summary: Summary,
}

/// The office's issued letters, newest first, with their distribution's counts.
pub fn sent(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    cursor: Option<&str>,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Page<SentLetter>, AppError> {
    let letters = crate::services::letters::list::list(conn, actor, org_id, None, cursor, limit)?;
    let today = to_bangkok(now).date();
    let mut items = Vec::with_capacity(letters.items.len());
    for letter in letters.items {
        let summary = super::summary::summary(conn, letter.id, &Scope::Tree, today)?;
        items.push(SentLetter { letter, summary });
    }
    Ok(Page {
        items,
        total: letters.total,
        next_cursor: letters.next_cursor,
    })
}
