//! The Thai confirmation shown at the top of the page an action leads to ("ลงรับแล้ว เลขรับที่ …").
//!
//! Without JavaScript: the action's redirect carries a short-lived cookie scoped to the path it
//! leads to; that page reads it once, shows the banner and tells the browser to forget it, so
//! a reload or a later visit of the same page shows no banner.

use super::see_other;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

pub const FLASH_COOKIE: &str = "saraban_flash";
/// Longer than any redirect takes, short enough that a later visit never sees it.
const SECONDS: i64 = 60;
/// A confirmation is a sentence, not a document.
const MAX_CHARS: usize = 300;

fn build(path: &str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(FLASH_COOKIE, value)
        .path(path.to_string())
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::seconds(SECONDS))
        .finish()
}

/// The path part of a redirect target (`/letters/7#files` → `/letters/7`).
fn path_of(to: &str) -> &str {
    to.split(['?', '#']).next().unwrap_or(to)
}

/// 303 to `to`, with `text` to show there once.
pub fn redirect(to: &str, text: &str, secure: bool) -> HttpResponse {
    let text: String = text.chars().take(MAX_CHARS).collect();
    let value = utf8_percent_encode(&text, NON_ALPHANUMERIC).to_string();
    let mut resp = see_other(to);
    let _ = resp.add_cookie(&build(path_of(to), value, secure));
    resp
}

/// The confirmation waiting for this page, if any. Call [`forget`] on the answer.
pub fn take(req: &HttpRequest) -> Option<String> {
    let c = req.cookie(FLASH_COOKIE)?;
    let text = percent_decode_str(c.value()).decode_utf8().ok()?;
    let text: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CHARS)
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

/// Removes the confirmation cookie of this page's path from the browser (after [`take`]).
pub fn forget(req: &HttpRequest, resp: &mut HttpResponse, secure: bool) {
    if req.cookie(FLASH_COOKIE).is_some() {
        let mut c = build(req.path(), String::new(), secure);
        c.make_removal();
        let _ = resp.add_cookie(&c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn a_confirmation_goes_to_its_page_and_comes_back_once() {
        let resp = redirect("/letters/7#files", "แนบไฟล์ ก แล้ว", false);
        let set = resp.cookies().next().expect("cookie");
        assert_eq!(set.path(), Some("/letters/7"));
        assert_eq!(set.max_age(), Some(CookieDuration::seconds(SECONDS)));
        let req = TestRequest::get()
            .uri("/letters/7")
            .cookie(Cookie::new(FLASH_COOKIE, set.value().to_string()))
            .to_http_request();
        assert_eq!(take(&req).as_deref(), Some("แนบไฟล์ ก แล้ว"));
        let mut page = HttpResponse::Ok().finish();
        forget(&req, &mut page, false);
        let gone = page.cookies().next().expect("removal");
        assert_eq!(gone.value(), "");
        assert_eq!(gone.path(), Some("/letters/7"));
    }

    #[test]
    fn nothing_to_show_without_a_cookie_or_with_garbage() {
        let req = TestRequest::get().uri("/inbox").to_http_request();
        assert_eq!(take(&req), None);
        let req = TestRequest::get()
            .uri("/inbox")
            .cookie(Cookie::new(FLASH_COOKIE, "%FF%FE"))
            .to_http_request();
        assert_eq!(take(&req), None);
        let mut page = HttpResponse::Ok().finish();
        forget(&TestRequest::get().to_http_request(), &mut page, false);
        assert_eq!(page.cookies().count(), 0);
    }
}
