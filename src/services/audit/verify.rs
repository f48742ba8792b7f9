//! `saraban audit verify` and `GET /api/v1/audit/verify`: every broken link of every chain.

use crate::db::audit::canonical;

use crate::db::audit::hash_of;

use crate::db::audit::write_head;

use crate::db::audit::Entry;

use crate::db::audit::GENESIS;
use crate::db::schema::audit_chains as ac;
use crate::db::schema::audit_events as ae;
use crate::db::schema::audit_heads as ah;
use crate::db::AnyConnection;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
pub struct Problem {
    /// The office id, or `system`.
    pub chain: String,
    pub seq: i64,
    /// `altered` (content or hash changed), `missing` (deleted, also past the recorded head)
    /// or `broken_link` (prev_hash does not match the entry before).
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    pub ok: bool,
    pub chains: usize,
    pub entries: usize,
    pub problems: Vec<Problem>,
}

/// Checks every chain against its hashes and recorded heads; on a clean chain, records its
/// head again so a later truncation is caught.
pub fn verify(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<Report, AppError> {
    let by_chain = load_chains(conn)?;
    let heads = load_heads(conn)?;
    let mut problems = BTreeSet::new();
    let mut total = 0;
    for (chain, list) in &by_chain {
        total += list.len();
        check_links(chain, list, &mut problems);
    }
    check_heads(&by_chain, &heads, &mut problems);
    let problems: Vec<Problem> = problems.into_iter().collect();
    record_clean_heads(conn, &by_chain, &heads, &problems, now)?;
    Ok(Report {
        ok: problems.is_empty(),
        chains: by_chain.len(),
        entries: total,
        problems,
    })
}

/// A recorded head: chain, seq and hash.
type Head = (String, i64, String);

/// Every entry, by chain, in seq order.
fn load_chains(conn: &mut AnyConnection) -> Result<BTreeMap<String, Vec<Entry>>, AppError> {
    let entries: Vec<Entry> = ae::table
        .order((ae::chain.asc(), ae::seq.asc()))
        .select(Entry::as_select())
        .load(conn)?;
    let mut by_chain: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for e in entries {
        by_chain.entry(e.chain.clone()).or_default().push(e);
    }
    Ok(by_chain)
}

/// Heads: the live one and every snapshot.
fn load_heads(conn: &mut AnyConnection) -> Result<Vec<Head>, AppError> {
    let mut heads: Vec<Head> = ac::table
        .filter(ac::seq.gt(0))
        .select((ac::chain, ac::seq, ac::hash))
        .load(conn)?;
    heads.extend(
        ah::table
            .select((ah::chain, ah::seq, ah::hash))
            .load::<Head>(conn)?,
    );
    Ok(heads)
}

fn add(problems: &mut BTreeSet<Problem>, chain: &str, seq: i64, kind: &str) {
    problems.insert(Problem {
        chain: chain.to_string(),
        seq,
        kind: kind.to_string(),
    });
}

/// Gaps in the seqs, links that do not match the entry before, and entries whose hash is wrong.
fn check_links(chain: &str, list: &[Entry], problems: &mut BTreeSet<Problem>) {
    let (mut expected, mut prev) = (1i64, GENESIS.to_string());
    for e in list {
        let gap = e.seq > expected;
        for seq in expected..e.seq {
            add(problems, chain, seq, "missing");
        }
        if e.prev_hash != prev && !gap {
            add(problems, chain, e.seq, "broken_link");
        }
        if hash_of(&e.prev_hash, &canonical(e)) != e.hash {
            add(problems, chain, e.seq, "altered");
        }
        prev = e.hash.clone();
        expected = e.seq + 1;
    }
}

/// Entries a recorded head names that are gone or whose hash changed.
fn check_heads(
    by_chain: &BTreeMap<String, Vec<Entry>>,
    heads: &[Head],
    problems: &mut BTreeSet<Problem>,
) {
    for (chain, seq, hash) in heads {
        let found = by_chain
            .get(chain)
            .and_then(|l| l.iter().find(|e| e.seq == *seq));
        match found {
            None => {
                let last = by_chain
                    .get(chain)
                    .and_then(|l| l.last())
                    .map_or(0, |e| e.seq);
                for s in (last + 1)..=*seq {
                    add(problems, chain, s, "missing");
                }
            }
            Some(e) if &e.hash != hash => add(problems, chain, *seq, "altered"),
            Some(_) => {}
        }
    }
}

/// Records the last entry of every clean chain as a head, unless it already is one.
fn record_clean_heads(
    conn: &mut AnyConnection,
    by_chain: &BTreeMap<String, Vec<Entry>>,
    heads: &[Head],
    problems: &[Problem],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for (chain, list) in by_chain {
        if problems.iter().any(|p| &p.chain == chain) {
            continue;
        }
        let known = |e: &&Entry| heads.iter().any(|(c, s, _)| c == chain && *s == e.seq);
        if let Some(last) = list.last().filter(|e| !known(e)) {
            write_head(conn, chain, last.seq, &last.hash, now.naive_utc())?;
        }
    }
    Ok(())
}
