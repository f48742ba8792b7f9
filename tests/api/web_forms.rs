//! The forms of the pages take dates and times as Thai clerks write them (พ.ศ., Thai digits,
//! month names) and answer every error at once, in Thai, at its field, with the values kept.

use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use crate::web_helpers::web_user;
use crate::web_helpers::Page;
use crate::web_helpers::WebClient;
use reqwest::StatusCode;
use serde_json::json;

/// 1 December 2026, 10:00 in Bangkok.
const NOW: &str = "2026-12-01T10:00:00+07:00";

struct World {
    province: i64,
    district: i64,
    token: String,
}

async fn world(app: &TestApp) -> World {
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": province}))
        .await;
    let token = app.user("province.api", "clerk", Some(province));
    web_user(app, "province.web", "clerk", Some(province));
    World {
        province,
        district,
        token,
    }
}

fn id_at_end(p: &Page) -> i64 {
    p.location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no id in {:?}: {}", p.location, p.body))
}

/// The Thai error shown at a field: the input is marked and points at its message.
fn error_at(body: &str, field: &str) -> String {
    assert!(
        body.contains(&format!("aria-describedby=\"{field}-error")),
        "{field} is not marked: {body}"
    );
    let marker = format!("id=\"{field}-error\">");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no error at {field}: {body}"));
    let text = body[at + marker.len()..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
        "the error at {field} is not Thai: {text}"
    );
    text
}

fn kept(body: &str, field: &str, value: &str) {
    assert!(
        body.contains(&format!("name=\"{field}\" value=\"{value}\"")),
        "{field} lost {value}: {body}"
    );
}

#[tokio::test]
async fn web_receipt_form_takes_thai_dates_and_times() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("province.web").await;
    let form = web.get("/receipts/new").await;
    assert!(!form.body.contains("type=\"date\""), "{}", form.body);
    assert!(!form.body.contains("type=\"time\""), "{}", form.body);

    let page = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ นร ๑๒๐๗/ว ๗๗"),
                ("dated", "๑๗ พ.ย. ๒๕๖๙"),
                ("subject", "ขอเชิญประชุม"),
                ("from_name", "สำนักงาน ก.พ.ร."),
                ("received_on", "18/11/69"),
                ("received_time", "๑๐.๓๐ น."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (_, receipt) = app
        .get(&format!("/api/v1/receipts/{}", id_at_end(&page)), &w.token)
        .await;
    assert_eq!(receipt["received_on"], "2026-11-18", "{receipt}");
    assert_eq!(receipt["received_time"], "10:30", "{receipt}");
    assert_eq!(receipt["org_id"], w.province);
    let (_, letter) = app
        .get(
            &format!("/api/v1/letters/{}", receipt["letter_id"]),
            &w.token,
        )
        .await;
    assert_eq!(letter["dated"], "2026-11-17", "{letter}");

    // The other spellings of the same day and time.
    for (number, dated, on, time) in [
        ("ที่ มท 0001/1", "17/11/2569", "17 พฤศจิกายน 2569", "10:30"),
        ("ที่ มท 0001/2", "2026-11-17", "๑๗/๑๑/๒๕๖๙", "10.30"),
    ] {
        let page = web
            .post(
                "/receipts",
                &[
                    ("csrf_token", &csrf),
                    ("number", number),
                    ("dated", dated),
                    ("subject", "เรื่องทดสอบ"),
                    ("from_name", "กรมการปกครอง"),
                    ("received_on", on),
                    ("received_time", time),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{number}: {}",
            page.body
        );
        let (_, receipt) = app
            .get(&format!("/api/v1/receipts/{}", id_at_end(&page)), &w.token)
            .await;
        assert_eq!(receipt["received_on"], "2026-11-17", "{receipt}");
        assert_eq!(receipt["received_time"], "10:30", "{receipt}");
        let (_, letter) = app
            .get(
                &format!("/api/v1/letters/{}", receipt["letter_id"]),
                &w.token,
            )
            .await;
        assert_eq!(letter["dated"], "2026-11-17", "{letter}");
    }
}

#[tokio::test]
async fn web_receipt_form_answers_every_error_in_thai_at_its_field() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("province.web").await;
    let register = format!("/api/v1/orgs/{}/registers/receipt?year=2569", w.province);

    // One bad date: the Thai error at that field, the other values kept.
    let page = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ นร ๑๒๐๗/ว ๗๗"),
                ("dated", "31/02/2569"),
                ("subject", "ขอเชิญประชุม"),
                ("from_name", "สำนักงาน ก.พ.ร."),
                ("received_on", "๑ ธ.ค. ๒๕๖๙"),
                ("received_time", "๐๙.๑๕ น."),
                ("action", "เสนอผู้ว่าฯ"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = error_at(&page.body, "dated");
    assert!(text.contains("ลงวันที่"), "{text}");
    assert!(page.body.contains("aria-invalid=\"true\""));
    assert!(!page.body.contains("received_on-error"), "{}", page.body);
    kept(&page.body, "number", "ที่ นร ๑๒๐๗/ว ๗๗");
    kept(&page.body, "dated", "31/02/2569");
    kept(&page.body, "subject", "ขอเชิญประชุม");
    kept(&page.body, "from_name", "สำนักงาน ก.พ.ร.");
    kept(&page.body, "received_on", "๑ ธ.ค. ๒๕๖๙");
    kept(&page.body, "received_time", "๐๙.๑๕ น.");
    kept(&page.body, "action", "เสนอผู้ว่าฯ");

    // Two bad fields and an empty one: three errors at once, none in English.
    let page = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ นร ๑๒๐๗/ว ๗๗"),
                ("dated", "17/11/2569"),
                ("subject", ""),
                ("from_name", "สำนักงาน ก.พ.ร."),
                ("received_on", "2 ธ.ค. 2569"),
                ("received_time", "25:99"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_at(&page.body, "received_on").contains("อนาคต"));
    assert!(error_at(&page.body, "received_time").contains("เวลา"));
    assert!(error_at(&page.body, "subject").contains("เรื่อง"));
    assert!(!page.body.contains("dated-error"));
    assert!(!page.body.contains("must not be empty"), "{}", page.body);
    assert!(!page.body.contains("is in the future"), "{}", page.body);
    assert!(page.body.contains("กรุณาแก้ไข ๓ ช่อง"), "{}", page.body);
    kept(&page.body, "dated", "17/11/2569");

    // A พ.ศ. year in ISO shape is still refused (the service's rule), in Thai.
    let page = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ นร ๑๒๐๗/ว ๗๗"),
                ("subject", "ขอเชิญประชุม"),
                ("from_name", "สำนักงาน ก.พ.ร."),
                ("received_on", "2569-11-17"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_at(&page.body, "received_on").contains("ค.ศ."));

    let (_, listed) = app.get(&register, &w.token).await;
    assert_eq!(listed["total"], 0, "refusals use no number: {listed}");

    // A refusal the service finds after the page's checks lands in Thai too: the same letter
    // twice asks for ลงรับซ้ำ.
    let twice = [
        ("csrf_token", csrf.as_str()),
        ("number", "ที่ นร ๑๒๐๗/ว ๗๗"),
        ("dated", "17/11/2569"),
        ("subject", "ขอเชิญประชุม"),
        ("from_name", "สำนักงาน ก.พ.ร."),
    ];
    let first = web.post("/receipts", &twice).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = web.post("/receipts", &twice).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("ลงรับซ้ำ"), "{}", second.body);
    assert!(!second.body.contains("duplicate_receipt"));
}

#[tokio::test]
async fn web_new_letter_form_takes_thai_dates_and_answers_errors_at_their_fields() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("province.web").await;
    let to = w.district.to_string();
    let form = web.get("/letters/new").await;
    assert!(!form.body.contains("type=\"date\""), "{}", form.body);

    let made = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("subject", "ขอเชิญประชุมประจำเดือน"),
                ("addressee", "นายอำเภอหนึ่ง"),
                ("dated", "๑๗ พ.ย. ๒๕๖๙"),
                ("due_date", "30/12/69"),
                ("to", &to),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let (_, letter) = app
        .get(&format!("/api/v1/letters/{}", id_at_end(&made)), &w.token)
        .await;
    assert_eq!(letter["dated"], "2026-11-17", "{letter}");
    assert_eq!(letter["due_date"], "2026-12-30", "{letter}");

    let made = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("subject", "หนังสือฉบับที่สอง"),
                ("addressee", "นายอำเภอหนึ่ง"),
                ("dated", "17 พฤศจิกายน 2569"),
                ("due_date", "2026-12-30"),
                ("to", &to),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let (_, letter) = app
        .get(&format!("/api/v1/letters/{}", id_at_end(&made)), &w.token)
        .await;
    assert_eq!(letter["dated"], "2026-11-17", "{letter}");
    assert_eq!(letter["due_date"], "2026-12-30", "{letter}");

    // One bad date: its error, the rest kept.
    let bad = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("subject", "ขอเชิญประชุม"),
                ("addressee", "นายอำเภอหนึ่ง"),
                ("dated", "พรุ่งนี้"),
                ("to", &to),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_at(&bad.body, "dated").contains("ลงวันที่"));
    kept(&bad.body, "subject", "ขอเชิญประชุม");
    kept(&bad.body, "addressee", "นายอำเภอหนึ่ง");
    kept(&bad.body, "dated", "พรุ่งนี้");
    assert!(
        bad.body.contains(&format!("value=\"{to}\" checked")),
        "{}",
        bad.body
    );

    // Two bad fields at once.
    let bad = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("subject", "ขอเชิญประชุม"),
                ("addressee", ""),
                ("dated", "17/11/2569"),
                ("due_date", "1/1/2575"),
                ("to", &to),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_at(&bad.body, "addressee").contains("เรียน"));
    assert!(error_at(&bad.body, "due_date").contains("สองปี"));
    assert!(!bad.body.contains("dated-error"));
    kept(&bad.body, "dated", "17/11/2569");
    kept(&bad.body, "due_date", "1/1/2575");

    let (_, sent) = app
        .get(
            &format!("/api/v1/orgs/{}/registers/dispatch?year=2569", w.province),
            &w.token,
        )
        .await;
    assert_eq!(sent["total"], 2, "refusals use no number: {sent}");
}

/// A letter from outside keeps its ถึง, ชั้นความเร็ว and ชั้นความลับ, typed on the form or sent
/// to the API; an unknown value is refused at its field.
#[tokio::test]
async fn a_letter_from_outside_keeps_its_addressee_urgency_and_secrecy() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("province.web").await;
    let page = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ มท ๐๘๑๐.๕/ว ๑๒"),
                ("dated", "๒๕ พ.ย. ๒๕๖๙"),
                ("subject", "การเตรียมความพร้อมรับมืออุทกภัย"),
                ("from_name", "กรมส่งเสริมการปกครองท้องถิ่น"),
                ("addressee", "ผู้ว่าราชการจังหวัด"),
                ("urgency", "most_urgent"),
                ("secrecy", "confidential"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (_, receipt) = app
        .get(&format!("/api/v1/receipts/{}", id_at_end(&page)), &w.token)
        .await;
    let (_, letter) = app
        .get(
            &format!("/api/v1/letters/{}", receipt["letter_id"]),
            &w.token,
        )
        .await;
    assert_eq!(
        (&letter["addressee"], &letter["urgency"], &letter["secrecy"]),
        (
            &json!("ผู้ว่าราชการจังหวัด"),
            &json!("most_urgent"),
            &json!("confidential")
        ),
        "{letter}"
    );
    let bad = web
        .post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("number", "ที่ มท ๐๘๑๐.๕/ว ๑๓"),
                ("dated", "๒๕ พ.ย. ๒๕๖๙"),
                ("subject", "ก"),
                ("from_name", "ข"),
                ("urgency", "very_very_urgent"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    error_at(&bad.body, "urgency");
    let (status, api) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", w.province),
            &w.token,
            json!({"letter": {"number": "ที่ มท 0810.5/ว 14", "dated": "2026-11-25",
                "subject": "ค", "from_name": "ง", "addressee": "นายอำเภอ",
                "urgency": "urgent", "secrecy": "normal"}}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{api}");
    let (_, letter) = app
        .get(&format!("/api/v1/letters/{}", api["letter_id"]), &w.token)
        .await;
    assert_eq!(
        (&letter["addressee"], &letter["urgency"]),
        (&json!("นายอำเภอ"), &json!("urgent"))
    );
    let (status, refused) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", w.province),
            &w.token,
            json!({"letter": {"number": "ที่ มท 0810.5/ว 15", "dated": "2026-11-25",
                "subject": "ค", "from_name": "ง", "secrecy": "very_secret"}}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), &refused["error"]),
        (422, &json!("invalid_secrecy"))
    );
}
