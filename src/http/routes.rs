//! The one place where every route is wired. Reading `configure` shows the whole API.

use super::{ack, api::*, error as error_response, openapi, pages};
use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(error_response::json_error),
    )
    .app_data(web::PathConfig::default().error_handler(error_response::path_error))
    .app_data(web::QueryConfig::default().error_handler(error_response::query_error))
    .route("/", web::get().to(crate::http::pages::home::root))
    .route("/about", web::get().to(home::index))
    .route("/health", web::get().to(home::health))
    .route("/api/openapi.json", web::get().to(openapi::document))
    .service(
        web::resource("/ack/{token}")
            .route(web::get().to(ack::show))
            .route(web::post().to(ack::confirm)),
    )
    .route("/ack/{token}/files/{id}", web::get().to(ack::file))
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
            .service(
                // A letter's text may be up to 256 KB; its JSON needs more room than the default.
                web::resource("/intake")
                    .app_data(
                        web::JsonConfig::default()
                            .limit(1024 * 1024)
                            .error_handler(error_response::json_error),
                    )
                    .route(web::post().to(intake::read)),
            )
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
            )
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
            )
            .route("/letters/{id}/notices", web::get().to(notices::for_letter))
            .route("/notices", web::get().to(notices::list))
            .route("/notices/{id}/retry", web::post().to(notices::retry)),
    )
    // The Thai web pages (src/web, docs/web.md).
    .route("/static/style.css", web::get().to(pages::style::css))
    .service(
        web::resource("/login")
            .route(web::get().to(pages::login::show))
            .route(web::post().to(pages::login::submit)),
    )
    .route("/logout", web::post().to(pages::login::logout))
    .route("/inbox", web::get().to(pages::inbox::show))
    .route("/receipts/new", web::get().to(pages::receipt_form::show))
    .route(
        "/receipts/new/intake",
        web::post().to(pages::receipt_form::intake),
    )
    .route("/receipts", web::post().to(pages::receipt_save::save))
    .route("/receipts/{id}", web::get().to(pages::receipt_view::show))
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
    )
    .service(
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
    )
    .route("/search", web::get().to(pages::search::show))
    // API paths answer JSON; everything else a Thai page.
    .default_service(web::to(pages::error::not_found));
}
