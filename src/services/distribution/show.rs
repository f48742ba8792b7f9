//! A letter's distribution: the summary of everything the caller may see and one page of hops
//! in tree order (depth first), filtered.
//!
//! The issuing office sees the whole tree; any other office sees its own hops and what lies
//! below them, also when it was reached only through a forwarding letter. `summary` always
//! covers everything the caller may see; the filters choose the hops of the page.

use crate::clock::to_bangkok;
use crate::db::distribution::read::{self, HopFilter, Scope};
use crate::db::models;
use crate::db::models::hop;
use crate::db::AnyConnection;
use crate::domain::{Actor, DeliveryStatus, OrgKind};
use crate::error::AppError;
use crate::services::files::FileView;
use crate::services::letters::visibility;
use crate::services::views::LetterView;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;
/// Longest office-name filter accepted, in characters.
const MAX_NAME: usize = 200;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TreeFilter {
    /// Hops per page: 1..1000, default 100.
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Deepest level of hops to return (1 = the letter's own deliveries); default all.
    pub depth: Option<i64>,
    /// pending, received, acknowledged or not_related
    pub status: Option<String>,
    /// The recipient's office kind (the dashboard's level: district, local_body, …).
    pub kind: Option<String>,
    /// Only the hops to this office and below them.
    pub under_id: Option<i64>,
    /// `true`: only hops still pending after the due date.
    pub overdue: Option<bool>,
    /// Only hops whose office name holds this text.
    pub q: Option<String>,
}

/// Hops per status. The four statuses are exclusive and add up to `total`; `reached` is every
/// hop that has left `pending`; `forwarded` and `overdue` are flags beside the status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Counts {
    pub total: i64,
    pub pending: i64,
    pub received: i64,
    pub acknowledged: i64,
    pub not_related: i64,
    /// received + acknowledged + not_related.
    pub reached: i64,
    /// The recipient passed it on (a flag beside the status).
    pub forwarded: i64,
    /// Still pending after the due date (a flag beside the status).
    pub overdue: i64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Summary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Distinct recipient offices.
    pub offices: i64,
    /// The same counts per recipient kind (province, district, local_body, …).
    pub by_kind: BTreeMap<String, Counts>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopLetter {
    pub id: i64,
    /// Empty when `withheld`.
    pub number: String,
    /// The caller may not read this letter: the hop shows only its office and status.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopReceipt {
    /// The receipt here; `null` for a receipt in another instance's register (`remote`).
    pub id: Option<i64>,
    /// Logged by the recipient office on a peer instance, as that instance reported it.
    pub remote: bool,
    pub number: i64,
    pub year_be: i64,
    pub received_at: Option<DateTime<Utc>>,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
    pub stamp: String,
}

/// Where a delivery to an office hosted by a peer instance stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopExchange {
    /// The peer's name.
    pub peer: String,
    pub state: crate::domain::ExchangeState,
    pub updated_at: DateTime<Utc>,
}

/// One hop: a delivery as it stands in this letter's tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hop {
    /// The delivery's id.
    pub id: i64,
    /// The hop above (`null` at the top of the tree).
    pub parent_id: Option<i64>,
    /// 1 for the letter's own deliveries.
    pub depth: i32,
    /// dispatch (to another office) or route (inside an office)
    pub via: crate::domain::Via,
    /// The letter this hop carries: the upstream letter or a forwarding letter.
    pub letter: HopLetter,
    pub recipient: Recipient,
    pub status: DeliveryStatus,
    /// The endorsement (เกษียน) of a routed hop.
    pub note: Option<String>,
    /// The acknowledgement note or the not-related reason.
    pub status_note: Option<String>,
    pub receipt: Option<HopReceipt>,
    /// For an office on a peer instance: the peer and the message's state; else `null`.
    pub exchange: Option<HopExchange>,
    /// When the sender withdrew this delivery; `null` if it did not.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub forwarded: bool,
    /// The due date of the letter this hop carries.
    pub due_date: Option<NaiveDate>,
    pub overdue: bool,
    /// The e-mail notice of this delivery; `null` when none was made (e.g. ลับที่สุด).
    pub notice: Option<crate::services::notices::admin::HopNotice>,
    /// The files this hop received (the live files of the letter it carries), each described
    /// once in the answer's `files`.
    pub file_ids: Vec<i64>,
}

/// One page of hops.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HopPage {
    pub items: Vec<Hop>,
    /// Hops matching the filters, over all pages.
    pub total: i64,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DistributionView {
    pub letter: LetterView,
    pub summary: Summary,
    pub hops: HopPage,
    /// The live files of the letter and of the letters the page's hops carry, in id order.
    pub files: Vec<FileView>,
}

/// The filter, checked, as a query over the index.
pub(super) struct Wanted {
    pub(super) filter: HopFilter,
    pub(super) limit: i64,
    pub(super) cursor: Option<String>,
    /// No filter narrows the caller's view (the page's total is the summary's).
    pub(super) everything: bool,
}

fn check(f: &TreeFilter, root: i64, today: NaiveDate) -> Result<Wanted, AppError> {
    let limit = match f.limit {
        None => DEFAULT_LIMIT,
        Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
        Some(_) => return Err(AppError::invalid("limit", "limit must be 1..1000")),
    };
    let cursor = f.cursor.clone().filter(|c| !c.is_empty());
    if let Some(c) = &cursor {
        let shaped = c.len() % hop::SEGMENT == 0 && c.bytes().all(|b| b.is_ascii_digit());
        if !shaped {
            return Err(AppError::invalid(
                "cursor",
                "cursor is not one this API gave",
            ));
        }
    }
    let max_depth = match f.depth {
        None => None,
        Some(d) if (1..=1000).contains(&d) => i32::try_from(d).ok(),
        Some(_) => {
            return Err(AppError::invalid(
                "depth",
                "depth must be between 1 and 1000",
            ))
        }
    };
    let status = f
        .status
        .as_deref()
        .map(|s| DeliveryStatus::choose("status", Some(s), DeliveryStatus::Pending))
        .transpose()?;
    let kind = f
        .kind
        .as_deref()
        .map(|k| OrgKind::choose("kind", Some(k), OrgKind::Unit))
        .transpose()?;
    let name = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if name.is_some_and(|n| n.chars().count() > MAX_NAME) {
        return Err(AppError::invalid("q", "q must be at most 200 characters"));
    }
    let name = name
        .map(|n| crate::domain::validate::text("q", n))
        .transpose()?;
    let everything = max_depth.is_none()
        && status.is_none()
        && kind.is_none()
        && name.is_none()
        && f.under_id.is_none()
        && f.overdue != Some(true);
    Ok(Wanted {
        filter: HopFilter {
            root,
            scope: Scope::Tree,
            status: status.map(|s| s.as_str().to_string()),
            kind: kind.map(|k| k.as_str().to_string()),
            overdue_before: (f.overdue == Some(true)).then_some(today),
            name,
            max_depth,
        },
        limit,
        cursor,
        everything,
    })
}

/// What of the tree the caller sees: all of it (the issuer side), or the subtrees below its
/// own highest hops. 403 for an office that may not see the letter at all.
pub fn visible_scope(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter: &models::letter::Letter,
) -> Result<Scope, AppError> {
    if visibility::is_issuer_side(actor, letter) {
        return Ok(Scope::Tree);
    }
    let own = read::to_offices(conn, letter.id, &actor.scope)?;
    let tops = highest(own.into_iter().map(|h| h.path));
    // An office reached only further down (a district that got the forwarding circular)
    // still sees its part of the upstream letter's tree.
    if tops.is_empty() && !visibility::can_see(conn, actor, letter)? {
        return Err(AppError::forbidden(
            "this letter is not addressed to your office",
        ));
    }
    Ok(Scope::Subtrees(tops))
}

/// The paths not below another of them (input in any order).
fn highest(paths: impl Iterator<Item = String>) -> Vec<String> {
    let mut all: Vec<String> = paths.collect();
    all.sort();
    let mut tops: Vec<String> = Vec::new();
    for p in all {
        if !tops.last().is_some_and(|t| p.starts_with(t.as_str())) {
            tops.push(p);
        }
    }
    tops
}

/// The scope narrowed to the subtrees of the hops to `office`.
fn under(
    conn: &mut AnyConnection,
    root: i64,
    scope: &Scope,
    office: i64,
) -> Result<Scope, AppError> {
    let hops = read::to_offices(conn, root, &[office])?;
    let paths = highest(hops.into_iter().map(|h| h.path));
    Ok(Scope::Subtrees(match scope {
        Scope::Tree => paths,
        Scope::Subtrees(tops) => {
            let inside = paths
                .iter()
                .filter(|p| tops.iter().any(|t| p.starts_with(t.as_str())));
            let below = tops
                .iter()
                .filter(|t| paths.iter().any(|p| t.starts_with(p.as_str())));
            highest(inside.chain(below).cloned())
        }
    }))
}

/// A checked request: the letter, the caller's scope and summary, and the page wanted.
pub struct Request {
    pub letter: models::letter::Letter,
    pub summary: Summary,
    pub(super) wanted: Wanted,
    pub(super) today: NaiveDate,
}

pub fn request(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    filter: &TreeFilter,
    now: DateTime<Utc>,
) -> Result<Request, AppError> {
    let today = to_bangkok(now).date();
    let mut wanted = check(filter, letter_id, today)?;
    let letter = models::letter::find(conn, letter_id)?.ok_or(AppError::not_found("letter"))?;
    let scope = visible_scope(conn, actor, &letter)?;
    let summary = super::summary::summary(conn, letter.id, &scope, today)?;
    wanted.filter.scope = match filter.under_id {
        Some(office) => under(conn, letter.id, &scope, office)?,
        None => scope,
    };
    Ok(Request {
        letter,
        summary,
        wanted,
        today,
    })
}

/// One page of hops: the hops, their files, the next cursor, and whether the caller may read
/// the letter itself.
pub type PageOf = (Vec<Hop>, Vec<FileView>, Option<String>, bool);

/// One page of hops after `cursor`.
pub fn page(
    conn: &mut AnyConnection,
    actor: &Actor,
    r: &Request,
    cursor: Option<&str>,
) -> Result<PageOf, AppError> {
    let limit = r.wanted.limit;
    let mut rows = read::page(conn, &r.wanted.filter, cursor, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = more.then(|| rows.last().map(|h| h.path.clone())).flatten();
    let (items, files, readable) = super::items::items(conn, actor, &r.letter, rows, r.today)?;
    Ok((items, files, next, readable))
}

pub fn distribution(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    filter: &TreeFilter,
    now: DateTime<Utc>,
) -> Result<DistributionView, AppError> {
    let r = request(conn, actor, letter_id, filter, now)?;
    let (items, files, next_cursor, readable) = page(conn, actor, &r, r.wanted.cursor.as_deref())?;
    let total = if r.wanted.everything {
        r.summary.counts.total
    } else {
        read::total(conn, &r.wanted.filter)?
    };
    let letter = if readable {
        LetterView::from(r.letter)
    } else {
        LetterView::withheld(r.letter)
    };
    Ok(DistributionView {
        letter,
        summary: r.summary,
        hops: HopPage {
            items,
            total,
            next_cursor,
        },
        files,
    })
}
