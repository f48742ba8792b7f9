//! `POST /receipts`: logs the receipt (from the inbox button or the form) and shows its number.
//! Every field is checked first, so the clerk sees all errors at once, in Thai, at their
//! fields, with the values kept; the service's own refusal lands at its field too.

use super::receipt_form::{delivered, page, ReceiptFields};
use super::thai_field::{self, FieldErrors};
use super::{flash, format, PageError, Signed};
use crate::db::models::delivery;
use crate::domain::validate::{self, DateKind};
use crate::domain::{Secrecy, Urgency};
use crate::error::AppError;
use crate::services::receipts;
use crate::services::receipts::record::InlineLetter;
use crate::services::receipts::record::ReceiptRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

/// The fields of the form a refusal can be shown at.
const FIELDS: &[&str] = &[
    "number",
    "dated",
    "subject",
    "from_name",
    "addressee",
    "urgency",
    "secrecy",
    "received_on",
    "received_time",
    "action",
    "remarks",
];

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The request for the service, or every error of the form.
fn checked(
    f: &ReceiptFields,
    delivery_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<ReceiptRequest, FieldErrors> {
    let mut e = FieldErrors::default();
    let letter = if delivery_id.is_none() {
        e.check(validate::text("number", &f.number));
        let dated = e.take(
            "dated",
            thai_field::date("dated", DateKind::Dated, &f.dated, now),
        );
        e.check(validate::text("from_name", &f.from_name));
        e.check(validate::text("subject", &f.subject));
        e.check(validate::optional_text("addressee", Some(&f.addressee)));
        let urgency = opt(&f.urgency);
        e.check(Urgency::choose(
            "urgency",
            urgency.as_deref(),
            Urgency::Normal,
        ));
        let secrecy = opt(&f.secrecy);
        e.check(Secrecy::choose(
            "secrecy",
            secrecy.as_deref(),
            Secrecy::Normal,
        ));
        Some(InlineLetter {
            number: f.number.trim().to_string(),
            dated: dated.flatten(),
            dated_raw: None,
            subject: f.subject.trim().to_string(),
            from_name: f.from_name.trim().to_string(),
            addressee: opt(&f.addressee),
            urgency,
            secrecy,
        })
    } else {
        None
    };
    let received_on = e.take(
        "received_on",
        thai_field::date("received_on", DateKind::Received, &f.received_on, now),
    );
    let received_time = e.take(
        "received_time",
        thai_field::time("received_time", &f.received_time),
    );
    e.check(validate::optional_text("action", Some(&f.action)));
    e.check(validate::optional_text("remarks", Some(&f.remarks)));
    let upload_ids = e
        .take(
            "upload_ids",
            super::receipt_upload::upload_ids(f).map_err(|x| thai_field::app_text(&x)),
        )
        .unwrap_or_default();
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ReceiptRequest {
        delivery_id,
        letter,
        received_on: received_on.flatten(),
        received_time: received_time.flatten(),
        action: opt(&f.action),
        remarks: opt(&f.remarks),
        allow_duplicate: f.allow_duplicate.is_some(),
        upload_ids,
        ..Default::default()
    })
}

/// `POST /receipts`: a multipart form (with the letter's scan) or a plain one.
pub async fn save(
    state: web::Data<AppState>,
    s: Signed,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, actix_web::Error> {
    let (f, scan) = super::receipt_upload::read(&state, &s, &req, payload).await?;
    Ok(save_form(state, s, f, scan).await?)
}

async fn save_form(
    state: web::Data<AppState>,
    s: Signed,
    mut f: ReceiptFields,
    scan: Option<crate::http::files::FilePart>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&f.csrf_token)?;
    if let Some(scan) = scan {
        if let Err(e) = super::receipt_upload::hold_scan(&state, &s, &mut f, scan).await {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            if status.is_server_error() {
                return Err(e.into());
            }
            let delivery_id = f.delivery_id.trim().parse::<i64>().ok();
            let shown = delivered(&state, &s, delivery_id).await?;
            let mut errors = FieldErrors::default();
            errors
                .general
                .push(format!("แนบไฟล์ไม่ได้: {}", thai_field::app_text(&e)));
            return page(&s, f, shown, errors, status, false);
        }
    }
    let delivery_id = match opt(&f.delivery_id) {
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::invalid("delivery_id", "not a delivery"))?,
        ),
        None => None,
    };
    let now = state.clock.now();
    let req = match checked(&f, delivery_id, now) {
        Ok(req) => req,
        Err(errors) => {
            let shown = delivered(&state, &s, delivery_id).await?;
            return page(
                &s,
                f,
                shown,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            );
        }
    };
    let secure = state.settings.secure_cookies;
    let saved = record_in_register(&state, &s, delivery_id, req, now).await;
    match saved {
        Ok(r) => Ok(flash::redirect(
            &format!("/receipts/{}", r.id),
            &format!(
                "ลงรับแล้ว เลขรับที่ {} ปี {}",
                format::thai(r.number),
                format::thai(r.year_be)
            ),
            secure,
        )),
        Err(
            e @ (AppError::Invalid(_)
            | AppError::Conflict { .. }
            | AppError::NotFound { what: "upload" }),
        ) => {
            if matches!(e, AppError::NotFound { .. }) {
                // The waiting file is gone (expired): the clerk chooses it again.
                f.upload_ids.clear();
            }
            let duplicate =
                matches!(&e, AppError::Conflict { code, .. } if *code == "duplicate_receipt");
            if let Some(to_existing) = duplicate
                .then(|| already_received(&e, delivery_id, secure))
                .flatten()
            {
                return Ok(to_existing);
            }
            let mut errors = FieldErrors::default();
            errors.refusal(&e, FIELDS);
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let shown = delivered(&state, &s, delivery_id).await?;
            page(&s, f, shown, errors, status, duplicate)
        }
        Err(e) => Err(e.into()),
    }
}

/// Logs the receipt in the register of the office (or unit) the delivery was sent to, or of
/// the user's own office for a letter from outside.
async fn record_in_register(
    state: &AppState,
    s: &Signed,
    delivery_id: Option<i64>,
    req: crate::services::receipts::record::ReceiptRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::services::views::ReceiptView, AppError> {
    let actor = s.actor.clone();
    let own = s.actor.org_id;
    state
        .db
        .write_for(own, move |c| {
            let org_id = match delivery_id {
                Some(id) => {
                    delivery::find(c, id)?
                        .ok_or(AppError::not_found("delivery"))?
                        .recipient_id
                }
                None => own.ok_or_else(|| AppError::forbidden("no office to register in"))?,
            };
            receipts::record::record(c, &actor, org_id, &req, now)
        })
        .await
}

/// A delivery is registered once: a second ลงรับ goes to the receipt it already has.
fn already_received(e: &AppError, delivery_id: Option<i64>, secure: bool) -> Option<HttpResponse> {
    delivery_id?;
    let AppError::Conflict {
        extra: Some((_, existing)),
        ..
    } = e
    else {
        return None;
    };
    let id = existing.get("id").and_then(serde_json::Value::as_i64)?;
    Some(flash::redirect(
        &format!("/receipts/{id}"),
        "หนังสือฉบับนี้ลงรับไว้แล้ว ไม่ได้ลงรับซ้ำ",
        secure,
    ))
}
