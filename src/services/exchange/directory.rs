//! The directory of offices an instance hosts: published signed at `GET /exchange/v1/directory`,
//! imported by `saraban peers sync NAME` as offices hosted by that peer.

use crate::adapters::signing;
use crate::db::models::org::{self, OrgFields};
use crate::db::models::peer::{self, Peer};
use crate::db::AnyConnection;
use crate::domain::{letter_code, CircularSeries, OrgKind};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::envelope::{self, Envelope};
use crate::services::exchange::keys;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// One office as the directory publishes it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DirectoryOffice {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub letter_code: Option<String>,
    pub ecms_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DirectoryMessage {
    offices: Vec<DirectoryOffice>,
}

/// The offices hosted here that have a code, signed.
pub fn publish(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<Envelope, AppError> {
    let (secret, public) = keys::signer(conn)?;
    let offices: Vec<DirectoryOffice> = org::local_with_code(conn)?
        .into_iter()
        .filter(|o| o.kind != OrgKind::External)
        .filter_map(|o| {
            Some(DirectoryOffice {
                code: o.code?,
                name: o.name,
                kind: o.kind.as_str().into(),
                letter_code: o.letter_code,
                ecms_id: o.ecms_id,
            })
        })
        .collect();
    let message = json!({"type": "directory", "sent_at": now.to_rfc3339(), "offices": offices});
    envelope::seal(&secret, &public, message)
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub added: usize,
    pub adopted: usize,
    pub updated: usize,
    /// One line per office left alone, with the reason.
    pub skipped: Vec<String>,
}

impl SyncReport {
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} adopted, {} updated, {} skipped",
            self.added,
            self.adopted,
            self.updated,
            self.skipped.len()
        )
    }
}

/// Imports a peer's signed directory: a new code becomes an office hosted by the peer; an
/// office with the code that no peer hosts is adopted; one hosted by another peer is skipped.
pub fn import(
    conn: &mut AnyConnection,
    peer: &Peer,
    env: &Envelope,
    now: DateTime<Utc>,
) -> Result<SyncReport, AppError> {
    if env.key_id.trim() != peer.public_key {
        return Err(AppError::SignatureRefused {
            code: "unknown_key",
            message: format!("the directory is not signed with peer {}'s key", peer.name),
        });
    }
    signing::verify(&peer.public_key, &env.message, &env.signature).map_err(|e| {
        AppError::SignatureRefused {
            code: "invalid_signature",
            message: e.to_string(),
        }
    })?;
    let dir: DirectoryMessage = serde_json::from_value(env.message.clone())
        .map_err(|e| AppError::Malformed(format!("not a directory: {e}")))?;
    let t = db_time(now);
    let mut report = SyncReport::default();
    for office in dir.offices {
        let code = office.code.trim().to_string();
        let Some(kind) = OrgKind::parse(&office.kind).filter(|k| *k != OrgKind::External) else {
            report
                .skipped
                .push(format!("{code}: unknown kind {}", office.kind));
            continue;
        };
        if code.is_empty() || office.name.trim().is_empty() {
            report.skipped.push(format!("{code}: no code or name"));
            continue;
        }
        let letter_code = letter_code::check("letter_code", office.letter_code.as_deref())
            .ok()
            .flatten()
            .map(|c| c.canonical);
        let existing = org::find_by_code(conn, &code)?;
        let id = match existing {
            Some(o) if o.peer_id.is_some() && o.peer_id != Some(peer.id) => {
                report
                    .skipped
                    .push(format!("{code}: already hosted by another peer"));
                continue;
            }
            Some(o) => {
                let fields = OrgFields {
                    code: Some(code.clone()),
                    name: office.name.trim().to_string(),
                    kind: kind.as_str().into(),
                    parent_id: o.parent_id,
                    letter_code,
                    email: o.email.clone(),
                    circular_series: o.circular_series.as_str().into(),
                    series_owner_id: o.series_owner_id,
                    phone: o.phone.clone(),
                };
                org::update(conn, o.id, &fields, t)?;
                if o.peer_id.is_none() {
                    org::set_peer(conn, o.id, Some(peer.id))?;
                    report.adopted += 1;
                } else {
                    report.updated += 1;
                }
                o.id
            }
            None => {
                let fields = OrgFields {
                    code: Some(code.clone()),
                    name: office.name.trim().to_string(),
                    kind: kind.as_str().into(),
                    parent_id: None,
                    letter_code,
                    email: None,
                    circular_series: CircularSeries::Own.as_str().into(),
                    series_owner_id: None,
                    phone: None,
                };
                let id = org::insert(conn, &fields, t)?;
                org::set_peer(conn, id, Some(peer.id))?;
                report.added += 1;
                id
            }
        };
        if let Some(e) = office
            .ecms_id
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            match org::find_by_ecms_id(conn, e)? {
                Some(other) if other.id != id => report.skipped.push(format!(
                    "{code}: e-CMS ID {e} already belongs to office {}",
                    other.id
                )),
                _ => {
                    org::set_ecms_id(conn, id, Some(e))?;
                }
            }
        }
    }
    peer::mark_synced(conn, peer.id, t)?;
    Ok(report)
}
