//! User administration: disabling and enabling a user, setting a password, revoking API
//! tokens. Each is audited on the `system` chain; tokens and passwords never reach the log.
//!
//! Every change that takes access away ends it in the same transaction: the user's web sessions
//! (and, where the change says so, API tokens) are deleted, so no session or token opened
//! before the change answers after it commits. The lookups (`web_session::user_of`,
//! `user::actor_by_token_hash`) also refuse a disabled user.

use crate::db::audit;
use crate::db::audit::Event;
use crate::db::models::user;
use crate::db::models::web_session;
use crate::db::AnyConnection;
use crate::domain::credentials::password;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `PUT /api/v1/users/{id}/password`. No `Debug`: the password must not reach a log.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    /// The new web sign-in password, at least 8 characters.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevokedView {
    pub user_id: i64,
    /// How many API tokens were revoked.
    pub revoked: i64,
    /// How many web sessions were ended with them.
    pub sessions_ended: i64,
}

/// A user's access after an administrative change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessView {
    pub user_id: i64,
    pub name: String,
    /// Whether the user is disabled now.
    pub disabled: bool,
    /// Web sessions ended by this change.
    pub sessions_ended: i64,
    /// API tokens revoked by this change.
    pub tokens_revoked: i64,
}

/// A password checked and hashed, ready to store (hashing takes tens of milliseconds, so it
/// is done before the write transaction opens).
pub struct NewPassword(String);

/// Checks a new password (at least 8 characters) and hashes it with argon2id.
pub fn hash_password(new_password: &str) -> Result<NewPassword, AppError> {
    if new_password.chars().count() < 8 {
        return Err(AppError::invalid(
            "password",
            "a password has at least 8 characters",
        ));
    }
    password::hash(new_password)
        .map(NewPassword)
        .map_err(AppError::Internal)
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

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> Result<user::User, AppError> {
    user::find_by_name(conn, name)?.ok_or(AppError::not_found("user"))
}

fn find(conn: &mut AnyConnection, user_id: i64) -> Result<user::User, AppError> {
    user::find(conn, user_id)?.ok_or(AppError::not_found("user"))
}

/// Issues a new API token to an enabled user (after `revoke-tokens`, or `disable` and
/// `enable`): the secret is returned once and stored only as its hash.
pub fn new_token(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let u = find(conn, user_id)?;
    if u.disabled_at.is_some() {
        return Err(AppError::conflict(
            "user_disabled",
            "the user is disabled; enable it first",
        ));
    }
    let secret = super::accounts::issue_token(conn, user_id, db_time(now))?;
    audit::record(
        conn,
        actor_id,
        &event("token_issued", user_id, serde_json::json!({"tokens": "+1"})),
        now,
    )?;
    Ok(secret)
}

/// Deletes every API token and every web session of the user; they answer 401 (the pages:
/// the sign-in page) from now on.
pub fn revoke_tokens(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<RevokedView, AppError> {
    find(conn, user_id)?;
    let revoked = count(user::delete_tokens(conn, user_id)?);
    let sessions_ended = count(web_session::delete_of_user(conn, user_id)?);
    let ev = event(
        "tokens_revoked",
        user_id,
        serde_json::json!({"revoked": revoked, "sessions_ended": sessions_ended}),
    );
    audit::record(conn, actor_id, &ev, now)?;
    Ok(RevokedView {
        user_id,
        revoked,
        sessions_ended,
    })
}

/// Disables the user: ends every web session and deletes every API token at once, and
/// refuses sign-in until [`enable`]. The user's records stay. Enabling brings no token back.
pub fn disable(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<AccessView, AppError> {
    let u = find(conn, user_id)?;
    user::disable(conn, user_id, db_time(now))?;
    let sessions_ended = count(web_session::delete_of_user(conn, user_id)?);
    let tokens_revoked = count(user::delete_tokens(conn, user_id)?);
    let ev = event(
        "user_disabled",
        user_id,
        serde_json::json!({"disabled": true, "sessions_ended": sessions_ended,
            "tokens_revoked": tokens_revoked}),
    );
    audit::record(conn, actor_id, &ev, now)?;
    Ok(AccessView {
        user_id,
        name: u.name,
        disabled: true,
        sessions_ended,
        tokens_revoked,
    })
}

/// Lets a disabled user sign in again (with its password). Its old sessions and tokens were
/// deleted when it was disabled and stay gone.
pub fn enable(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<AccessView, AppError> {
    let u = find(conn, user_id)?;
    user::enable(conn, user_id)?;
    let ev = Event {
        before: Some(serde_json::json!({"disabled": u.disabled_at.is_some()})),
        ..event(
            "user_enabled",
            user_id,
            serde_json::json!({"disabled": false}),
        )
    };
    audit::record(conn, actor_id, &ev, now)?;
    Ok(AccessView {
        user_id,
        name: u.name,
        disabled: false,
        sessions_ended: 0,
        tokens_revoked: 0,
    })
}

/// Stores a new password and ends every web session of the user (its API tokens stay).
pub fn set_password(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    user_id: i64,
    new_password: &NewPassword,
    now: DateTime<Utc>,
) -> Result<AccessView, AppError> {
    let u = find(conn, user_id)?;
    user::set_password_hash(conn, user_id, &new_password.0)?;
    let sessions_ended = count(web_session::delete_of_user(conn, user_id)?);
    let ev = event(
        "password_set",
        user_id,
        serde_json::json!({"password": "changed", "sessions_ended": sessions_ended}),
    );
    audit::record(conn, actor_id, &ev, now)?;
    Ok(AccessView {
        user_id,
        name: u.name,
        disabled: u.disabled_at.is_some(),
        sessions_ended,
        tokens_revoked: 0,
    })
}
