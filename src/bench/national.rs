//! P2: one circular dispatched to every office of the national directory;
//! P3: the distribution request for that tree once every office has logged it.

use super::figures::Figures;
use super::server::Server;
use super::stats::ms;
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
pub async fn p2(db: &Db, srv: &Server, f: &mut Figures) -> Result<String, AppError> {
    let now = Clock::System.now();
    let national = db.write_blocking(|c| national_circular(c, now))?;
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(600))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    p2_dispatch(&client, srv, &national, f).await?;
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
        &office("MOI", "กระทรวงมหาดไทย", "ministry", "มท 0810.5"),
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

/// A top-level office of the benchmark's directory.
pub fn office(code: &str, name: &str, kind: &str, letter_code: &str) -> orgs::manage::OrgRequest {
    orgs::manage::OrgRequest {
        code: Some(code.into()),
        name: name.into(),
        kind: kind.into(),
        parent_id: None,
        letter_code: Some(letter_code.into()),
        email: None,
        phone: None,
        circular_series: None,
        series_owner_id: None,
        ecms_id: None,
    }
}

/// Logging a delivery as it came (today, now).
pub fn receipt_of(delivery: i64) -> receipts::record::ReceiptRequest {
    receipts::record::ReceiptRequest {
        delivery_id: Some(delivery),
        ..receipts::record::ReceiptRequest::default()
    }
}

/// A provincial hall issues its circulars as its provincial office (`ปจ 0017`): the imported
/// directory knows only the province's letters.
pub fn complete_letter_code(c: &mut crate::db::AnyConnection, hall: i64) -> Result<(), AppError> {
    use crate::db::schema::orgs;
    use diesel::prelude::*;
    let code: Option<String> = orgs::table.find(hall).select(orgs::letter_code).first(c)?;
    if let Some(code) = code.filter(|k| !k.contains(' ')) {
        diesel::update(orgs::table.find(hall))
            .set(orgs::letter_code.eq(format!("{code} 0017")))
            .execute(c)?;
    }
    Ok(())
}
