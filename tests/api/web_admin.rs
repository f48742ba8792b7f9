//! The administrator's page of offices still to complete, a deadline typed as working days on
//! the new-letter page, and the receipt stamp page's time and print layout.

use crate::helpers::spawn_app_at;
use crate::web_helpers::{web_user, WebClient, PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn web_admins_see_the_offices_without_email_phone_or_a_complete_letter_code() {
    let app = spawn_app_at("2026-12-01T03:00:00Z").await;
    let hall = app
        .org(
            json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017.1",
                    "email": "saraban@prachinburi.go.th", "phone": "0 3745 4001"}),
        )
        .await;
    app.org(json!({"name": "ที่ว่าการอำเภอนาดี", "kind": "district", "parent_id": hall, "letter_code": "ปจ"}))
        .await;
    app.org(
        json!({"name": "องค์การบริหารส่วนตำบลบ่อทอง", "kind": "local_body", "parent_id": hall,
                   "email": "saraban@botong.go.th"}),
    )
    .await;
    web_user(&app, "admin.web", "admin", None);
    web_user(&app, "clerk.web", "clerk", Some(hall));

    // An administrator without an office has no inbox: signing in lands on the offices.
    let mut admin = WebClient::new(&app);
    let landed = admin.try_sign_in("admin.web", PASSWORD).await;
    assert_eq!(landed.location.as_deref(), Some("/admin/offices"));
    assert_eq!(
        admin.get("/").await.location.as_deref(),
        Some("/admin/offices")
    );
    let page = admin.get("/admin/offices?missing=email").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("หน่วยงานที่ยังไม่มีอีเมล"));
    assert!(page.body.contains("ที่ว่าการอำเภอนาดี"));
    assert!(!page.body.contains("บ่อทอง"), "has an address");
    assert!(
        !page.body.contains("ศาลากลางจังหวัดปราจีนบุรี</td>"),
        "has an address"
    );
    assert!(page.body.contains("ทั้งหมด ๑ หน่วยงาน"), "{}", page.body);
    assert!(page
        .body
        .contains("href=\"/admin/offices?missing=email\" aria-current=\"page\""));

    let codes = admin.get("/admin/offices?missing=letter_code").await;
    assert!(codes.body.contains("ที่ว่าการอำเภอนาดี") && codes.body.contains("(ไม่ครบ)"));
    assert!(codes.body.contains("บ่อทอง") && codes.body.contains("ยังไม่ได้ตั้ง"));
    assert!(codes.body.contains("ทั้งหมด ๒ หน่วยงาน"), "{}", codes.body);
    let phones = admin.get("/admin/offices?missing=phone").await;
    assert!(phones.body.contains("ทั้งหมด ๒ หน่วยงาน"), "{}", phones.body);

    let bad = admin.get("/admin/offices?missing=fax").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("lang=\"th\""));
    // The detail is Thai too: the API's English message never reaches a page.
    assert!(bad.body.contains("ไม่ถูกต้อง"), "{}", bad.body);
    assert!(!bad.body.contains("must"), "{}", bad.body);

    let mut clerk = WebClient::new(&app);
    clerk.sign_in("clerk.web").await;
    let refused = clerk.get("/admin/offices?missing=email").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("ไม่มีสิทธิ์เข้าถึง"), "{}", refused.body);
    let inbox = clerk.get("/inbox").await;
    assert!(
        !inbox.body.contains("/admin/offices"),
        "the menu shows it to admins only"
    );
}

#[tokio::test]
async fn web_a_deadline_typed_in_working_days_is_counted_from_the_letter_date() {
    let app = spawn_app_at("2026-04-01T03:00:00Z").await;
    for date in ["2026-04-13", "2026-04-14", "2026-04-15"] {
        let (status, v) = app
            .post(
                "/api/v1/holidays",
                &app.admin_token,
                json!({"date": date, "name": "วันสงกรานต์"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
    }
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": province, "letter_code": "ปจ 0118"}))
        .await;
    let token = app.user("province.api", "clerk", Some(province));
    web_user(&app, "province.web", "clerk", Some(province));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("province.web").await;
    let to = district.to_string();
    let made = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", csrf.as_str()),
                ("subject", "ขอให้รายงานผล"),
                ("addressee", "นายอำเภอหนึ่ง"),
                ("dated", "๑๐ เม.ย. ๒๕๖๙"),
                ("due_date", "๕ วันทำการ"),
                ("to", &to),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id = made
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse::<i64>().ok())
        .expect("letter id");
    let (_, letter) = app.get(&format!("/api/v1/letters/{id}"), &token).await;
    assert_eq!(letter["due_date"], "2026-04-22", "{letter}");
}

#[tokio::test]
async fn web_the_stamp_page_states_a_missing_time_and_prints_the_stamp_top_right() {
    let app = spawn_app_at("2026-05-09T03:00:00Z").await;
    let district = app
        .org(
            json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}),
        )
        .await;
    let clerk = app.user("district.api", "clerk", Some(district));
    web_user(&app, "district.web", "clerk", Some(district));
    let receive = |number: &str, time: Option<&str>| {
        json!({"letter": {"number": number, "dated": "2026-05-05", "subject": "ขอเชิญประชุม",
                          "from_name": "จังหวัดปราจีนบุรี"},
               "received_on": "2026-05-08", "received_time": time})
    };
    let path = format!("/api/v1/orgs/{district}/receipts");
    let (_, timed) = app
        .post(&path, &clerk, receive("ปจ 0017.2/ว 1", Some("10:30")))
        .await;
    let (_, untimed) = app
        .post(&path, &clerk, receive("ปจ 0017.2/ว 2", None))
        .await;
    let mut web = WebClient::new(&app);
    web.sign_in("district.web").await;

    let page = web.get(&format!("/receipts/{}", timed["id"])).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("<div id=\"stamp-time\">เวลา ๑๐.๓๐ น.</div>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("ไม่ได้บันทึกเวลารับ"));

    let page = web.get(&format!("/receipts/{}", untimed["id"])).await;
    assert!(page.body.contains("(ไม่ได้บันทึกเวลารับ)"), "{}", page.body);
    assert!(page.body.contains("class=\"card stamp-sheet\""));

    let (_, css) = app.get_text("/static/style.css", None).await;
    let print = css.split("@media print").nth(1).expect("a print block");
    assert!(
        print.contains(".stamp-sheet { position: absolute; top: 0; right: 0;")
            && print.contains("width: 5cm"),
        "the stamp prints top right, 5 cm wide: {print}"
    );
}

#[tokio::test]
async fn web_the_outside_receipt_form_starts_with_the_letter_text_and_marks_unsure_fields() {
    let app = spawn_app_at("2026-05-09T03:00:00Z").await;
    let district = app
        .org(
            json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}),
        )
        .await;
    web_user(&app, "district.web", "clerk", Some(district));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("district.web").await;
    let form = web.get("/receipts/new").await;
    let (intake, fields) = (
        form.body.find("id=\"intake-form\""),
        form.body.find("id=\"receipt-form\""),
    );
    assert!(
        intake.is_some() && intake < fields,
        "the letter's text comes first: {}",
        form.body
    );

    let text = "ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓\nศาลากลางจังหวัดปราจีนบุรี\n๓) พฤษภาคม ๒๕๖๙\n\
                เรื่อง ขอเชิญประชุมประจำเดือน\nเรียน นายอำเภอเมืองปราจีนบุรี\n";
    let read = web
        .post(
            "/receipts/new/intake",
            &[
                ("csrf_token", csrf.as_str()),
                ("text", text),
                ("delivery_id", ""),
            ],
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(
        read.body.contains("value=\"ปจ ๐๐๑๗.๒/ว ๒๓๒๓\""),
        "{}",
        read.body
    );
    assert!(
        read.body.contains("id=\"dated-check\""),
        "the garbled date is marked: {}",
        read.body
    );
    assert!(read.body.contains("aria-describedby=\"dated-check\""));
    assert!(
        !read.body.contains("id=\"number-check\""),
        "a clear number is not marked"
    );
    assert!(read.body.contains("id=\"intake-check\""));
}
