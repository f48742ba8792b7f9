//! Creating users and their API tokens.

use crate::db::models::org;
use crate::db::models::user;
use crate::db::AnyConnection;
use crate::domain::credentials::password;
use crate::domain::credentials::token;
use crate::domain::validate;
use crate::domain::Role;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};

pub struct NewUser<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub org_id: Option<i64>,
    pub password: Option<&'a str>,
}

pub struct CreatedUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub org_id: Option<i64>,
    /// Shown once; only its hash is stored.
    pub token: String,
}

pub fn create(
    conn: &mut AnyConnection,
    new: &NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<CreatedUser, AppError> {
    let name = validate::text("name", new.name)?;
    let role = Role::parse(new.role).ok_or_else(|| {
        AppError::invalid("role", format!("role must be one of: {}", Role::choices()))
    })?;
    match new.org_id {
        Some(id) => {
            org::find(conn, id)?.ok_or_else(|| {
                AppError::invalid("org_id", format!("office {id} does not exist"))
            })?;
        }
        None if role != Role::Admin => {
            return Err(AppError::invalid(
                "org_id",
                "every role but admin belongs to an office",
            ));
        }
        None => {}
    }
    if user::find_by_name(conn, &name)?.is_some() {
        return Err(AppError::conflict(
            "name_taken",
            format!("a user named {name} already exists"),
        ));
    }
    let hash = match new.password {
        Some(p) if p.chars().count() < 8 => {
            return Err(AppError::invalid(
                "password",
                "a password has at least 8 characters",
            ))
        }
        Some(p) => Some(password::hash(p).map_err(AppError::Internal)?),
        None => None,
    };
    let t = db_time(now);
    let id = user::insert(conn, &name, role.as_str(), new.org_id, hash.as_deref(), t)?;
    let secret = issue_token(conn, id, t)?;
    // Never the token or the password: only who was made what.
    let event = crate::db::audit::Event {
        action: "user_created",
        target_type: "user",
        target_id: Some(id),
        after: Some(serde_json::json!({"name": name, "role": role.as_str(), "org_id": new.org_id})),
        ..Default::default()
    };
    crate::db::audit::record(conn, None, &event, now)?;
    Ok(CreatedUser {
        id,
        name,
        role,
        org_id: new.org_id,
        token: secret,
    })
}

/// A new API token for the user: stored as its hash, the secret returned once.
pub fn issue_token(
    conn: &mut AnyConnection,
    user_id: i64,
    at: chrono::NaiveDateTime,
) -> Result<String, AppError> {
    let secret = token::generate();
    user::insert_token(conn, user_id, &token::hash(&secret), at)?;
    Ok(secret)
}
