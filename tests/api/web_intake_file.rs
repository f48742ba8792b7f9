//! The receipt form reads the letter's own file: a real text-layer PDF fills the fields for the
//! clerk to check, and the file is kept and attached when the receipt saves.

use crate::files_support::files_of_saved_receipt;
use crate::first_hop::seed_offices;
use crate::helpers::spawn_app_at;
use crate::web_helpers::{web_user, WebClient};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

const AT: &str = "2026-05-05T10:30:00+07:00";

/// The value of the form's input `name`, as the page rendered it.
fn value_of(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    body.find(&marker)
        .map(|i| &body[i + marker.len()..])
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

fn letter_pdf() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/intake/l13-agri-drought.pdf"
    );
    std::fs::read(path).expect("the evaluation letter")
}

#[tokio::test]
async fn the_receipt_form_fills_itself_from_the_letters_pdf_and_keeps_the_file() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    web_user(&app, "pcb-web", "clerk", Some(s.hall));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("pcb-web").await;
    let form = web.get("/receipts/new").await;
    assert!(form.body.contains("id=\"intake-scan\""), "{}", form.body);

    let read = Form::new()
        .text("csrf_token", csrf.clone())
        .text("delivery_id", "")
        .text("upload_ids", "")
        .text("text", "")
        .part(
            "scan",
            Part::bytes(letter_pdf()).file_name("หนังสือกรมส่งเสริมการเกษตร.pdf"),
        );
    let page = web.post_multipart("/receipts/new/intake", read).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"intake-check\"") || page.body.contains("value=\"กษ"));
    let number = value_of(&page.body, "number");
    assert!(number.contains("กษ ๐๓๐๒/ว ๒๖๙๔"), "number: {number:?}");
    assert_eq!(
        value_of(&page.body, "subject"),
        "มาตรการช่วยเหลือเกษตรกรผู้ประสบภัยแล้ง ปี ๒๕๖๙"
    );
    assert!(value_of(&page.body, "from_name").contains("กรมส่งเสริมการเกษตร"));
    let kept = value_of(&page.body, "upload_ids");
    assert!(!kept.is_empty(), "the file is not kept for the receipt");

    // The clerk checks the fields and saves: the receipt attaches the same file.
    let save = Form::new()
        .text("csrf_token", csrf)
        .text("delivery_id", "")
        .text("upload_ids", kept)
        .text("number", number)
        .text("dated", value_of(&page.body, "dated"))
        .text("subject", value_of(&page.body, "subject"))
        .text("from_name", value_of(&page.body, "from_name"));
    let saved = web.post_multipart("/receipts", save).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let files = files_of_saved_receipt(&app, saved.location.as_deref(), &s.hall_clerk).await;
    assert_eq!(files["total"], 1, "{files}");
    assert_eq!(files["items"][0]["role"], "main");
    assert_eq!(files["items"][0]["file_name"], "หนังสือกรมส่งเสริมการเกษตร.pdf");
}

#[tokio::test]
async fn a_file_that_is_not_a_letter_comes_back_in_thai_and_is_still_kept() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    web_user(&app, "pcb-web", "clerk", Some(s.hall));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("pcb-web").await;
    let damaged = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/intake/damaged.pdf"
    ))
    .expect("damaged pdf");
    let read = Form::new()
        .text("csrf_token", csrf)
        .text("delivery_id", "")
        .text("upload_ids", "")
        .text("text", "")
        .part("scan", Part::bytes(damaged).file_name("เสีย.pdf"));
    let page = web.post_multipart("/receipts/new/intake", read).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("อ่านหนังสือไม่ได้"), "{}", page.body);
    assert!(!page.body.contains("must"), "English on a Thai page");
}
