//! `saraban bench --json FILE`: one object per backend, units in the key names, `null` for a
//! figure this run did not measure. Failed requests count in `*_failed` and in the latencies.

use serde::Serialize;

#[derive(Debug, Default, Clone, Serialize)]
pub struct Figures {
    pub p1_http_per_s: Option<f64>,
    pub p1_http_p50_ms: Option<f64>,
    pub p1_http_p99_ms: Option<f64>,
    pub p1_failed: Option<u64>,
    pub p1_in_process_per_s: Option<f64>,
    /// The same writes issued directly, one transaction per receipt (SQLite: one connection;
    /// PostgreSQL: as many connections as clients).
    pub p1_raw_per_txn_per_s: Option<f64>,
    /// SQLite only: the same writes, 64 receipts per transaction.
    pub p1_raw_batched_per_s: Option<f64>,
    /// CPU seconds the bench process (the HTTP clients) used during P1 over HTTP.
    pub p1_client_cpu_s: Option<f64>,
    pub p1_circular_receipts_per_s: Option<f64>,
    pub p2_ms: Option<f64>,
    pub p2_failed: Option<u64>,
    pub p3_summary_p50_ms: Option<f64>,
    pub p3_summary_p99_ms: Option<f64>,
    pub p3_page_p50_ms: Option<f64>,
    pub p3_filtered_page_p50_ms: Option<f64>,
    pub p3_export_ms: Option<f64>,
    pub p3_export_peak_rss_mib: Option<f64>,
    pub p4_letters: Option<u64>,
    pub p4_p50_ms: Option<f64>,
    pub p4_p95_ms: Option<f64>,
    pub p4_failed: Option<u64>,
    pub p5_per_s: Option<f64>,
    pub p5_raw_per_s: Option<f64>,
    pub p5_duplicates: Option<u64>,
    pub p6_idle_mib: Option<f64>,
    pub p6_peak_mib: Option<f64>,
}

/// Milliseconds of a duration, as a figure.
pub fn millis(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// CPU seconds (user + system) this process has used so far; `None` off Linux.
pub fn process_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Clock ticks; 100 per second on Linux.
    Some((utime + stime) / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_written_and_unmeasured_ones_are_null() {
        let f = Figures {
            p1_http_per_s: Some(1.5),
            ..Figures::default()
        };
        let v = serde_json::to_value(&f).expect("json");
        let o = v.as_object().expect("object");
        assert_eq!(o.len(), 26);
        assert_eq!(o["p1_http_per_s"], 1.5);
        assert!(o["p5_duplicates"].is_null());
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        assert!(process_cpu_s().is_some_and(|s| s >= 0.0));
    }
}
