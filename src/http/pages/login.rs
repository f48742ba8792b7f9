//! `GET/POST /login`, `POST /logout`.

use super::session::{cookie, removal, Signed, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use super::{render_status, see_other, PageError};
use crate::domain::credentials::password;
use crate::domain::credentials::token;
use crate::services::users;
use crate::services::users::sessions::Prepared;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html", config = "src/http/pages/askama.toml")]
struct LoginPage {
    csrf: String,
    username: String,
    message: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub csrf_token: String,
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf_token: String,
}

/// The sign-in form, with a fresh double-submit CSRF cookie.
fn form(
    state: &AppState,
    status: StatusCode,
    username: String,
    message: Option<String>,
) -> Result<HttpResponse, PageError> {
    let csrf = token::generate();
    let page = LoginPage {
        csrf: csrf.clone(),
        username,
        message,
    };
    let mut resp = render_status(status, &page)?;
    resp.add_cookie(&cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        state.settings.secure_cookies,
    ))
    .map_err(|e| PageError::App(crate::error::AppError::Internal(e.to_string())))?;
    Ok(resp)
}

pub async fn show(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    form(&state, StatusCode::OK, String::new(), None)
}

/// The client address counted by the rate limit: the TCP peer (a forwarded-for header can be
/// forged, so it is not trusted here; see docs/web.md).
fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    f: web::Form<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let f = f.into_inner();
    let expected = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if expected.is_empty() || !users::sessions::same_token(&expected, &f.csrf_token) {
        return Err(PageError::Csrf);
    }
    let username: String = f.username.trim().chars().take(200).collect();
    let ip = client_ip(&req);
    let now = state.clock.now();
    let (name, addr) = (username.clone(), ip.clone());
    let prepared = state
        .db
        .read(move |c| users::sessions::prepare(c, &name, &addr, now))
        .await?;
    let (user, hash) = match prepared {
        Prepared::Limited => {
            tracing::warn!(user = %username, ip = %ip, "sign-in rate limited");
            let msg = format!(
                "ลงชื่อเข้าใช้ผิดเกิน {} ครั้ง กรุณารอ {} นาทีแล้วลองใหม่",
                users::sessions::MAX_FAILURES,
                users::sessions::WINDOW_MINUTES
            );
            return form(&state, StatusCode::TOO_MANY_REQUESTS, username, Some(msg));
        }
        Prepared::Check { user, hash } => (user, hash),
    };
    let presented = f.password;
    let verified = hash.clone();
    let ok = web::block(move || password::verify(&presented, &verified))
        .await
        .map_err(|e| PageError::App(crate::error::AppError::Internal(e.to_string())))?;
    // An unknown name, a disabled user, a wrong password, or a user disabled or given a new
    // password while this one was checked: all get the same answer.
    let landing = super::home::landing(user.as_ref().and_then(|u| u.org_id));
    let secret = match user {
        Some(u) if ok => {
            let (name, addr) = (username.clone(), ip.clone());
            state
                .db
                .write(move |c| users::sessions::start(c, u.id, &hash, &name, &addr, now))
                .await?
        }
        _ => None,
    };
    let Some(secret) = secret else {
        let (name, addr) = (username.clone(), ip.clone());
        state
            .db
            .write(move |c| users::sessions::fail(c, &name, &addr, now))
            .await?;
        let msg = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง".to_string();
        return form(&state, StatusCode::UNAUTHORIZED, username, Some(msg));
    };
    let secure = state.settings.secure_cookies;
    let mut resp = see_other(landing);
    for c in [
        cookie(SESSION_COOKIE, secret, secure),
        removal(LOGIN_CSRF_COOKIE, secure),
    ] {
        resp.add_cookie(&c)
            .map_err(|e| PageError::App(crate::error::AppError::Internal(e.to_string())))?;
    }
    Ok(resp)
}

pub async fn logout(
    state: web::Data<AppState>,
    s: Signed,
    f: web::Form<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&f.csrf_token)?;
    let secret = s.secret.clone();
    state
        .db
        .write(move |c| users::sessions::end(c, &secret))
        .await?;
    let mut resp = see_other("/login");
    resp.add_cookie(&removal(SESSION_COOKIE, state.settings.secure_cookies))
        .map_err(|e| PageError::App(crate::error::AppError::Internal(e.to_string())))?;
    Ok(resp)
}
