//! References between letters (forwards, cites, replies_to, supersedes): checked when a letter
//! is issued with `references`, or when one is added to an existing letter.
//!
//! A target must exist and be visible to the caller, and the link must not close a cycle;
//! otherwise 422 `invalid_reference`.

use crate::db::models::letter;
use crate::db::models::letter_link;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::LinkRelation;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::letters::visibility;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::ToSchema;

/// Most references one letter may carry.
pub const MAX_REFERENCES: usize = 50;

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRequest {
    pub letter_id: i64,
    /// forwards, cites, replies_to or supersedes
    pub relation: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferenceView {
    pub letter_id: i64,
    pub relation: LinkRelation,
    /// The referred letter's `ที่` line and date, as in an อ้างถึง line.
    pub number: String,
    pub dated: Option<NaiveDate>,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::invalid("reference", message)
}

/// Checks a list of references for a new letter; returns (target, relation) pairs.
pub fn check(
    conn: &mut AnyConnection,
    actor: &Actor,
    refs: &[ReferenceRequest],
) -> Result<Vec<(letter::Letter, LinkRelation)>, AppError> {
    if refs.len() > MAX_REFERENCES {
        return Err(invalid(format!(
            "at most {MAX_REFERENCES} references a letter"
        )));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(refs.len());
    for r in refs {
        let relation = LinkRelation::parse(&r.relation).ok_or_else(|| {
            invalid(format!(
                "relation must be one of: {}",
                LinkRelation::choices()
            ))
        })?;
        if !seen.insert((r.letter_id, relation)) {
            return Err(invalid(format!(
                "letter {} is referred to twice as {relation}",
                r.letter_id
            )));
        }
        let target = visible_target(conn, actor, r.letter_id)?;
        out.push((target, relation));
    }
    Ok(out)
}

fn visible_target(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<letter::Letter, AppError> {
    let target =
        letter::find(conn, id)?.ok_or_else(|| invalid(format!("letter {id} does not exist")))?;
    if !visibility::can_see(conn, actor, &target)? {
        return Err(invalid(format!(
            "letter {id} is not visible to your office"
        )));
    }
    Ok(target)
}

/// Writes the links of a letter and returns their views.
pub fn link_all(
    conn: &mut AnyConnection,
    actor: &Actor,
    from_letter_id: i64,
    targets: &[(letter::Letter, LinkRelation)],
    now: DateTime<Utc>,
) -> Result<Vec<ReferenceView>, AppError> {
    let mut views = Vec::with_capacity(targets.len());
    for (target, relation) in targets {
        if would_cycle(conn, from_letter_id, target.id)? {
            return Err(invalid(format!(
                "letter {} already refers, directly or not, to letter {from_letter_id}: the link would close a cycle",
                target.id
            )));
        }
        letter_link::insert(
            conn,
            from_letter_id,
            target.id,
            relation.as_str(),
            Some(actor.user_id),
            db_time(now),
        )?;
        views.push(view(target, *relation));
    }
    Ok(views)
}

fn view(target: &letter::Letter, relation: LinkRelation) -> ReferenceView {
    ReferenceView {
        letter_id: target.id,
        relation,
        number: target.number_raw.clone(),
        dated: target.dated,
    }
}

/// Would a link `from → to` close a cycle, i.e. does `to` already lead back to `from`?
/// Walks the outgoing links level by level, one batched query a level.
pub fn would_cycle(conn: &mut AnyConnection, from: i64, to: i64) -> Result<bool, AppError> {
    if from == to {
        return Ok(true);
    }
    let mut seen = HashSet::from([to]);
    let mut frontier = vec![to];
    while !frontier.is_empty() {
        let next: Vec<i64> = letter_link::from_letters(conn, &frontier)?
            .into_iter()
            .map(|l| l.to_letter_id)
            .filter(|id| seen.insert(*id))
            .collect();
        if next.contains(&from) {
            return Ok(true);
        }
        frontier = next;
    }
    Ok(false)
}

/// `POST /letters/{id}/references`: a reference added to a letter already issued or recorded.
pub fn add(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    req: &ReferenceRequest,
    now: DateTime<Utc>,
) -> Result<ReferenceView, AppError> {
    let letter = visibility::visible_letter(conn, actor, letter_id)?;
    let owner = letter.issuer_id.or(letter.recorded_by_org_id);
    if !(actor.is_admin() || owner.is_some_and(|o| actor.can_act_for(o))) {
        return Err(AppError::forbidden(
            "only the office that issued or recorded the letter may add references to it",
        ));
    }
    let checked = check(conn, actor, std::slice::from_ref(req))?;
    let existing = letter_link::from_letters(conn, &[letter.id])?;
    if let Some((target, relation)) = checked.first() {
        if existing
            .iter()
            .any(|l| l.to_letter_id == target.id && l.relation == *relation)
        {
            return Err(AppError::conflict(
                "reference_exists",
                format!("the letter already {relation} letter {}", target.id),
            ));
        }
    }
    let view = link_all(conn, actor, letter.id, &checked, now)?
        .pop()
        .ok_or_else(|| AppError::Internal("no reference written".into()))?;
    if let Some(office) = owner {
        let after = serde_json::json!({"to_letter_id": view.letter_id, "relation": view.relation});
        let event =
            crate::db::audit::Event::new("reference_added", "letter", letter.id, office, after);
        crate::db::audit::by(conn, actor, event, now)?;
    }
    Ok(view)
}

/// The references a letter makes, for its view.
pub fn of_letter(conn: &mut AnyConnection, letter_id: i64) -> Result<Vec<ReferenceView>, AppError> {
    let links = letter_link::from_letters(conn, &[letter_id])?;
    let ids: Vec<i64> = links.iter().map(|l| l.to_letter_id).collect();
    let targets = letter::find_many(conn, &ids)?;
    Ok(links
        .iter()
        .filter_map(|l| {
            targets
                .iter()
                .find(|t| t.id == l.to_letter_id)
                .map(|t| view(t, l.relation))
        })
        .collect())
}
