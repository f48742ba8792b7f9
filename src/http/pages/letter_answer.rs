//! `POST /deliveries/{id}/acknowledge` and `/reject` from the letter page: the recipient's
//! รับทราบ / ไม่เกี่ยวข้อง, through the same service (and rules) as the API.

use super::{see_other, PageError, Signed};
use crate::services::deliveries;
use crate::services::deliveries::answer::AcknowledgeRequest;
use crate::services::deliveries::answer::RejectRequest;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
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
    s.check_csrf(&f.csrf_token)?;
    let (id, now, actor) = (id.into_inner(), state.clock.now(), s.actor.clone());
    let note = Some(f.note.trim().to_string()).filter(|n| !n.is_empty());
    let d = state
        .db
        .write(move |c| {
            deliveries::answer::acknowledge(c, &actor, id, &AcknowledgeRequest { note }, now)
        })
        .await?;
    Ok(see_other(&format!("/letters/{}", d.letter_id)))
}

pub async fn reject(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    f: web::Form<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&f.csrf_token)?;
    let (id, now, actor) = (id.into_inner(), state.clock.now(), s.actor.clone());
    let reason = f.note.trim().to_string();
    let d = state
        .db
        .write(move |c| deliveries::answer::reject(c, &actor, id, &RejectRequest { reason }, now))
        .await?;
    Ok(see_other(&format!("/letters/{}", d.letter_id)))
}
