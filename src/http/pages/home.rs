//! `GET /`: to the signed-in user's first page (see [`landing`]), else to the sign-in page.

use super::see_other;
use super::session::SESSION_COOKIE;
use crate::services::users;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};

pub async fn root(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let Some(secret) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return see_other("/login");
    };
    let now = state.clock.now();
    let actor = state
        .db
        .read(move |c| users::sessions::actor_of(c, &secret, now))
        .await
        .ok()
        .flatten();
    see_other(actor.map_or("/login", |(a, _)| landing(a.org_id)))
}

/// Where a user lands after signing in: the office's inbox, or, for an administrator without
/// an office (who has no inbox), the offices to complete.
pub fn landing(org_id: Option<i64>) -> &'static str {
    if org_id.is_some() {
        "/inbox"
    } else {
        "/admin/offices"
    }
}
