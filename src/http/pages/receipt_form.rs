//! `GET /receipts/new?delivery_id=`: the receipt form; `POST /receipts/new/intake`: the same
//! form filled from the letter's file (PDF, scan, photo) or its pasted text (services::intake),
//! for the clerk to check; the file is kept for the receipt.

use super::thai_field::{self, FieldErrors};
use super::{format, render_status, PageError, Signed};
use crate::db::models::delivery;
use crate::db::models::letter;
use crate::error::AppError;
use crate::services::intake;
use crate::services::intake::read::IntakeRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// Every field of the form, as text (what the clerk typed or what intake read).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReceiptFields {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub delivery_id: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub dated: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub from_name: String,
    /// ถึง, as written on the letter.
    #[serde(default)]
    pub addressee: String,
    /// ชั้นความเร็ว: empty (as the number says, else ปกติ) or an urgency value.
    #[serde(default)]
    pub urgency: String,
    /// ชั้นความลับ: empty (ปกติ) or a secrecy value.
    #[serde(default)]
    pub secrecy: String,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub received_time: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub remarks: String,
    #[serde(default)]
    pub allow_duplicate: Option<String>,
    #[serde(default)]
    pub text: String,
    /// The clerk's waiting uploads (the scan chosen on an earlier try of this form), by id,
    /// comma-separated: attached to the letter when the receipt saves.
    #[serde(default)]
    pub upload_ids: String,
}

/// The letter a delivery carries, shown read-only above the form.
pub struct Delivered {
    pub letter_id: i64,
    pub number: String,
    pub dated: String,
    pub subject: String,
    pub from_name: String,
    pub urgency: &'static str,
    pub urgent: bool,
}

#[derive(Template)]
#[template(path = "receipt_form.html", config = "src/http/pages/askama.toml")]
pub struct ReceiptForm {
    pub chrome: super::Chrome,
    pub f: ReceiptFields,
    pub delivered: Option<Delivered>,
    /// Every error of the posted form: at its field, or above the form.
    pub errors: FieldErrors,
    /// Fields intake was unsure of (their ids, or `all` when it found no letter): each is
    /// marked at its field for the clerk to check.
    pub check: Vec<&'static str>,
    pub duplicate: bool,
}

impl ReceiptForm {
    /// Was intake unsure of this field?
    pub fn unsure(&self, id: &str) -> bool {
        self.check.contains(&id)
    }

    /// The Thai names of the fields to check, for the note above the form.
    pub fn check_labels(&self) -> Vec<&'static str> {
        self.check
            .iter()
            .map(|id| match *id {
                "all" => "ทุกช่อง (ไม่พบเลขที่หนังสือในข้อความ)",
                other => thai_field::label(other),
            })
            .collect()
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    pub delivery_id: Option<i64>,
}

/// Loads the delivery for the form, refusing one addressed to another office.
pub async fn delivered(
    state: &AppState,
    s: &Signed,
    id: Option<i64>,
) -> Result<Option<Delivered>, PageError> {
    let Some(id) = id else { return Ok(None) };
    let actor = s.actor.clone();
    let found = state
        .db
        .read(move |c| {
            let d = delivery::find(c, id)?.ok_or(AppError::not_found("delivery"))?;
            if !actor.can_act_for(d.recipient_id) {
                return Err(AppError::forbidden("this delivery is for another office"));
            }
            letter::find(c, d.letter_id)?.ok_or(AppError::not_found("letter"))
        })
        .await?;
    Ok(Some(Delivered {
        letter_id: found.id,
        number: found.number_raw,
        dated: format::opt_date(found.dated),
        subject: found.subject,
        from_name: found.from_name,
        urgency: format::urgency(found.urgency),
        urgent: found.urgency != crate::domain::Urgency::Normal,
    }))
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<NewQuery>,
) -> Result<HttpResponse, PageError> {
    s.writing_office()?;
    let delivered = delivered(&state, &s, q.delivery_id).await?;
    let f = ReceiptFields {
        delivery_id: q.delivery_id.map(|d| d.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    page(
        &s,
        f,
        delivered,
        FieldErrors::default(),
        StatusCode::OK,
        false,
    )
}

pub fn page(
    s: &Signed,
    f: ReceiptFields,
    delivered: Option<Delivered>,
    errors: FieldErrors,
    status: StatusCode,
    duplicate: bool,
) -> Result<HttpResponse, PageError> {
    // The form for a delivery is reached from the inbox; without one it is the outside-letter
    // form of the menu.
    let active = if delivered.is_some() {
        "inbox"
    } else {
        "receive"
    };
    render_status(
        status,
        &ReceiptForm {
            chrome: s.chrome(active),
            f,
            delivered,
            errors,
            check: Vec::new(),
            duplicate,
        },
    )
}

/// Fills the form from what intake read, and names the fields the clerk must check.
fn fill_from(
    f: &mut ReceiptFields,
    read: &crate::services::intake::answer::IntakeAnswer,
) -> Vec<&'static str> {
    let mut check = Vec::new();
    if let Some(l) = read.letters.first() {
        if let Some(n) = &l.number {
            f.number = n
                .value
                .as_ref()
                .map(|v| v.raw.clone())
                .unwrap_or(n.raw.clone());
            if n.uncertain {
                check.push("number");
            }
        }
        if let Some(d) = &l.dated {
            f.dated = d.value.map(thai_field::show_date).unwrap_or_default();
            if d.uncertain {
                check.push("dated");
            }
        }
        if let Some(v) = &l.subject {
            f.subject = v
                .suggested
                .clone()
                .or(v.value.clone())
                .unwrap_or(v.raw.clone());
            if v.uncertain || v.suggested.is_some() {
                check.push("subject");
            }
        }
        if let Some(v) = &l.from {
            f.from_name = v.value.clone().unwrap_or(v.raw.clone());
            if v.uncertain {
                check.push("from_name");
            }
        }
    } else {
        check.push("all");
    }
    check
}

pub async fn intake(
    state: web::Data<AppState>,
    s: Signed,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, actix_web::Error> {
    let (mut f, scan) = super::receipt_upload::read(&state, &s, &req, payload).await?;
    s.check_csrf(&f.csrf_token)?;
    let delivery_id = f.delivery_id.trim().parse::<i64>().ok();
    let delivered = delivered(&state, &s, delivery_id).await?;
    let read = match scan {
        Some(scan) => super::receipt_upload::read_and_hold(&state, &s, &mut f, scan)
            .await
            .map_err(PageError::from)?,
        None => intake::read::read(&IntakeRequest {
            text: f.text.clone(),
        }),
    };
    let read = match read {
        Ok(r) => r,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors
                .general
                .push(format!("อ่านหนังสือไม่ได้: {}", thai_field::app_text(&e)));
            return Ok(page(
                &s,
                f,
                delivered,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            )?);
        }
    };
    let check = fill_from(&mut f, &read);
    let active = if delivered.is_some() {
        "inbox"
    } else {
        "receive"
    };
    Ok(render_status(
        StatusCode::OK,
        &ReceiptForm {
            chrome: s.chrome(active),
            f,
            delivered,
            errors: FieldErrors::default(),
            check,
            duplicate: false,
        },
    )?)
}
