//! The one integration-test binary: a real server per test, on SQLite or PostgreSQL.

mod helpers;

mod email;
mod email_retry;
mod email_setup;
mod errors;
mod first_hop;
mod mail_sink;
mod migrations;
mod numbering;
mod orgs;
