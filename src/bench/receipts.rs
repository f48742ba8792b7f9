//! P1: receipts logged per second through the HTTP API by concurrent clients, and the same
//! use case called in-process from as many threads.

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

pub async fn p1(db: &Db, srv: &Server, opts: &BenchOptions) -> Result<(), AppError> {
    let http_offices = Arc::new(offices(db, opts.offices, "H")?);
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(opts.receipts)));
    srv.reset_peak();
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
                if ok {
                    if let Ok(mut l) = lat.lock() {
                        l.push(t.elapsed());
                    }
                } else {
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
    let mut lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    lat.sort();
    let http_rate = lat.len() as f64 / http_wall.as_secs_f64();
    println!(
        "P1 HTTP receipts: {:.0}/s ({} ok, {failures} failed in {:.1} s), p50 {}, p99 {}",
        http_rate,
        lat.len(),
        http_wall.as_secs_f64(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 99.0))
    );

    let local = Arc::new(offices(db, opts.offices, "I")?);
    let rate = in_process(db, local, opts.clients, opts.receipts)?;
    println!(
        "P1 in-process receipts: {rate:.0}/s from {} threads; HTTP/in-process = {:.2}",
        opts.clients,
        http_rate / rate
    );
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
                        }),
                        received_at: None,
                        received_on: Some("2026-05-08".into()),
                        received_time: None,
                        action: None,
                        remarks: None,
                        allow_duplicate: false,
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
