//! Who a dispatch reaches besides the offices named one by one: recipient groups, expanded
//! when the letter is sent ("all districts of this province"), and addressees outside the
//! directory.
//!
//! External addressees are kept in their own table (`external_recipients`), not as deliveries
//! with a null recipient: a delivery is a hop to an office that keeps a register here and can
//! receive, acknowledge or refuse it, and the distribution tree, the inbox and the
//! visibility rules all rely on `deliveries.recipient_id` naming such an office. An outside
//! person or company does none of that, so it is written down with the dispatch (name,
//! address, e-mail, how it was sent) and shown with it; making the column nullable would
//! also need a table rebuild on SQLite.

use crate::db::models::external_recipient::ExternalRecipient;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::OrgKind;
use crate::domain::SendMethod;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::ToSchema;

/// Most groups and most external addressees one dispatch may name.
pub const MAX_GROUPS: usize = 100;
pub const MAX_EXTERNAL: usize = 500;

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientGroup {
    /// Every office of `kind` below this one, at any depth.
    pub under_id: i64,
    /// An office kind: district, local_body, unit, provincial_office, …
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalRecipientRequest {
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    /// post, email, hand or ecms
    pub method: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExternalView {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub method: String,
}

impl From<ExternalRecipient> for ExternalView {
    fn from(r: ExternalRecipient) -> Self {
        ExternalView {
            id: r.id,
            name: r.name,
            address: r.address,
            email: r.email,
            method: r.method,
        }
    }
}

/// The offices the groups stand for now, in group order, each group breadth-first and by id.
/// One batched query per level of the tree, not one per office.
pub fn expand_groups(
    conn: &mut AnyConnection,
    groups: &[RecipientGroup],
) -> Result<Vec<i64>, AppError> {
    let bad = |m: String| AppError::invalid("recipient_groups", m);
    if groups.len() > MAX_GROUPS {
        return Err(bad(format!("at most {MAX_GROUPS} groups a dispatch")));
    }
    let mut out = Vec::new();
    for g in groups {
        let kind = OrgKind::parse(&g.kind)
            .ok_or_else(|| bad(format!("kind must be one of: {}", OrgKind::choices())))?;
        if org::find(conn, g.under_id)?.is_none() {
            return Err(bad(format!("office {} does not exist", g.under_id)));
        }
        let mut seen = HashSet::from([g.under_id]);
        let mut frontier = vec![g.under_id];
        let mut matched = 0usize;
        while !frontier.is_empty() {
            let mut children = org::children_of(conn, &frontier)?;
            children.retain(|(id, _, _)| seen.insert(*id));
            children.sort_by_key(|(id, _, _)| *id);
            for (id, k, _) in &children {
                if k == kind.as_str() {
                    out.push(*id);
                    matched += 1;
                }
            }
            frontier = children.into_iter().map(|(id, _, _)| id).collect();
        }
        if matched == 0 {
            return Err(bad(format!(
                "no office of kind {kind} lies under office {}",
                g.under_id
            )));
        }
    }
    Ok(out)
}

/// An external addressee, checked: (name, address, email, method).
pub type CheckedExternal = (String, Option<String>, Option<String>, SendMethod);

/// Checks the external addressees of a dispatch.
pub fn check_external(list: &[ExternalRecipientRequest]) -> Result<Vec<CheckedExternal>, AppError> {
    let bad = |m: String| AppError::invalid("external_recipients", m);
    if list.len() > MAX_EXTERNAL {
        return Err(bad(format!("at most {MAX_EXTERNAL} external recipients")));
    }
    let mut out = Vec::with_capacity(list.len());
    for r in list {
        let name = validate::text("external_recipients", &r.name)?;
        let method = SendMethod::parse(&r.method)
            .ok_or_else(|| bad(format!("method must be one of: {}", SendMethod::choices())))?;
        let address = validate::optional_text("external_recipients", r.address.as_deref())?;
        let email = match r.email.as_deref().filter(|e| !e.trim().is_empty()) {
            Some(e) => Some(validate::email("external_recipients", e)?),
            None => None,
        };
        if method == SendMethod::Email && email.is_none() {
            return Err(bad(format!("{name}: method email needs an email address")));
        }
        if method == SendMethod::Post && address.is_none() {
            return Err(bad(format!("{name}: method post needs an address")));
        }
        out.push((name, address, email, method));
    }
    Ok(out)
}
