//! The real national chain: OPDC's letter to the 77 provincial halls, each hall logging it and
//! forwarding it by its own circular to the districts and local bodies of its province
//! (≈ 8,450 hops in OPDC's tree). `p1_circular_receipts_per_s`: those offices logging their
//! copies over HTTP at once; P3: the distribution read as OPDC and as one hall.

use super::figures::Figures;
use super::server::Server;
use super::stats::{ms, percentile};
use super::BenchOptions;
use crate::clock::Clock;
use crate::db::models;
use crate::db::{AnyConnection, Db};
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::deliveries::dispatch::{dispatch, DispatchRequest};
use crate::services::letters::issue::{issue, IssueLetterRequest};
use crate::services::letters::references::ReferenceRequest;
use crate::services::{orgs, receipts, users};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Chain {
    pub letter_id: i64,
    /// The pending deliveries of the halls' circulars: (delivery, office, the office clerk's
    /// token) — each office logs its own copy, as it does in practice.
    pub pending: Vec<(i64, i64, String)>,
    pub opdc_token: String,
    pub hall_token: String,
}

fn letter(subject: &str, forwards: Option<i64>) -> IssueLetterRequest {
    IssueLetterRequest {
        subject: subject.into(),
        addressee: "ผู้ว่าราชการจังหวัดทุกจังหวัด".into(),
        kind: None,
        circular: true,
        issued_at: None,
        dated: None,
        urgency: None,
        secrecy: None,
        due_date: None,
        references: forwards
            .map(|id| ReferenceRequest {
                letter_id: id,
                relation: "forwards".into(),
            })
            .into_iter()
            .collect(),
        reserved_number: None,
    }
}

fn send(
    c: &mut AnyConnection,
    who: &Actor,
    letter: i64,
    from: i64,
    to: Vec<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, AppError> {
    let req = DispatchRequest {
        sender_id: from,
        recipient_ids: to,
        ..DispatchRequest::default()
    };
    Ok(dispatch(c, who, letter, &req, now)?
        .deliveries
        .iter()
        .map(|d| (d.id, d.recipient_id))
        .collect())
}

/// OPDC, its letter to the halls, each hall's receipt and circular (the directory is already
/// imported by P2).
pub fn build(c: &mut AnyConnection, now: DateTime<Utc>) -> Result<Chain, AppError> {
    let admin = super::setup::actor_named(c, "national-clerk")?;
    let opdc = orgs::manage::create(
        c,
        &admin,
        &super::national::office("OPDC", "สำนักงาน ก.พ.ร.", "department", "นร 1207"),
        now,
    )?;
    let all = models::org::all_with_code(c)?;
    let code_of: HashMap<i64, String> = all
        .iter()
        .filter_map(|o| Some((o.id, o.code.clone()?)))
        .collect();
    let mut below: HashMap<i64, Vec<i64>> = HashMap::new();
    for o in &all {
        let Some(p) = o.parent_id else { continue };
        let code = code_of.get(&o.id).map(String::as_str).unwrap_or("");
        if code.starts_with('D') {
            below.entry(p).or_default().push(o.id);
        } else if code.starts_with('L') {
            // A local body's district is below its hall: find the hall through the district.
            let hall = all.iter().find(|d| d.id == p).and_then(|d| d.parent_id);
            if let Some(h) = hall {
                below.entry(h).or_default().push(o.id);
            }
        }
    }
    let halls: Vec<i64> = all
        .iter()
        .filter(|o| o.code.as_deref().is_some_and(|k| k.starts_with('P')))
        .map(|o| o.id)
        .collect();
    let l0 = issue(
        c,
        &admin,
        opdc.id,
        &letter("ขอความร่วมมือประชาสัมพันธ์แผนปฏิบัติการแห่งชาติ", None),
        now,
    )?;
    let to_halls = send(c, &admin, l0.id, opdc.id, halls.clone(), now)?;
    let user = |c: &mut AnyConnection, name: &str, org: i64| {
        users::accounts::create(
            c,
            &users::accounts::NewUser {
                name,
                role: "clerk",
                org_id: Some(org),
                password: None,
            },
            now,
        )
    };
    let mut pending = Vec::new();
    for (delivery, hall) in to_halls {
        receipts::record::record(c, &admin, hall, &super::national::receipt_of(delivery), now)?;
        super::national::complete_letter_code(c, hall)?;
        let l1 = issue(
            c,
            &admin,
            hall,
            &letter("ส่งต่อหนังสือสำนักงาน ก.พ.ร.", Some(l0.id)),
            now,
        )?;
        let to = below.get(&hall).cloned().unwrap_or_default();
        if !to.is_empty() {
            for (delivery, office) in send(c, &admin, l1.id, hall, to, now)? {
                let clerk = user(c, &format!("clerk-{office}"), office)?.token;
                pending.push((delivery, office, clerk));
            }
        }
    }
    let hall_id = halls
        .first()
        .copied()
        .ok_or(AppError::Internal("no provinces".into()))?;
    Ok(Chain {
        letter_id: l0.id,
        pending,
        opdc_token: user(c, "opdc-clerk", opdc.id)?.token,
        hall_token: user(c, "hall-clerk", hall_id)?.token,
    })
}

/// Every office of the chain logs its copy over HTTP, `opts.clients` at a time.
pub async fn receive_all(
    srv: &Server,
    chain: &Chain,
    opts: &BenchOptions,
    f: &mut Figures,
) -> Result<(), AppError> {
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let work = Arc::new(chain.pending.clone());
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(Mutex::new(0usize));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..opts.clients {
        let (client, work, next, failed, base) = (
            client.clone(),
            work.clone(),
            next.clone(),
            failed.clone(),
            srv.base.clone(),
        );
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((delivery, office, token)) = work.get(i) else {
                    return;
                };
                let ok = client
                    .post(format!("{base}/api/v1/orgs/{office}/receipts"))
                    .bearer_auth(token)
                    .json(&serde_json::json!({"delivery_id": delivery}))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().as_u16() == 201);
                if !ok {
                    if let Ok(mut n) = failed.lock() {
                        *n += 1;
                    }
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let wall = started.elapsed();
    let failed = failed.lock().map(|n| *n).unwrap_or(0);
    let rate = (work.len() - failed) as f64 / wall.as_secs_f64();
    println!(
        "P1 receipts of one national circular: {rate:.0}/s ({} offices, {failed} failed)",
        work.len()
    );
    f.p1_circular_receipts_per_s = Some(rate.round());
    Ok(())
}

/// Times `n` GETs of `url`; failures count with their time.
async fn timed(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    n: usize,
) -> Result<Vec<Duration>, AppError> {
    let mut lat = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let r = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let _ = r.bytes().await;
        lat.push(t.elapsed());
    }
    lat.sort();
    Ok(lat)
}

/// P3 as OPDC and as one hall: the summary (a page of one hop), the first page of 100, a
/// filtered page, the CSV export (with the server's peak memory). The keys take the slower.
pub async fn p3(
    srv: &Server,
    chain: &Chain,
    opts: &BenchOptions,
    f: &mut Figures,
) -> Result<(), AppError> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let base = format!(
        "{}/api/v1/letters/{}/distribution",
        srv.base, chain.letter_id
    );
    let n = opts.tree_requests;
    let mut worst = [Duration::ZERO; 5];
    let mut peak = 0u64;
    for (who, token) in [("OPDC", &chain.opdc_token), ("a hall", &chain.hall_token)] {
        let summary = timed(&client, &format!("{base}?limit=1"), token, n).await?;
        let page = timed(&client, &format!("{base}?limit=100"), token, n).await?;
        let filtered = timed(
            &client,
            &format!("{base}?limit=100&kind=local_body&status=received"),
            token,
            n,
        )
        .await?;
        srv.reset_peak();
        let idle = srv.rss_kib();
        let export = timed(&client, &format!("{base}.csv"), token, 5).await?;
        peak = peak.max(srv.peak_rss_kib().saturating_sub(idle));
        let figures = [
            percentile(&summary, 50.0),
            percentile(&summary, 99.0),
            percentile(&page, 50.0),
            percentile(&filtered, 50.0),
            percentile(&export, 50.0),
        ];
        println!(
            "P3 national chain as {who}: summary p50 {} p99 {}; first page p50 {}; filtered page p50 {}; CSV export p50 {} (server RSS +{} MiB)",
            ms(figures[0]), ms(figures[1]), ms(figures[2]), ms(figures[3]), ms(figures[4]),
            srv.peak_rss_kib().saturating_sub(idle) / 1024
        );
        for (w, x) in worst.iter_mut().zip(figures) {
            *w = (*w).max(x);
        }
    }
    let millis = |d: Duration| Some(super::figures::millis(d));
    f.p3_summary_p50_ms = millis(worst[0]);
    f.p3_summary_p99_ms = millis(worst[1]);
    f.p3_page_p50_ms = millis(worst[2]);
    f.p3_filtered_page_p50_ms = millis(worst[3]);
    f.p3_export_ms = millis(worst[4]);
    f.p3_export_peak_rss_mib = Some(peak as f64 / 1024.0);
    Ok(())
}

/// Fresh planner statistics after the bulk load (PostgreSQL's autovacuum may lag behind).
pub fn analyze(db: &Db) -> Result<(), AppError> {
    db.write_blocking(|c| {
        use diesel::connection::SimpleConnection;
        crate::db::connection::db_run!(c, |x| x.batch_execute("ANALYZE")?);
        Ok(())
    })
}

pub async fn run(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
    f: &mut Figures,
) -> Result<(), AppError> {
    let now = Clock::System.now();
    let built = Instant::now();
    let chain = db.write_blocking(|c| build(c, now))?;
    println!(
        "    (setup: the national chain, {} offices waiting, built in {:.1} s)",
        chain.pending.len(),
        built.elapsed().as_secs_f64()
    );
    // The directory and the chain were just loaded in bulk: statistics first, as after any
    // bulk load (autovacuum would take up to a minute to notice).
    analyze(db)?;
    receive_all(srv, &chain, opts, f).await?;
    analyze(db)?;
    p3(srv, &chain, opts, f).await
}
