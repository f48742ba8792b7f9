//! Thai search: words inside sentences, numbers in either digit set, short queries, and only
//! the letters the caller may see. The same assertions run on SQLite and on PostgreSQL.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

const OGP: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติของประเทศไทยในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด (Open Government Partnership)";

struct World {
    app: TestApp,
    hall: i64,
    district: i64,
    hall_clerk: String,
    district_clerk: String,
    chonburi_clerk: String,
}

async fn record(app: &TestApp, token: &str, body: Value) -> i64 {
    let (status, letter) = app.post("/api/v1/letters", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    letter["id"].as_i64().expect("id")
}

/// Prachinburi's hall records five letters; Chonburi records one secret letter of its own.
async fn world() -> World {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"code": "P25", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let district = app
        .org(json!({"code": "P25D01", "name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "parent_id": hall}))
        .await;
    let chonburi = app
        .org(json!({"code": "P20", "name": "ศาลากลางจังหวัดชลบุรี", "kind": "province", "letter_code": "ชบ"}))
        .await;
    let hall_clerk = app.user("pcb-clerk", "clerk", Some(hall));
    let district_clerk = app.user("d01-clerk", "clerk", Some(district));
    let chonburi_clerk = app.user("cbi-clerk", "clerk", Some(chonburi));
    let letters = [
        json!({"number": "ที่ นร ๑๒๐๗/๕๐๙", "dated": "2026-04-30", "subject": OGP,
               "from_name": "สำนักงาน ก.พ.ร.", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี"}),
        json!({"number": "ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "dated_raw": "๓) พฤษภาคม ๒๕๖๙", "subject": OGP,
               "from_name": "จังหวัดปราจีนบุรี", "addressee": "นายอำเภอทุกอำเภอ"}),
        json!({"number": "นร 1207/5090", "dated": "2026-05-20", "subject": "การประชุมคณะทำงานพัฒนาระบบราชการ",
               "from_name": "สำนักงาน ก.พ.ร.", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี"}),
        json!({"number": "มท 0810.5/ว.617", "dated": "2026-05-01", "subject": "การเบิกจ่ายเงินอุดหนุนทั่วไปด้านการศึกษา",
               "from_name": "กรมส่งเสริมการปกครองท้องถิ่น", "addressee": "ผู้ว่าราชการจังหวัด ทุกจังหวัด"}),
        json!({"number": "รย 0017.2/ ว 9738", "dated": "2026-03-02", "subject": "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการ",
               "from_name": "จังหวัดระยอง", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี"}),
    ];
    for body in letters {
        record(&app, &hall_clerk, body).await;
    }
    record(
        &app,
        &chonburi_clerk,
        json!({"number": "ชบ 0017.3/ว 111", "dated": "2026-05-02", "secrecy": "secret",
               "subject": "ขอความร่วมมือประชาสัมพันธ์มาตรการรักษาความปลอดภัยภาครัฐระบบเปิด",
               "from_name": "จังหวัดชลบุรี", "addressee": "นายอำเภอทุกอำเภอ"}),
    )
    .await;
    World {
        app,
        hall,
        district,
        hall_clerk,
        district_clerk,
        chonburi_clerk,
    }
}

/// The numbers found, in answer order, and the total.
async fn numbers(app: &TestApp, token: &str, query: &str) -> (Vec<String>, i64) {
    let (status, page) = app
        .get(&format!("/api/v1/search?q={}", urlencode(query)), token)
        .await;
    assert_eq!(status, StatusCode::OK, "search {query:?}: {page}");
    let items = page["items"].as_array().expect("items");
    let found = items
        .iter()
        .map(|l| l["number_canonical"].as_str().expect("number").to_string())
        .collect();
    (found, page["total"].as_i64().expect("total"))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const L1: &str = "นร 1207/509";
const L2: &str = "ปจ 0017.2/ว 2323";
const L5090: &str = "นร 1207/5090";
const MT: &str = "มท 0810.5/ว 617";
const RY: &str = "รย 0017.2/ว 9738";
const SECRET: &str = "ชบ 0017.3/ว 111";

#[tokio::test]
async fn thai_words_inside_sentences_are_found() {
    let w = world().await;
    let t = &w.hall_clerk;
    // Dated letters newest first; L2, whose date could not be read, comes last.
    assert_eq!(
        numbers(&w.app, t, "ประชาสัมพันธ์").await,
        (vec![L1.into(), L2.into()], 2)
    );
    assert_eq!(
        numbers(&w.app, t, "ภาครัฐระบบเปิด").await,
        (vec![L1.into(), L2.into()], 2)
    );
    assert_eq!(
        numbers(&w.app, t, "ภาครัฐ ระบบเปิด").await,
        (vec![L1.into(), L2.into()], 2),
        "spaces typed between Thai words are not required in the text"
    );
    assert_eq!(
        numbers(&w.app, t, "open government").await.1,
        2,
        "ASCII case is folded"
    );
    assert_eq!(numbers(&w.app, t, "อุดหนุน").await, (vec![MT.into()], 1));
    assert_eq!(
        numbers(&w.app, t, "ก.พ.ร.").await,
        (vec![L5090.into(), L1.into()], 2),
        "from_name"
    );
    assert_eq!(
        numbers(&w.app, t, "นายอำเภอ").await,
        (vec![L2.into()], 1),
        "addressee"
    );
    assert_eq!(
        numbers(&w.app, t, "ส\u{0E4D}\u{0E32}นักงาน").await.1,
        2,
        "NIKHAHIT + SARA AA from OCR finds SARA AM"
    );
    assert_eq!(numbers(&w.app, t, "ไม่มีคำนี้ในระบบ").await, (vec![], 0));
}

#[tokio::test]
async fn numbers_match_in_thai_or_arabic_digits_with_or_without_spaces() {
    let w = world().await;
    let t = &w.hall_clerk;
    assert_eq!(
        numbers(&w.app, t, "๕๐๙").await,
        (vec![L5090.into(), L1.into()], 2)
    );
    assert_eq!(
        numbers(&w.app, t, "นร 1207/509").await,
        (vec![L5090.into(), L1.into()], 2),
        "newest letter date first, an exact number included"
    );
    assert_eq!(
        numbers(&w.app, t, "ที่ นร ๑๒๐๗/๕๐๙")
            .await
            .0
            .first()
            .map(String::as_str),
        Some(L1)
    );
    for q in [
        "ว2323",
        "ว ๒๓๒๓",
        "๐๐๑๗.๒/ว ๒๓๒๓",
        "ปจ ๐๐๑๗.๒/ว ๒๓๒๓",
        "2323",
    ] {
        assert_eq!(numbers(&w.app, t, q).await, (vec![L2.into()], 1), "{q}");
    }
    assert_eq!(numbers(&w.app, t, "๙๗๓๘").await, (vec![RY.into()], 1));
    assert_eq!(
        numbers(&w.app, t, "ว.617").await,
        (vec![MT.into()], 1),
        "the number as written is indexed too"
    );
    assert_eq!(numbers(&w.app, t, "ว 617").await, (vec![MT.into()], 1));
}

#[tokio::test]
async fn short_queries_use_like_and_still_find_letters() {
    let w = world().await;
    let t = &w.hall_clerk;
    assert_eq!(numbers(&w.app, t, "มท").await, (vec![MT.into()], 1));
    assert_eq!(numbers(&w.app, t, "รย").await, (vec![RY.into()], 1));
    assert_eq!(
        numbers(&w.app, t, "๕๐").await,
        (vec![L5090.into(), L1.into()], 2)
    );
    assert_eq!(
        numbers(&w.app, t, "ซั").await,
        (vec![RY.into()], 1),
        "two code points of one syllable"
    );
    assert_eq!(
        numbers(&w.app, t, "%").await,
        (vec![], 0),
        "LIKE wildcards are literal"
    );
    assert_eq!(numbers(&w.app, t, "_").await, (vec![], 0));
}

#[tokio::test]
async fn a_secret_letter_of_another_office_is_never_returned() {
    let w = world().await;
    for q in ["ประชาสัมพันธ์", "ภาครัฐระบบเปิด", "ชบ", "111", "ความปลอดภัย"]
    {
        let (found, total) = numbers(&w.app, &w.hall_clerk, q).await;
        assert!(!found.contains(&SECRET.to_string()), "{q}: {found:?}");
        assert_eq!(
            usize::try_from(total).ok(),
            Some(found.len()),
            "{q}: the total counts only visible letters"
        );
    }
    assert_eq!(
        numbers(&w.app, &w.district_clerk, "ประชาสัมพันธ์").await,
        (vec![], 0)
    );
    assert_eq!(
        numbers(&w.app, &w.chonburi_clerk, "ประชาสัมพันธ์").await,
        (vec![SECRET.into()], 1)
    );
    let admin = w.app.admin_token.clone();
    assert_eq!(
        numbers(&w.app, &admin, "ประชาสัมพันธ์").await,
        (vec![SECRET.into(), L1.into(), L2.into()], 3),
        "administrators see every office's letters"
    );
}

#[tokio::test]
async fn results_page_with_a_cursor_and_bad_input_is_refused() {
    let w = world().await;
    let t = &w.hall_clerk;
    let q = urlencode("ประชาสัมพันธ์");
    let (status, first) = w.app.get(&format!("/api/v1/search?q={q}&limit=1"), t).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["total"], 2);
    assert_eq!(first["items"][0]["number_canonical"], L1);
    assert_eq!(first["items"][0]["subject"], OGP);
    assert!(first["items"][0]["letter_id"].as_i64().is_some());
    assert!(first["items"][0]["from"]
        .as_str()
        .is_some_and(|f| !f.is_empty()));
    let cursor = first["next_cursor"].as_str().expect("cursor").to_string();
    let (_, second) = w
        .app
        .get(&format!("/api/v1/search?q={q}&limit=1&cursor={cursor}"), t)
        .await;
    assert_eq!(second["items"][0]["number_canonical"], L2);
    assert_eq!(second["next_cursor"], Value::Null);

    assert_error(&w.app.get("/api/v1/search?q=", t).await, 422, "invalid_q");
    assert_error(&w.app.get("/api/v1/search", t).await, 422, "invalid_q");
    assert_error(
        &w.app.get(&format!("/api/v1/search?q={q}&limit=0"), t).await,
        422,
        "invalid_limit",
    );
    assert_error(
        &w.app
            .get(&format!("/api/v1/search?q={q}&cursor=x"), t)
            .await,
        422,
        "invalid_cursor",
    );
    let long = urlencode(&"ก".repeat(201));
    assert_error(
        &w.app.get(&format!("/api/v1/search?q={long}"), t).await,
        422,
        "invalid_q",
    );
    let (status, _) = w
        .app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/search?q={q}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// `org` logs a receipt of the hall's letter `number` with `remarks`.
async fn receive_with_remark(w: &World, org: i64, token: &str, number: &str, remarks: &str) {
    let (status, found) = w
        .app
        .get(
            &format!("/api/v1/search?q={}", urlencode(number)),
            &w.hall_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let letter = &found["items"][0];
    // A paper copy, recorded by its number and date: it links to the hall's letter.
    let (status, receipt) = w
        .app
        .post(
            &format!("/api/v1/orgs/{org}/receipts"),
            token,
            json!({"letter": {"number": letter["number"], "dated": letter["dated"],
                              "subject": letter["subject"], "from_name": letter["from"]},
                   "received_on": "2026-05-08", "remarks": remarks}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["letter_id"], letter["letter_id"], "{receipt}");
}

#[tokio::test]
async fn an_office_finds_letters_by_its_own_receipt_remarks_only() {
    let w = world().await;
    receive_with_remark(
        &w,
        w.hall,
        &w.hall_clerk,
        L5090,
        "มอบกลุ่มงานยุทธศาสตร์ดำเนินการภายในวันที่ ๑๕ พ.ค.",
    )
    .await;
    receive_with_remark(
        &w,
        w.district,
        &w.district_clerk,
        RY,
        "แจ้งกองช่างและงานธุรการทราบ",
    )
    .await;
    // A word in the middle of the hall's remark, and its date typed with Arabic digits.
    assert_eq!(
        numbers(&w.app, &w.hall_clerk, "กลุ่มงานยุทธศาสตร์").await,
        (vec![L5090.into()], 1)
    );
    assert_eq!(
        numbers(&w.app, &w.hall_clerk, "วันที่ 15 พ.ค").await,
        (vec![L5090.into()], 1)
    );
    // The district's remark is the district's: the hall does not find the letter through it.
    assert_eq!(numbers(&w.app, &w.hall_clerk, "กองช่าง").await, (vec![], 0));
    assert_eq!(
        numbers(&w.app, &w.district_clerk, "กองช่าง").await,
        (vec![RY.into()], 1)
    );
    assert_eq!(
        numbers(&w.app, &w.district_clerk, "ยุทธศาสตร์").await,
        (vec![], 0)
    );
    // A two-letter query reads remarks too (LIKE), and a match in both places counts once.
    assert_eq!(
        numbers(&w.app, &w.district_clerk, "กอ").await,
        (vec![RY.into()], 1)
    );
    assert_eq!(
        numbers(&w.app, &w.app.admin_token, "กองช่าง").await,
        (vec![RY.into()], 1)
    );
}

/// Letters recorded by receipts that share one write batch are in the administrators' search as
/// soon as their answers arrive (SQLite indexes them once per transaction, before the commit);
/// one failing request in the batch leaves the others' letters found and nothing of its own.
#[tokio::test]
async fn letters_of_one_write_batch_are_searchable_when_answered() {
    let w = world().await;
    let app = std::sync::Arc::new(w.app);
    let receipt = |i: usize| {
        json!({"letter": {"number": format!("สธ 0201/ว {}", 7000 + i), "dated": "2026-05-04",
                          "subject": format!("การเฝ้าระวังโรคไข้เลือดออกในฤดูฝน รอบที่ {i}"),
                          "from_name": "กระทรวงสาธารณสุข"},
               "received_on": "2026-05-08"})
    };
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24 {
        let (app, token, hall) = (app.clone(), w.hall_clerk.clone(), w.hall);
        // Every sixth one is refused inside the batch: its date is in the future.
        let mut body = receipt(i);
        if i % 6 == 5 {
            body["received_on"] = json!("2099-01-01");
        }
        tasks.spawn(async move {
            let (status, _) = app
                .post(&format!("/api/v1/orgs/{hall}/receipts"), &token, body)
                .await;
            (i, status)
        });
    }
    while let Some(done) = tasks.join_next().await {
        let (i, status) = done.expect("task");
        let expected = if i % 6 == 5 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::CREATED
        };
        assert_eq!(status, expected, "receipt {i}");
    }
    let admin = app.admin_token.clone();
    let (found, total) = numbers(&app, &admin, "ไข้เลือดออก").await;
    assert_eq!(total, 20, "{found:?}");
    for i in 0..24 {
        let (found, _) = numbers(&app, &admin, &format!("สธ 0201/ว {}", 7000 + i)).await;
        assert_eq!(
            found.len(),
            usize::from(i % 6 != 5),
            "letter {i}: {found:?}"
        );
    }
    // The clerk who recorded them finds them too (the office's own search rows).
    assert_eq!(numbers(&app, &w.hall_clerk, "ไข้เลือดออก").await.1, 20);
}
