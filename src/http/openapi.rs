//! `/api/openapi.json`, generated from the route annotations.

use crate::http::api::audit;
use crate::http::api::cancel;
use crate::http::api::deliveries;
use crate::http::api::distribution;
use crate::http::api::files;
use crate::http::api::holidays;
use crate::http::api::home;
use crate::http::api::inbox;
use crate::http::api::intake;
use crate::http::api::letters;
use crate::http::api::notices;
use crate::http::api::org_letters;
use crate::http::api::orgs;
use crate::http::api::receipts;
use crate::http::api::registers;
use crate::http::api::reservations;
use crate::http::api::search;
use crate::http::api::uploads;
use crate::http::api::users;
use crate::http::openapi_errors::StandardErrors;
use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "saraban", description = "Thai official correspondence tracker (งานสารบรรณ): offices, letters, registers, distribution."),
    paths(
        orgs::create, orgs::get, orgs::list, orgs::patch, orgs::set_series,
        letters::issue, letters::record, letters::get, letters::dispatch, letters::distribution, distribution::csv, distribution::jsonl,
        intake::read, search::search,
        letters::add_reference,
        receipts::create, receipts::get, receipts::refer, receipts::stamped,
        deliveries::get, deliveries::acknowledge, deliveries::reject, deliveries::withdraw,
        crate::http::exchange::directory, crate::http::exchange::messages,
        crate::http::api::ecms::export, crate::http::api::ecms::import,
        inbox::inbox, org_letters::list, reservations::create,
        registers::receipt, registers::dispatch,
        files::upload::upload, files::list, files::download, files::attach, files::remove, uploads::create,
        notices::for_letter, notices::list, notices::retry,
        audit::list, audit::verify,
        cancel::receipt, cancel::letter,
        users::revoke_tokens, users::disable, users::enable, users::set_password,
        holidays::list, holidays::add, holidays::remove,
        home::ready,
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
