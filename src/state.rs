//! What every handler gets: the database, the clock, the settings and the mailer.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    /// Sends outbox notices (used by the worker).
    pub mailer: Arc<crate::adapters::mail::Mailer>,
    /// Wakes the outbox worker after a transaction that enqueued notices has committed.
    pub nudge: Arc<tokio::sync::Notify>,
}
