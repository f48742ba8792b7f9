//! The Thai web pages (docs/web.md): server-rendered with askama, one file per page, wired in
//! `routes::configure`. They call the same services as the API, so the same rules apply.

pub mod about;
pub mod admin_offices;
pub mod dashboard;
pub mod error;
pub mod flash;
pub mod format;
pub mod home;
pub mod inbox;
pub mod letter;
pub mod letter_answer;
pub mod letter_files;
pub mod letter_form;
pub mod letter_new;
pub mod login;
pub mod receipt_form;
pub mod receipt_save;
pub mod receipt_upload;
pub mod receipt_view;
pub mod register;
pub mod register_files;
pub mod search;
pub mod sent;
pub mod session;
pub mod style;
pub mod thai_field;
pub mod timeline;
pub mod xlsx;

pub use error::PageError;
pub use session::Signed;

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;

/// What every signed-in page shows in its header, and the CSRF token its forms carry.
pub struct Chrome {
    pub user: String,
    pub office: String,
    pub csrf: String,
    /// The active menu entry: inbox, registers, new, receive, search, offices, or "" on a page that is
    /// none of them.
    pub active: &'static str,
    /// The user may act for its office (a clerk or head): forms that change records are shown.
    pub may_write: bool,
    /// The user is an administrator: the menu links the offices to complete.
    pub is_admin: bool,
    /// Deliveries waiting for ลงรับ, in Thai digits ("" when none).
    pub waiting: String,
    /// The confirmation of the action that led here, shown once at the top ([`flash`]).
    pub flash: Option<String>,
}

/// An HTML answer with the security headers every page carries.
pub fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// Renders a template as a 200 page.
pub fn render(t: &impl askama::Template) -> Result<HttpResponse, PageError> {
    render_status(StatusCode::OK, t)
}

pub fn render_status(
    status: StatusCode,
    t: &impl askama::Template,
) -> Result<HttpResponse, PageError> {
    let body = t
        .render()
        .map_err(|e| PageError::App(crate::error::AppError::Internal(format!("template: {e}"))))?;
    Ok(html(status, body))
}

/// 303 See Other: where a form post goes next.
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}
