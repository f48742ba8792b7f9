//! A letter addressed to one recipient office as an e-CMS `CorrespondenceLetter`
//! (`GET /api/v1/letters/{id}/ecms.xml`; the mapping is in docs/exchange.md).

use crate::adapters::store::BlobStore;
use crate::db::models::delivery;
use crate::db::models::org::{self, Org};
use crate::db::{AnyConnection, Db};
use crate::domain::ecms::{secret_code, speed_code};
use crate::domain::files::FileRole;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::exchange::ecms_xml::{
    self, Binary, CorrespondenceLetter, OrgId, Party, Reference,
};
use crate::services::exchange::queue;
use crate::services::letters::visibility;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EcmsQuery {
    /// The recipient office the document is addressed to (one of the letter's deliveries).
    pub recipient_id: i64,
}

/// A file of the letter to inline: (the main letter?, media type, SHA-256).
pub type FileRef = (bool, String, String);

fn party(o: &Org, title: &str) -> Party {
    let id = o.ecms_id.clone().map(|id| OrgId { id });
    Party {
        given_name: None,
        family_name: None,
        job_title: Some(title.to_string()),
        ministry: id.clone(),
        department: id,
    }
}

/// The document without its files' bytes, and the files to inline as (role, media type, sha256).
pub fn export(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    recipient_id: i64,
    now: DateTime<Utc>,
) -> Result<(CorrespondenceLetter, Vec<FileRef>), AppError> {
    let l = visibility::visible_letter(conn, actor, letter_id)?;
    queue::refuse_classified(&l)?;
    if !delivery::for_letter(conn, l.id)?
        .iter()
        .any(|d| d.recipient_id == recipient_id)
    {
        return Err(AppError::invalid(
            "recipient_id",
            "the letter was not sent to that office",
        ));
    }
    let issuer = l.issuer_id.or(l.recorded_by_org_id);
    let offices = org::by_id(conn, issuer.into_iter().chain([recipient_id]))?;
    let recipient = offices
        .get(&recipient_id)
        .ok_or(AppError::not_found("org"))?;
    let part = queue::letter_part(conn, &l)?;
    let sender = issuer.and_then(|i| offices.get(&i));
    // The first main file is `MainLetterBinaryObject`; every other file an enclosure, with its
    // title in an `Attachment` of the same position.
    let mut files = Vec::new();
    let mut enclosures = Vec::new();
    let mut main_taken = false;
    for f in &part.files {
        let main = !main_taken && f.role == FileRole::Main.as_str();
        main_taken |= main;
        if !main {
            enclosures.push(f.title.clone().unwrap_or_else(|| f.file_name.clone()));
        }
        files.push((main, f.media_type.clone(), f.sha256.clone()));
    }
    let doc = CorrespondenceLetter {
        id: l.number_raw.clone(),
        date: l.dated.map(|d| d.format("%Y-%m-%d").to_string()),
        subject: l.subject.clone(),
        secret_code: Some(secret_code(l.secrecy).into()),
        speed_code: Some(speed_code(l.urgency).into()),
        sender: sender.map_or_else(Party::default, |o| party(o, &l.from_name)),
        receiver: party(recipient, &l.addressee),
        references: part
            .references
            .iter()
            .map(|r| Reference {
                id: r.number.clone(),
                date: r.dated.map(|d| d.format("%Y-%m-%d").to_string()),
                subject: Some(r.subject.clone()),
            })
            .collect(),
        attachment: enclosures,
        send_date: Some(
            crate::clock::to_bangkok(now)
                .date()
                .format("%Y-%m-%d")
                .to_string(),
        ),
        description: Some(l.from_name.clone()),
        ..CorrespondenceLetter::default()
    };
    Ok((doc, files))
}

/// [`export`] with the files' bytes inlined, as XML.
pub async fn export_xml(
    db: &Db,
    store: &BlobStore,
    actor: Actor,
    letter_id: i64,
    recipient_id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    use base64::Engine;
    let (mut doc, files) = db
        .read(move |c| export(c, &actor, letter_id, recipient_id, now))
        .await?;
    for (main, media_type, sha) in files {
        let path = store
            .path_of(&sha)
            .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| AppError::Internal(format!("file store: {e}")))?;
        let b = Binary {
            mime_code: media_type,
            content: base64::engine::general_purpose::STANDARD.encode(bytes),
        };
        if main {
            doc.main = Some(b);
        } else {
            doc.attachments.push(b);
        }
    }
    ecms_xml::write(doc)
}
