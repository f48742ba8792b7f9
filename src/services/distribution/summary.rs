//! The distribution's counts: the kept counts for the whole tree, or a count over the
//! subtrees an office sees (small).

use crate::db::distribution::read::{self, Scope};
use crate::db::models::hop;
use crate::db::AnyConnection;
use crate::domain::DeliveryStatus;
use crate::error::AppError;
use crate::services::distribution::show::{Counts, Summary};
use chrono::NaiveDate;

impl Counts {
    fn add(&mut self, status: &str, n: i64) {
        if status == hop::FORWARDED {
            self.forwarded += n;
            return;
        }
        self.total += n;
        match DeliveryStatus::parse(status) {
            Some(DeliveryStatus::Pending) => self.pending += n,
            Some(DeliveryStatus::Received) => self.received += n,
            Some(DeliveryStatus::Acknowledged) => self.acknowledged += n,
            Some(DeliveryStatus::NotRelated) => self.not_related += n,
            None => {}
        }
        self.reached = self.total - self.pending;
    }
}

impl Summary {
    fn add(&mut self, kind: &str, status: &str, n: i64) {
        if n == 0 {
            return;
        }
        self.counts.add(status, n);
        self.by_kind
            .entry(kind.to_string())
            .or_default()
            .add(status, n);
    }
}

/// The summary of what `scope` covers of the tree of `root`.
pub(super) fn summary(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
    today: NaiveDate,
) -> Result<Summary, AppError> {
    let mut s = Summary::default();
    match scope {
        // The whole tree: the kept counts.
        Scope::Tree => {
            for (kind, status, n) in hop::counts(conn, root)? {
                s.add(&kind, &status, n);
            }
        }
        Scope::Subtrees(tops) if tops.is_empty() => return Ok(s),
        Scope::Subtrees(_) => {
            for (kind, status, forwarded, n) in read::counts(conn, root, scope)? {
                s.add(&kind, &status, n);
                if forwarded {
                    s.add(&kind, hop::FORWARDED, n);
                }
            }
        }
    }
    for (kind, n) in read::overdue(conn, root, scope, today)? {
        s.counts.overdue += n;
        s.by_kind.entry(kind).or_default().overdue += n;
    }
    s.offices = read::offices(conn, root, scope)?;
    Ok(s)
}
