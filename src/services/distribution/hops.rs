//! The hops of a distribution tree: the ones an office sees, their counts, and each hop as
//! returned, trimmed by the filter and withholding what the caller may not read.

use crate::db::models;
use crate::domain::Actor;
use crate::services::distribution::show::{Hop, HopLetter, HopReceipt, Recipient, Summary, Wanted};
use crate::services::distribution::tree::Tree;
use crate::services::views::ReceiptView;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The highest hops to the actor's offices (each with everything below it).
pub(super) fn own_hops(tree: &Tree, actor: &Actor, nodes: &[usize], found: &mut Vec<usize>) {
    for &i in nodes {
        let node = &tree.nodes[i];
        if actor.scope.contains(&node.delivery.recipient_id) {
            found.push(i);
        } else {
            own_hops(tree, actor, &node.children, found);
        }
    }
}

/// Counts the hops at and below `nodes`, and the offices they reach.
pub(super) fn count(
    tree: &Tree,
    nodes: &[usize],
    summary: &mut Summary,
    offices: &mut BTreeSet<i64>,
) {
    for &i in nodes {
        let n = &tree.nodes[i];
        let d = &n.delivery;
        summary.counts.add(d.status, n.forwarded, n.overdue);
        summary
            .by_kind
            .entry(d.recipient_kind.to_string())
            .or_default()
            .add(d.status, n.forwarded, n.overdue);
        offices.insert(d.recipient_id);
        count(tree, &n.children, summary, offices);
    }
}

/// The letters the returned hops carry.
pub(super) fn carried(hops: &[Hop], into: &mut HashSet<i64>) {
    for h in hops {
        into.insert(h.letter.id);
        carried(&h.children, into);
    }
}

/// What rendering a hop looks up.
pub(super) struct Context<'a> {
    pub(super) tree: &'a Tree,
    pub(super) wanted: &'a Wanted,
    pub(super) notices: HashMap<i64, crate::services::notices::admin::HopNotice>,
    /// Live file ids per letter, of the files the actor may open.
    pub(super) file_ids: HashMap<i64, Vec<i64>>,
    /// The letters the actor may read.
    pub(super) readable: &'a HashSet<i64>,
}

/// The hop of node `i` at `level`, with the hops below it; none when it and everything below
/// it is filtered out.
pub(super) fn render(cx: &Context, i: usize, level: usize) -> Option<Hop> {
    let (tree, wanted) = (cx.tree, cx.wanted);
    if level > wanted.depth {
        return None;
    }
    let n = &tree.nodes[i];
    let d = &n.delivery;
    let children: Vec<Hop> = n
        .children
        .iter()
        .filter_map(|&c| render(cx, c, level + 1))
        .collect();
    let matches = wanted.status.is_none_or(|s| s == d.status)
        && wanted.kind.is_none_or(|k| k == d.recipient_kind);
    if !matches && children.is_empty() {
        return None;
    }
    let receipt = n.receipt.clone().map(|r| {
        let view = ReceiptView::from(r);
        HopReceipt {
            id: view.id,
            number: view.number,
            year_be: view.year_be,
            received_on: view.received_on,
            received_time: view.received_time,
            stamp: view.stamp,
        }
    });
    let readable = cx.readable.contains(&d.letter_id);
    let told = |text: &Option<String>| text.clone().filter(|_| readable);
    Some(Hop {
        delivery_id: d.id,
        via: d.via,
        letter: HopLetter {
            id: d.letter_id,
            number: tree
                .letters
                .get(&d.letter_id)
                .filter(|_| readable)
                .map(|l| l.number_raw.clone())
                .unwrap_or_default(),
            withheld: !readable,
        },
        recipient: Recipient {
            id: d.recipient_id,
            name: d.recipient_name.clone(),
            kind: d.recipient_kind,
        },
        status: d.status,
        note: told(&d.note),
        status_note: told(&d.status_note),
        receipt,
        acknowledged_at: d.acknowledged_at.map(models::utc),
        forwarded: n.forwarded,
        overdue: n.overdue,
        notice: cx.notices.get(&d.id).cloned(),
        file_ids: cx.file_ids.get(&d.letter_id).cloned().unwrap_or_default(),
        children,
    })
}
