//! The one integration-test binary: a real server per test, on SQLite or PostgreSQL.

mod helpers;

mod cli;
mod errors;
mod first_hop;
mod intake;
mod migrations;
mod numbering;
mod orgs;
mod search;
