//! The one place where every route is wired. Reading `configure` shows the whole API.

use super::{ack, api::*, error as error_response, openapi, pages};
use actix_web::web;

/// Declares the JSON API in one table: `configure` mounts it under `/api/v1`, and
/// [`API_ROUTES`] lists every (method, path) for the test that holds the OpenAPI document to it.
macro_rules! api_table {
    ($($path:literal $(with $data:expr)? => { $($method:ident : $handler:path),+ $(,)? }),+ $(,)?) => {
        /// Every `/api/v1` route, as (method, path below `/api/v1`).
        pub const API_ROUTES: &[(&str, &str)] = &[$($((stringify!($method), $path)),+),+];

        fn api(scope: actix_web::Scope) -> actix_web::Scope {
            scope$(.service(web::resource($path)$(.app_data($data))?$(.route(web::$method().to($handler)))+))+
        }
    };
}

api_table! {
    "/orgs" => { post: orgs::create, get: orgs::list },
    "/orgs/{id}" => { get: orgs::get, patch: orgs::patch },
    "/orgs/{id}/series/{series}" => { put: orgs::set_series },
    "/orgs/{id}/letters" => { post: letters::issue, get: org_letters::list },
    "/orgs/{id}/receipts" => { post: receipts::create },
    "/orgs/{id}/inbox" => { get: inbox::inbox },
    "/orgs/{id}/reservations" => { post: reservations::create },
    "/orgs/{id}/registers/receipt" => { get: registers::receipt },
    "/orgs/{id}/registers/dispatch" => { get: registers::dispatch },
    "/letters" => { post: letters::record },
    "/letters/{id}" => { get: letters::get },
    "/letters/{id}/dispatches" => { post: letters::dispatch },
    "/letters/{id}/distribution" => { get: letters::distribution },
    "/letters/{id}/distribution.csv" => { get: distribution::csv },
    "/letters/{id}/distribution.jsonl" => { get: distribution::jsonl },
    "/intake" with letter_text_json() => { post: intake::read },
    "/audit" => { get: audit::list },
    "/users/{id}/tokens" => { delete: users::revoke_tokens },
    "/users/{id}/disable" => { post: users::disable },
    "/users/{id}/enable" => { post: users::enable },
    "/users/{id}/password" => { put: users::set_password },
    "/receipts/{id}/cancel" => { post: cancel::receipt },
    "/letters/{id}/cancel" => { post: cancel::letter },
    "/audit/verify" => { get: audit::verify },
    "/search" => { get: search::search },
    "/letters/{id}/references" => { post: letters::add_reference },
    "/receipts/{id}" => { get: receipts::get },
    "/receipts/{id}/routes" => { post: receipts::refer },
    "/receipts/{id}/stamped.pdf" => { get: receipts::stamped },
    "/deliveries/{id}" => { get: deliveries::get },
    "/deliveries/{id}/acknowledge" => { post: deliveries::acknowledge },
    "/deliveries/{id}/reject" => { post: deliveries::reject },
    "/deliveries/{id}/withdraw" => { post: deliveries::withdraw },
    "/letters/{id}/ecms.xml" => { get: ecms::export },
    "/exchange/ecms" with web::PayloadConfig::new(ecms::XML_LIMIT) => { post: ecms::import },
    "/letters/{id}/files" => { post: files::upload::upload, get: files::list },
    "/letters/{id}/files/attach" => { post: files::attach },
    "/files/{id}" => { get: files::download, delete: files::remove },
    "/uploads" => { post: uploads::create },
    "/letters/{id}/notices" => { get: notices::for_letter },
    "/notices" => { get: notices::list },
    "/notices/{id}/retry" => { post: notices::retry },
    "/holidays" => { get: holidays::list, post: holidays::add },
    "/holidays/{date}" => { delete: holidays::remove },
}

/// A letter's text may be up to 256 KB; its JSON needs more room than the default.
fn letter_text_json() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(1024 * 1024)
        .error_handler(error_response::json_error)
}

pub fn configure(cfg: &mut web::ServiceConfig, json_limit: usize) {
    extractor_errors(cfg, json_limit);
    cfg.route("/", web::get().to(crate::http::pages::home::root))
        .route("/about", web::get().to(pages::about::show))
        .route("/favicon.svg", web::get().to(pages::about::favicon))
        .route("/favicon.ico", web::get().to(pages::about::favicon_ico))
        .route("/health", web::get().to(home::health))
        .route("/ready", web::get().to(home::ready))
        .route("/metrics", web::get().to(super::metrics::for_admins))
        .route("/api/openapi.json", web::get().to(openapi::document));
    ack_routes(cfg);
    exchange_routes(cfg);
    cfg.service(api(web::scope("/api/v1")));
    // The Thai web pages (src/http/pages, docs/web.md).
    login_receipt_and_register_pages(cfg);
    letter_pages(cfg);
    cfg.route("/search", web::get().to(pages::search::show))
        .route("/admin/offices", web::get().to(pages::admin_offices::show))
        // API paths answer JSON; everything else a Thai page.
        .default_service(web::to(pages::error::not_found));
}

/// How a body, path, query or form that does not parse is answered.
fn extractor_errors(cfg: &mut web::ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(error_response::json_error),
    )
    .app_data(web::PathConfig::default().error_handler(error_response::path_error))
    .app_data(web::QueryConfig::default().error_handler(error_response::query_error))
    // Only the pages read forms: their errors are Thai pages.
    .app_data(web::FormConfig::default().error_handler(pages::error::form_error));
}

/// What peer instances call, authenticated by signature (docs/exchange.md).
fn exchange_routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/exchange/v1/directory",
        web::get().to(super::exchange::directory),
    )
    .service(
        web::resource("/exchange/v1/messages")
            .app_data(
                web::JsonConfig::default()
                    .limit(super::exchange::MESSAGE_LIMIT)
                    .error_handler(error_response::json_error),
            )
            .route(web::post().to(super::exchange::messages)),
    );
}

/// The links in notice e-mails: acknowledge, and open the letter's files, by token.
fn ack_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/ack/{token}")
            .route(web::get().to(ack::show))
            .route(web::post().to(ack::confirm)),
    )
    .route("/ack/{token}/files/{id}", web::get().to(ack::file));
}

/// The style sheet, login, the inbox, recording receipts and the registers.
fn login_receipt_and_register_pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/style.css", web::get().to(pages::style::css))
        .service(
            web::resource("/login")
                .route(web::get().to(pages::login::show))
                .route(web::post().to(pages::login::submit)),
        )
        .route("/logout", web::post().to(pages::login::logout))
        .route("/inbox", web::get().to(pages::inbox::show))
        .route("/sent", web::get().to(pages::sent::show))
        .route("/receipts/new", web::get().to(pages::receipt_form::show))
        .route(
            "/receipts/new/intake",
            web::post().to(pages::receipt_form::intake),
        )
        .route("/receipts", web::post().to(pages::receipt_save::save))
        .route("/receipts/{id}", web::get().to(pages::receipt_view::show))
        .route(
            "/receipts/{id}/stamped.pdf",
            web::get().to(pages::receipt_view::stamped),
        )
        .route("/registers", web::get().to(pages::register::index))
        .route(
            "/registers/{which}/{year:[0-9]+}.csv",
            web::get().to(pages::register_files::csv),
        )
        .route(
            "/registers/{which}/{year:[0-9]+}.xlsx",
            web::get().to(pages::register_files::xlsx),
        )
        .route(
            "/registers/{which}/{year:[0-9]+}/print",
            web::get().to(pages::register::print),
        )
        .route(
            "/registers/{which}/{year:[0-9]+}",
            web::get().to(pages::register::show),
        );
}

/// A letter, its files, its dashboard and the answers to its deliveries.
fn letter_pages(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/letters/new")
            .route(web::get().to(pages::letter_new::show))
            .route(web::post().to(pages::letter_new::create)),
    )
    .route("/letters/{id}", web::get().to(pages::letter::show))
    .route(
        "/letters/{id}/files",
        web::post().to(pages::letter_files::upload),
    )
    .route(
        "/letters/{id}/files/attach",
        web::post().to(pages::letter_files::attach),
    )
    .route("/files/{id}", web::get().to(pages::letter_files::download))
    .route(
        "/files/{id}/delete",
        web::post().to(pages::letter_files::delete),
    )
    .route(
        "/letters/{id}/dashboard",
        web::get().to(pages::dashboard::show),
    )
    .route(
        "/letters/{id}/dashboard/pending.csv",
        web::get().to(pages::dashboard::pending_csv),
    )
    .route(
        "/deliveries/{id}/acknowledge",
        web::post().to(pages::letter_answer::acknowledge),
    )
    .route(
        "/deliveries/{id}/reject",
        web::post().to(pages::letter_answer::reject),
    );
}
