//! Register numbers: yearly in Bangkok time, concurrency-safe, never reused.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;

use crate::helpers::spawn_app_at;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;
use std::process::Command;

async fn office_with_clerk(app: &TestApp, name: &str, letter_code: &str) -> (i64, String) {
    let id = app
        .org(json!({"name": name, "kind": "district", "letter_code": letter_code}))
        .await;
    (id, app.user(&format!("clerk-{id}"), "clerk", Some(id)))
}

async fn parallel_receipts(app: &TestApp, org: i64, token: &str, n: usize) -> Vec<i64> {
    let path = format!("/api/v1/orgs/{org}/receipts");
    let requests = (0..n).map(|i| {
        let body = json!({"letter": {"number": format!("มท 0810.5/ว {}", i + 1), "dated": "2026-05-01",
                                      "subject": format!("หนังสือเวียนทดสอบฉบับที่ {}", i + 1),
                                      "from_name": "กรมส่งเสริมการปกครองท้องถิ่น"},
                          "received_on": "2026-05-08"});
        let (path, app) = (path.clone(), app);
        async move {
            // A busy database answers 503 and takes no number; a client tries again.
            for attempt in 1..=20u64 {
                let reply = app.post(&path, token, body.clone()).await;
                if reply.0 != StatusCode::SERVICE_UNAVAILABLE {
                    return reply;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            panic!("still 503 after 20 attempts")
        }
    });
    let replies = futures::future::join_all(requests).await;
    let mut numbers: Vec<i64> = replies
        .into_iter()
        .map(|(status, body)| {
            assert_eq!(status, StatusCode::CREATED, "{body}");
            body["number"].as_i64().expect("number")
        })
        .collect();
    numbers.sort_unstable();
    numbers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_receipts_get_exactly_one_to_two_hundred() {
    let app = spawn_app().await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอกบินทร์บุรี", "ปจ 0218").await;
    let numbers = parallel_receipts(&app, org, &clerk, 200).await;
    assert_eq!(numbers, (1..=200).collect::<Vec<i64>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_receipts_stay_gapless_while_the_cli_writes_the_same_database() {
    let app = spawn_app().await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอนาดี", "ปจ 0318").await;
    let url = app.test_db.url();
    let writer = std::thread::spawn(move || {
        let mut created = 0;
        for i in 0..10 {
            let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
                .args([
                    "--database-url",
                    &url,
                    "users",
                    "create",
                    "--name",
                    &format!("cli-user-{i}"),
                    "--role",
                    "admin",
                ])
                .output()
                .expect("run saraban users create");
            assert!(
                out.status.success(),
                "users create failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            let token = stdout.lines().last().expect("token line");
            assert_eq!(
                token.len(),
                64,
                "the token is alone on the last line: {stdout}"
            );
            created += 1;
        }
        created
    });
    let numbers = parallel_receipts(&app, org, &clerk, 200).await;
    assert_eq!(writer.join().expect("cli thread"), 10);
    assert_eq!(numbers, (1..=200).collect::<Vec<i64>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_letters_take_consecutive_dispatch_numbers() {
    let app = spawn_app().await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอศรีมหาโพธิ", "ปจ 0518").await;
    let path = format!("/api/v1/orgs/{org}/letters");
    let requests = (0..50).map(|i| {
        let body = json!({"subject": format!("แจ้งประชาสัมพันธ์ ฉบับที่ {i}"), "addressee": "นายกองค์การบริหารส่วนตำบลทุกแห่ง",
                          "circular": true, "issued_at": "2026-05-09T10:00:00+07:00"});
        let (path, app, clerk) = (path.clone(), &app, clerk.clone());
        async move { app.post(&path, &clerk, body).await }
    });
    let mut numbers: Vec<i64> = futures::future::join_all(requests)
        .await
        .into_iter()
        .map(|(s, b)| {
            assert_eq!(s, StatusCode::CREATED, "{b}");
            b["running_number"].as_i64().expect("running")
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
}

#[tokio::test]
async fn receipt_numbers_restart_on_first_of_january_bangkok_time() {
    // The entries are logged on 2 January: none is in the future.
    let app = spawn_app_at("2027-01-02T09:00:00+07:00").await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอบ้านสร้าง", "ปจ 0418").await;
    app.set_series(org, "receipt", 2569, 9_998).await;
    let path = format!("/api/v1/orgs/{org}/receipts");
    let receive = |n: u32, at: &str| {
        json!({"letter": {"number": format!("ปจ 0017.2/ว {n}"), "dated": "2026-12-30", "subject": "ส่งท้ายปี",
                          "from_name": "จังหวัดปราจีนบุรี"}, "received_at": at})
    };
    // 23:59:59 on 31 Dec in Bangkok is still 2569.
    let (_, last) = app
        .post(&path, &clerk, receive(1, "2026-12-31T16:59:59Z"))
        .await;
    assert_eq!(
        (last["year_be"].as_i64(), last["number"].as_i64()),
        (Some(2569), Some(9_998))
    );
    assert_eq!(last["received_on"], "2026-12-31");
    // 00:30 on 1 Jan in Bangkok = 17:30 UTC on 31 Dec: number 1 of 2570.
    let (_, first) = app
        .post(&path, &clerk, receive(2, "2026-12-31T17:30:00Z"))
        .await;
    assert_eq!(
        (first["year_be"].as_i64(), first["number"].as_i64()),
        (Some(2570), Some(1))
    );
    assert_eq!(first["received_on"], "2027-01-01");
    assert_eq!(first["stamp"], "เลขรับที่ ๑ วันที่ ๑ ม.ค. ๒๕๗๐ เวลา ๐๐.๓๐ น.");
    // A late entry for the old year continues the old series.
    let (_, late) = app
        .post(&path, &clerk, json!({"letter": {"number": "ปจ 0017.2/ว 3", "dated": "2026-12-29", "subject": "ย้อนหลัง",
                                                "from_name": "จังหวัดปราจีนบุรี"}, "received_on": "2026-12-31"}))
        .await;
    assert_eq!(
        (late["year_be"].as_i64(), late["number"].as_i64()),
        (Some(2569), Some(9_999))
    );
}

#[tokio::test]
async fn the_clock_decides_the_year_of_a_receipt_without_a_date() {
    let app = spawn_app_at("2026-12-31T17:30:00Z").await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอประจันตคาม", "ปจ 0618").await;
    let (status, r) = app
        .post(&format!("/api/v1/orgs/{org}/receipts"), &clerk,
              json!({"letter": {"number": "นร 0505/ว 1", "dated": "2026-12-30", "subject": "ปีใหม่", "from_name": "สลค."}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["year_be"], 2570);
    assert_eq!(r["number"], 1);
    assert_eq!(r["received_time"], "00:30");

    let (status, letter) = app
        .post(
            &format!("/api/v1/orgs/{org}/letters"),
            &clerk,
            json!({"subject": "อวยพรปีใหม่", "addressee": "ทุกหน่วยงาน"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    assert_eq!(letter["year_be"], 2570);
    assert_eq!(letter["dated"], "2027-01-01");
    assert_eq!(letter["number"], "ปจ ๐๖๑๘/๑");
}

#[tokio::test]
async fn opening_numbers_only_move_forward() {
    let app = spawn_app().await;
    let (org, clerk) = office_with_clerk(&app, "ที่ว่าการอำเภอศรีมโหสถ", "ปจ 0718").await;
    app.set_series(org, "dispatch", 2569, 100).await;
    let issue = json!({"subject": "ทดสอบ", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี", "issued_at": "2026-06-01T09:00:00+07:00"});
    let (_, l) = app
        .post(
            &format!("/api/v1/orgs/{org}/letters"),
            &clerk,
            issue.clone(),
        )
        .await;
    assert_eq!(l["running_number"], 100);
    let lower = app
        .put(
            &format!("/api/v1/orgs/{org}/series/dispatch"),
            &app.admin_token,
            json!({"year_be": 2569, "next_number": 50}),
        )
        .await;
    assert_error(&lower, 409, "number_taken");
    let same_used = app
        .put(
            &format!("/api/v1/orgs/{org}/series/dispatch"),
            &app.admin_token,
            json!({"year_be": 2569, "next_number": 100}),
        )
        .await;
    assert_error(&same_used, 409, "number_taken");
    app.set_series(org, "dispatch", 2569, 200).await;
    let (_, l2) = app
        .post(&format!("/api/v1/orgs/{org}/letters"), &clerk, issue)
        .await;
    assert_eq!(l2["running_number"], 200);
    let by_clerk = app
        .put(
            &format!("/api/v1/orgs/{org}/series/dispatch"),
            &clerk,
            json!({"year_be": 2569, "next_number": 900}),
        )
        .await;
    assert_error(&by_clerk, 403, "forbidden");
    let unknown = app
        .put(
            &format!("/api/v1/orgs/{org}/series/weekly"),
            &app.admin_token,
            json!({"year_be": 2569, "next_number": 9}),
        )
        .await;
    assert_error(&unknown, 404, "series_not_found");
}

#[tokio::test]
async fn circulars_have_their_own_series_unless_shared_and_series_can_be_borrowed() {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดระยอง", "kind": "province", "letter_code": "รย 0017"}))
        .await;
    let po = app
        .org(json!({"name": "สำนักงานจังหวัดระยอง", "kind": "unit", "parent_id": hall, "letter_code": "รย 0017.2",
                    "series_owner_id": hall, "circular_series": "shared"}))
        .await;
    let own = app.org(json!({"name": "สำนักงานสถิติจังหวัดระยอง", "kind": "provincial_office", "letter_code": "รย 0013"})).await;
    let hall_clerk = app.user("rayong-hall", "clerk", Some(hall));
    let own_clerk = app.user("rayong-stat", "clerk", Some(own));
    app.set_series(hall, "dispatch", 2569, 9738).await;
    let letter = |circular: bool| json!({"subject": "ทดสอบ", "addressee": "ทุกอำเภอ", "circular": circular, "issued_at": "2026-07-01T09:00:00+07:00"});

    // The unit is in the hall clerk's scope; it borrows the hall's dispatch series, circulars included.
    let (_, a) = app
        .post(
            &format!("/api/v1/orgs/{po}/letters"),
            &hall_clerk,
            letter(true),
        )
        .await;
    assert_eq!(a["number_canonical"], "รย 0017.2/ว 9738");
    let (_, b) = app
        .post(
            &format!("/api/v1/orgs/{hall}/letters"),
            &hall_clerk,
            letter(false),
        )
        .await;
    assert_eq!(b["number_canonical"], "รย 0017/9739");

    // An office with its own circular series numbers ว 1, 2 … apart from ordinary letters.
    let (_, c) = app
        .post(
            &format!("/api/v1/orgs/{own}/letters"),
            &own_clerk,
            letter(true),
        )
        .await;
    let (_, d) = app
        .post(
            &format!("/api/v1/orgs/{own}/letters"),
            &own_clerk,
            letter(false),
        )
        .await;
    let (_, e) = app
        .post(
            &format!("/api/v1/orgs/{own}/letters"),
            &own_clerk,
            letter(true),
        )
        .await;
    assert_eq!(c["number"], "รย ๐๐๑๓/ว ๑");
    assert_eq!(d["number"], "รย ๐๐๑๓/๑");
    assert_eq!(e["number"], "รย ๐๐๑๓/ว ๒");

    let (_, order) = app
        .post(&format!("/api/v1/orgs/{own}/letters"), &own_clerk,
              json!({"subject": "แต่งตั้งคณะกรรมการ", "addressee": "ผู้เกี่ยวข้อง", "kind": "directive", "issued_at": "2026-07-01T09:00:00+07:00"}))
        .await;
    assert_eq!(order["number"], "๑/๒๕๖๙");
    assert_eq!(order["series"], "directive");
}
