//! Errors of the pages: a readable Thai page for 403, 404, 422 and the rest, or a redirect
//! to the sign-in page.

use super::html;
use crate::error::AppError;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// No valid session: go to the sign-in page.
    #[error("sign in first")]
    SignIn,
    /// A form without this session's CSRF token.
    #[error("the form's security token is missing or wrong")]
    Csrf,
    #[error(transparent)]
    App(#[from] AppError),
}

#[derive(Template)]
#[template(path = "error.html", config = "src/http/pages/askama.toml")]
pub struct ErrorPage {
    pub status: u16,
    pub title: &'static str,
    pub detail: String,
}

impl ErrorPage {
    pub fn for_status(status: u16, detail: String) -> ErrorPage {
        let title = match status {
            400 => "คำขอไม่ถูกต้อง",
            403 => "ไม่มีสิทธิ์เข้าถึง",
            404 => "ไม่พบหน้าที่ต้องการ",
            409 => "ข้อมูลซ้ำหรือขัดแย้งกับที่มีอยู่",
            413 => "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป",
            422 => "ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบ",
            429 => "พยายามหลายครั้งเกินไป",
            503 => "ระบบไม่ว่างชั่วคราว กรุณาลองใหม่",
            _ => "เกิดข้อผิดพลาดในระบบ",
        };
        ErrorPage {
            status,
            title,
            detail,
        }
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.render() {
            Ok(body) => html(status, body),
            Err(_) => HttpResponse::build(status).body(self.title),
        }
    }
}

/// The Thai detail shown for an error (the API's English message stays in the log).
fn thai_detail(e: &AppError) -> String {
    match e {
        AppError::Forbidden(_) => "หน้านี้เป็นข้อมูลของหน่วยงานอื่น หรือบัญชีของท่านไม่มีสิทธิ์ทำรายการนี้".into(),
        AppError::NotFound { .. } => "ไม่พบข้อมูลที่ขอ อาจถูกลบหรือพิมพ์ที่อยู่ผิด".into(),
        AppError::Invalid(i) => format!("ช่อง {}: {}", i.field, e.public_message()),
        AppError::Conflict {
            code: "no_stampable_file",
            ..
        } => "หนังสือฉบับนี้ยังไม่มีไฟล์ตัวหนังสือ (PDF, PNG หรือ JPEG) ให้ประทับตรารับ".into(),
        AppError::Conflict {
            code: "receipt_cancelled",
            ..
        } => "เลขรับนี้ถูกยกเลิกแล้ว จึงไม่ประทับตรารับลงบนหนังสือ".into(),
        AppError::Conflict { .. } => e.public_message(),
        AppError::NotReady { .. } => {
            "เครื่องแม่ข่ายยังไม่มีแบบอักษรสำหรับตรารับ (fonts-thai-tlwg) กรุณาแจ้งผู้ดูแลระบบ".into()
        }
        AppError::Unprocessable {
            code: "encrypted_pdf",
            ..
        } => "ไฟล์ PDF ของหนังสือถูกตั้งรหัสผ่านไว้ จึงประทับตรารับลงในไฟล์ไม่ได้".into(),
        AppError::Unprocessable {
            code: "unreadable_file" | "file_too_complex",
            ..
        } => "อ่านไฟล์ของหนังสือไม่ได้ หรือไฟล์ใหญ่เกินกว่าจะประทับตรารับได้".into(),
        AppError::Internal(_) => "ระบบบันทึกข้อผิดพลาดไว้แล้ว กรุณาลองใหม่หรือติดต่อผู้ดูแลระบบ".into(),
        other => other.public_message(),
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::SignIn => StatusCode::SEE_OTHER,
            PageError::Csrf => StatusCode::FORBIDDEN,
            PageError::App(e) => {
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::SignIn => HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish(),
            PageError::Csrf => ErrorPage::for_status(
                403,
                "แบบฟอร์มไม่มีรหัสความปลอดภัย (CSRF) ที่ถูกต้อง อาจเปิดค้างไว้นานเกินไป กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง".into(),
            )
            .response(),
            PageError::App(e) => {
                if e.status() >= 500 {
                    tracing::error!(error = %e, "page failed");
                }
                ErrorPage::for_status(e.status(), thai_detail(e)).response()
            }
        }
    }
}

/// A page form the server could not read. Without its CSRF field, or sent as anything but a
/// form, it is refused like a forged form (the Thai 403 page); any other unreadable form gets
/// the Thai 400 page. Never actix's English text.
pub fn form_error(
    err: actix_web::error::UrlencodedError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::UrlencodedError;
    let page = match &err {
        UrlencodedError::ContentType => PageError::Csrf,
        UrlencodedError::Parse(inner) if format!("{inner:?}").contains("csrf_token") => {
            PageError::Csrf
        }
        UrlencodedError::Overflow { limit, .. } => {
            PageError::App(AppError::PayloadTooLarge { limit: *limit })
        }
        _ => PageError::App(AppError::Malformed(
            "the form could not be read; reload the page and try again".into(),
        )),
    };
    actix_web::error::InternalError::from_response(err, page.error_response()).into()
}

/// The default service: a Thai 404 page, except under `/api/`, which answers JSON.
pub async fn not_found(req: actix_web::HttpRequest) -> HttpResponse {
    if req.path().starts_with("/api") {
        return crate::http::error::not_found().await;
    }
    ErrorPage::for_status(404, format!("ไม่มีหน้า {}", req.path())).response()
}
