//! Letter files, the administrator's side: `saraban files verify` and deletion.

use crate::files_support::*;
use crate::first_hop::seed_offices;
use crate::helpers::assert_error;
use crate::helpers::spawn_app;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use saraban::db::models::letter_file;
use serde_json::json;

/// Runs `saraban files verify` against the test's database and store: (exit code, stdout).
fn verify(app: &TestApp) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(["--database-url", &app.test_db.url(), "files", "verify"])
        .env("SARABAN_FILES_DIR", app.files_dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run saraban files verify");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn files_verify_finds_files_altered_or_missing_on_disk() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;
    let (_, a) = upload(&app, &s.opdc_clerk, letter, "a.pdf", pdf(), "main").await;
    let (_, b) = upload(&app, &s.opdc_clerk, letter, "b.png", png(), "enclosure").await;
    let (a_sha, b_sha) = (
        a["sha256"].as_str().expect("sha"),
        b["sha256"].as_str().expect("sha"),
    );

    let (code, out) = verify(&app);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 2 stored files: 0 missing, 0 altered"),
        "{out}"
    );

    let mut altered = pdf();
    altered[10] ^= 0x20;
    std::fs::write(blob_path(&app, a_sha), &altered).expect("alter");
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    let expected = format!("altered  {a_sha} now hashes to {}", sha256(&altered));
    assert!(out.contains(&expected), "{out}");
    assert!(out.contains(&format!("letter files {}", a["id"])), "{out}");

    std::fs::remove_file(blob_path(&app, b_sha)).expect("remove");
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("missing  {b_sha}")), "{out}");
    assert!(out.contains("1 missing, 1 altered"), "{out}");
}

#[tokio::test]
async fn only_an_admin_deletes_and_content_another_letter_uses_stays() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let upstream = issue(&app, s.opdc, &s.opdc_clerk).await;
    let forward = issue(&app, s.opdc, &s.opdc_clerk).await;
    let (_, original) = upload(&app, &s.opdc_clerk, upstream, "a.pdf", pdf(), "main").await;
    let (status, copy) = app
        .post(
            &format!("/api/v1/letters/{forward}/files/attach"),
            &s.opdc_clerk,
            json!({"file_id": original["id"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{copy}");
    let (original_id, copy_id) = (
        original["id"].as_i64().expect("id"),
        copy["id"].as_i64().expect("id"),
    );
    let sha = sha256(&pdf());

    let by_clerk = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/files/{original_id}"),
            Some(&s.opdc_clerk),
            None,
        )
        .await;
    assert_error(&by_clerk, 403, "forbidden");

    let delete = |id: i64| {
        let path = format!("/api/v1/files/{id}");
        let token = app.admin_token.clone();
        let app = &app;
        async move {
            app.send(reqwest::Method::DELETE, &path, Some(&token), None)
                .await
        }
    };
    let (status, gone) = delete(original_id).await;
    assert_eq!(status, StatusCode::OK, "{gone}");
    assert!(blob_path(&app, &sha).exists(), "the forward still uses it");
    let row = app
        .db
        .read_blocking(|c| Ok(letter_file::find(c, original_id)?))
        .expect("read")
        .expect("the row is kept");
    assert!(row.deleted_at.is_some());
    assert!(row.deleted_by.is_some(), "who deleted it is recorded");
    // …and the audit log of the letter's office holds the upload, the attach and the delete.
    let (status, log) = app
        .get(
            &format!("/api/v1/audit?office_id={}&limit=1000", s.opdc),
            &app.admin_token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let file_entries: Vec<(String, i64)> = log["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["target_type"] == "letter_file")
        .map(|e| {
            let target = e["target_id"].as_str().and_then(|t| t.parse().ok());
            (
                e["action"].as_str().unwrap_or_default().to_string(),
                target.unwrap_or(0),
            )
        })
        .collect();
    for wanted in [
        ("file_added".to_string(), original_id),
        ("file_attached".to_string(), copy_id),
        ("file_deleted".to_string(), original_id),
    ] {
        assert!(
            file_entries.contains(&wanted),
            "{wanted:?} in {file_entries:?}"
        );
    }
    let (status, verified) = app.get("/api/v1/audit/verify", &app.admin_token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verified["ok"], true, "{verified}");
    assert_error(
        &app.get(&format!("/api/v1/files/{original_id}"), &s.opdc_clerk)
            .await,
        404,
        "file_not_found",
    );
    let (_, page) = app
        .get(&format!("/api/v1/letters/{upstream}/files"), &s.opdc_clerk)
        .await;
    assert_eq!(page["total"], 0);
    let resp = download(&app, copy_id, &s.opdc_clerk).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "the forward's copy still reads"
    );
    assert_error(&delete(original_id).await, 404, "file_not_found");

    let (status, _) = delete(copy_id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !blob_path(&app, &sha).exists(),
        "no live file uses it any more"
    );
    let (code, out) = verify(&app);
    assert_eq!(code, 0, "removed on purpose is not missing: {out}");

    // The same content uploaded again is stored again.
    let (status, again) = upload(&app, &s.opdc_clerk, upstream, "a.pdf", pdf(), "main").await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert!(blob_path(&app, &sha).exists());
    let resp = download(&app, again["id"].as_i64().expect("id"), &s.opdc_clerk).await;
    assert_eq!(resp.bytes().await.expect("body").to_vec(), pdf());
}
