//! What the "new letter" page offers as recipients: groups ("all districts of this
//! province", "all local bodies under this district", "all units of my office") and single
//! offices near the sender. One batched query per level of the directory.

use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::OrgKind;
use crate::error::AppError;
use std::collections::{BTreeSet, HashSet};

/// Most single offices offered; others are reached through a group.
pub const MAX_OFFICES: usize = 300;

pub struct Group {
    pub under_id: i64,
    pub under_name: String,
    pub kind: String,
    pub count: usize,
}

pub struct Office {
    pub id: i64,
    pub name: String,
    pub kind: crate::domain::OrgKind,
}

pub struct Choices {
    pub groups: Vec<Group>,
    pub offices: Vec<Office>,
}

/// The kinds found below an office, with how many of each.
fn kinds_below(conn: &mut AnyConnection, root: i64) -> Result<Vec<(String, usize)>, AppError> {
    let mut seen = HashSet::from([root]);
    let mut frontier = vec![root];
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    while !frontier.is_empty() {
        let mut children = org::children_of(conn, &frontier)?;
        children.retain(|(id, _, _)| seen.insert(*id));
        for (_, kind, _) in &children {
            *counts.entry(kind.clone()).or_default() += 1;
        }
        frontier = children.into_iter().map(|(id, _, _)| id).collect();
    }
    Ok(counts.into_iter().collect())
}

pub fn for_office(conn: &mut AnyConnection, office_id: i64) -> Result<Choices, AppError> {
    let office = org::find(conn, office_id)?.ok_or(AppError::not_found("org"))?;
    let parent = match office.parent_id {
        Some(p) => org::find(conn, p)?,
        None => None,
    };
    let mut groups = Vec::new();
    for (kind, count) in kinds_below(conn, office.id)? {
        groups.push(Group {
            under_id: office.id,
            under_name: office.name.clone(),
            kind,
            count,
        });
    }
    if let Some(p) = &parent {
        for (kind, count) in kinds_below(conn, p.id)? {
            // Another office's internal units are not addressed as a group.
            if kind != OrgKind::Unit.as_str() {
                groups.push(Group {
                    under_id: p.id,
                    under_name: p.name.clone(),
                    kind,
                    count,
                });
            }
        }
    }
    let mut near: BTreeSet<i64> = org::children_of(conn, &[office.id])?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    if let Some(p) = &parent {
        near.insert(p.id);
        near.extend(
            org::children_of(conn, &[p.id])?
                .into_iter()
                .map(|(id, _, _)| id),
        );
    }
    near.remove(&office.id);
    let ids: Vec<i64> = near.into_iter().take(MAX_OFFICES).collect();
    let mut offices: Vec<Office> = org::find_many(conn, &ids)?
        .into_iter()
        .map(|o| Office {
            id: o.id,
            name: o.name,
            kind: o.kind,
        })
        .collect();
    offices.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.name.cmp(&b.name)));
    Ok(Choices { groups, offices })
}
