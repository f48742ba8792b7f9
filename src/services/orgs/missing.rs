//! The offices an administrator still has to complete: without an e-mail address (their
//! notices cannot be sent), without a telephone number, or without a complete letter code
//! (they cannot issue numbered letters).

use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::letter_code;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::paging::{self, Page};
use crate::services::views::OrgView;

/// What the offices lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Email,
    Phone,
    LetterCode,
}

impl Missing {
    /// `email`, `phone` or `letter_code`; 422 `invalid_missing` for anything else.
    pub fn parse(text: &str) -> Result<Missing, AppError> {
        match text {
            "email" => Ok(Missing::Email),
            "phone" => Ok(Missing::Phone),
            "letter_code" => Ok(Missing::LetterCode),
            _ => Err(AppError::invalid(
                "missing",
                "missing must be one of: email, phone, letter_code",
            )),
        }
    }
}

/// One page of the offices lacking `what`, in id order (admins only).
pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    what: Missing,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<OrgView>, AppError> {
    actor.require_admin()?;
    let after = paging::position(cursor)?;
    let (rows, total) = match what {
        Missing::Email => org::without_contact(conn, false, after, limit)?,
        Missing::Phone => org::without_contact(conn, true, after, limit)?,
        Missing::LetterCode => {
            // The rule is the domain's, not SQL's: a few thousand short rows are read.
            let lacking: Vec<i64> = org::letter_codes(conn)?
                .into_iter()
                .filter(|(_, code)| !letter_code::is_complete(code.as_deref()))
                .map(|(id, _)| id)
                .collect();
            let total = i64::try_from(lacking.len()).unwrap_or(i64::MAX);
            let page: Vec<i64> = lacking
                .into_iter()
                .filter(|id| *id > after)
                .take(usize::try_from(limit).unwrap_or(0))
                .collect();
            let mut rows = org::find_many(conn, &page)?;
            rows.sort_by_key(|o| o.id);
            (rows, total)
        }
    };
    let next_cursor = paging::after_last(&rows, limit, |o| o.id);
    Ok(Page {
        items: rows.into_iter().map(OrgView::from).collect(),
        total,
        next_cursor,
    })
}
