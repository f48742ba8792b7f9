//! The one place where every route is wired. Reading `configure` shows the whole API.

pub mod error_response;
pub mod files;
pub mod home;
pub mod letters;
pub mod list;
pub mod openapi;
pub mod orgs;
pub mod receipts;

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
            .route("/orgs/{id}/letters", web::post().to(letters::issue))
            .route("/orgs/{id}/receipts", web::post().to(receipts::create))
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
            .route("/receipts/{id}", web::get().to(receipts::get))
            .service(
                web::resource("/letters/{id}/files")
                    .route(web::post().to(files::upload::upload))
                    .route(web::get().to(files::list)),
            )
            .route("/letters/{id}/files/attach", web::post().to(files::attach))
            .service(
                web::resource("/files/{id}")
                    .route(web::get().to(files::download))
                    .route(web::delete().to(files::remove)),
            ),
    )
    .default_service(web::to(error_response::not_found));
}
