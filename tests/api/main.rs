//! The one integration-test binary: a real server per test, on SQLite or PostgreSQL.

mod helpers;

mod api_doc;
mod chain;
mod cli;
mod demo;
mod email;
mod email_retry;
mod email_setup;
mod errors;
mod files;
mod files_admin;
mod files_support;
mod first_hop;
mod inbox;
mod intake;
mod mail_sink;
mod migration_revert;
mod migrations;
mod numbering;
mod orgs;
mod recipients;
mod references;
mod registers;
mod reminders;
mod reminders_race;
mod reservations;
mod routes;
mod search;
mod tree;
mod web_helpers;
mod web_letters;
mod web_pages;
