//! P2: one circular dispatched to every office of the national directory;
//! P3: the distribution request for that tree once every office has logged it.

use super::figures::Figures;
use super::server::Server;
use super::stats::{ms, percentile};
use super::BenchOptions;
use crate::clock::Clock;
use crate::db::models;
use crate::db::Db;
use crate::error::AppError;
use crate::services::letters;
use crate::services::orgs;
use crate::services::orgs::admin_units;
use crate::services::receipts;
use crate::services::users;
use std::time::{Duration, Instant};

const ADMIN_UNITS: &[u8] = include_bytes!("../data/th-admin-units.csv");

/// Returns the admin token it made, for later phases.
pub async fn p2_p3(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
    f: &mut Figures,
) -> Result<String, AppError> {
    let now = Clock::System.now();
    let national = db.write_blocking(|c| national_circular(c, now))?;
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(600))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let sent = p2_dispatch(&client, srv, &national, f).await?;
    let pairs = log_receipts(db, &sent, now)?;
    p3_distribution(&client, srv, &national, opts, pairs, f).await?;
    Ok(national.token)
}

/// The circular to dispatch, its sender, the admin's token and every office to send it to.
struct NationalCircular {
    letter_id: i64,
    sender: i64,
    token: String,
    ids: Vec<i64>,
}

/// An admin, the ministry, the national directory of provinces, districts and local bodies,
/// and the ministry's urgent circular.
fn national_circular(
    c: &mut crate::db::AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<NationalCircular, AppError> {
    let u = users::accounts::create(
        c,
        &users::accounts::NewUser {
            name: "national-clerk",
            role: "admin",
            org_id: None,
            password: None,
        },
        now,
    )?;
    let admin = super::setup::actor_named(c, &u.name)?;
    let moi = orgs::manage::create(
        c,
        &admin,
        &orgs::manage::OrgRequest {
            code: Some("MOI".into()),
            name: "กระทรวงมหาดไทย".into(),
            kind: "ministry".into(),
            parent_id: None,
            letter_code: Some("มท 0810.5".into()),
            email: None,
            phone: None,
            circular_series: None,
            series_owner_id: None,
        },
        now,
    )?;
    let rows = admin_units::rows(ADMIN_UNITS, "MOI")?;
    orgs::import::import_rows(c, &rows, now, &mut |_, _| {})?;
    let ids: Vec<i64> = models::org::all_with_code(c)?
        .into_iter()
        .filter(|o| {
            o.code
                .as_deref()
                .is_some_and(|k| k.starts_with(['P', 'D', 'L']))
        })
        .map(|o| o.id)
        .collect();
    let letter = letters::issue::issue(
        c,
        &admin,
        moi.id,
        &letters::issue::IssueLetterRequest {
            subject: "ขอความร่วมมือประชาสัมพันธ์แผนปฏิบัติการแห่งชาติ".into(),
            addressee: "ผู้ว่าราชการจังหวัด นายอำเภอ และผู้บริหารองค์กรปกครองส่วนท้องถิ่นทุกแห่ง".into(),
            kind: None,
            circular: true,
            issued_at: None,
            dated: None,
            urgency: Some("urgent".into()),
            secrecy: None,
            due_date: None,
            references: Vec::new(),
            reserved_number: None,
        },
        now,
    )?;
    Ok(NationalCircular {
        letter_id: letter.id,
        sender: moi.id,
        token: u.token,
        ids,
    })
}

/// P2: dispatches the circular to every office over HTTP; returns the answer.
async fn p2_dispatch(
    client: &reqwest::Client,
    srv: &Server,
    national: &NationalCircular,
    f: &mut Figures,
) -> Result<serde_json::Value, AppError> {
    let NationalCircular {
        letter_id,
        sender,
        token,
        ids,
    } = national;
    let started = Instant::now();
    let resp = client
        .post(format!(
            "{}/api/v1/letters/{letter_id}/dispatches",
            srv.base
        ))
        .bearer_auth(token)
        .json(&serde_json::json!({"sender_id": sender, "recipient_ids": ids}))
        .send()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let p2 = started.elapsed();
    let status = resp.status().as_u16();
    let sent: serde_json::Value = resp
        .json()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let deliveries = sent["deliveries"].as_array().map_or(0, |d| d.len());
    println!(
        "P2 dispatch to the national directory: {deliveries} deliveries in {} (HTTP {status})",
        ms(p2)
    );
    f.p2_ms = Some(super::figures::millis(p2));
    f.p2_failed = Some(u64::from(status != 201));
    Ok(sent)
}

/// Every office logs its copy; returns the (delivery, office) pairs.
fn log_receipts(
    db: &Db,
    sent: &serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(i64, i64)>, AppError> {
    let logged = Instant::now();
    let pairs: Vec<(i64, i64)> = sent["deliveries"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|x| Some((x["id"].as_i64()?, x["recipient_id"].as_i64()?)))
                .collect()
        })
        .unwrap_or_default();
    let admin = db.read_blocking(|c| super::setup::actor_named(c, "national-clerk"))?;
    for chunk in pairs.chunks(500) {
        db.write_blocking(|c| {
            for (delivery, org) in chunk {
                let req = receipts::record::ReceiptRequest {
                    delivery_id: Some(*delivery),
                    letter_id: None,
                    letter: None,
                    received_at: None,
                    received_on: None,
                    received_time: None,
                    action: None,
                    remarks: None,
                    allow_duplicate: false,
                };
                receipts::record::record(c, &admin, *org, &req, now)?;
            }
            Ok(())
        })?;
    }
    println!(
        "    (setup: {} receipts logged in {:.1} s)",
        pairs.len(),
        logged.elapsed().as_secs_f64()
    );
    Ok(pairs)
}

/// Times `n` GETs of `path` (their bodies read); failures count as their time.
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

/// P3: the summary (a page of one hop), the first page of 100, a filtered page and the CSV
/// export of the whole tree, `opts.tree_requests` times each (the export five times).
async fn p3_distribution(
    client: &reqwest::Client,
    srv: &Server,
    national: &NationalCircular,
    opts: &BenchOptions,
    pairs: Vec<(i64, i64)>,
    f: &mut Figures,
) -> Result<(), AppError> {
    let (letter_id, token) = (national.letter_id, &national.token);
    let base = format!("{}/api/v1/letters/{letter_id}/distribution", srv.base);
    let n = opts.tree_requests;
    let summary = timed(client, &format!("{base}?limit=1"), token, n).await?;
    let page = timed(client, &format!("{base}?limit=100"), token, n).await?;
    let filtered = timed(
        client,
        &format!("{base}?limit=100&kind=local_body&q=%E0%B8%95%E0%B8%B3%E0%B8%9A%E0%B8%A5"),
        token,
        n,
    )
    .await?;
    srv.reset_peak();
    let idle = srv.rss_kib();
    let export = timed(client, &format!("{base}.csv"), token, 5).await?;
    let peak = srv.peak_rss_kib();
    println!(
        "P3 national tree ({} hops): summary p50 {} p99 {}; first page p50 {}; filtered page p50 {}; CSV export p50 {} (server RSS {} → {} MiB)",
        pairs.len(),
        ms(percentile(&summary, 50.0)),
        ms(percentile(&summary, 99.0)),
        ms(percentile(&page, 50.0)),
        ms(percentile(&filtered, 50.0)),
        ms(percentile(&export, 50.0)),
        idle / 1024,
        peak / 1024
    );
    let millis = |l: &[Duration], p: f64| Some(super::figures::millis(percentile(l, p)));
    f.p3_summary_p50_ms = millis(&summary, 50.0);
    f.p3_summary_p99_ms = millis(&summary, 99.0);
    f.p3_page_p50_ms = millis(&page, 50.0);
    f.p3_filtered_page_p50_ms = millis(&filtered, 50.0);
    f.p3_export_ms = millis(&export, 50.0);
    f.p3_export_peak_rss_mib = Some(peak as f64 / 1024.0);
    Ok(())
}
