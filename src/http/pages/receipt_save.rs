//! `POST /receipts`: logs the receipt (from the inbox button or the form) and shows its number.

use super::receipt_form::{delivered, page, ReceiptFields};
use super::{see_other, PageError, Signed};
use crate::db::models::delivery;
use crate::error::AppError;
use crate::services::receipts;
use crate::services::receipts::record::InlineLetter;
use crate::services::receipts::record::ReceiptRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub async fn save(
    state: web::Data<AppState>,
    s: Signed,
    form: web::Form<ReceiptFields>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&form.csrf_token)?;
    let f = form.into_inner();
    let delivery_id = match opt(&f.delivery_id) {
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::invalid("delivery_id", "not a delivery"))?,
        ),
        None => None,
    };
    let req = ReceiptRequest {
        delivery_id,
        letter: delivery_id.is_none().then(|| InlineLetter {
            number: f.number.trim().to_string(),
            dated: opt(&f.dated),
            dated_raw: None,
            subject: f.subject.trim().to_string(),
            from_name: f.from_name.trim().to_string(),
        }),
        received_on: opt(&f.received_on),
        received_time: opt(&f.received_time),
        action: opt(&f.action),
        remarks: opt(&f.remarks),
        allow_duplicate: f.allow_duplicate.is_some(),
        ..Default::default()
    };
    let actor = s.actor.clone();
    let own = s.actor.org_id;
    let now = state.clock.now();
    let saved = state
        .db
        .write(move |c| {
            // A delivery is logged in the register of the office (or unit) it was sent to.
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
        .await;
    match saved {
        Ok(r) => Ok(see_other(&format!("/receipts/{}", r.id))),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let duplicate =
                matches!(&e, AppError::Conflict { code, .. } if *code == "duplicate_receipt");
            if duplicate && delivery_id.is_some() {
                // A delivery is registered once: show the receipt it already has.
                if let AppError::Conflict {
                    extra: Some((_, existing)),
                    ..
                } = &e
                {
                    if let Some(id) = existing.get("id").and_then(serde_json::Value::as_i64) {
                        return Ok(see_other(&format!("/receipts/{id}")));
                    }
                }
            }
            let msg = if duplicate {
                "หน่วยงานนี้เคยลงรับหนังสือฉบับนี้แล้ว หากต้องการลงรับซ้ำ ให้เลือก \"ลงรับซ้ำ\" แล้วบันทึกอีกครั้ง"
                    .to_string()
            } else {
                format!("บันทึกไม่ได้: {}", e.public_message())
            };
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let shown = delivered(&state, &s, delivery_id).await?;
            page(&s, f, shown, Some(msg), status, duplicate)
        }
        Err(e) => Err(e.into()),
    }
}
