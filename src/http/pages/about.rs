//! `GET /about`: what the system is and whom to ask, in Thai, for the people who use it (the
//! developer's notes — API, tokens, databases — are in docs/), and the favicon.

use super::{render, PageError};
use actix_web::http::header;
use actix_web::HttpResponse;
use askama::Template;

#[derive(Template)]
#[template(path = "about.html", config = "src/http/pages/askama.toml")]
struct AboutPage;

pub async fn show() -> Result<HttpResponse, PageError> {
    render(&AboutPage)
}

const FAVICON: &str = include_str!("templates/favicon.svg");

/// `GET /favicon.svg`: the small icon base.html links to.
pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(FAVICON)
}

/// `GET /favicon.ico`: browsers ask for it on their own; the icon is the SVG one.
pub async fn favicon_ico() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/favicon.svg"))
        .finish()
}
