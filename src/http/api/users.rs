//! The administrators' user endpoints: revoke a user's API tokens, disable or enable a user,
//! set a user's password. Each ends the sessions it must in the same transaction and is
//! audited on the `system` chain.

use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::users;
use crate::services::users::admin::{AccessView, PasswordRequest, RevokedView};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};

/// An administrator's change to a user (`users::admin::*`), in one transaction, answered with
/// its view.
async fn change<T, F>(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    f: F,
) -> Result<HttpResponse, AppError>
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&mut AnyConnection, Option<i64>, i64, DateTime<Utc>) -> Result<T, AppError>
        + Send
        + 'static,
{
    actor.require_admin()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state
        .db
        .write(move |c| f(c, Some(actor.user_id), id, now))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(delete, path = "/api/v1/users/{id}/tokens", tag = "users",
    params(("id" = i64, Path, description = "the user")),
    responses((status = 200, body = RevokedView, description = "the tokens answer 401 and the web sessions are ended from now on"),
        (status = 403, description = "administrators only"), (status = 404)),
    security(("bearer" = [])))]
pub async fn revoke_tokens(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    change(state, actor, id, users::admin::revoke_tokens).await
}

#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "users",
    params(("id" = i64, Path, description = "the user")),
    responses((status = 200, body = AccessView, description = "disabled: its web sessions are ended, its API tokens deleted, sign-in refused"),
        (status = 403, description = "administrators only"), (status = 404)),
    security(("bearer" = [])))]
pub async fn disable(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    change(state, actor, id, users::admin::disable).await
}

#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "users",
    params(("id" = i64, Path, description = "the user")),
    responses((status = 200, body = AccessView, description = "the user may sign in again; tokens deleted by disable stay deleted"),
        (status = 403, description = "administrators only"), (status = 404)),
    security(("bearer" = [])))]
pub async fn enable(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    change(state, actor, id, users::admin::enable).await
}

#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", request_body = PasswordRequest,
    params(("id" = i64, Path, description = "the user")),
    responses((status = 200, body = AccessView, description = "the password is set and the user's web sessions are ended; its API tokens stay"),
        (status = 403, description = "administrators only"), (status = 404),
        (status = 422, description = "invalid_password: fewer than 8 characters")),
    security(("bearer" = [])))]
pub async fn set_password(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: web::Json<PasswordRequest>,
) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let password = body.into_inner().password;
    // argon2 takes tens of milliseconds: hash before the write transaction, off the runtime.
    let hashed = web::block(move || users::admin::hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))??;
    let view = state
        .db
        .write(move |c| users::admin::set_password(c, Some(actor.user_id), id, &hashed, now))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
