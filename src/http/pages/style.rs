//! `GET /static/style.css`: the one style sheet, compiled into the binary.

use actix_web::http::header;
use actix_web::HttpResponse;

const CSS: &str = include_str!("templates/style.css");

pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(CSS)
}
