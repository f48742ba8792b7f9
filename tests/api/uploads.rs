//! Files uploaded before their receipt: `POST /api/v1/uploads`, the receipt's `upload_ids`,
//! and the worker's sweep after 24 hours.

use crate::files_support::{
    blob_path, dispatch, files_of_saved_receipt, issue, pdf, png, sha256, stored_blobs,
};
use crate::first_hop::seed_offices;
use crate::helpers::{assert_error, instant, spawn_app_at, Reply, TestApp};
use reqwest::StatusCode;
use saraban::adapters::store::BlobStore;
use serde_json::{json, Value};

const AT: &str = "2026-05-05T10:30:00+07:00";

async fn upload_ahead(
    app: &TestApp,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
    role: Option<&str>,
) -> Reply {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    if let Some(r) = role {
        form = form.text("role", r.to_string());
    }
    let resp = app
        .client
        .post(format!("{}/api/v1/uploads", app.address))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload sent");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn sweep(app: &TestApp) -> usize {
    let store = BlobStore::new(app.files_dir.path());
    saraban::worker::uploads::sweep(&app.db, &store, app.clock.now())
        .await
        .expect("sweep")
}

#[tokio::test]
async fn an_upload_waits_for_its_receipt_and_joins_the_letter() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    app.set_series(s.hall, "receipt", 2569, 4720).await;
    let (status, up) = upload_ahead(&app, &s.hall_clerk, "ฉบับรับ.pdf", pdf(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    assert_eq!(up["sha256"], sha256(&pdf()));
    assert_eq!(up["size"], pdf().len());
    assert_eq!(up["name"], "ฉบับรับ.pdf");
    assert_eq!(up["content_type"], "application/pdf");
    assert_eq!(up["role"], "main");
    assert_eq!(up["expires_at"], "2026-05-06T03:30:00Z");
    assert!(blob_path(&app, &sha256(&pdf())).exists(), "stored at once");
    let (_, enclosure) =
        upload_ahead(&app, &s.hall_clerk, "แนบ.png", png(), Some("enclosure")).await;
    let ids = [up["upload_id"].clone(), enclosure["upload_id"].clone()];

    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;
    dispatch(&app, letter, s.opdc, &[s.hall], &s.opdc_clerk).await;
    let (status, r) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"letter_id": letter, "upload_ids": ids}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let (_, files) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &s.hall_clerk)
        .await;
    let items = files["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{files}");
    assert_eq!(items[0]["role"], "main");
    assert_eq!(items[0]["file_name"], "ฉบับรับ.pdf");
    assert_eq!(items[1]["role"], "enclosure");

    // Attached uploads are not swept, even a day later.
    app.clock.set(instant("2026-05-07T10:30:00+07:00"));
    assert_eq!(sweep(&app).await, 0);
    assert!(blob_path(&app, &sha256(&pdf())).exists());
    // An attached upload cannot be attached twice.
    let (status, again) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"letter_id": letter, "allow_duplicate": true, "upload_ids": [ids[0].clone()]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{again}");
}

#[tokio::test]
async fn another_users_upload_cannot_be_attached_and_the_receipt_uses_no_number() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    app.set_series(s.hall, "receipt", 2569, 4720).await;
    let other_clerk = app.user("pcb-clerk-2", "clerk", Some(s.hall));
    let (_, up) = upload_ahead(&app, &other_clerk, "x.pdf", pdf(), None).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;
    dispatch(&app, letter, s.opdc, &[s.hall], &s.opdc_clerk).await;
    let reply = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"letter_id": letter, "upload_ids": [up["upload_id"]]}),
        )
        .await;
    assert_error(&reply, 404, "upload_not_found");
    let reply = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"letter_id": letter, "upload_ids": [999999]}),
        )
        .await;
    assert_error(&reply, 404, "upload_not_found");
    // Nothing was saved: no file on the letter, and the next receipt still gets ๔๗๒๐.
    let (_, files) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &s.hall_clerk)
        .await;
    assert_eq!(files["total"], 0, "{files}");
    let (status, r) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &other_clerk,
            json!({"letter_id": letter, "upload_ids": [up["upload_id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["number"], 4720);

    // Viewers record no receipts, so they upload nothing either.
    let viewer = app.user("pcb-viewer", "viewer", Some(s.hall));
    let reply = upload_ahead(&app, &viewer, "x.pdf", pdf(), None).await;
    assert_error(&reply, 403, "forbidden");
    let reply = upload_ahead(&app, &s.hall_clerk, "x.pdf", pdf(), Some("cover")).await;
    assert_error(&reply, 422, "invalid_role");
    let reply = upload_ahead(&app, &s.hall_clerk, "x.pdf", b"MZ\x90\0".to_vec(), None).await;
    assert_error(&reply, 422, "invalid_file");
}

#[tokio::test]
async fn an_upload_never_attached_is_removed_after_24_hours() {
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    let (_, lonely) = upload_ahead(&app, &s.hall_clerk, "lonely.png", png(), None).await;
    // The same content also waits as another upload and is a letter's file: it stays on disk.
    let (_, shared) = upload_ahead(&app, &s.hall_clerk, "a.pdf", pdf(), None).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;
    let (status, _) =
        crate::files_support::upload(&app, &s.opdc_clerk, letter, "a.pdf", pdf(), "main").await;
    assert_eq!(status, StatusCode::CREATED);

    app.clock.set(instant("2026-05-06T10:29:00+07:00"));
    assert_eq!(sweep(&app).await, 0, "nothing expires before 24 hours");
    assert!(blob_path(&app, &sha256(&png())).exists());

    app.clock.set(instant("2026-05-06T10:31:00+07:00"));
    assert_eq!(sweep(&app).await, 2);
    assert!(
        !blob_path(&app, &sha256(&png())).exists(),
        "unused content removed"
    );
    assert!(
        blob_path(&app, &sha256(&pdf())).exists(),
        "a letter's file keeps its content"
    );
    assert_eq!(stored_blobs(&app), vec![sha256(&pdf())]);

    // Expired uploads can no longer be attached.
    dispatch(&app, letter, s.opdc, &[s.hall], &s.opdc_clerk).await;
    for up in [&lonely, &shared] {
        let reply = app
            .post(
                &format!("/api/v1/orgs/{}/receipts", s.hall),
                &s.hall_clerk,
                json!({"letter_id": letter, "upload_ids": [up["upload_id"]]}),
            )
            .await;
        assert_error(&reply, 404, "upload_not_found");
    }
}

/// The receipt form posts the scan with the fields; a form sent back for a correction keeps
/// the stored scan (its upload id), and the saved receipt attaches it to the letter.
#[tokio::test]
async fn the_receipt_form_keeps_the_scan_until_the_receipt_saves() {
    use crate::web_helpers::{web_user, WebClient};
    let app = spawn_app_at(AT).await;
    let s = seed_offices(&app).await;
    web_user(&app, "pcb-web", "clerk", Some(s.hall));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("pcb-web").await;
    let form = web.get("/receipts/new").await;
    assert!(
        form.body.contains("enctype=\"multipart/form-data\""),
        "{}",
        form.body
    );
    let fields = |subject: &str, upload_ids: &str| {
        reqwest::multipart::Form::new()
            .text("csrf_token", csrf.clone())
            .text("delivery_id", "")
            .text("upload_ids", upload_ids.to_string())
            .text("number", "ที่ นร ๑๒๐๗/ว ๗๗")
            .text("dated", "๑ พ.ค. ๒๕๖๙")
            .text("subject", subject.to_string())
            .text("from_name", "สำนักงาน ก.พ.ร.")
    };
    // No subject: the form comes back, the scan already stored and carried by id.
    let with_scan = fields("", "").part(
        "scan",
        reqwest::multipart::Part::bytes(pdf()).file_name("สแกน.pdf"),
    );
    let page = web.post_multipart("/receipts", with_scan).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"scan-kept\""), "{}", page.body);
    let marker = "name=\"upload_ids\" value=\"";
    let kept: String = page.body[page.body.find(marker).expect("upload_ids") + marker.len()..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(!kept.is_empty(), "no upload id kept");
    assert!(blob_path(&app, &sha256(&pdf())).exists());

    let page = web
        .post_multipart("/receipts", fields("ขอเชิญประชุม", &kept))
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let files = files_of_saved_receipt(&app, page.location.as_deref(), &s.hall_clerk).await;
    assert_eq!(files["total"], 1, "{files}");
    assert_eq!(files["items"][0]["file_name"], "สแกน.pdf");
    assert_eq!(files["items"][0]["role"], "main");
}
