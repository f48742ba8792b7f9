//! An e-CMS `CorrespondenceLetter` from outside recorded as a received letter with a pending
//! delivery (`POST /api/v1/exchange/ecms`; docs/exchange.md).

use crate::adapters::store::BlobStore;
use crate::db::models::org::{self, Org, OrgFields};
use crate::db::{AnyConnection, Db};
use crate::domain::ecms::{secrecy_of, urgency_of};
use crate::domain::files::FileRole;
use crate::domain::{Actor, CircularSeries, LinkRelation, OrgKind, Secrecy, Urgency};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::ecms_xml::{self, CorrespondenceLetter};
use crate::services::exchange::inbound::{self, PlacedFile};
use crate::services::exchange::message::{FilePart, LetterPart, ReferencePart};
use crate::services::exchange::references_in;
use crate::services::views::DeliveryView;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// What an import recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EcmsImportView {
    pub letter_id: i64,
    /// The sending office (found by its e-CMS ID, or made as an `external` office).
    pub sender_id: i64,
    pub delivery: DeliveryView,
}

fn date(field: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, "dates are CE yyyy-MM-dd")),
    }
}

/// `ReferenceCorrespondence`: e-CMS names no relation, so each is a letter the new one cites.
fn references(doc: &CorrespondenceLetter) -> Result<Vec<ReferencePart>, AppError> {
    let refs = doc
        .references
        .iter()
        .map(|r| {
            Ok(ReferencePart {
                relation: LinkRelation::Cites.as_str().into(),
                number: r.id.trim().to_string(),
                dated: date("reference", r.date.as_deref())?,
                subject: r.subject.as_deref().unwrap_or("").trim().to_string(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    references_in::check(&refs)?;
    Ok(refs)
}

/// The document as the letter an exchange message would carry, and its files with bytes.
fn letter_part(doc: &CorrespondenceLetter) -> Result<LetterPart, AppError> {
    use base64::Engine;
    let secrecy = match doc.secret_code.as_deref() {
        None => Secrecy::Normal,
        Some(c) => secrecy_of(c)
            .ok_or_else(|| AppError::invalid("secret_code", "SecretCode is 001–004"))?,
    };
    let urgency = match doc.speed_code.as_deref() {
        None => Urgency::Normal,
        Some(c) => {
            urgency_of(c).ok_or_else(|| AppError::invalid("speed_code", "SpeedCode is 001–004"))?
        }
    };
    let mut files = Vec::new();
    let binaries = doc
        .main
        .iter()
        .map(|b| (FileRole::Main, b))
        .chain(doc.attachments.iter().map(|b| (FileRole::Enclosure, b)));
    for (i, (role, b)) in binaries.enumerate() {
        // `Attachment` i names enclosure i (the main file, when present, is binary 0).
        let title = match role {
            FileRole::Main => None,
            _ => doc
                .attachment
                .get(i - usize::from(doc.main.is_some()))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
        };
        let clean: String = b.content.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(clean.as_bytes())
            .map_err(|_| AppError::invalid("files", "a binary object is not base64"))?;
        files.push(FilePart {
            sha256: hex::encode(Sha256::digest(&bytes)),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            media_type: b.mime_code.clone(),
            role: role.as_str().into(),
            file_name: title.clone().unwrap_or_else(|| format!("ecms-{}", i + 1)),
            title,
            content: Some(clean),
        });
    }
    Ok(LetterPart {
        number: doc.id.clone(),
        dated: date("correspondence_date", doc.date.as_deref())?,
        dated_raw: None,
        subject: doc.subject.clone(),
        addressee: doc.receiver.job_title.clone().unwrap_or_default(),
        from_name: doc
            .sender
            .job_title
            .clone()
            .or_else(|| doc.description.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("e-CMS {}", doc.sender.org_id().unwrap_or_default())),
        kind: "external".into(),
        urgency: urgency.as_str().into(),
        secrecy: secrecy.as_str().into(),
        circular: false,
        due_date: None,
        references: references(doc)?,
        files,
    })
}

/// The sending office by its e-CMS ID; one not in the directory becomes an `external` office.
fn sender_office(
    conn: &mut AnyConnection,
    ecms_id: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Org, AppError> {
    if let Some(o) = org::find_by_ecms_id(conn, ecms_id)? {
        return Ok(o);
    }
    let fields = OrgFields {
        code: None,
        name: name.to_string(),
        kind: OrgKind::External.as_str().into(),
        parent_id: None,
        letter_code: None,
        email: None,
        circular_series: CircularSeries::Own.as_str().into(),
        series_owner_id: None,
        phone: None,
    };
    let id = org::insert(conn, &fields, db_time(now))?;
    org::set_ecms_id(conn, id, Some(ecms_id))?;
    org::find(conn, id)?.ok_or_else(|| AppError::Internal("office vanished".into()))
}

/// Records a checked document: the sender, the letter, its files and the pending delivery.
fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    part: &LetterPart,
    (sender_ecms, receiver_ecms): (&str, &str),
    files: &[PlacedFile],
    now: DateTime<Utc>,
) -> Result<EcmsImportView, AppError> {
    let recipient = org::find_by_ecms_id(conn, receiver_ecms)?
        .filter(|o| o.peer_id.is_none())
        .ok_or_else(|| AppError::Unprocessable {
            code: "invalid_receiver",
            message: format!("no office hosted here has e-CMS ID {receiver_ecms}"),
        })?;
    actor.require_act_for(recipient.id)?;
    let sender = sender_office(conn, sender_ecms, &part.from_name, now)?;
    let d = inbound::store_letter(conn, part, (&sender, &recipient), files, now)?;
    let event = crate::db::audit::Event {
        action: "ecms_letter_imported",
        target_type: "delivery",
        target_id: Some(d.id),
        office_id: Some(recipient.id),
        before: None,
        after: Some(serde_json::json!({"number": part.number, "sender_ecms_id": sender_ecms})),
    };
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(EcmsImportView {
        letter_id: d.letter_id,
        sender_id: sender.id,
        delivery: DeliveryView::from(d),
    })
}

/// Reads, checks and records an e-CMS letter; malformed XML stores nothing.
pub async fn import(
    db: &Db,
    store: BlobStore,
    actor: Actor,
    xml: &str,
    max_file_bytes: u64,
    now: DateTime<Utc>,
) -> Result<EcmsImportView, AppError> {
    let doc = ecms_xml::read(xml)?;
    let part = letter_part(&doc)?;
    if Secrecy::parse(&part.secrecy).is_some_and(|s| s.is_classified()) {
        return Err(AppError::conflict(
            "classified_not_exchanged",
            "a classified letter is not taken electronically",
        ));
    }
    let receiver = doc
        .receiver
        .org_id()
        .ok_or_else(|| AppError::Unprocessable {
            code: "invalid_receiver",
            message: "ReceiverParty names no organisation ID".into(),
        })?;
    let sender = doc
        .sender
        .org_id()
        .ok_or_else(|| AppError::invalid("sender", "SenderParty names no organisation ID"))?;
    let (check_actor, check_receiver) = (actor.clone(), receiver.clone());
    db.read(move |c| {
        let recipient = org::find_by_ecms_id(c, &check_receiver)?
            .filter(|o| o.peer_id.is_none())
            .ok_or_else(|| AppError::Unprocessable {
                code: "invalid_receiver",
                message: format!("no office hosted here has e-CMS ID {check_receiver}"),
            })?;
        Ok(check_actor.require_act_for(recipient.id)?)
    })
    .await?;
    let parts = part.files.clone();
    let files = tokio::task::spawn_blocking(move || {
        crate::services::exchange::receive::place_files(&store, &parts, max_file_bytes)
    })
    .await
    .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    db.write(move |c| record(c, &actor, &part, (&sender, &receiver), &files, now))
        .await
}
