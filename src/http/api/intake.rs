//! `POST /api/v1/intake`: register fields read from a letter's text, to fill the forms.

use crate::domain::Actor;
use crate::error::AppError;
use crate::services::intake;
use crate::services::intake::read::IntakeRequest;
use actix_web::{web, HttpResponse};

#[utoipa::path(post, path = "/api/v1/intake", tag = "intake", request_body = IntakeRequest,
    responses((status = 200, description = "`{letters: [{number, dated, subject, addressee, from, urgency, \
        secrecy, enclosures, references, signer, signer_position, owner_unit, email}], receipt_stamps: [...]}`; \
        each field is `{raw, value, suggested?, confidence, uncertain, span}`"),
        (status = 422, description = "invalid_text: empty or over 256 KB")),
    security(("bearer" = [])))]
pub async fn read(_actor: Actor, body: web::Json<IntakeRequest>) -> Result<HttpResponse, AppError> {
    let found = web::block(move || intake::read::read(&body))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    Ok(HttpResponse::Ok().json(found))
}
