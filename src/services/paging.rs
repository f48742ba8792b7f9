//! Pages of lists: the answer shape and the one meaning of a cursor.
//!
//! A list answers `{items, total, next_cursor}`. `next_cursor` is the **position of the last
//! item shown**, passed back unchanged as `?cursor=` to get the items after it: in a list kept
//! in id order (offices, files, notices; letters and audit entries newest first) the position
//! is that item's id, so pages stay right while rows are added; in a list in a computed order
//! (the inbox by urgency, a register) it is the number of items shown so far; search, newest
//! letter date first, names its last letter by date and id (`services::search::find`).
//! `null` when nothing follows. Callers never build a cursor.

use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of a list, in a stated order; `next_cursor` is passed back as `?cursor=`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// The position a `?cursor=` names; 0 (the start) without one. Anything that is not a
/// position given out as `next_cursor` — negatives too — is the caller's mistake.
pub fn position(cursor: Option<&str>) -> Result<i64, AppError> {
    match cursor {
        None | Some("") => Ok(0),
        Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            AppError::invalid("cursor", "cursor must be a value returned as next_cursor")
        }),
    }
}

/// `next_cursor` of a list in id order: the id of the last item when the page is full.
pub fn after_last<T>(items: &[T], limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit;
    full.then(|| items.last().map(|i| id(i).to_string()))
        .flatten()
}

/// `next_cursor` of a list in a computed order: how many items were shown up to the end of
/// this page, when more follow.
pub fn after_count(shown_until: i64, total: i64) -> Option<String> {
    (shown_until < total).then(|| shown_until.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_is_a_position() {
        assert_eq!(position(None).ok(), Some(0));
        assert_eq!(position(Some("42")).ok(), Some(42));
        assert!(position(Some("-1")).is_err());
        assert!(position(Some("abc")).is_err());
    }

    #[test]
    fn next_cursors_name_the_last_item_shown() {
        assert_eq!(after_last(&[3, 7], 2, |i| *i), Some("7".into()));
        assert_eq!(after_last(&[3], 2, |i| *i), None);
        assert_eq!(after_count(20, 45), Some("20".into()));
        assert_eq!(after_count(45, 45), None);
    }
}
