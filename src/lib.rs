//! saraban: a tracker for Thai government official correspondence (งานสารบรรณ).
//!
//! Layers, from the bottom up (see `docs/architecture.md`):
//! - [`thai`] and [`domain`]: pure code, no database, no HTTP;
//! - [`db`] and [`models`]: diesel on SQLite or PostgreSQL;
//! - [`services`]: one use case per file, each one transaction;
//! - [`routes`], [`web`], [`files_http`], [`auth`], [`startup`], [`cli`]: HTTP and the
//!   command line.

pub mod adapters;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod services;
pub mod startup;
pub mod state;
pub mod thai;
pub mod worker;

#[cfg(test)]
mod floors;
