//! What the dashboard adds to a letter's distribution: when each level was reached, and the
//! recipients no e-mail reached. Both over what the caller may see of the tree.

use crate::clock::to_bangkok;
use crate::db::distribution::read;
use crate::db::models;
use crate::db::AnyConnection;
use crate::domain::notice::NoticeStatus;
use crate::domain::{Actor, Secrecy};
use crate::error::AppError;
use crate::services::distribution::show::visible_scope;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Per recipient kind: how many hops, and the day each reached hop left `pending`.
pub fn reached_days(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
) -> Result<BTreeMap<String, (i64, Vec<NaiveDate>)>, AppError> {
    let letter = models::letter::find(conn, letter_id)?.ok_or(AppError::not_found("letter"))?;
    let scope = visible_scope(conn, actor, &letter)?;
    let mut out: BTreeMap<String, (i64, Vec<NaiveDate>)> = BTreeMap::new();
    for (kind, at) in read::reached(conn, letter.id, &scope)? {
        let e = out.entry(kind).or_default();
        e.0 += 1;
        if let Some(at) = at {
            e.1.push(to_bangkok(models::utc(at)).date());
        }
    }
    Ok(out)
}

/// A recipient the notice did not reach by e-mail.
pub struct Unmailed {
    pub office_id: i64,
    pub name: String,
    pub status: Option<NoticeStatus>,
    pub last_error: Option<String>,
}

/// Recipients without an e-mail notice (no address, given up; every recipient of a ลับที่สุด
/// letter, which is never announced by e-mail), each office once, at most `limit`.
pub fn unmailed(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    limit: i64,
) -> Result<Vec<Unmailed>, AppError> {
    let letter = models::letter::find(conn, letter_id)?.ok_or(AppError::not_found("letter"))?;
    let scope = visible_scope(conn, actor, &letter)?;
    let rows: Vec<(models::hop::HopRow, Option<NoticeStatus>, Option<String>)> =
        if letter.secrecy == Secrecy::TopSecret {
            let f = read::HopFilter {
                root: letter.id,
                scope,
                status: None,
                kind: None,
                overdue_before: None,
                name: None,
                max_depth: None,
            };
            read::page(conn, &f, None, limit)?
                .into_iter()
                .map(|h| (h, None, None))
                .collect()
        } else {
            let failed = [
                NoticeStatus::NoAddress.as_str(),
                NoticeStatus::Dead.as_str(),
            ];
            read::with_notice(conn, letter.id, &scope, &failed, limit)?
                .into_iter()
                .map(|(h, s, e)| (h, NoticeStatus::parse(&s), e))
                .collect()
        };
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(h, _, _)| seen.insert(h.recipient_id))
        .map(|(h, status, last_error)| Unmailed {
            office_id: h.recipient_id,
            name: h.recipient_name,
            status,
            last_error,
        })
        .collect())
}
