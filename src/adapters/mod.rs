//! Adapters to the world outside the database: the content-addressed file store and the mail
//! transport (SMTP or `.eml` files). Blocking or async I/O, no business rules.

pub mod mail;
pub mod store;
