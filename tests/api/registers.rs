//! The receipt and dispatch registers of the seed chain, as JSON and as CSV read as text.

use crate::chain::build;

use crate::chain::ok;

use crate::chain::NOW;

use crate::chain::SUBJECT;
use crate::helpers::assert_error;
use crate::helpers::spawn_app_at;

#[tokio::test]
async fn registers_list_the_seed_numbers() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let reg = ok(
        &app,
        &format!(
            "/api/v1/orgs/{}/registers/receipt?year=2569",
            c.districts[0]
        ),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(reg["org_id"], c.districts[0]);
    assert_eq!(reg["register"], "receipt");
    assert_eq!(reg["year_be"], 2569);
    assert_eq!(reg["total"], 1);
    let row = &reg["items"][0];
    assert_eq!(row["number"], 3654);
    assert_eq!(row["series"], "circular");
    assert_eq!(row["registered_on"], "2026-05-08");
    assert_eq!(row["letter_number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(row["letter_date"], "2026-05-07");
    assert_eq!(row["from"], "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด");
    assert_eq!(row["to"], "นายอำเภอทุกอำเภอ");
    assert_eq!(row["subject"], SUBJECT);
    assert_eq!(row["status"], "active");
    assert!(row["receipt_id"].as_i64().is_some());
    let none = ok(
        &app,
        &format!(
            "/api/v1/orgs/{}/registers/receipt?year=2569&series=ordinary",
            c.districts[0]
        ),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(none["total"], 0);

    // The hall's clerks read their units' registers too.
    let po = ok(
        &app,
        &format!("/api/v1/orgs/{}/registers/receipt?year=2569", c.po),
        &c.hall_clerk,
    )
    .await;
    assert_eq!(po["items"][0]["number"], 2197);
    assert_eq!(
        po["items"][0]["action"],
        "ส่ง กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"
    );

    let out = ok(
        &app,
        &format!("/api/v1/orgs/{}/registers/dispatch?year=2569", c.strat),
        &c.strat_clerk,
    )
    .await;
    assert_eq!(out["register"], "dispatch");
    let row = &out["items"][0];
    assert_eq!(
        (row["number"].as_i64(), row["series"].as_str()),
        (Some(2323), Some("circular"))
    );
    assert_eq!(row["letter_number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(row["registered_on"], "2026-05-07");
    assert_eq!(row["letter_id"], c.l2);
    assert_eq!(
        row["action"],
        "ส่ง องค์การบริหารส่วนจังหวัดปราจีนบุรี, เทศบาลเมืองปราจีนบุรี, เทศบาลเมืองหนองกิ้ง และอีก 7 หน่วยงาน"
    );

    // A letter registered twice keeps both rows; the second says which number it repeats.
    let again = crate::chain::created(&app, &format!("/api/v1/orgs/{}/receipts", c.hall), &c.hall_clerk,
        serde_json::json!({"letter_id": c.l1, "received_on": "2026-05-06", "allow_duplicate": true})).await;
    assert_eq!(again["number"], 4721);
    let hall = ok(
        &app,
        &format!(
            "/api/v1/orgs/{}/registers/receipt?year=2569&limit=1",
            c.hall
        ),
        &c.hall_clerk,
    )
    .await;
    assert_eq!(hall["total"], 2);
    let cursor = hall["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_string();
    let page2 = ok(
        &app,
        &format!(
            "/api/v1/orgs/{}/registers/receipt?year=2569&limit=1&cursor={cursor}",
            c.hall
        ),
        &c.hall_clerk,
    )
    .await;
    assert_eq!(page2["items"][0]["number"], 4721);
    assert_eq!(page2["items"][0]["remarks"], "ซ้ำกับเลขรับ 4720");
    assert_eq!(page2["next_cursor"], serde_json::Value::Null);

    let base = format!("/api/v1/orgs/{}/registers/receipt", c.hall);
    assert_error(
        &app.get(&format!("{base}?year=69"), &c.hall_clerk).await,
        422,
        "invalid_year",
    );
    assert_error(
        &app.get(&format!("{base}?format=xml"), &c.hall_clerk).await,
        422,
        "invalid_format",
    );
    assert_error(
        &app.get(&format!("{base}?series=secret"), &c.hall_clerk)
            .await,
        422,
        "invalid_series",
    );
    assert_error(
        &app.get(&format!("{base}?digits=roman&format=csv"), &c.hall_clerk)
            .await,
        422,
        "invalid_digits",
    );
    assert_error(&app.get(&base, &c.mueang_clerk).await, 403, "forbidden");
}

#[tokio::test]
async fn the_csv_register_opens_as_thai_text() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let path = format!(
        "/api/v1/orgs/{}/registers/receipt?year=2569&format=csv",
        c.hall
    );
    let (status, text) = app.get_text(&path, Some(&c.hall_clerk)).await;
    assert_eq!(status.as_u16(), 200);
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM first");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "เลขทะเบียนรับ,วันที่,ที่,ลงวันที่,จาก,ถึง,เรื่อง,การปฏิบัติ,หมายเหตุ"
    );
    assert_eq!(
        lines[1],
        format!("4720,5 พ.ค. 2569,นร 1207/509,30 เม.ย. 2569,สำนักงาน ก.พ.ร.,ผู้ว่าราชการจังหวัดปราจีนบุรี,{SUBJECT},ส่ง สำนักงานจังหวัดปราจีนบุรี,")
    );
    assert_eq!(lines[2], "", "every line ends with CRLF");
    assert_eq!(lines.len(), 3);
    assert!(
        !text
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "")
            .contains('\n'),
        "no bare LF"
    );

    let (_, thai) = app
        .get_text(&format!("{path}&digits=thai"), Some(&c.hall_clerk))
        .await;
    let row = thai.split("\r\n").nth(1).expect("row");
    assert!(
        row.starts_with("๔๗๒๐,๕ พ.ค. ๒๕๖๙,นร ๑๒๐๗/๕๐๙,๓๐ เม.ย. ๒๕๖๙,"),
        "{row}"
    );

    let out = format!(
        "/api/v1/orgs/{}/registers/dispatch?year=2569&format=csv",
        c.strat
    );
    let (_, text) = app.get_text(&out, Some(&c.strat_clerk)).await;
    let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(
        lines.next(),
        Some("เลขทะเบียนส่ง,วันที่,ที่,ลงวันที่,จาก,ถึง,เรื่อง,การปฏิบัติ,หมายเหตุ")
    );
    assert!(lines
        .next()
        .is_some_and(|l| l.starts_with("2323,7 พ.ค. 2569,ปจ 0017.2/ว 2323,7 พ.ค. 2569,")));
}
