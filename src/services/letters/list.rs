//! The letters an office issued, newest first, optionally of one Buddhist-Era year.

use crate::db::models::letter;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::paging;
use crate::services::paging::Page;
use crate::services::views::LetterView;

pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    year_be: Option<i64>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<LetterView>, AppError> {
    org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    if !actor.can_read_org(org_id) {
        return Err(AppError::forbidden("these are another office's letters"));
    }
    if let Some(y) = year_be {
        check_year(y)?;
    }
    let before = match paging::position(cursor)? {
        0 => i64::MAX,
        id => id,
    };
    let (rows, total) = letter::issued_by(conn, org_id, year_be, before, limit)?;
    let next_cursor = paging::after_last(&rows, limit, |l| l.id);
    Ok(Page {
        items: rows.into_iter().map(LetterView::from).collect(),
        total,
        next_cursor,
    })
}

/// `?year=` is a Buddhist-Era year such as 2569.
pub fn check_year(year_be: i64) -> Result<(), AppError> {
    if (2400..=2800).contains(&year_be) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "year",
            "year is a Buddhist-Era year such as 2569",
        ))
    }
}
