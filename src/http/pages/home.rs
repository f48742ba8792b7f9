//! `GET /`: to the inbox when signed in, else to the sign-in page.

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
    let signed_in = state
        .db
        .read(move |c| users::sessions::actor_of(c, &secret, now))
        .await
        .ok()
        .flatten()
        .is_some();
    see_other(if signed_in { "/inbox" } else { "/login" })
}
