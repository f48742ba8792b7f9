//! Metrics: the names this service reports and the one Prometheus recorder of the process.
//!
//! Code anywhere records through the `metrics` facade (`metrics::counter!(names::…)`); the
//! recorder is installed once per process ([`handle`]) and rendered in the Prometheus text
//! format at `/metrics` (docs/api.md, Metrics; access in docs/security.md).

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// The metric names, in one place.
pub mod names {
    /// Counter: HTTP requests by `route` (the route pattern, never the raw path), `method`,
    /// `status`.
    pub const HTTP_REQUESTS: &str = "saraban_http_requests_total";
    /// Histogram: HTTP request duration by `route` and `method`.
    pub const HTTP_DURATION: &str = "saraban_http_request_duration_seconds";
    /// Gauge: write requests waiting for the database's write connection.
    pub const DB_WRITER_QUEUE: &str = "saraban_db_writer_queue_depth";
    /// Histogram: requests committed together by one database write.
    pub const DB_WRITER_BATCH: &str = "saraban_db_writer_batch_size";
    /// Histogram: time spent waiting for a pooled database connection.
    pub const DB_POOL_WAIT: &str = "saraban_db_pool_wait_seconds";
    /// Gauge: e-mail notices by `status`.
    pub const OUTBOX_NOTICES: &str = "saraban_outbox_notices";
    /// Histogram: time to hand one notice to the mail transport.
    pub const MAIL_SEND: &str = "saraban_mail_send_duration_seconds";
}

/// The process's recorder, installed on first use (later calls share it; tests start many
/// servers in one process).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let seconds = [
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ];
        let requests = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];
        let batch = Matcher::Full(names::DB_WRITER_BATCH.to_string());
        let recorder = PrometheusBuilder::new()
            .set_buckets(&seconds)
            .and_then(|b| b.set_buckets_for_metric(batch, &requests))
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (a library user's); then ours only renders.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// The metrics in the Prometheus text format.
pub fn render() -> String {
    handle().render()
}
