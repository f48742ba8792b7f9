//! `/api/v1/…ecms…`: a letter as an e-CMS `CorrespondenceLetter`, out and in (docs/exchange.md).

use crate::adapters::store::BlobStore;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQuery;
use crate::services::exchange::ecms_export::{self, EcmsQuery};
use crate::services::exchange::ecms_import::{self, EcmsImportView};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Largest e-CMS document accepted: its files travel inside it, base64.
pub const XML_LIMIT: usize = 64 * 1024 * 1024;

#[utoipa::path(get, path = "/api/v1/letters/{id}/ecms.xml", tag = "exchange", params(EcmsQuery),
    responses((status = 200, body = String, content_type = "application/xml", description = "the letter as an e-CMS CorrespondenceLetter addressed to the recipient"),
        (status = 403), (status = 404),
        (status = 409, description = "classified_not_exchanged"),
        (status = 422, description = "invalid_recipient_id: the letter was not sent to that office")),
    security(("bearer" = [])))]
pub async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    ApiQuery(q): ApiQuery<EcmsQuery>,
) -> Result<HttpResponse, AppError> {
    let store = BlobStore::new(state.settings.files_dir.clone());
    let xml = ecms_export::export_xml(
        &state.db,
        &store,
        actor,
        id.into_inner(),
        q.recipient_id,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .body(xml))
}

#[utoipa::path(post, path = "/api/v1/exchange/ecms", tag = "exchange",
    request_body(content = String, content_type = "application/xml", description = "an e-CMS CorrespondenceLetter"),
    responses((status = 201, body = EcmsImportView, description = "recorded with a pending delivery to the office whose ecms_id is the ReceiverParty's"),
        (status = 400, description = "malformed_request: not XML, or not a CorrespondenceLetter"),
        (status = 403, description = "not a clerk or admin of the receiving office"),
        (status = 409, description = "classified_not_exchanged"),
        (status = 422, description = "invalid_receiver, invalid_xml, invalid_files (a binary object not base64, too large or of a refused kind), invalid_reference, invalid_<field>")),
    security(("bearer" = [])))]
pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let xml = std::str::from_utf8(&body)
        .map_err(|_| AppError::Malformed("the XML must be UTF-8".into()))?;
    let view = ecms_import::import(
        &state.db,
        BlobStore::new(state.settings.files_dir.clone()),
        actor,
        xml,
        state.settings.max_file_bytes,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view))
}
