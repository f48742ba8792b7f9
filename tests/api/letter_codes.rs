//! Office letter codes checked against the letter-number grammar: complete ones issue,
//! incomplete ones are kept and marked but cannot issue, anything else is refused.

use crate::helpers::{assert_error, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Write;
use std::process::Command;

#[tokio::test]
async fn an_incomplete_code_is_kept_marked_and_cannot_issue_until_completed() {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let (_, view) = app
        .get(&format!("/api/v1/orgs/{hall}"), &app.admin_token)
        .await;
    assert_eq!(view["letter_code"], "ปจ");
    assert_eq!(view["letter_code_complete"], false);

    let clerk = app.user("hall-clerk", "clerk", Some(hall));
    let letter = json!({"subject": "ทดสอบ", "addressee": "ทุกอำเภอ", "circular": true});
    let path = format!("/api/v1/orgs/{hall}/letters");
    let refused = app.post(&path, &clerk, letter.clone()).await;
    assert_error(&refused, 409, "letter_code_missing");
    let message = refused.1["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("เลขประจำส่วนราชการ") && message.contains("\"ปจ\""),
        "says what to set and what is set: {message}"
    );

    let (status, changed) = app
        .patch(
            &format!("/api/v1/orgs/{hall}"),
            &app.admin_token,
            json!({"letter_code": "ปจ ๐๐๑๗.๑"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["letter_code"], "ปจ 0017.1");
    assert_eq!(changed["letter_code_complete"], true);
    let (status, issued) = app.post(&path, &clerk, letter).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert_eq!(issued["number_canonical"], "ปจ 0017.1/ว 1");
}

#[tokio::test]
async fn codes_outside_the_grammar_are_refused_on_create_and_patch() {
    let app = spawn_app().await;
    for bad in ["ปจ 0017/2", "hello", "ABC-12", "17", "ด่วน ปจ 0017"] {
        let r = app
            .post(
                "/api/v1/orgs",
                &app.admin_token,
                json!({"name": "หน่วยงาน", "kind": "unit", "letter_code": bad}),
            )
            .await;
        assert_error(&r, 422, "invalid_letter_code");
    }
    let office = app
        .org(json!({"name": "หน่วยงาน", "kind": "unit", "letter_code": "0017.2"}))
        .await;
    let (_, view) = app
        .get(&format!("/api/v1/orgs/{office}"), &app.admin_token)
        .await;
    assert_eq!(
        view["letter_code_complete"], false,
        "owner number without code"
    );
    let r = app
        .patch(
            &format!("/api/v1/orgs/{office}"),
            &app.admin_token,
            json!({"letter_code": "ปจ/1"}),
        )
        .await;
    assert_error(&r, 422, "invalid_letter_code");
}

#[tokio::test]
async fn the_directory_import_refuses_a_bad_code_and_counts_incomplete_ones() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("orgs.csv");
    let import = |text: &str| {
        std::fs::File::create(&file)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("csv");
        Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args(["--database-url", &app.test_db.url(), "orgs", "import"])
            .arg(&file)
            .output()
            .expect("run import")
    };
    let bad = import("code,name,kind,parent_code,letter_code,email\nD1,ก,district,,ปจ 0118,\nD2,ข,district,,xyz,\n");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 3"));
    let ok = import("code,name,kind,parent_code,letter_code,email\nD1,ก,district,,ปจ 0118,\nD2,ข,district,,ปจ,\nD3,ค,district,,,\n");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("2 offices need a letter code"),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}
