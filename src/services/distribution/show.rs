//! Where a letter went and where each copy stands: the whole tree through routing inside
//! offices and forwarding letters (see [`crate::services::distribution::tree`]).
//!
//! The issuing office sees the whole tree; any other office sees its own hops and what lies
//! below them, also when it was reached only through a forwarding letter. `summary` always covers everything the caller may see; `depth`, `status` and
//! `kind` only trim the hops returned (a hop is kept when it or a hop below it matches, so
//! every hop shown keeps its path).

use crate::services::distribution;
use crate::services::distribution::hops::{carried, count, own_hops, render, Context};

use crate::clock::to_bangkok;
use crate::db::models;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::domain::OrgKind;
use crate::error::AppError;
use crate::services::distribution::tree::Tree;
use crate::services::files::list as file_list;
use crate::services::files::FileAccess;
use crate::services::files::FileView;
use crate::services::letters::visibility;
use crate::services::views::LetterView;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TreeFilter {
    /// Levels of hops to return (1 = the letter's own deliveries); default all.
    pub depth: Option<i64>,
    /// pending, received, acknowledged or not_related
    pub status: Option<String>,
    /// The recipient's office kind (district, local_body, …).
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Counts {
    pub total: i64,
    pub pending: i64,
    pub received: i64,
    pub acknowledged: i64,
    pub not_related: i64,
    /// The recipient passed it on (a flag beside the status).
    pub forwarded: i64,
    /// Still pending after the due date (a flag beside the status).
    pub overdue: i64,
}

impl Counts {
    pub(super) fn add(&mut self, status: DeliveryStatus, forwarded: bool, overdue: bool) {
        self.total += 1;
        match status {
            DeliveryStatus::Pending => self.pending += 1,
            DeliveryStatus::Received => self.received += 1,
            DeliveryStatus::Acknowledged => self.acknowledged += 1,
            DeliveryStatus::NotRelated => self.not_related += 1,
        }
        self.forwarded += i64::from(forwarded);
        self.overdue += i64::from(overdue);
    }
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
    pub id: i64,
    pub number: i64,
    pub year_be: i64,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
    pub stamp: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hop {
    pub delivery_id: i64,
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
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub forwarded: bool,
    pub overdue: bool,
    /// The e-mail notice of this delivery; `null` when none was made (e.g. ลับที่สุด).
    pub notice: Option<crate::services::notices::admin::HopNotice>,
    /// The files this hop received: the live files of the letter it carries (for a forwarding
    /// letter, its own scans and the upstream files it attached). Each is described once in
    /// the answer's `files`.
    pub file_ids: Vec<i64>,
    #[schema(no_recursion)]
    pub children: Vec<Hop>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DistributionView {
    pub letter: LetterView,
    pub summary: Summary,
    pub hops: Vec<Hop>,
    /// The live files of the letter and of every letter a returned hop carries, in id order.
    pub files: Vec<FileView>,
}

/// The filter, checked.
pub(super) struct Wanted {
    pub(super) depth: usize,
    pub(super) status: Option<DeliveryStatus>,
    pub(super) kind: Option<OrgKind>,
}

fn check(filter: &TreeFilter) -> Result<Wanted, AppError> {
    let depth = match filter.depth {
        None => usize::MAX,
        Some(d) if (1..=1000).contains(&d) => usize::try_from(d).unwrap_or(usize::MAX),
        Some(_) => {
            return Err(AppError::invalid(
                "depth",
                "depth must be between 1 and 1000",
            ))
        }
    };
    let status = filter
        .status
        .as_deref()
        .map(|s| {
            DeliveryStatus::parse(s).ok_or_else(|| {
                let all = DeliveryStatus::choices();
                AppError::invalid("status", format!("status must be one of: {all}"))
            })
        })
        .transpose()?;
    let kind = filter
        .kind
        .as_deref()
        .map(|k| {
            OrgKind::parse(k).ok_or_else(|| {
                AppError::invalid(
                    "kind",
                    format!("kind must be one of: {}", OrgKind::choices()),
                )
            })
        })
        .transpose()?;
    Ok(Wanted {
        depth,
        status,
        kind,
    })
}

pub fn distribution(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    filter: &TreeFilter,
    now: DateTime<Utc>,
) -> Result<DistributionView, AppError> {
    let wanted = check(filter)?;
    let letter = models::letter::find(conn, letter_id)?.ok_or(AppError::not_found("letter"))?;
    let tree = distribution::tree::load(conn, &letter, to_bangkok(now).date())?;
    let issuer_side = visibility::is_issuer_side(actor, &letter);
    let roots = if issuer_side {
        tree.roots.clone()
    } else {
        let mut found = Vec::new();
        own_hops(&tree, actor, &tree.roots, &mut found);
        // An office reached only further down (a district that got the forwarding circular)
        // still sees its part of the upstream letter's tree.
        if found.is_empty() && !visibility::can_see(conn, actor, &letter)? {
            return Err(AppError::forbidden(
                "this letter is not addressed to your office",
            ));
        }
        found
    };
    let mut summary = Summary::default();
    let mut offices = BTreeSet::new();
    count(&tree, &roots, &mut summary, &mut offices);
    summary.offices = i64::try_from(offices.len()).unwrap_or(i64::MAX);
    let ids: Vec<i64> = tree.nodes.iter().map(|n| n.delivery.id).collect();
    let mut letter_ids: Vec<i64> = tree.letters.keys().copied().collect();
    letter_ids.sort_unstable();
    // Every letter in the tree goes through the one visibility rule: a hop carrying a letter
    // the caller may not read shows its office and status, not its number, notes or files.
    let seen = crate::db::visibility::visible_among(conn, actor, &letter_ids)?;
    let readable = readable_letters(&tree, letter.id, seen.clone());
    let files = readable_files(conn, actor, &tree, (&seen, &readable), &letter_ids)?;
    let mut file_ids: HashMap<i64, Vec<i64>> = HashMap::new();
    for f in &files {
        file_ids.entry(f.letter_id).or_default().push(f.id);
    }
    let context = Context {
        tree: &tree,
        wanted: &wanted,
        notices: crate::services::notices::admin::hop_notices(conn, &ids)?,
        file_ids,
        readable: &readable,
    };
    let hops: Vec<Hop> = roots
        .iter()
        .filter_map(|&i| render(&context, i, 1))
        .collect();
    let mut shown = HashSet::from([letter.id]);
    carried(&hops, &mut shown);
    let files = files
        .into_iter()
        .filter(|f| shown.contains(&f.letter_id))
        .collect();
    let letter = if readable.contains(&letter.id) {
        LetterView::from(letter)
    } else {
        LetterView::withheld(letter)
    };
    Ok(DistributionView {
        letter,
        summary,
        hops,
        files,
    })
}

/// The letters of the tree the actor may read: those the visibility rule shows it and, down
/// the forwarding chain, what [`crate::domain::access::readable_below`] adds (OPDC reads the
/// province's unclassified circular that forwards its letter, not a classified one).
fn readable_letters(tree: &Tree, root: i64, seen: HashSet<i64>) -> HashSet<i64> {
    fn walk(tree: &Tree, i: usize, above: i64, readable: &mut HashSet<i64>) {
        let id = tree.nodes[i].delivery.letter_id;
        let below = tree.letters.get(&id).is_some_and(|l| {
            crate::domain::access::readable_below(readable.contains(&above), id == above, l.secrecy)
        });
        if below {
            readable.insert(id);
        }
        for &c in &tree.nodes[i].children {
            walk(tree, c, id, readable);
        }
    }
    let mut readable = seen;
    for &r in &tree.roots {
        walk(tree, r, root, &mut readable);
    }
    readable
}

/// The live files of the tree's letters that the actor may open ([`FileAccess`]).
fn readable_files(
    conn: &mut AnyConnection,
    actor: &Actor,
    tree: &Tree,
    (seen, readable): (&HashSet<i64>, &HashSet<i64>),
    letter_ids: &[i64],
) -> Result<Vec<FileView>, AppError> {
    let delivered: HashSet<i64> = tree
        .nodes
        .iter()
        .filter(|n| actor.scope.contains(&n.delivery.recipient_id))
        .map(|n| n.delivery.letter_id)
        .collect();
    let mut by_letter: BTreeMap<i64, Vec<FileView>> = BTreeMap::new();
    for f in file_list::of_letters(conn, letter_ids)? {
        by_letter.entry(f.letter_id).or_default().push(f);
    }
    let mut out = Vec::new();
    for (id, files) in by_letter {
        let Some(l) = tree.letters.get(&id) else {
            continue;
        };
        // A letter read down the forwarding chain shows its files; one seen only through the
        // actor's own receipt of a paper copy shows the files its people added.
        let access = if readable.contains(&id) && !seen.contains(&id) {
            FileAccess::All
        } else {
            FileAccess::known(actor, l, seen.contains(&id), delivered.contains(&id))
        };
        out.extend(access.filter(conn, files, |f| f.created_by)?);
    }
    out.sort_by_key(|f| f.id);
    Ok(out)
}
