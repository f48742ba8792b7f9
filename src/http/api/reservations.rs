//! `POST /api/v1/orgs/{id}/reservations`: numbers taken from a series now, used later.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::idempotency;
use crate::services::registers::reservations;
use crate::services::registers::reservations::{ReservationRequest, ReservationView};
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};

#[utoipa::path(post, path = "/api/v1/orgs/{id}/reservations", tag = "orgs", params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe: the same key and body replay the first answer")), request_body = ReservationRequest,
    responses((status = 201, body = ReservationView, description = "numbers taken from the series now; unused ones are void at year end")),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<ReservationRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let key = idempotency::Key::of(&req, &actor, &*body)?;
    idempotency::respond(&state, actor.org_id, key, 201, move |c| {
        reservations::reserve(c, &actor, id, &body, now)
    })
    .await
}
