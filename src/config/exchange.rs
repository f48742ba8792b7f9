//! Exchange settings: the worker that sends signed messages to peers and its retry policy.

use crate::config::mail::Policy;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ExchangeSettings {
    /// Run the exchange sender inside the HTTP server process.
    pub worker: bool,
    /// Attempts, back-off (`SARABAN_EXCHANGE_RETRY_SECONDS` is the base) and lease.
    pub policy: Policy,
    /// How often an idle sender looks for due messages.
    pub poll_interval: Duration,
    /// Timeout of one request to a peer; keep it well below `policy.lease`.
    pub timeout: Duration,
    /// Messages claimed per pass.
    pub batch: i64,
}

impl Default for ExchangeSettings {
    fn default() -> Self {
        ExchangeSettings {
            worker: false,
            policy: Policy {
                max_attempts: 12,
                backoff_base: Duration::from_secs(30),
                backoff_cap: Duration::from_secs(3600),
                lease: Duration::from_secs(5 * 60),
                ack_ttl: Duration::ZERO,
            },
            poll_interval: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            batch: 50,
        }
    }
}
