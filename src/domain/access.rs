//! The one authorization policy: role × office × action, and the secrecy rule.
//!
//! Every service asks here (directly or through [`Actor`]'s helpers, which delegate here) so
//! that docs/authorization.md has one place to match. The rules:
//! - admins may do everything;
//! - clerks and heads act for their office and its internal units (their scope);
//! - viewers read their scope and change nothing;
//! - a letter is seen by its issuing or recording office (the whole tree), the offices it was
//!   delivered to, and, for an unclassified letter, the offices holding a receipt of it;
//! - a classified letter (ลับ and above) is never seen through a receipt alone: only the
//!   issuing office, the addressed offices and admins see it, in search and inboxes too.

use super::{Actor, Role, Secrecy};

/// Refused by the access policy: becomes 403 `forbidden` at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied(pub String);

impl Denied {
    fn new(message: impl Into<String>) -> Self {
        Denied(message.into())
    }
}

/// ลับ, ลับมาก or ลับที่สุด.
pub fn is_classified(secrecy: &str) -> bool {
    Secrecy::parse(secrecy).is_none_or(Secrecy::is_classified)
}

/// In a distribution tree, may a hop's letter be read by someone who may read the letter of
/// the hop above it? The same letter (a routed hop) yes; a forwarding letter only when it is
/// unclassified. A classified forwarding letter is read only by those the visibility rule
/// shows it to.
pub fn readable_below(above_readable: bool, same_letter: bool, secrecy: Secrecy) -> bool {
    above_readable && (same_letter || !secrecy.is_classified())
}

/// May read the registers, inbox and letters list of this office.
pub fn can_read_office(actor: &Actor, org_id: i64) -> bool {
    actor.role == Role::Admin || actor.scope.contains(&org_id)
}

/// May change things for this office: issue, dispatch, receive, route, answer, cancel.
pub fn can_act_for(actor: &Actor, org_id: i64) -> bool {
    actor.role == Role::Admin
        || (matches!(actor.role, Role::Clerk | Role::Head) && actor.scope.contains(&org_id))
}

pub fn read_office(actor: &Actor, org_id: i64, what: &str) -> Result<(), Denied> {
    if can_read_office(actor, org_id) {
        Ok(())
    } else {
        Err(Denied::new(format!("this is another office's {what}")))
    }
}

pub fn act_for(actor: &Actor, org_id: i64) -> Result<(), Denied> {
    if can_act_for(actor, org_id) {
        Ok(())
    } else {
        Err(Denied::new("you may not act for this office"))
    }
}

/// Directory, series and user administration.
pub fn admin(actor: &Actor) -> Result<(), Denied> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(Denied::new("only an administrator may do this"))
    }
}

/// Reading a letter file for intake (OCR): admins, clerks and heads; a viewer changes nothing
/// and registers nothing, so it has no letters to read in.
pub fn intake_files(actor: &Actor) -> Result<(), Denied> {
    if matches!(actor.role, Role::Admin | Role::Clerk | Role::Head) {
        Ok(())
    } else {
        Err(Denied::new(
            "reading letter files is for clerks, heads and administrators",
        ))
    }
}

/// The audit trail of an office: admins, and the clerks and heads of that office.
pub fn read_audit(actor: &Actor, office_id: Option<i64>) -> Result<(), Denied> {
    match office_id {
        _ if actor.role == Role::Admin => Ok(()),
        Some(id) if can_act_for(actor, id) => Ok(()),
        _ => Err(Denied::new(
            "audit entries are shown to administrators and to the office they concern",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, scope: Vec<i64>) -> Actor {
        Actor {
            user_id: 1,
            name: "t".into(),
            role,
            org_id: scope.first().copied(),
            scope,
        }
    }

    #[test]
    fn roles_act_and_read_only_within_their_scope() {
        let clerk = actor(Role::Clerk, vec![1, 2]);
        let viewer = actor(Role::Viewer, vec![1]);
        let admin = actor(Role::Admin, vec![]);
        assert!(can_act_for(&clerk, 2) && !can_act_for(&clerk, 3));
        assert!(can_read_office(&viewer, 1) && !can_act_for(&viewer, 1));
        assert!(can_act_for(&admin, 99) && can_read_office(&admin, 99));
        assert!(read_audit(&viewer, Some(1)).is_err());
        assert!(read_audit(&clerk, Some(1)).is_ok());
        assert!(read_audit(&clerk, None).is_err());
        assert!(is_classified("confidential") && !is_classified("normal"));
    }
}
