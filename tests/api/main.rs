//! The one integration-test binary: a real server per test, on SQLite or PostgreSQL.

mod helpers;

mod errors;
mod files;
mod files_admin;
mod files_support;
mod first_hop;
mod migrations;
mod numbering;
mod orgs;
