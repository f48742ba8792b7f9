//! The live files of a letter, in id order, for whoever may see the letter; and the files of
//! many letters at once (the distribution tree, the notices), with two queries in all.

use super::FileView;
use crate::db::models::blob;
use crate::db::models::letter_file;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::letters::visibility;
use crate::services::paging;
use crate::services::paging::Page;
use std::collections::HashMap;

pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<FileView>, AppError> {
    let letter = visibility::visible_letter(conn, actor, letter_id)?;
    let access = super::FileAccess::of(conn, actor, &letter)?;
    let after = paging::position(cursor)?;
    let (rows, total) = letter_file::list_live(conn, letter_id, after, limit)?;
    let total = if access == super::FileAccess::All {
        total
    } else {
        // Few files and rarely paged: count what this office sees.
        let all = letter_file::live_for_letters(conn, &[letter_id])?;
        i64::try_from(access.filter(conn, all, |f| f.created_by)?.len()).unwrap_or(0)
    };
    let next_cursor = paging::after_last(&rows, limit, |f| f.id);
    let rows = access.filter(conn, rows, |f| f.created_by)?;
    let items = with_blobs(conn, rows)?;
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}

/// The live files of these letters, in id order. No visibility check: callers show only
/// letters the actor may see, or hand the files to the letter's own recipients.
pub fn of_letters(conn: &mut AnyConnection, letter_ids: &[i64]) -> Result<Vec<FileView>, AppError> {
    let rows = letter_file::live_for_letters(conn, letter_ids)?;
    with_blobs(conn, rows)
}

/// The live files of these letters, grouped by letter.
pub fn by_letter(
    conn: &mut AnyConnection,
    letter_ids: &[i64],
) -> Result<HashMap<i64, Vec<FileView>>, AppError> {
    let mut grouped: HashMap<i64, Vec<FileView>> = HashMap::new();
    for f in of_letters(conn, letter_ids)? {
        grouped.entry(f.letter_id).or_default().push(f);
    }
    Ok(grouped)
}

fn with_blobs(
    conn: &mut AnyConnection,
    rows: Vec<letter_file::LetterFile>,
) -> Result<Vec<FileView>, AppError> {
    let mut hashes: Vec<String> = rows.iter().map(|f| f.blob_sha256.clone()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let blobs: HashMap<String, blob::Blob> = blob::find_many(conn, &hashes)?
        .into_iter()
        .map(|b| (b.sha256.clone(), b))
        .collect();
    rows.into_iter()
        .map(|file| {
            let b = blobs
                .get(&file.blob_sha256)
                .ok_or_else(|| AppError::Internal(format!("file {} without its blob", file.id)))?;
            Ok(FileView::new(file, b))
        })
        .collect()
}
