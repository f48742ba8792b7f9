//! Users and their API tokens (stored only as SHA-256 hashes).

use crate::db::schema::api_tokens;
use crate::domain::{Actor, Role};
use crate::error::AppError;

use crate::db::schema::users;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::QueryResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub name: String,
    #[diesel(deserialize_as = String)]
    pub role: Role,
    pub org_id: Option<i64>,
    pub password_hash: Option<String>,
    pub created_at: NaiveDateTime,
    /// Set while the user is disabled: no sign-in, no session, no token answers.
    pub disabled_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut AnyConnection,
    name: &str,
    role: &str,
    org_id: Option<i64>,
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values((
            users::name.eq(name),
            users::role.eq(role),
            users::org_id.eq(org_id),
            users::password_hash.eq(password_hash),
            users::created_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
}

/// The offices of these users (users without an office are left out).
pub fn offices_of(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    use crate::db::schema::users;
    let rows: Vec<(i64, Option<i64>)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::org_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, org)| org.map(|o| (id, o)))
        .collect())
}

pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::name.eq(name))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn insert_token(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user_id),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(now),
        ))
        .returning(api_tokens::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Deletes every API token of the user; returns how many there were.
pub fn delete_tokens(conn: &mut AnyConnection, user_id: i64) -> QueryResult<usize> {
    diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(conn)
}

/// Marks the user disabled at `now` (keeps the first moment if it already is).
pub fn disable(conn: &mut AnyConnection, user_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        users::table
            .filter(users::id.eq(user_id))
            .filter(users::disabled_at.is_null()),
    )
    .set(users::disabled_at.eq(Some(now)))
    .execute(conn)
}

pub fn enable(conn: &mut AnyConnection, user_id: i64) -> QueryResult<usize> {
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set(users::disabled_at.eq(None::<NaiveDateTime>))
        .execute(conn)
}

pub fn set_password_hash(conn: &mut AnyConnection, user_id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set(users::password_hash.eq(Some(hash)))
        .execute(conn)
}

/// The actor of an API token, with its scope, in one statement (the token, its user and the
/// user's office with its units at any depth): the one token check of the API. `None` for an
/// unknown token or a disabled user. One row per office of the scope, the user's own first.
pub fn actor_by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<Actor>, AppError> {
    use crate::db::connection::db_run;
    use crate::db::fixed::{fixed, Bind};
    use diesel::sql_types::{BigInt, Nullable, Text};
    type Row = (i64, String, String, Option<i64>, Option<i64>);
    let q = fixed::<(BigInt, Text, Text, Nullable<BigInt>, Nullable<BigInt>)>(
        &[
            "WITH RECURSIVE who AS (\
               SELECT users.id, users.name, users.role, users.org_id \
               FROM api_tokens JOIN users ON users.id = api_tokens.user_id \
               WHERE api_tokens.token_hash = ",
            concat!(
                " AND users.disabled_at IS NULL), \
                 scope(id) AS (SELECT org_id FROM who WHERE org_id IS NOT NULL",
                super::org::units_of_scope!(),
                " SELECT who.id, who.name, who.role, who.org_id, scope.id \
                 FROM who LEFT JOIN scope ON 1 = 1 \
                 ORDER BY scope.id = who.org_id DESC, scope.id"
            ),
        ],
        vec![Bind::Text(token_hash)],
    );
    let rows: Vec<Row> = db_run!(conn, |c| q.load(c))?;
    let Some((user_id, name, role, org_id, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    let role = Role::try_from(role).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Some(Actor {
        user_id,
        name,
        role,
        org_id,
        scope: rows.into_iter().filter_map(|r| r.4).collect(),
    }))
}

/// Loads the actor of a user row, with its scope.
pub fn load_actor(conn: &mut AnyConnection, user: User) -> Result<Actor, AppError> {
    let role = user.role;
    let scope = match user.org_id {
        Some(org) => super::org::office_and_units(conn, org)?,
        None => Vec::new(),
    };
    Ok(Actor {
        user_id: user.id,
        name: user.name,
        role,
        org_id: user.org_id,
        scope,
    })
}
