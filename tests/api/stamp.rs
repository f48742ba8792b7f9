//! The receipt stamp drawn on the letter's own file: `GET /api/v1/receipts/{id}/stamped.pdf`.

use crate::files_support::{blob_path, dispatch, issue, sha256, upload};
use crate::first_hop::{seed_offices, Seed};
use crate::helpers::{assert_error, spawn_app_at, spawn_app_configured, TestApp};
use crate::stamp_support::{letter_pdf, page_text, pdf_info, scan_png};
use crate::web_helpers::{web_user, WebClient};
use reqwest::StatusCode;
use saraban::clock::Clock;
use serde_json::json;

const AT: &str = "2026-05-05T10:30:00+07:00";

/// OPDC's letter with `file` as its main file, sent to the hall and received there as ๔๗๒๐.
/// Returns (receipt id, the main file's upload answer).
async fn received_with(
    app: &TestApp,
    s: &Seed,
    file: Option<(&str, Vec<u8>)>,
) -> (i64, serde_json::Value) {
    app.set_series(s.hall, "receipt", 2569, 4720).await;
    let letter = issue(app, s.opdc, &s.opdc_clerk).await;
    let mut uploaded = serde_json::Value::Null;
    if let Some((name, bytes)) = file {
        let (status, f) = upload(app, &s.opdc_clerk, letter, name, bytes, "main").await;
        assert_eq!(status, StatusCode::CREATED, "{f}");
        uploaded = f;
    }
    dispatch(app, letter, s.opdc, &[s.hall], &s.opdc_clerk).await;
    let (status, r) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"letter_id": letter}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["number"], 4720);
    (r["id"].as_i64().expect("receipt id"), uploaded)
}

async fn stamped(app: &TestApp, receipt: i64, token: &str) -> (StatusCode, Vec<u8>, String) {
    let resp = app
        .client
        .get(format!(
            "{}/api/v1/receipts/{receipt}/stamped.pdf",
            app.address
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = resp.status();
    let kind = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, resp.bytes().await.expect("body").to_vec(), kind)
}

#[tokio::test]
async fn the_receipt_stamp_is_drawn_on_page_one_of_the_letters_pdf() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let original = letter_pdf(
        &["Letter from OPDC page one", "Page two stays as it was"],
        None,
        false,
    );
    let (receipt, file) = received_with(&app, &s, Some(("หนังสือ.pdf", original.clone()))).await;

    let (status, first, kind) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&first)
    );
    assert_eq!(kind, "application/pdf");
    assert!(first.starts_with(b"%PDF-"));
    assert_ne!(first, original);

    // The same bytes every time, and one stored copy linked to the receipt.
    let (_, second, _) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(first, second, "the stamped copy changed between requests");
    let (_, view) = app
        .get(&format!("/api/v1/receipts/{receipt}"), &s.hall_clerk)
        .await;
    assert!(view["stamped_file_id"].as_i64().is_some(), "{view}");
    assert!(
        blob_path(&app, &sha256(&first)).exists(),
        "stored by content"
    );

    // The original is untouched.
    let sha = file["sha256"].as_str().expect("sha");
    assert_eq!(sha, sha256(&original));
    let on_disk = std::fs::read(blob_path(&app, sha)).expect("original blob");
    assert_eq!(sha256(&on_disk), sha);

    if let Some(page1) = page_text(&first, 1) {
        assert!(page1.contains("เลขรับที่"), "page 1: {page1}");
        assert!(page1.contains("๔๗๒๐"), "page 1: {page1}");
        assert!(page1.contains("ศาลากลางจังหวัดปราจีนบุรี"), "page 1: {page1}");
        assert!(page1.contains("๕ พ.ค. ๒๕๖๙"), "page 1: {page1}");
        assert!(page1.contains("๑๐.๓๐ น."), "page 1: {page1}");
        assert!(
            page1.contains("Letter from OPDC page one"),
            "page 1: {page1}"
        );
        let page2 = page_text(&first, 2).expect("page 2");
        assert!(
            page2.contains("Page two stays as it was"),
            "page 2: {page2}"
        );
        assert!(!page2.contains("เลขรับที่"), "page 2 was stamped: {page2}");
        let info = pdf_info(&first).expect("pdfinfo");
        assert!(info.contains("Pages:           2"), "{info}");
    }
}

#[tokio::test]
async fn only_the_receipts_office_sees_the_stamped_letter() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let pdf = letter_pdf(&["Letter"], None, false);
    let (receipt, _) = received_with(&app, &s, Some(("a.pdf", pdf))).await;
    let hall_viewer = app.user("pcb-viewer", "viewer", Some(s.hall));
    let chonburi_clerk = app.user("chb-clerk", "clerk", Some(s.chonburi));
    for token in [&hall_viewer, &app.admin_token] {
        let (status, _, _) = stamped(&app, receipt, token).await;
        assert_eq!(status, StatusCode::OK);
    }
    // The sender and another office: the receipt's rule refuses them.
    for token in [&s.opdc_clerk, &chonburi_clerk] {
        let reply = app
            .get(&format!("/api/v1/receipts/{receipt}/stamped.pdf"), token)
            .await;
        assert_error(&reply, 403, "forbidden");
    }
    let reply = app
        .get("/api/v1/receipts/999999/stamped.pdf", &s.hall_clerk)
        .await;
    assert_error(&reply, 404, "receipt_not_found");

    // The receipt's page links to the same copy, for the signed-in clerk.
    web_user(&app, "pcb-web", "clerk", Some(s.hall));
    let mut web = WebClient::new(&app);
    web.sign_in("pcb-web").await;
    let page = web.get(&format!("/receipts/{receipt}")).await;
    let link = format!("/receipts/{receipt}/stamped.pdf");
    assert!(page.body.contains(&link), "{}", page.body);
    let (status, bytes) = web.get_bytes(&link).await;
    assert_eq!(status, StatusCode::OK);
    let (_, api, _) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(bytes, api);
}

#[tokio::test]
async fn a_letter_without_a_main_scan_has_nothing_to_stamp() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let (receipt, _) = received_with(&app, &s, None).await;
    let reply = app
        .get(
            &format!("/api/v1/receipts/{receipt}/stamped.pdf"),
            &s.hall_clerk,
        )
        .await;
    assert_error(&reply, 409, "no_stampable_file");
    let (_, view) = app
        .get(&format!("/api/v1/receipts/{receipt}"), &s.hall_clerk)
        .await;
    assert!(view["stamped_file_id"].is_null(), "{view}");
}

#[tokio::test]
async fn a_scanned_png_becomes_an_a4_page_with_the_stamp() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let (receipt, _) = received_with(&app, &s, Some(("scan.png", scan_png(620, 877)))).await;
    let (status, pdf, kind) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    let (_, again, _) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(pdf, again);
    if let Some(text) = page_text(&pdf, 1) {
        assert!(text.contains("เลขรับที่ ๔๗๒๐"), "{text}");
        let info = pdf_info(&pdf).expect("pdfinfo");
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("595.28 x 841.89"), "{info}");
    }
}

#[tokio::test]
async fn damaged_encrypted_and_cancelled_are_refused_without_a_5xx() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let damaged = b"%PDF-1.4\nthis is not really a PDF at all\n%%EOF\n".to_vec();
    let (receipt, _) = received_with(&app, &s, Some(("bad.pdf", damaged))).await;
    let reply = app
        .get(
            &format!("/api/v1/receipts/{receipt}/stamped.pdf"),
            &s.hall_clerk,
        )
        .await;
    assert_error(&reply, 422, "unreadable_file");

    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let locked = letter_pdf(&["Secret"], None, true);
    let (receipt, _) = received_with(&app, &s, Some(("locked.pdf", locked))).await;
    let reply = app
        .get(
            &format!("/api/v1/receipts/{receipt}/stamped.pdf"),
            &s.hall_clerk,
        )
        .await;
    assert_error(&reply, 422, "encrypted_pdf");

    let (status, body) = app
        .post(
            &format!("/api/v1/receipts/{receipt}/cancel"),
            &s.hall_clerk,
            json!({"reason": "ลงรับผิดฉบับ"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reply = app
        .get(
            &format!("/api/v1/receipts/{receipt}/stamped.pdf"),
            &s.hall_clerk,
        )
        .await;
    assert_error(&reply, 409, "receipt_cancelled");
}

#[tokio::test]
async fn a_rotated_first_page_gets_the_stamp_too() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let pdf = letter_pdf(&["Landscape letter"], Some(90), false);
    let (receipt, _) = received_with(&app, &s, Some(("r.pdf", pdf))).await;
    let (status, out, _) = stamped(&app, receipt, &s.hall_clerk).await;
    assert_eq!(status, StatusCode::OK);
    if let Some(text) = page_text(&out, 1) {
        assert!(text.contains("เลขรับที่"), "{text}");
        assert!(text.contains("Landscape letter"), "{text}");
    }
}

#[tokio::test]
async fn without_the_stamp_font_the_answer_is_503_stamp_font_missing() {
    let at = crate::helpers::instant(AT);
    let app = spawn_app_configured(Clock::fixed(at), |s| {
        s.stamp_font = "/nonexistent/Laksaman.ttf".into();
    })
    .await;
    let s = seed_offices(&app).await;
    let (receipt, _) =
        received_with(&app, &s, Some(("a.pdf", letter_pdf(&["x"], None, false)))).await;
    let reply = app
        .get(
            &format!("/api/v1/receipts/{receipt}/stamped.pdf"),
            &s.hall_clerk,
        )
        .await;
    assert_error(&reply, 503, "stamp_font_missing");
}
