//! What the API answers: plain serde structs built from rows. They never derive diesel traits.

use crate::db::models;
use crate::db::models::delivery::Delivery;
use crate::db::models::letter::Letter;
use crate::db::models::org::Org;
use crate::db::models::receipt::Receipt;
use crate::domain::stamp::stamp_text;
use crate::domain::{CircularSeries, DeliveryStatus, LetterKind, OrgKind, Secrecy, Urgency, Via};
use crate::thai::digits::Digits;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrgView {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<i64>,
    pub letter_code: Option<String>,
    /// False when the letter code lacks its letter code or owner number (`ปจ`): the office
    /// cannot issue numbered letters until an administrator completes it.
    pub letter_code_complete: bool,
    pub email: Option<String>,
    /// Telephone number(s) as written, e.g. `0 3745 4001 ต่อ 12`.
    pub phone: Option<String>,
    pub circular_series: CircularSeries,
    pub series_owner_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The e-CMS organisation ID (`MinistryOrganization/ID`), unique.
    pub ecms_id: Option<String>,
    /// The name of the peer instance hosting the office; `null` for an office hosted here.
    pub peer: Option<String>,
    #[serde(skip)]
    pub peer_id: Option<i64>,
}

impl From<Org> for OrgView {
    fn from(o: Org) -> Self {
        OrgView {
            id: o.id,
            code: o.code,
            name: o.name,
            kind: o.kind,
            parent_id: o.parent_id,
            letter_code_complete: crate::domain::letter_code::is_complete(o.letter_code.as_deref()),
            letter_code: o.letter_code,
            email: o.email,
            phone: o.phone,
            circular_series: o.circular_series,
            series_owner_id: o.series_owner_id,
            created_at: models::utc(o.created_at),
            updated_at: models::utc(o.updated_at),
            ecms_id: o.ecms_id,
            peer: None,
            peer_id: o.peer_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LetterView {
    pub id: i64,
    /// `issued` (numbered here) or `recorded` (came from outside).
    pub origin: String,
    /// The `ที่` line as printed (Thai digits for letters issued here; as typed otherwise).
    pub number: String,
    /// Arabic digits, single spaces: the form used to match numbers.
    pub number_canonical: String,
    pub running_number: Option<i64>,
    pub circular: bool,
    pub series: Option<String>,
    pub year_be: Option<i64>,
    pub dated: Option<NaiveDate>,
    pub dated_raw: Option<String>,
    pub subject: String,
    pub addressee: String,
    pub kind: LetterKind,
    pub urgency: Urgency,
    pub secrecy: Secrecy,
    pub issuer_id: Option<i64>,
    pub from_name: String,
    pub issued_at: Option<DateTime<Utc>>,
    pub due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// The older letters this one refers to (in single-letter answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub references: Option<Vec<crate::services::letters::references::ReferenceView>>,
    /// `true` when the caller may not read this letter (it only sees a distribution it is part
    /// of): number, subject, addressee and the dates as written are left empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

impl LetterView {
    /// The letter as shown to someone who may not read it: its place in the distribution
    /// (id, sender, kind, urgency, secrecy), never its number or subject.
    pub fn withheld(l: Letter) -> Self {
        LetterView {
            number: String::new(),
            number_canonical: String::new(),
            running_number: None,
            dated_raw: None,
            subject: String::new(),
            addressee: String::new(),
            withheld: true,
            ..LetterView::from(l)
        }
    }
}

impl From<Letter> for LetterView {
    fn from(l: Letter) -> Self {
        LetterView {
            id: l.id,
            origin: l.origin,
            number: l.number_raw,
            number_canonical: l.number_canonical,
            running_number: l.running_number,
            circular: l.circular,
            series: l.series,
            year_be: l.year_be,
            dated: l.dated,
            dated_raw: l.dated_raw,
            subject: l.subject,
            addressee: l.addressee,
            kind: l.kind,
            urgency: l.urgency,
            secrecy: l.secrecy,
            issuer_id: l.issuer_id,
            from_name: l.from_name,
            issued_at: l.issued_at.map(models::utc),
            due_date: l.due_date,
            created_at: models::utc(l.created_at),
            references: None,
            withheld: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub letter_id: i64,
    pub via: Via,
    pub sender_id: i64,
    pub recipient_id: i64,
    pub recipient_name: String,
    pub recipient_kind: OrgKind,
    pub status: DeliveryStatus,
    /// The endorsement (เกษียน) of a routed delivery.
    pub note: Option<String>,
    /// The acknowledgement note or the not-related reason.
    pub status_note: Option<String>,
    pub status_changed_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub dispatch_id: Option<i64>,
    /// For a routed delivery: the receipt it was routed from.
    pub source_receipt_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// When the sender withdrew the delivery (its status stays as it was); `null` if not.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl From<Delivery> for DeliveryView {
    fn from(d: Delivery) -> Self {
        DeliveryView {
            id: d.id,
            letter_id: d.letter_id,
            via: d.via,
            sender_id: d.sender_id,
            recipient_id: d.recipient_id,
            recipient_name: d.recipient_name,
            recipient_kind: d.recipient_kind,
            status: d.status,
            note: d.note,
            status_note: d.status_note,
            status_changed_at: d.status_changed_at.map(models::utc),
            acknowledged_at: d.acknowledged_at.map(models::utc),
            withdrawn_at: d.withdrawn_at.map(models::utc),
            withdrawn_reason: d.withdrawn_reason,
            dispatch_id: d.dispatch_id,
            source_receipt_id: d.source_receipt_id,
            created_at: models::utc(d.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DispatchView {
    pub id: i64,
    pub letter_id: i64,
    pub sender_id: i64,
    pub deliveries: Vec<DeliveryView>,
    /// Addressees outside the directory, reached by post, e-mail, hand or e-CMS.
    pub external_recipients: Vec<crate::services::deliveries::recipients::ExternalView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReceiptView {
    pub id: i64,
    pub org_id: i64,
    pub year_be: i64,
    /// The receipt register number (เลขทะเบียนรับ).
    pub number: i64,
    pub received_at: Option<DateTime<Utc>>,
    /// Bangkok-local date of receipt.
    pub received_on: NaiveDate,
    /// Bangkok-local time `HH:MM`, when stamped.
    pub received_time: Option<String>,
    pub letter_id: i64,
    pub delivery_id: Option<i64>,
    pub action: Option<String>,
    pub remarks: Option<String>,
    pub duplicate_of: Option<i64>,
    /// The receipt stamp as written on the letter, in Thai digits.
    pub stamp: String,
    /// The stored copy of the letter's main file with this stamp drawn on it, once one was
    /// made (`GET /api/v1/receipts/{id}/stamped.pdf`); given by `GET /api/v1/receipts/{id}`
    /// only, null elsewhere.
    pub stamped_file_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<Receipt> for ReceiptView {
    fn from(r: Receipt) -> Self {
        let time = r
            .received_time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        ReceiptView {
            stamp: stamp_text(r.number, r.received_on, time, Digits::Thai),
            id: r.id,
            org_id: r.org_id,
            year_be: r.year_be,
            number: r.number,
            received_at: r.received_at.map(models::utc),
            received_on: r.received_on,
            received_time: r.received_time,
            letter_id: r.letter_id,
            delivery_id: r.delivery_id,
            action: r.action,
            remarks: r.remarks,
            duplicate_of: r.duplicate_of,
            stamped_file_id: None,
            created_at: models::utc(r.created_at),
        }
    }
}
