//! The session cookie and the [`Signed`] extractor every signed-in page takes.

use super::{Chrome, PageError};
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::services::deliveries::inbox;
use crate::services::deliveries::inbox::InboxFilter;
use crate::services::users;
use crate::state::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;

pub const SESSION_COOKIE: &str = "saraban_session";
/// The sign-in form's own CSRF token (double-submit: the cookie and the field must match).
pub const LOGIN_CSRF_COOKIE: &str = "saraban_login_csrf";

/// A signed-in user of the web pages.
pub struct Signed {
    pub actor: Actor,
    pub office: String,
    pub csrf: String,
    pub secret: String,
    /// Deliveries to the user's office and its units waiting for ลงรับ (the menu shows it).
    pub waiting: i64,
}

impl Signed {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, presented: &str) -> Result<(), PageError> {
        if users::sessions::same_token(&self.csrf, presented) {
            Ok(())
        } else {
            Err(PageError::Csrf)
        }
    }

    pub fn chrome(&self, active: &'static str) -> Chrome {
        Chrome {
            user: self.actor.name.clone(),
            office: self.office.clone(),
            csrf: self.csrf.clone(),
            active,
            may_write: self.may_write(),
            is_admin: self.actor.is_admin(),
            waiting: if self.waiting > 0 {
                super::format::thai(self.waiting)
            } else {
                String::new()
            },
            flash: None,
        }
    }

    /// May this user change records for its office (issue, receive, answer)? Viewers only read.
    pub fn may_write(&self) -> bool {
        self.actor
            .org_id
            .is_some_and(|office| self.actor.can_act_for(office))
    }

    /// The office the user acts for, or the Thai 403 page for a form it may not submit.
    pub fn writing_office(&self) -> Result<i64, PageError> {
        let office = self.office_id()?;
        self.actor
            .require_act_for(office)
            .map_err(|d| PageError::App(d.into()))?;
        Ok(office)
    }

    /// The office whose inbox and registers the user works on (`None` for an admin).
    pub fn office_id(&self) -> Result<i64, PageError> {
        self.actor.org_id.ok_or_else(|| {
            PageError::App(crate::error::AppError::forbidden(
                "an administrator has no office of its own",
            ))
        })
    }
}

impl FromRequest for Signed {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Signed, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let secret = req
            .cookie(SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| !v.is_empty() && v.len() <= 128);
        Box::pin(async move {
            let state = state.ok_or_else(|| {
                PageError::App(crate::error::AppError::Internal("no app state".into()))
            })?;
            let secret = secret.ok_or(PageError::SignIn)?;
            let now = state.clock.now();
            let lookup = secret.clone();
            let found = state
                .db
                .read(move |c| {
                    let Some((actor, office)) = users::sessions::actor_of(c, &lookup, now)? else {
                        return Ok(None);
                    };
                    let waiting = waiting(c, &actor, now);
                    Ok(Some((actor, office, waiting)))
                })
                .await?;
            let (actor, office, waiting) = found.ok_or(PageError::SignIn)?;
            Ok(Signed {
                actor,
                office,
                csrf: users::sessions::csrf_token(&secret),
                secret,
                waiting,
            })
        })
    }
}

/// How many deliveries to the actor's office and its units wait for ลงรับ (0 for an admin
/// without an office, or when the count cannot be read: the menu then shows no number).
fn waiting(c: &mut AnyConnection, actor: &Actor, now: DateTime<Utc>) -> i64 {
    let Some(office) = actor.org_id else {
        return 0;
    };
    let pending = InboxFilter {
        status: Some(DeliveryStatus::Pending.as_str().to_string()),
        overdue: None,
    };
    inbox::inbox(c, actor, office, &pending, None, 1, now).map_or(0, |p| p.total)
}

/// A cookie of the pages: HttpOnly, SameSite=Lax, Secure behind TLS.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::hours(users::sessions::SESSION_HOURS))
        .finish()
}

/// A cookie that tells the browser to forget `name`.
pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure);
    c.make_removal();
    c
}
