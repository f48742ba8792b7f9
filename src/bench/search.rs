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

/// Queries a clerk would type: mid-sentence words, a number, a short word.
const QUERIES: [&str; 6] = [
    "ภัยแล้ง",
    "ประชาสัมพันธ์",
    "ท่องเที่ยวชุมชน",
    "1207/5",
    "๐๘๑๐.๕/ว ๑๒",
    "มท",
];

fn letter(i: usize, now: chrono::NaiveDateTime) -> NewLetter {
    let code = CODES[i % CODES.len()];
    let running = i / CODES.len() % 30_000 + 1;
    let year = 2560 + (i / (CODES.len() * 30_000)) as i64 % 10;
    let number = format!("{code}/ว {running}");
    NewLetter {
        origin: "recorded".into(),
        issuer_id: None,
        from_name: "หน่วยงานส่วนกลาง".into(),
        recorded_by_org_id: None,
        number_raw: number.clone(),
        number_canonical: number,
        running_number: Some(running as i64),
        circular: true,
        series_org_id: None,
        series: None,
        year_be: Some(year),
        dated: chrono::NaiveDate::from_ymd_opt(
            (year - 543) as i32,
            (i % 12) as u32 + 1,
            (i % 28) as u32 + 1,
        ),
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

pub async fn p4(
    db: &Db,
    srv: &Server,
    opts: &BenchOptions,
    admin_token: &str,
    f: &mut super::figures::Figures,
) -> Result<(), AppError> {
    let now = db_time(Clock::System.now());
    let started = Instant::now();
    let batch = 20_000;
    let mut done = 0;
    while done < opts.search_letters {
        let n = batch.min(opts.search_letters - done);
        let rows: Vec<NewLetter> = (done..done + n).map(|i| letter(i, now)).collect();
        db.write_blocking(move |c| Ok(backend::insert_letters_bulk(c, &rows)?))?;
        done += n;
    }
    println!(
        "    (setup: {done} letters loaded and indexed in {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut lat = Vec::new();
    let mut failed = 0u64;
    for round in 0..opts.search_rounds {
        for q in QUERIES {
            let t = Instant::now();
            let resp = client
                .get(format!("{}/api/v1/search", srv.base))
                .query(&[("q", q), ("limit", "20")])
                .bearer_auth(admin_token)
                .send()
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let ok = resp.status().is_success();
            let _ = resp.bytes().await;
            if round > 0 {
                // A failed search counts, in the latencies too.
                lat.push(t.elapsed());
                failed += u64::from(!ok);
            }
        }
    }
    lat.sort();
    println!(
        "P4 search over {} letters ({} queries): p50 {}, p95 {}",
        opts.search_letters,
        lat.len(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 95.0))
    );
    f.p4_letters = Some(opts.search_letters as u64);
    f.p4_p50_ms = Some(super::figures::millis(percentile(&lat, 50.0)));
    f.p4_p95_ms = Some(super::figures::millis(percentile(&lat, 95.0)));
    f.p4_failed = Some(failed);
    Ok(())
}
