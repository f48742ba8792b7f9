//! `DELETE /api/v1/users/{id}/tokens`: an administrator revokes a user's API tokens.

use crate::domain::Actor;
use crate::error::AppError;
use crate::services::users;
use crate::services::users::admin::RevokedView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

#[utoipa::path(delete, path = "/api/v1/users/{id}/tokens", tag = "users",
    params(("id" = i64, Path, description = "the user")),
    responses((status = 200, body = RevokedView, description = "the tokens answer 401 from now on"),
        (status = 403, description = "administrators only"), (status = 404)),
    security(("bearer" = [])))]
pub async fn revoke_tokens(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write(move |c| users::admin::revoke_tokens(c, Some(actor.user_id), id, now))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
