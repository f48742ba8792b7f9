//! Who is calling: a user with its role and the offices it acts for. What it may do is
//! decided in [`super::access`].

use super::access::{self, Denied};
use super::Role;

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
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read the registers and letters of this office.
    pub fn can_read_org(&self, org_id: i64) -> bool {
        access::can_read_office(self, org_id)
    }

    /// May act (issue, dispatch, receive) for this office.
    pub fn can_act_for(&self, org_id: i64) -> bool {
        access::can_act_for(self, org_id)
    }

    pub fn require_act_for(&self, org_id: i64) -> Result<(), Denied> {
        access::act_for(self, org_id)
    }

    pub fn require_admin(&self) -> Result<(), Denied> {
        access::admin(self)
    }
}
