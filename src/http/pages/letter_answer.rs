//! `POST /deliveries/{id}/acknowledge` and `/reject` from the letter page: the recipient's
//! รับทราบ / ไม่เกี่ยวข้อง, through the same service (and rules) as the API.

use super::letter::AnswerError;
use super::thai_field::thai_text;
use super::{flash, format, PageError, Signed};
use crate::db::models::letter;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::error::AppError;
use crate::services::deliveries;
use crate::services::deliveries::answer::AcknowledgeRequest;
use crate::services::deliveries::answer::RejectRequest;
use crate::services::views::DeliveryView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub note: String,
}

pub async fn acknowledge(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    f: web::Form<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    answered(state, s, id, f, "ack", |c, actor, id, note, now| {
        let note = Some(note).filter(|n| !n.is_empty());
        deliveries::answer::acknowledge(c, actor, id, &AcknowledgeRequest { note }, now)
    })
    .await
}

pub async fn reject(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    f: web::Form<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    answered(state, s, id, f, "rej", |c, actor, id, reason, now| {
        deliveries::answer::reject(c, actor, id, &RejectRequest { reason }, now)
    })
    .await
}

/// Checks the form, runs the answer in one transaction and goes back to the letter.
async fn answered<F>(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    f: web::Form<AnswerForm>,
    field: &'static str,
    answer: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(
            &mut AnyConnection,
            &Actor,
            i64,
            String,
            DateTime<Utc>,
        ) -> Result<DeliveryView, AppError>
        + Send
        + 'static,
{
    s.check_csrf(&f.csrf_token)?;
    let (id, now, actor) = (id.into_inner(), state.clock.now(), s.actor.clone());
    let note = f.note.trim().to_string();
    let answered = state
        .db
        .write(move |c| {
            let d = answer(c, &actor, id, note, now)?;
            let number = letter::find(c, d.letter_id)?.map(|l| l.number_raw);
            Ok((d, number))
        })
        .await;
    let (d, number) = match answered {
        Ok(done) => done,
        // A refused note or reason goes back to the letter page, at the form's field.
        Err(AppError::Invalid(i)) => {
            let actor = s.actor.clone();
            let d = state
                .db
                .read(move |c| deliveries::answer::get(c, &actor, id))
                .await?;
            let error = AnswerError {
                delivery_id: id,
                field,
                text: thai_text(&i),
            };
            return super::letter::page(&state, &s, d.letter_id, None, Some(error)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let what = match d.status {
        DeliveryStatus::NotRelated => "บันทึกว่าไม่เกี่ยวข้องแล้ว",
        _ => "รับทราบแล้ว",
    };
    let text = format!(
        "{what}: หนังสือที่ {} ในนาม{} (สถานะ: {})",
        number.unwrap_or_default(),
        d.recipient_name,
        format::status(d.status)
    );
    Ok(flash::redirect(
        &format!("/letters/{}", d.letter_id),
        &text,
        state.settings.secure_cookies,
    ))
}
