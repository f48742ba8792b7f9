//! A page of hops as the answer shows them: each hop's delivery, receipt, notice and files,
//! withholding what the caller may not read.

use crate::db::models;
use crate::db::models::hop::{HopRow, SEGMENT};
use crate::db::models::letter::Letter;
use crate::db::AnyConnection;
use crate::domain::access::readable_below;
use crate::domain::{Actor, DeliveryStatus};
use crate::error::AppError;
use crate::services::distribution::show::{Hop, HopExchange, HopLetter, HopReceipt, Recipient};
use crate::services::files::list as file_list;
use crate::services::files::{FileAccess, FileView};
use crate::services::views::ReceiptView;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The delivery ids of a path, top down.
pub(super) fn path_ids(path: &str) -> Vec<i64> {
    path.as_bytes()
        .chunks(SEGMENT)
        .filter_map(|c| std::str::from_utf8(c).ok()?.parse().ok())
        .collect()
}

/// The page's hops, the files they show, and whether the caller may read the root letter.
pub(super) fn items(
    conn: &mut AnyConnection,
    actor: &Actor,
    root: &Letter,
    rows: Vec<HopRow>,
    today: NaiveDate,
) -> Result<(Vec<Hop>, Vec<FileView>, bool), AppError> {
    let mut ids: Vec<i64> = rows.iter().flat_map(|h| path_ids(&h.path)).collect();
    ids.sort_unstable();
    ids.dedup();
    let deliveries: HashMap<i64, models::delivery::Delivery> =
        models::delivery::find_many(conn, &ids)?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
    let mut letter_ids: Vec<i64> = deliveries.values().map(|d| d.letter_id).collect();
    letter_ids.push(root.id);
    letter_ids.sort_unstable();
    letter_ids.dedup();
    let letters: HashMap<i64, Letter> = models::letter::find_many(conn, &letter_ids)?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let seen = crate::db::visibility::visible_among(conn, actor, &letter_ids)?;
    let readable = readable_letters(root.id, &rows, &deliveries, &letters, seen.clone());
    let page_ids: Vec<i64> = rows.iter().map(|h| h.delivery_id).collect();
    let mut receipts = HashMap::new();
    for r in models::receipt::for_deliveries(conn, &page_ids)? {
        if let Some(d) = r.delivery_id {
            receipts.entry(d).or_insert(r);
        }
    }
    let notices = crate::services::notices::admin::hop_notices(conn, &page_ids)?;
    let (links, peer_names) = exchange_links(conn, &page_ids)?;
    let carried: Vec<i64> = {
        let mut c: Vec<i64> = page_ids
            .iter()
            .filter_map(|id| deliveries.get(id).map(|d| d.letter_id))
            .collect();
        // The letter's own files, dispatched or not.
        c.push(root.id);
        c.sort_unstable();
        c.dedup();
        c
    };
    let files = readable_files(conn, actor, &carried, &letters, (&seen, &readable))?;
    let mut file_ids: HashMap<i64, Vec<i64>> = HashMap::new();
    for f in &files {
        file_ids.entry(f.letter_id).or_default().push(f.id);
    }
    let mut out = Vec::with_capacity(rows.len());
    for h in rows {
        let Some(d) = deliveries.get(&h.delivery_id) else {
            continue;
        };
        let ok = readable.contains(&d.letter_id);
        let told = |text: &Option<String>| text.clone().filter(|_| ok);
        let link = links.get(&d.id);
        let receipt = receipts
            .remove(&d.id)
            .map(|r| {
                let v = ReceiptView::from(r);
                HopReceipt {
                    id: Some(v.id),
                    remote: false,
                    number: v.number,
                    year_be: v.year_be,
                    received_at: v.received_at,
                    received_on: v.received_on,
                    received_time: v.received_time,
                    stamp: v.stamp,
                }
            })
            .or_else(|| link.and_then(remote_receipt));
        let exchange = link.and_then(|l| {
            Some(HopExchange {
                peer: peer_names.get(&l.peer_id)?.clone(),
                state: crate::domain::ExchangeState::parse(&l.state)?,
                updated_at: models::utc(l.updated_at),
            })
        });
        let due = letters.get(&d.letter_id).and_then(|l| l.due_date);
        out.push(Hop {
            id: d.id,
            parent_id: h.parent_delivery_id,
            depth: h.depth,
            via: d.via,
            letter: HopLetter {
                id: d.letter_id,
                number: letters
                    .get(&d.letter_id)
                    .filter(|_| ok)
                    .map(|l| l.number_raw.clone())
                    .unwrap_or_default(),
                withheld: !ok,
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
            exchange,
            withdrawn_at: d.withdrawn_at.map(models::utc),
            acknowledged_at: d.acknowledged_at.map(models::utc),
            forwarded: h.forwarded,
            due_date: due,
            overdue: d.status == DeliveryStatus::Pending && due.is_some_and(|x| x < today),
            notice: notices.get(&d.id).cloned(),
            file_ids: file_ids.get(&d.letter_id).cloned().unwrap_or_default(),
        });
    }
    let files = files
        .into_iter()
        .filter(|f| carried.contains(&f.letter_id))
        .collect();
    Ok((out, files, readable.contains(&root.id)))
}

type Links = (
    HashMap<i64, models::exchange_link::Link>,
    HashMap<i64, String>,
);

/// The page's deliveries that cross to or from a peer, and the peers' names.
fn exchange_links(conn: &mut AnyConnection, page_ids: &[i64]) -> Result<Links, AppError> {
    let links: HashMap<i64, models::exchange_link::Link> =
        models::exchange_link::for_deliveries(conn, page_ids)?
            .into_iter()
            .map(|l| (l.delivery_id, l))
            .collect();
    let mut peers: Vec<i64> = links.values().map(|l| l.peer_id).collect();
    peers.sort_unstable();
    peers.dedup();
    let names = if peers.is_empty() {
        HashMap::new()
    } else {
        models::peer::names(conn, &peers)?
    };
    Ok((links, names))
}

/// The receipt the recipient office logged on its own instance, as that instance reported it.
fn remote_receipt(l: &models::exchange_link::Link) -> Option<HopReceipt> {
    let (number, year_be, on) = (l.remote_number?, l.remote_year_be?, l.remote_received_on?);
    let time = l
        .remote_received_time
        .as_deref()
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok());
    Some(HopReceipt {
        id: None,
        remote: true,
        number,
        year_be,
        received_at: l.remote_received_at.map(models::utc),
        received_on: on,
        received_time: l.remote_received_time.clone(),
        stamp: crate::domain::stamp::stamp_text(
            number,
            on,
            time,
            crate::thai::digits::Digits::Thai,
        ),
    })
}

/// The letters on the page's paths the actor may read: those the visibility rule shows it
/// and, down the forwarding chain, what [`readable_below`] adds (OPDC reads the province's
/// unclassified circular that forwards its letter, not a classified one).
fn readable_letters(
    root: i64,
    rows: &[HopRow],
    deliveries: &HashMap<i64, models::delivery::Delivery>,
    letters: &HashMap<i64, Letter>,
    seen: HashSet<i64>,
) -> HashSet<i64> {
    let mut readable = seen;
    for h in rows {
        let mut above = root;
        for id in path_ids(&h.path) {
            let Some(x) = deliveries.get(&id).map(|d| d.letter_id) else {
                break;
            };
            let below = letters
                .get(&x)
                .is_some_and(|l| readable_below(readable.contains(&above), x == above, l.secrecy));
            if below {
                readable.insert(x);
            }
            above = x;
        }
    }
    readable
}

/// The live files of these letters that the actor may open ([`FileAccess`]).
fn readable_files(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_ids: &[i64],
    letters: &HashMap<i64, Letter>,
    (seen, readable): (&HashSet<i64>, &HashSet<i64>),
) -> Result<Vec<FileView>, AppError> {
    let mut by_letter: BTreeMap<i64, Vec<FileView>> = BTreeMap::new();
    for f in file_list::of_letters(conn, letter_ids)? {
        by_letter.entry(f.letter_id).or_default().push(f);
    }
    let mut out = Vec::new();
    for (id, files) in by_letter {
        let Some(l) = letters.get(&id) else {
            continue;
        };
        // A letter read down the forwarding chain shows its files; one seen only through the
        // actor's own receipt of a paper copy shows the files its people added.
        let access = if readable.contains(&id) && !seen.contains(&id) {
            FileAccess::All
        } else {
            let delivered = models::delivery::any_to(conn, id, &actor.scope)?;
            FileAccess::known(actor, l, seen.contains(&id), delivered)
        };
        out.extend(access.filter(conn, files, |f| f.created_by)?);
    }
    out.sort_by_key(|f| f.id);
    Ok(out)
}
