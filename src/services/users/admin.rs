//! User administration: disabling a user, setting a password, revoking API tokens. Each is
//! audited on the `system` chain; tokens and passwords never reach the log.

use crate::db::audit;
use crate::db::audit::Event;
use crate::db::models::user;
use crate::db::schema::api_tokens;
use crate::db::schema::users;
use crate::db::AnyConnection;
use crate::domain::credentials::password;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevokedView {
    pub user_id: i64,
    /// How many API tokens were revoked.
    pub revoked: i64,
}

fn event(action: &'static str, user_id: i64, after: serde_json::Value) -> Event {
    Event {
        action,
        target_type: "user",
        target_id: Some(user_id),
        after: Some(after),
        ..Default::default()
    }
}

pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> Result<user::User, AppError> {
    user::find_by_name(conn, name)?.ok_or(AppError::not_found("user"))
}

fn exists(conn: &mut AnyConnection, user_id: i64) -> Result<(), AppError> {
    let n: i64 = users::table
        .filter(users::id.eq(user_id))
        .count()
        .get_result(conn)?;
    if n == 0 {
        return Err(AppError::not_found("user"));
    }
    Ok(())
}

/// Deletes every API token of the user; they answer 401 from now on.
pub fn revoke_tokens(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<RevokedView, AppError> {
    exists(conn, user_id)?;
    let revoked =
        diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(conn)?;
    let revoked = i64::try_from(revoked).unwrap_or(i64::MAX);
    let ev = event(
        "tokens_revoked",
        user_id,
        serde_json::json!({"revoked": revoked}),
    );
    audit::record(conn, actor_id, &ev, now)?;
    Ok(RevokedView { user_id, revoked })
}

/// A disabled user's tokens are refused (401); its records stay.
pub fn disable(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    exists(conn, user_id)?;
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set(users::disabled_at.eq(Some(db_time(now))))
        .execute(conn)?;
    let ev = event(
        "user_disabled",
        user_id,
        serde_json::json!({"disabled": true}),
    );
    audit::record(conn, actor_id, &ev, now)
}

pub fn set_password(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    exists(conn, user_id)?;
    if new_password.chars().count() < 8 {
        return Err(AppError::invalid(
            "password",
            "a password has at least 8 characters",
        ));
    }
    let hash = password::hash(new_password).map_err(AppError::Internal)?;
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set(users::password_hash.eq(Some(hash)))
        .execute(conn)?;
    let ev = event(
        "password_set",
        user_id,
        serde_json::json!({"password": "changed"}),
    );
    audit::record(conn, actor_id, &ev, now)
}
