//! Who is calling, and what they may do.

pub mod extractor;
pub mod password;
pub mod policy;
pub mod token;

use crate::db::AnyConnection;
use crate::domain::{OrgKind, Role};
use crate::error::AppError;
use crate::models;

/// A signed-in user with the offices it acts for.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub org_id: Option<i64>,
    /// The user's office and, below it, its internal units (kind `unit`), recursively.
    pub scope: Vec<i64>,
}

impl Actor {
    /// Loads the actor of a user row, with its scope.
    pub fn load(conn: &mut AnyConnection, user: models::user::User) -> Result<Actor, AppError> {
        let role = Role::parse(&user.role)
            .ok_or_else(|| AppError::Internal(format!("unknown role {}", user.role)))?;
        let scope = match user.org_id {
            Some(org) => office_and_units(conn, org)?,
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

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read the registers and letters of this office.
    pub fn can_read_org(&self, org_id: i64) -> bool {
        policy::can_read_office(self, org_id)
    }

    /// May act (issue, dispatch, receive) for this office.
    pub fn can_act_for(&self, org_id: i64) -> bool {
        policy::can_act_for(self, org_id)
    }

    pub fn require_act_for(&self, org_id: i64) -> Result<(), AppError> {
        policy::act_for(self, org_id)
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        policy::admin(self)
    }
}

/// An office and its internal units, recursively (a clerk of the office acts for them too).
pub fn office_and_units(conn: &mut AnyConnection, org_id: i64) -> Result<Vec<i64>, AppError> {
    let mut scope = vec![org_id];
    let mut frontier = vec![org_id];
    while !frontier.is_empty() {
        let children = models::org::children_of(conn, &frontier)?;
        frontier = children
            .into_iter()
            .filter(|(id, kind, _)| kind == OrgKind::Unit.as_str() && !scope.contains(id))
            .map(|(id, _, _)| id)
            .collect();
        scope.extend(&frontier);
    }
    Ok(scope)
}
