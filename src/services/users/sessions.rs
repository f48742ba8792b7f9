//! Web sign-in: password check with a rate limit kept in the database, and sessions stored
//! as the SHA-256 of a random cookie value (docs/web.md).
//!
//! The password is checked outside any transaction (argon2 takes tens of milliseconds and
//! SQLite has one writer): [`prepare`] reads, the caller verifies, [`fail`] or [`start`] write.

use crate::db::models::org;
use crate::db::models::user::User;
use crate::db::models::web_session;
use crate::db::AnyConnection;
use crate::domain::credentials::token;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// Failed attempts allowed per user name and client address within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
pub const WINDOW_MINUTES: i64 = 15;
/// A session lasts a working day and a half, then the clerk signs in again.
pub const SESSION_HOURS: i64 = 12;

/// A syntactically valid argon2id hash of no known password: verified against when the
/// user name is unknown, so a wrong name takes as long as a wrong password.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FyYWJhbmR1bW15c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// What the sign-in form may do next.
pub enum Prepared {
    /// Too many failures lately: refuse without checking the password.
    Limited,
    /// Check the password against this hash (the dummy one for an unknown user).
    Check { user: Option<User>, hash: String },
}

pub fn prepare(
    conn: &mut AnyConnection,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> Result<Prepared, AppError> {
    let since = db_time(now - Duration::minutes(WINDOW_MINUTES));
    if web_session::failures_since(conn, username, client_ip, since)? >= MAX_FAILURES {
        return Ok(Prepared::Limited);
    }
    // A disabled user is checked like an unknown name: same time, same answer.
    let user =
        crate::db::models::user::find_by_name(conn, username)?.filter(|u| u.disabled_at.is_none());
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_string());
    Ok(Prepared::Check { user, hash })
}

pub fn fail(
    conn: &mut AnyConnection,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Names are bounded so a flood of long names cannot bloat the table.
    let name: String = username.chars().take(100).collect();
    web_session::record_failure(conn, &name, client_ip, db_time(now))?;
    let event = crate::db::audit::Event {
        action: "sign_in_failed",
        target_type: "user",
        target_id: None,
        office_id: None,
        before: None,
        after: Some(serde_json::json!({"username": name, "client_ip": client_ip})),
    };
    crate::db::audit::record(conn, None, &event, now)?;
    Ok(())
}

/// Opens a session; returns the cookie value (shown once, stored only as its hash).
///
/// `verified_hash` is the hash the password was checked against outside the transaction:
/// if the user was disabled or given a new password since, no session opens (`None`), so a
/// sign-in racing `disable` or `set-password` cannot outlive it.
pub fn start(
    conn: &mut AnyConnection,
    user_id: i64,
    verified_hash: &str,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let current = crate::db::models::user::find(conn, user_id)?;
    let unchanged = current.is_some_and(|u| {
        u.disabled_at.is_none() && u.password_hash.as_deref() == Some(verified_hash)
    });
    if !unchanged {
        return Ok(None);
    }
    let t = db_time(now);
    let old = db_time(now - Duration::minutes(WINDOW_MINUTES));
    web_session::clear_failures(conn, username, client_ip, old)?;
    web_session::delete_expired(conn, user_id, t)?;
    let secret = token::generate();
    let expires = db_time(now + Duration::hours(SESSION_HOURS));
    web_session::insert(conn, &token::hash(&secret), user_id, t, expires)?;
    let event = crate::db::audit::Event {
        action: "signed_in",
        target_type: "user",
        target_id: Some(user_id),
        office_id: None,
        before: None,
        after: Some(serde_json::json!({"username": username, "client_ip": client_ip})),
    };
    crate::db::audit::record(conn, Some(user_id), &event, now)?;
    Ok(Some(secret))
}

pub fn end(conn: &mut AnyConnection, secret: &str) -> Result<(), AppError> {
    web_session::delete(conn, &token::hash(secret))?;
    Ok(())
}

/// The signed-in actor of a cookie value and the name of its office.
pub fn actor_of(
    conn: &mut AnyConnection,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Actor, String)>, AppError> {
    let Some(user) = web_session::user_of(conn, &token::hash(secret), db_time(now))? else {
        return Ok(None);
    };
    let office = match user.org_id {
        Some(id) => org::find(conn, id)?.map(|o| o.name).unwrap_or_default(),
        None => "ผู้ดูแลระบบ".to_string(),
    };
    Ok(Some((
        crate::db::models::user::load_actor(conn, user)?,
        office,
    )))
}

/// The CSRF token of a session: derived from the cookie value, so it needs no column and a
/// copy of the database (which holds only the cookie's hash) does not reveal it.
pub fn csrf_token(secret: &str) -> String {
    hex::encode(Sha256::digest(format!("saraban-csrf\0{secret}").as_bytes()))
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_are_per_session_and_compared_whole() {
        let a = csrf_token("one");
        assert_eq!(a, csrf_token("one"));
        assert_ne!(a, csrf_token("two"));
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &a[1..]));
        assert!(!same_token(&a, ""));
        assert!(!crate::domain::credentials::password::verify(
            "x", DUMMY_HASH
        ));
    }
}
