//! What every handler gets: the database, the clock and the settings.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
}
