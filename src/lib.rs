//! saraban: a tracker for Thai government official correspondence (งานสารบรรณ).
//!
//! Floors, from the bottom up; each imports only those below it (docs/architecture.md, checked
//! by a unit test):
//! - [`thai`] and [`domain`]: pure code, no database, no HTTP;
//! - [`error`], [`clock`], [`metrics`]: the error type, time, the metrics recorder;
//! - [`db`]: diesel on SQLite or PostgreSQL, models and all SQL;
//! - [`config`], [`adapters`]: settings, the file store, mail, CSV;
//! - [`services`]: the use cases by area, each one transaction;
//! - [`state`], then [`http`] and [`worker`]: the drivers;
//! - [`startup`], then [`cli`] and [`bench`].

pub mod adapters;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod metrics;
pub mod services;
pub mod startup;
pub mod state;
pub mod thai;
pub mod worker;

#[cfg(test)]
mod floors;
