//! The one integration-test binary: a real server per test, on SQLite or PostgreSQL.

mod helpers;

mod api_doc;
mod audit;
mod authz;
mod bad_input;
mod cancel;
mod chain;
mod cli;
mod demo;
mod errors;
mod first_hop;
mod idempotency;
mod inbox;
mod intake;
mod migration_revert;
mod migrations;
mod numbering;
mod orgs;
mod recipients;
mod references;
mod registers;
mod reservations;
mod routes;
mod search;
mod tree;
mod users;
