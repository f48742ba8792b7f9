//! `/api/openapi.json`, generated from the route annotations.

use super::openapi_errors::StandardErrors;
use super::{
    audit, cancel, deliveries, files, inbox, intake, letters, notices, orgs, receipts, registers,
    search, users,
};
use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "saraban", description = "Thai official correspondence tracker (งานสารบรรณ): offices, letters, registers, distribution."),
    paths(
        orgs::create, orgs::get, orgs::list, orgs::patch, orgs::set_series,
        letters::issue, letters::record, letters::get, letters::dispatch, letters::distribution,
        intake::read, search::search,
        letters::add_reference,
        receipts::create, receipts::get, receipts::route,
        deliveries::get, deliveries::acknowledge, deliveries::reject,
        inbox::inbox, inbox::letters, inbox::reserve,
        registers::receipt, registers::dispatch,
        files::upload::upload, files::list, files::download, files::attach, files::remove,
        notices::for_letter, notices::list, notices::retry,
        audit::list, audit::verify,
        cancel::receipt, cancel::letter,
        users::revoke_tokens,
    ),
    modifiers(&BearerAuth, &StandardErrors)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
