//! Users: accounts, administration (disable, passwords, tokens) and web sessions.

pub mod accounts;
pub mod admin;
pub mod sessions;
