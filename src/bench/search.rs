//! P4: Thai substring search over a large number of letters.

use super::server::Server;
use super::stats::{ms, percentile};
use super::BenchOptions;
use crate::clock::Clock;
use crate::db::backend;
use crate::db::models::letter::NewLetter;
use crate::db::Db;
use crate::error::AppError;
use crate::services::db_time;
use std::time::{Duration, Instant};

const OPENINGS: [&str; 8] = [
    "ขอความอนุเคราะห์",
    "ขอเชิญประชุมเรื่อง",
    "แจ้งแนวทางการดำเนินงาน",
    "ขอความร่วมมือในการ",
    "ซักซ้อมความเข้าใจเกี่ยวกับ",
    "ขอส่งสรุปผล",
    "การรายงานผลการดำเนินงาน",
    "ขอให้ตรวจสอบข้อมูล",
];
const TOPICS: [&str; 10] = [
    "การป้องกันและแก้ไขปัญหาภัยแล้ง",
    "การประชาสัมพันธ์แผนปฏิบัติการแห่งชาติ",
    "โครงการพัฒนาระบบบริหารราชการส่วนภูมิภาค",
    "การเบิกจ่ายงบประมาณรายจ่ายประจำปี",
    "การรับสมัครบุคคลเพื่อบรรจุและแต่งตั้ง",
    "การเตรียมความพร้อมรับมืออุทกภัย",
    "การส่งเสริมการท่องเที่ยวชุมชน",
    "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
    "การควบคุมโรคไข้เลือดออก",
    "มาตรการประหยัดพลังงานในหน่วยงานภาครัฐ",
];
const CODES: [&str; 6] = [
    "มท 0810.5",
    "นร 1207",
    "ปจ 0017.2",
    "สธ 0211.04",
    "กษ 0301",
    "ศธ 04009",
];

/// Queries a clerk would type: words in the middle of a sentence, numbers in Arabic and in
/// Thai digits, a receipt-number-like number, and a two-letter word.
const QUERIES: [&str; 7] = [
    "ภัยแล้ง",
    "ประชาสัมพันธ์",
    "ท่องเที่ยวชุมชน",
    "1207/ว 5",
    "๐๘๑๐.๕/ว ๑๒",
    "๔๗๒๑",
    "มท",
];

/// Offices the letters are spread over: each sees about 1/20 (5 %) of them.
const OFFICES: usize = 20;
/// Letters a statement inserts, and a transaction.
const BATCH: usize = 20_000;

/// A well-mixed hash of `i` (splitmix64), so dates and offices are shuffled, not in load order.
fn mix(i: usize, salt: u64) -> u64 {
    let mut z = (i as u64)
        .wrapping_add(salt)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Letter `i`: recorded by one of `offices`, dated on a day shuffled over ten years.
fn letter(i: usize, offices: &[i64], now: chrono::NaiveDateTime) -> NewLetter {
    let code = CODES[i % CODES.len()];
    let running = i / CODES.len() % 30_000 + 1;
    let first = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
    let dated = first + chrono::Duration::days((mix(i, 1) % 3650) as i64);
    let year = i64::from(chrono::Datelike::year(&dated)) + 543;
    let office = offices[(mix(i, 2) % offices.len() as u64) as usize];
    let number = format!("{code}/ว {running}");
    NewLetter {
        origin: "recorded".into(),
        issuer_id: None,
        from_name: "หน่วยงานส่วนกลาง".into(),
        recorded_by_org_id: Some(office),
        number_raw: number.clone(),
        number_canonical: number,
        running_number: Some(running as i64),
        circular: true,
        series_org_id: None,
        series: None,
        year_be: Some(year),
        dated: Some(dated),
        dated_raw: None,
        subject: format!(
            "{}{} ประจำปีงบประมาณ พ.ศ. {}",
            OPENINGS[i % OPENINGS.len()],
            TOPICS[(i / 7) % TOPICS.len()],
            year
        ),
        addressee: "ผู้ว่าราชการจังหวัดทุกจังหวัด".into(),
        kind: "external".into(),
        urgency: "normal".into(),
        secrecy: "normal".into(),
        issued_at: None,
        due_date: None,
        created_by: None,
        created_at: now,
    }
}

/// Loads `n` letters in multi-row statements (their search indexes built once, after them:
/// `db::bulk`), then `ANALYZE`s; returns the seconds it took.
fn load(db: &Db, n: usize, offices: &[i64]) -> Result<f64, AppError> {
    let now = db_time(Clock::System.now());
    let started = Instant::now();
    let deferred = db.write_blocking(|c| Ok(crate::db::bulk::begin(c)?))?;
    let mut done = 0;
    while done < n {
        let k = BATCH.min(n - done);
        let rows: Vec<NewLetter> = (done..done + k).map(|i| letter(i, offices, now)).collect();
        db.write_blocking(move |c| Ok(backend::insert_letters_bulk(c, &rows)?))?;
        done += k;
        if done % 200_000 == 0 {
            println!(
                "    ({done} letters loaded, {:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    db.write_blocking(move |c| Ok(crate::db::bulk::finish(c, deferred)?))?;
    println!(
        "    (search indexes built, {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    super::setup::analyze(db)?;
    Ok(started.elapsed().as_secs_f64())
}

/// Runs the query set `rounds` times as the holder of `token` (the first round warms up and is
/// not counted); returns the sorted latencies and the failed requests, and prints each query's
/// median and slowest time.
async fn timed(srv: &Server, rounds: usize, token: &str) -> Result<(Vec<Duration>, u64), AppError> {
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut lat = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    let mut failed = 0u64;
    for round in 0..rounds {
        for (qi, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let ok = match client
                .get(format!("{}/api/v1/search", srv.base))
                .query(&[("q", *q), ("limit", "20")])
                .bearer_auth(token)
                .send()
                .await
            {
                Ok(resp) => {
                    let ok = resp.status().is_success();
                    ok && resp.bytes().await.is_ok()
                }
                Err(_) => false,
            };
            if round > 0 {
                // A failed search counts, in the latencies too.
                lat.push(t.elapsed());
                per_query[qi].push(t.elapsed());
                failed += u64::from(!ok);
            }
        }
    }
    let each: Vec<String> = QUERIES
        .iter()
        .zip(per_query.iter_mut())
        .map(|(q, l)| {
            l.sort();
            let max = l.last().copied().unwrap_or_default();
            format!("{q} {}/{}", ms(percentile(l, 50.0)), ms(max))
        })
        .collect();
    println!("    (each query, median/slowest: {})", each.join("; "));
    lat.sort();
    Ok((lat, failed))
}

pub async fn p4(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
    admin_token: &str,
    f: &mut super::figures::Figures,
) -> Result<(), AppError> {
    let offices = super::setup::offices(db, OFFICES, "p4")?;
    let ids: Vec<i64> = offices.iter().map(|o| o.id).collect();
    let secs = load(db, opts.search_letters, &ids)?;
    println!(
        "    (setup: {} letters over {OFFICES} offices loaded, indexed and analysed in {secs:.0} s)",
        opts.search_letters
    );
    let (lat, failed) = timed(srv, opts.search_rounds, &offices[0].token).await?;
    println!(
        "P4 search over {} letters as an office's clerk (sees ~5 %; {} queries): p50 {}, p95 {}, {failed} failed",
        opts.search_letters,
        lat.len(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 95.0))
    );
    let (admin, admin_failed) = timed(srv, opts.search_rounds, admin_token).await?;
    println!(
        "P4 the same as an administrator (sees all): p50 {}, p95 {}, {admin_failed} failed",
        ms(percentile(&admin, 50.0)),
        ms(percentile(&admin, 95.0))
    );
    f.p4_letters = Some(opts.search_letters as u64);
    f.p4_p50_ms = Some(super::figures::millis(percentile(&lat, 50.0)));
    f.p4_p95_ms = Some(super::figures::millis(percentile(&lat, 95.0)));
    f.p4_failed = Some(failed);
    Ok(())
}
