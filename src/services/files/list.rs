//! The live files of a letter, in id order, for whoever may see the letter.

use super::FileView;
use crate::auth::Actor;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::models::{blob, letter_file};
use crate::services::orgs::decode_cursor;
use crate::services::views::Page;
use crate::services::visibility;

pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<FileView>, AppError> {
    visibility::visible_letter(conn, actor, letter_id)?;
    let after = decode_cursor(cursor)?;
    let (rows, total) = letter_file::list_live(conn, letter_id, after, limit)?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|f| f.id.to_string()))
        .flatten();
    let mut items = Vec::with_capacity(rows.len());
    for file in rows {
        let b = blob::find(conn, &file.blob_sha256)?
            .ok_or_else(|| AppError::Internal(format!("file {} without its blob", file.id)))?;
        items.push(FileView::new(file, &b));
    }
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
