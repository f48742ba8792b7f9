//! Web sign-in sessions (keyed by the SHA-256 of the cookie) and failed sign-in attempts.

use crate::db::schema::login_attempts;

use crate::db::schema::users;

use crate::db::models::user::User;
use crate::db::schema::web_sessions;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

pub fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(web_sessions::table)
        .values((
            web_sessions::token_hash.eq(token_hash),
            web_sessions::user_id.eq(user_id),
            web_sessions::created_at.eq(now),
            web_sessions::expires_at.eq(expires_at),
        ))
        .returning(web_sessions::id)
        .get_result(conn)
}

/// The user of a session that has not expired at `now`, unless the user is disabled. The one
/// session check of the web pages: a change of credentials, role or office deletes the user's
/// sessions ([`delete_of_user`]) in its own transaction, so no older session is found here.
pub fn user_of(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    web_sessions::table
        .inner_join(users::table)
        .filter(web_sessions::token_hash.eq(token_hash))
        .filter(web_sessions::expires_at.gt(now))
        .filter(users::disabled_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn delete(conn: &mut AnyConnection, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::token_hash.eq(token_hash)))
        .execute(conn)
}

/// Ends every session of the user; returns how many there were.
pub fn delete_of_user(conn: &mut AnyConnection, user_id: i64) -> QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::user_id.eq(user_id))).execute(conn)
}

/// Removes the user's sessions that have expired (run at each sign-in).
pub fn delete_expired(
    conn: &mut AnyConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        web_sessions::table
            .filter(web_sessions::user_id.eq(user_id))
            .filter(web_sessions::expires_at.le(now)),
    )
    .execute(conn)
}

pub fn record_failure(
    conn: &mut AnyConnection,
    username: &str,
    client_ip: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::username.eq(username),
            login_attempts::client_ip.eq(client_ip),
            login_attempts::attempted_at.eq(now),
        ))
        .execute(conn)
}

pub fn failures_since(
    conn: &mut AnyConnection,
    username: &str,
    client_ip: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    login_attempts::table
        .filter(login_attempts::username.eq(username))
        .filter(login_attempts::client_ip.eq(client_ip))
        .filter(login_attempts::attempted_at.gt(since))
        .count()
        .get_result(conn)
}

/// Forgets the failures of a name and address after a successful sign-in, and old ones.
pub fn clear_failures(
    conn: &mut AnyConnection,
    username: &str,
    client_ip: &str,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        login_attempts::table.filter(
            (login_attempts::username
                .eq(username)
                .and(login_attempts::client_ip.eq(client_ip)))
            .or(login_attempts::attempted_at.le(before)),
        ),
    )
    .execute(conn)
}
