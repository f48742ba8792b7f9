//! The one place where every route is wired. Reading `configure` shows the whole API.

pub mod audit;
pub mod cancel;
pub mod deliveries;
pub mod error_response;
pub mod home;
pub mod inbox;
pub mod intake;
pub mod letters;
pub mod list;
pub mod openapi;
pub mod openapi_errors;
pub mod orgs;
pub mod receipts;
pub mod registers;
pub mod search;
pub mod users;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(error_response::json_error),
    )
    .app_data(web::PathConfig::default().error_handler(error_response::path_error))
    .app_data(web::QueryConfig::default().error_handler(error_response::query_error))
    .route("/", web::get().to(home::index))
    .route("/health", web::get().to(home::health))
    .route("/api/openapi.json", web::get().to(openapi::document))
    .service(
        web::scope("/api/v1")
            .service(
                web::resource("/orgs")
                    .route(web::post().to(orgs::create))
                    .route(web::get().to(orgs::list)),
            )
            .service(
                web::resource("/orgs/{id}")
                    .route(web::get().to(orgs::get))
                    .route(web::patch().to(orgs::patch)),
            )
            .route(
                "/orgs/{id}/series/{series}",
                web::put().to(orgs::set_series),
            )
            .service(
                web::resource("/orgs/{id}/letters")
                    .route(web::post().to(letters::issue))
                    .route(web::get().to(inbox::letters)),
            )
            .route("/orgs/{id}/receipts", web::post().to(receipts::create))
            .route("/orgs/{id}/inbox", web::get().to(inbox::inbox))
            .route("/orgs/{id}/reservations", web::post().to(inbox::reserve))
            .route(
                "/orgs/{id}/registers/receipt",
                web::get().to(registers::receipt),
            )
            .route(
                "/orgs/{id}/registers/dispatch",
                web::get().to(registers::dispatch),
            )
            .route("/letters", web::post().to(letters::record))
            .route("/letters/{id}", web::get().to(letters::get))
            .route(
                "/letters/{id}/dispatches",
                web::post().to(letters::dispatch),
            )
            .route(
                "/letters/{id}/distribution",
                web::get().to(letters::distribution),
            )
            .route("/intake", web::post().to(intake::read))
            .route("/audit", web::get().to(audit::list))
            .route("/users/{id}/tokens", web::delete().to(users::revoke_tokens))
            .route("/receipts/{id}/cancel", web::post().to(cancel::receipt))
            .route("/letters/{id}/cancel", web::post().to(cancel::letter))
            .route("/audit/verify", web::get().to(audit::verify))
            .route("/search", web::get().to(search::search))
            .route(
                "/letters/{id}/references",
                web::post().to(letters::add_reference),
            )
            .route("/receipts/{id}", web::get().to(receipts::get))
            .route("/receipts/{id}/routes", web::post().to(receipts::route))
            .route("/deliveries/{id}", web::get().to(deliveries::get))
            .route(
                "/deliveries/{id}/acknowledge",
                web::post().to(deliveries::acknowledge),
            )
            .route(
                "/deliveries/{id}/reject",
                web::post().to(deliveries::reject),
            ),
    )
    .default_service(web::to(error_response::not_found));
}
