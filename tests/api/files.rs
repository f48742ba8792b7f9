//! Letter files: upload, content checks, limits, deduplication, download rights, attaching
//! upstream files, `files verify` and deletion.

use crate::files_support::*;
use crate::first_hop::seed_offices;
use crate::helpers::assert_error;
use crate::helpers::spawn_app;
use crate::helpers::spawn_app_configured;
use reqwest::StatusCode;
use saraban::clock::Clock;
use serde_json::json;

#[tokio::test]
async fn clerk_uploads_the_letter_and_enclosures_of_every_accepted_kind() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;

    let kinds = [
        ("หนังสือ นร ๑๒๐๗-๕๐๙.pdf", pdf(), "main", "application/pdf"),
        ("แผนที่.png", png(), "enclosure", "image/png"),
        ("photo.jpg", jpeg(), "enclosure", "image/jpeg"),
        ("แบบตอบรับ.docx", docx(), "enclosure", DOCX),
        ("รายชื่อ.xlsx", xlsx(), "enclosure", XLSX),
    ];
    for (name, bytes, role, media_type) in kinds {
        let (status, file) = upload(&app, &s.opdc_clerk, letter, name, bytes.clone(), role).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {file}");
        assert_eq!(file["letter_id"], letter);
        assert_eq!(file["role"], role);
        assert_eq!(file["file_name"], name, "Thai names are kept");
        assert_eq!(file["media_type"], media_type, "{name}");
        assert_eq!(file["size"], bytes.len());
        assert_eq!(file["sha256"], sha256(&bytes));
        assert!(blob_path(&app, &sha256(&bytes)).exists(), "{name} on disk");
    }
    let (status, page) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &s.opdc_clerk)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 5);
    assert_eq!(page["items"][0]["role"], "main");
    let (_, first) = app
        .get(
            &format!("/api/v1/letters/{letter}/files?limit=2"),
            &s.opdc_clerk,
        )
        .await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let cursor = first["next_cursor"].as_str().expect("cursor").to_string();
    let (_, rest) = app
        .get(
            &format!("/api/v1/letters/{letter}/files?cursor={cursor}"),
            &s.opdc_clerk,
        )
        .await;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(3));

    let (_, doc) = app.get("/api/openapi.json", &s.opdc_clerk).await;
    for path in [
        "/api/v1/letters/{id}/files",
        "/api/v1/letters/{id}/files/attach",
        "/api/v1/files/{id}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn an_executable_named_pdf_is_refused_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;

    let reply = upload(&app, &s.opdc_clerk, letter, "หนังสือ.pdf", elf(), "main").await;
    assert_error(&reply, 422, "invalid_file");
    let zip = zip_of(&[("readme.txt", b"hello")]);
    let reply = upload(&app, &s.opdc_clerk, letter, "ตาราง.xlsx", zip, "main").await;
    assert_error(&reply, 422, "invalid_file");
    let reply = upload(&app, &s.opdc_clerk, letter, "a.pdf", pdf(), "cover").await;
    assert_error(&reply, 422, "invalid_role");
    let reply = upload(&app, &s.opdc_clerk, letter, "a.pdf", Vec::new(), "main").await;
    assert_error(&reply, 422, "invalid_file");

    assert_store_empty(&app).await;
    let (_, page) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &s.opdc_clerk)
        .await;
    assert_eq!(page["total"], 0, "no row either: {page}");
}

#[tokio::test]
async fn a_file_over_the_size_limit_is_refused_with_413() {
    let app = spawn_app_configured(Clock::System, |settings| settings.max_file_bytes = 1024).await;
    let s = seed_offices(&app).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;

    let reply = upload(
        &app,
        &s.opdc_clerk,
        letter,
        "big.pdf",
        pdf_of_size(1025),
        "main",
    )
    .await;
    assert_error(&reply, 413, "payload_too_large");
    assert_store_empty(&app).await;

    let (status, file) = upload(
        &app,
        &s.opdc_clerk,
        letter,
        "fits.pdf",
        pdf_of_size(1024),
        "main",
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "exactly the limit is accepted: {file}"
    );
}

#[tokio::test]
async fn the_same_content_is_stored_once() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let first = issue(&app, s.opdc, &s.opdc_clerk).await;
    let second = issue(&app, s.opdc, &s.opdc_clerk).await;

    // Larger than one write piece (256 KiB), so it is written and hashed in several.
    let big = pdf_of_size(700_000);
    let (_, a) = upload(&app, &s.opdc_clerk, first, "a.pdf", big.clone(), "main").await;
    let (_, b) = upload(
        &app,
        &s.opdc_clerk,
        second,
        "b.pdf",
        big.clone(),
        "enclosure",
    )
    .await;
    assert_ne!(a["id"], b["id"], "two files…");
    assert_eq!(a["sha256"], b["sha256"], "…of one content");
    assert_eq!(a["sha256"], sha256(&big));
    assert_eq!(stored_blobs(&app), vec![sha256(&big)]);
    let resp = download(&app, b["id"].as_i64().expect("id"), &s.opdc_clerk).await;
    assert_eq!(resp.bytes().await.expect("body").to_vec(), big);
}

#[tokio::test]
async fn a_recipient_downloads_with_the_thai_name_and_others_get_403() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let letter = issue(&app, s.opdc, &s.opdc_clerk).await;
    dispatch(&app, letter, s.opdc, &[s.hall], &s.opdc_clerk).await;
    let name = "หนังสือ ก.พ.ร. \"ด่วน\".pdf";
    let (_, file) = upload(&app, &s.opdc_clerk, letter, name, pdf(), "main").await;
    let id = file["id"].as_i64().expect("id");
    assert_eq!(file["file_name"], "หนังสือ ก.พ.ร. _ด่วน_.pdf");

    let hall_viewer = app.user("pcb-viewer", "viewer", Some(s.hall));
    for token in [&s.hall_clerk, &hall_viewer, &app.admin_token] {
        let resp = download(&app, id, token).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let headers = resp.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"letter-file-1.pdf\"; filename*=UTF-8''\
             %E0%B8%AB%E0%B8%99%E0%B8%B1%E0%B8%87%E0%B8%AA%E0%B8%B7%E0%B8%AD%20\
             %E0%B8%81.%E0%B8%9E.%E0%B8%A3.%20_%E0%B8%94%E0%B9%88%E0%B8%A7%E0%B8%99_.pdf"
        );
        assert_eq!(resp.bytes().await.expect("body").to_vec(), pdf());
    }

    let chonburi_clerk = app.user("chb-clerk", "clerk", Some(s.chonburi));
    assert_error(
        &app.get(&format!("/api/v1/files/{id}"), &chonburi_clerk)
            .await,
        403,
        "forbidden",
    );
    let list = app
        .get(&format!("/api/v1/letters/{letter}/files"), &chonburi_clerk)
        .await;
    assert_error(&list, 403, "forbidden");
    let reply = upload(&app, &chonburi_clerk, letter, "x.pdf", pdf(), "enclosure").await;
    assert_error(&reply, 403, "forbidden");
    let reply = upload(&app, &hall_viewer, letter, "x.pdf", pdf(), "enclosure").await;
    assert_error(&reply, 403, "forbidden");
    assert_error(
        &app.get("/api/v1/files/999999", &s.hall_clerk).await,
        404,
        "file_not_found",
    );

    // The receiving office may add its own scan of what it got.
    let (status, scan) = upload(&app, &s.hall_clerk, letter, "รับ.png", png(), "enclosure").await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
}

#[tokio::test]
async fn a_forwarding_letter_carries_the_upstream_files_without_copying() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let (district, district_clerk) = district_of(&app, s.hall).await;
    let upstream = issue(&app, s.opdc, &s.opdc_clerk).await;
    dispatch(&app, upstream, s.opdc, &[s.hall], &s.opdc_clerk).await;
    let (_, original) = upload(
        &app,
        &s.opdc_clerk,
        upstream,
        "นร ๑๒๐๗-๕๐๙.pdf",
        pdf(),
        "main",
    )
    .await;
    let original_id = original["id"].as_i64().expect("id");

    let forward = issue(&app, s.hall, &s.hall_clerk).await;
    let (status, copy) = app
        .post(
            &format!("/api/v1/letters/{forward}/files/attach"),
            &s.hall_clerk,
            json!({"file_id": original_id, "title": "สำเนาหนังสือ สำนักงาน ก.พ.ร. จำนวน ๑ ชุด"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{copy}");
    assert_eq!(copy["letter_id"], forward);
    assert_eq!(copy["role"], "enclosure");
    assert_eq!(copy["source_file_id"], original_id);
    assert_eq!(copy["sha256"], original["sha256"]);
    assert_eq!(copy["file_name"], "นร ๑๒๐๗-๕๐๙.pdf");
    assert_eq!(stored_blobs(&app).len(), 1, "no bytes copied");

    let again = app
        .post(
            &format!("/api/v1/letters/{forward}/files/attach"),
            &s.hall_clerk,
            json!({"file_id": original_id}),
        )
        .await;
    assert_error(&again, 409, "file_already_attached");
    assert_eq!(again.1["existing_id"], copy["id"]);

    // The district receives the forward: it reads the copy, not the upstream letter's file.
    dispatch(&app, forward, s.hall, &[district], &s.hall_clerk).await;
    let copy_id = copy["id"].as_i64().expect("id");
    let resp = download(&app, copy_id, &district_clerk).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.bytes().await.expect("body").to_vec(), pdf());
    let upstream_file = app
        .get(&format!("/api/v1/files/{original_id}"), &district_clerk)
        .await;
    assert_error(&upstream_file, 403, "forbidden");

    // Only files the caller may see can be attached.
    let own = issue(&app, district, &district_clerk).await;
    let stolen = app
        .post(
            &format!("/api/v1/letters/{own}/files/attach"),
            &district_clerk,
            json!({"file_id": original_id}),
        )
        .await;
    assert_error(&stolen, 403, "forbidden");
    let missing = app
        .post(
            &format!("/api/v1/letters/{own}/files/attach"),
            &district_clerk,
            json!({"file_id": 424242}),
        )
        .await;
    assert_error(&missing, 422, "invalid_file_id");
}
