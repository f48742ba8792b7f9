//! The audit trail: listing entries and verifying the hash chains.

pub mod list;
pub mod verify;
