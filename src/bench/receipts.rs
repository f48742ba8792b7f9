//! P1: receipts logged per second through the HTTP API by concurrent clients, and the same
//! use case called in-process from as many threads.

use super::figures::{self, Figures};
use super::server::Server;
use super::setup::{offices, Office};
use super::stats::{ms, percentile};
use super::BenchOptions;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;
use crate::services::receipts::record::InlineLetter;
use crate::services::receipts::record::ReceiptRequest;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn body(i: usize) -> serde_json::Value {
    json!({"letter": {"number": format!("มท 0810.5/ว {i}"), "dated": "2026-05-01",
                      "subject": format!("หนังสือเวียนกรมส่งเสริมการปกครองท้องถิ่น ฉบับที่ {i}"),
                      "from_name": "กรมส่งเสริมการปกครองท้องถิ่น"},
           "received_on": "2026-05-08"})
}

pub async fn p1(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
    f: &mut Figures,
) -> Result<(), AppError> {
    let (lat, failures, http_wall, cpu_before) = over_http(db, srv, opts).await?;
    let cpu = figures::process_cpu_s()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let mut lat = lat;
    lat.sort();
    let succeeded = lat.len().saturating_sub(failures);
    let http_rate = succeeded as f64 / http_wall.as_secs_f64();
    println!(
        "P1 HTTP receipts: {:.0}/s ({succeeded} ok, {failures} failed in {:.1} s), p50 {}, p99 {} (failures included); client CPU {:.1} s",
        http_rate,
        http_wall.as_secs_f64(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 99.0)),
        cpu.unwrap_or(f64::NAN)
    );
    f.p1_http_per_s = Some(http_rate.round());
    f.p1_http_p50_ms = Some(figures::millis(percentile(&lat, 50.0)));
    f.p1_http_p99_ms = Some(figures::millis(percentile(&lat, 99.0)));
    f.p1_failed = Some(failures as u64);
    f.p1_client_cpu_s = cpu.map(|c| (c * 100.0).round() / 100.0);

    let local = Arc::new(offices(db, opts.offices, "I")?);
    let rate = in_process(db, local, opts.clients, opts.receipts)?;
    println!(
        "P1 in-process receipts: {rate:.0}/s from {} threads; HTTP/in-process = {:.2}",
        opts.clients,
        http_rate / rate
    );
    f.p1_in_process_per_s = Some(rate.round());
    anchors(db, opts, f, http_rate)
}

/// P1's HTTP clients: every latency (failures included), the failures, the wall time and the
/// process CPU before they started.
async fn over_http(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
) -> Result<(Vec<Duration>, usize, Duration, Option<f64>), AppError> {
    let http_offices = Arc::new(offices(db, opts.offices, "H")?);
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(opts.receipts)));
    srv.reset_peak();
    let cpu_before = figures::process_cpu_s();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..opts.clients {
        let (client, next, lat, offices, base, total) = (
            client.clone(),
            next.clone(),
            latencies.clone(),
            http_offices.clone(),
            srv.base.clone(),
            opts.receipts,
        );
        tasks.spawn(async move {
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return failures;
                }
                let office = &offices[i % offices.len()];
                let t = Instant::now();
                let ok = client
                    .post(format!("{base}/api/v1/orgs/{}/receipts", office.id))
                    .bearer_auth(&office.token)
                    .json(&body(i))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().as_u16() == 201);
                // A failure's time counts too: a fast 503 is not a fast success.
                if let Ok(mut l) = lat.lock() {
                    l.push(t.elapsed());
                }
                if !ok {
                    failures += 1;
                }
            }
        });
    }
    let mut failures = 0;
    while let Some(r) = tasks.join_next().await {
        failures += r.unwrap_or(1);
    }
    let http_wall = started.elapsed();
    let lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    Ok((lat, failures, http_wall, cpu_before))
}

/// The raw anchors: SQLite on one connection, one receipt and 64 receipts per transaction;
/// PostgreSQL on as many connections as clients, one receipt per transaction.
fn anchors(db: &Db, opts: &BenchOptions, f: &mut Figures, http_rate: f64) -> Result<(), AppError> {
    let raw_offices = Arc::new(offices(db, opts.offices, "R")?);
    let sqlite = db.url().is_sqlite();
    let threads = if sqlite { 1 } else { opts.clients };
    let per_txn = super::raw::rate(db, raw_offices.clone(), threads, opts.receipts, 1)?;
    println!(
        "P1 raw writes, one receipt a transaction, {threads} connection(s): {per_txn:.0}/s; HTTP/raw = {:.2}",
        http_rate / per_txn
    );
    f.p1_raw_per_txn_per_s = Some(per_txn.round());
    if sqlite {
        let batched = super::raw::rate(db, raw_offices, 1, opts.receipts, 64)?;
        println!("P1 raw writes, 64 receipts a transaction: {batched:.0}/s");
        f.p1_raw_batched_per_s = Some(batched.round());
    }
    Ok(())
}

fn in_process(
    db: &Db,
    offices: Arc<Vec<Office>>,
    threads: usize,
    total: usize,
) -> Result<f64, AppError> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (db, next, offices) = (db.clone(), next.clone(), offices.clone());
            std::thread::spawn(move || -> Result<usize, AppError> {
                let mut done = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        return Ok(done);
                    }
                    let office = &offices[i % offices.len()];
                    let req = ReceiptRequest {
                        delivery_id: None,
                        letter_id: None,
                        letter: Some(InlineLetter {
                            number: format!("มท 0810.5/ว {i}"),
                            dated: Some("2026-05-02".into()),
                            dated_raw: None,
                            subject: format!("หนังสือเวียน ฉบับที่ {i}"),
                            from_name: "กรมส่งเสริมการปกครองท้องถิ่น".into(),
                            addressee: None,
                            urgency: None,
                            secrecy: None,
                        }),
                        received_at: None,
                        received_on: Some("2026-05-08".into()),
                        received_time: None,
                        action: None,
                        remarks: None,
                        allow_duplicate: false,
                        upload_ids: Vec::new(),
                    };
                    let now = Clock::System.now();
                    db.write_blocking(|c| {
                        crate::services::receipts::record::record(
                            c,
                            &office.actor,
                            office.id,
                            &req,
                            now,
                        )
                    })?;
                    done += 1;
                }
            })
        })
        .collect();
    let mut done = 0;
    for h in handles {
        done += h
            .join()
            .map_err(|_| AppError::Internal("bench thread panicked".into()))??;
    }
    Ok(done as f64
        / started
            .elapsed()
            .max(Duration::from_millis(1))
            .as_secs_f64())
}
