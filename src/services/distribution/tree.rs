//! Loading the whole distribution tree of a letter, level by level, with batched `IN (…)`
//! queries (a handful per level, never one per office).
//!
//! The children of a hop (a delivery to office X) are
//! - the deliveries routed on from X's receipt made for that delivery (`via = route`), and
//! - the deliveries of letters X issued with a `forwards` link to the hop's letter (or that one
//!   of X's internal units issued, when X never routed the letter to it in the system).

use crate::db::models::delivery;
use crate::db::models::delivery::Delivery;
use crate::db::models::letter;
use crate::db::models::letter::Letter;
use crate::db::models::letter_link;
use crate::db::models::org;
use crate::db::models::org::Org;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::DeliveryStatus;
use crate::domain::LinkRelation;
use crate::domain::OrgKind;
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Deeper than any real chain (national → province → district → local body → units).
pub const MAX_LEVELS: usize = 64;

pub struct Node {
    pub delivery: Delivery,
    pub receipt: Option<receipt::Receipt>,
    /// The recipient passed the letter on: routed it or issued a forwarding letter.
    pub forwarded: bool,
    /// Still pending after the letter's due date.
    pub overdue: bool,
    pub children: Vec<usize>,
}

pub struct Tree {
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// Every letter met in the tree (the root letter and the forwarding letters).
    pub letters: HashMap<i64, Letter>,
}

pub fn load(conn: &mut AnyConnection, root: &Letter, today: NaiveDate) -> Result<Tree, AppError> {
    let mut tree = Tree {
        nodes: Vec::new(),
        roots: Vec::new(),
        letters: HashMap::from([(root.id, root.clone())]),
    };
    let mut seen_deliveries = HashSet::new();
    let mut seen_forwarders = HashSet::new();
    // Routed deliveries hang below the receipt they were routed from, not at the top.
    let first = not_routed(delivery::for_letter(conn, root.id)?);
    let mut level = push(&mut tree, &mut seen_deliveries, first, None);
    tree.roots = level.clone();
    for _ in 0..MAX_LEVELS {
        if level.is_empty() {
            // Only once every exact hop is known: letters forwarded by a unit that was never
            // routed the letter hang below the office above it.
            level = adopt_orphans(conn, &mut tree, &mut seen_deliveries, &mut seen_forwarders)?;
            if level.is_empty() {
                break;
            }
        }
        let mut next = routed_children(conn, &mut tree, &mut seen_deliveries, &level)?;
        next.extend(forwarded_children(
            conn,
            &mut tree,
            &mut seen_deliveries,
            &mut seen_forwarders,
            &level,
        )?);
        level = next;
    }
    mark_overdue(&mut tree, today);
    Ok(tree)
}

/// Receipts of this level, and what was routed on from them.
fn routed_children(
    conn: &mut AnyConnection,
    tree: &mut Tree,
    seen_deliveries: &mut HashSet<i64>,
    level: &[usize],
) -> Result<Vec<usize>, AppError> {
    let mut next = Vec::new();
    let by_delivery: HashMap<i64, usize> = level
        .iter()
        .map(|&i| (tree.nodes[i].delivery.id, i))
        .collect();
    let ids: Vec<i64> = by_delivery.keys().copied().collect();
    let mut by_receipt: HashMap<i64, usize> = HashMap::new();
    for r in receipt::for_deliveries(conn, &ids)? {
        let Some(&node) = r.delivery_id.and_then(|d| by_delivery.get(&d)) else {
            continue;
        };
        by_receipt.insert(r.id, node);
        if tree.nodes[node].receipt.is_none() {
            tree.nodes[node].receipt = Some(r);
        }
    }
    let receipt_ids: Vec<i64> = by_receipt.keys().copied().collect();
    for d in delivery::routed_from(conn, &receipt_ids)? {
        let parent = d
            .source_receipt_id
            .and_then(|r| by_receipt.get(&r).copied());
        if let Some(p) = parent {
            tree.nodes[p].forwarded = true;
            next.extend(push(tree, seen_deliveries, vec![d], Some(p)));
        }
    }
    Ok(next)
}

/// Letters the recipients issued to forward this level's letters, and their deliveries.
fn forwarded_children(
    conn: &mut AnyConnection,
    tree: &mut Tree,
    seen_deliveries: &mut HashSet<i64>,
    seen_forwarders: &mut HashSet<i64>,
    level: &[usize],
) -> Result<Vec<usize>, AppError> {
    let mut next = Vec::new();
    let letter_ids = level.iter().map(|&i| tree.nodes[i].delivery.letter_id);
    let (links, wanted) = new_forwarders(conn, letter_ids, seen_forwarders)?;
    let forwarders = letter::find_many(conn, &wanted)?;
    // The first hop of each (letter, recipient) on this level.
    let mut by_hop: HashMap<(i64, i64), usize> = HashMap::new();
    for &i in level.iter().rev() {
        let d = &tree.nodes[i].delivery;
        by_hop.insert((d.letter_id, d.recipient_id), i);
    }
    let mut parent_of: HashMap<i64, usize> = HashMap::new();
    for f in &forwarders {
        let Some(issuer) = f.issuer_id.or(f.recorded_by_org_id) else {
            continue;
        };
        let parent = links
            .iter()
            .filter(|l| l.from_letter_id == f.id)
            .find_map(|l| by_hop.get(&(l.to_letter_id, issuer)).copied());
        if let Some(p) = parent {
            tree.nodes[p].forwarded = true;
            parent_of.insert(f.id, p);
            seen_forwarders.insert(f.id);
        }
    }
    let forwarding_ids: Vec<i64> = parent_of.keys().copied().collect();
    for f in forwarders {
        if parent_of.contains_key(&f.id) {
            tree.letters.insert(f.id, f);
        }
    }
    for d in not_routed(delivery::for_letters(conn, &forwarding_ids)?) {
        if let Some(&p) = parent_of.get(&d.letter_id) {
            next.extend(push(tree, seen_deliveries, vec![d], Some(p)));
        }
    }
    Ok(next)
}

/// A hop still pending after its letter's due date is overdue.
fn mark_overdue(tree: &mut Tree, today: NaiveDate) {
    for node in &mut tree.nodes {
        let due = tree
            .letters
            .get(&node.delivery.letter_id)
            .and_then(|l| l.due_date);
        node.overdue =
            node.delivery.status == DeliveryStatus::Pending && due.is_some_and(|d| d < today);
    }
}

/// Forwarding letters issued by an internal unit (kind `unit`) of an office that received the
/// letter but never routed it to that unit in the system (the paper was walked over): each
/// hangs below the hop of the nearest office above the unit. One batched query per step up.
fn adopt_orphans(
    conn: &mut AnyConnection,
    tree: &mut Tree,
    seen_deliveries: &mut HashSet<i64>,
    seen_forwarders: &mut HashSet<i64>,
) -> Result<Vec<usize>, AppError> {
    let letter_ids = tree.nodes.iter().map(|n| n.delivery.letter_id);
    let (links, wanted) = new_forwarders(conn, letter_ids, seen_forwarders)?;
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_hop: HashMap<(i64, i64), usize> = HashMap::new();
    for (i, n) in tree.nodes.iter().enumerate().rev() {
        by_hop.insert((n.delivery.letter_id, n.delivery.recipient_id), i);
    }
    // (forwarding letter, the office reached so far on the way up)
    let mut climbing: Vec<(Letter, i64)> = letter::find_many(conn, &wanted)?
        .into_iter()
        .filter_map(|f| f.issuer_id.map(|i| (f, i)))
        .collect();
    let mut parent_of: HashMap<i64, usize> = HashMap::new();
    for _ in 0..MAX_LEVELS {
        if climbing.is_empty() {
            break;
        }
        let ids: Vec<i64> = climbing.iter().map(|(_, o)| *o).collect();
        let offices: HashMap<i64, Org> = org::find_many(conn, &ids)?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut still = Vec::new();
        for (f, at) in climbing {
            let up = offices
                .get(&at)
                .filter(|o| o.kind == OrgKind::Unit)
                .and_then(|o| o.parent_id);
            let Some(up) = up else { continue };
            let hop = links
                .iter()
                .filter(|l| l.from_letter_id == f.id)
                .find_map(|l| by_hop.get(&(l.to_letter_id, up)).copied());
            match hop {
                Some(p) => {
                    tree.nodes[p].forwarded = true;
                    parent_of.insert(f.id, p);
                    seen_forwarders.insert(f.id);
                    tree.letters.insert(f.id, f);
                }
                None => still.push((f, up)),
            }
        }
        climbing = still;
    }
    let ids: Vec<i64> = parent_of.keys().copied().collect();
    let mut added = Vec::new();
    for d in not_routed(delivery::for_letters(conn, &ids)?) {
        if let Some(&p) = parent_of.get(&d.letter_id) {
            added.extend(push(tree, seen_deliveries, vec![d], Some(p)));
        }
    }
    Ok(added)
}

fn not_routed(deliveries: Vec<Delivery>) -> Vec<Delivery> {
    deliveries
        .into_iter()
        .filter(|d| d.source_receipt_id.is_none())
        .collect()
}

/// Adds deliveries as nodes (each once) under `parent`; returns their indexes.
fn push(
    tree: &mut Tree,
    seen: &mut HashSet<i64>,
    deliveries: Vec<Delivery>,
    parent: Option<usize>,
) -> Vec<usize> {
    let mut added = Vec::new();
    for d in deliveries {
        if !seen.insert(d.id) {
            continue;
        }
        let index = tree.nodes.len();
        tree.nodes.push(Node {
            delivery: d,
            receipt: None,
            forwarded: false,
            overdue: false,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            tree.nodes[p].children.push(index);
        }
        added.push(index);
    }
    added
}

/// The `forwards` links to these letters, and the forwarding letters not met yet.
fn new_forwarders(
    conn: &mut AnyConnection,
    letter_ids: impl Iterator<Item = i64>,
    seen_forwarders: &HashSet<i64>,
) -> Result<(Vec<letter_link::LetterLink>, Vec<i64>), AppError> {
    let mut letter_ids: Vec<i64> = letter_ids.collect();
    letter_ids.sort_unstable();
    letter_ids.dedup();
    let links = letter_link::to_letters(conn, &letter_ids, Some(LinkRelation::Forwards.as_str()))?;
    let wanted = links
        .iter()
        .map(|l| l.from_letter_id)
        .filter(|id| !seen_forwarders.contains(id))
        .collect();
    Ok((links, wanted))
}
