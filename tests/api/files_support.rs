//! Helpers of the letter-file tests: small valid files built in code, multipart uploads and a
//! look at the test's file store.

use crate::helpers::Reply;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A PDF of exactly `size` bytes (padded with a comment).
pub fn pdf_of_size(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%".to_vec();
    bytes.resize(size, b'x');
    bytes
}

pub fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    b.extend_from_slice(&[
        0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
    ]);
    b.extend_from_slice(b"\x00\x00\x00\x00IEND\xaeB`\x82");
    b
}

pub fn jpeg() -> Vec<u8> {
    let mut b = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
    b.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    b.extend_from_slice(&[0xff, 0xd9]);
    b
}

/// The start of a 64-bit Linux executable.
pub fn elf() -> Vec<u8> {
    let mut b = b"\x7fELF\x02\x01\x01\x00".to_vec();
    b.resize(64, 0);
    b[16] = 2; // ET_EXEC
    b[18] = 0x3e; // x86-64
    b
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(data).expect("zip write");
    }
    zip.finish().expect("zip finish");
    out.into_inner()
}

pub fn docx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
    ])
}

pub fn xlsx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ])
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub async fn upload(
    app: &TestApp,
    token: &str,
    letter: i64,
    name: &str,
    bytes: Vec<u8>,
    role: &str,
) -> Reply {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        )
        .text("role", role.to_string())
        .text("title", format!("ไฟล์ {name}"));
    let resp = app
        .client
        .post(format!("{}/api/v1/letters/{letter}/files", app.address))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload sent");
    let status = resp.status();
    let text = resp.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn download(app: &TestApp, file: i64, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1/files/{file}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("download sent")
}

/// A district under the provincial hall `hall`, and a clerk's token.
pub async fn district_of(app: &TestApp, hall: i64) -> (i64, String) {
    let district = app
        .org(json!({"code": "D2501", "name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "parent_id": hall, "letter_code": "ปจ ๐๑๑๘"}))
        .await;
    (
        district,
        app.user("district-clerk", "clerk", Some(district)),
    )
}

/// Issues a letter of `org`; returns its id.
pub async fn issue(app: &TestApp, org: i64, token: &str) -> i64 {
    let (status, letter) = app
        .post(
            &format!("/api/v1/orgs/{org}/letters"),
            token,
            json!({"subject": "ขอส่งสำเนาหนังสือ", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "issue: {letter}");
    letter["id"].as_i64().expect("letter id")
}

pub async fn dispatch(app: &TestApp, letter: i64, sender: i64, to: &[i64], token: &str) {
    let (status, sent) = app
        .post(
            &format!("/api/v1/letters/{letter}/dispatches"),
            token,
            json!({"sender_id": sender, "recipient_ids": to}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "dispatch: {sent}");
}

pub fn blob_path(app: &TestApp, sha: &str) -> PathBuf {
    app.files_dir.path().join(&sha[..2]).join(sha)
}

/// The hashes stored on disk, sorted (temporary uploads left out).
pub fn stored_blobs(app: &TestApp) -> Vec<String> {
    let mut found = Vec::new();
    for shard in std::fs::read_dir(app.files_dir.path()).expect("files dir") {
        let shard = shard.expect("entry").path();
        if shard.file_name().is_some_and(|n| n == ".incoming") {
            continue;
        }
        for blob in std::fs::read_dir(&shard).expect("shard") {
            found.push(
                blob.expect("blob")
                    .file_name()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    found.sort();
    found
}

/// No stored content and, once the asynchronous clean-up has run, no temporary upload.
pub async fn assert_store_empty(app: &TestApp) {
    assert_eq!(stored_blobs(app), Vec::<String>::new());
    let incoming = app.files_dir.path().join(".incoming");
    for _ in 0..100 {
        let left = std::fs::read_dir(&incoming).map(|d| d.count()).unwrap_or(0);
        if left == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("temporary uploads were left in {}", incoming.display());
}

/// The files of the letter whose receipt a saved receipt form redirected to (`/receipts/{id}`).
pub async fn files_of_saved_receipt(app: &TestApp, location: Option<&str>, token: &str) -> Value {
    let receipt = location
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse::<i64>().ok())
        .expect("receipt id");
    let (_, r) = app.get(&format!("/api/v1/receipts/{receipt}"), token).await;
    let (_, files) = app
        .get(&format!("/api/v1/letters/{}/files", r["letter_id"]), token)
        .await;
    files
}
