//! Exports of a distribution: every hop the caller may see (after the filters), in tree order,
//! handed over page by page so the whole tree is never held in memory.

use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::distribution::show::{self, Hop, TreeFilter};
use chrono::{DateTime, Utc};

/// Hops per page of an export.
const EXPORT_PAGE: i64 = 1000;

/// The checked export: fails (403, 404, a bad filter) before anything is written.
pub fn start(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    filter: &TreeFilter,
    now: DateTime<Utc>,
) -> Result<show::Request, AppError> {
    let filter = TreeFilter {
        limit: Some(EXPORT_PAGE),
        cursor: None,
        ..filter.clone()
    };
    show::request(conn, actor, letter_id, &filter, now)
}

/// Hands every hop to `sink`, a page at a time; stops when `sink` answers `false`.
pub fn each_page(
    conn: &mut AnyConnection,
    actor: &Actor,
    r: &show::Request,
    mut sink: impl FnMut(&[Hop], &show::Request) -> bool,
) -> Result<(), AppError> {
    let mut cursor: Option<String> = None;
    loop {
        let (items, _, next, _) = show::page(conn, actor, r, cursor.as_deref())?;
        if !sink(&items, r) {
            return Ok(());
        }
        match next {
            Some(c) => cursor = Some(c),
            None => return Ok(()),
        }
    }
}
