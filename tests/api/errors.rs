//! Every error of the API conventions: its status, its code, and no change to the data.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;

use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

struct Fixture {
    org: i64,
    other: i64,
    clerk: String,
    viewer: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let org = app
        .org(
            json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}),
        )
        .await;
    let other = app
        .org(json!({"name": "ที่ว่าการอำเภอกบินทร์บุรี", "kind": "district", "letter_code": "ปจ 0218"}))
        .await;
    Fixture {
        org,
        other,
        clerk: app.user("clerk", "clerk", Some(org)),
        viewer: app.user("viewer", "viewer", Some(org)),
    }
}

async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .request(method, format!("{}{}", app.address, path))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("sent");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn letter() -> Value {
    json!({"subject": "ทดสอบ", "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี", "issued_at": "2026-05-08T09:00:00+07:00"})
}

#[tokio::test]
async fn malformed_bodies_are_400() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let path = format!("/api/v1/orgs/{}/letters", f.org);
    let not_json = raw(&app, Method::POST, &path, Some(&f.clerk), "{not json").await;
    assert_error(&not_json, 400, "malformed_request");
    let wrong_type = app
        .post(&path, &f.clerk, json!({"subject": 12, "addressee": "x"}))
        .await;
    assert_error(&wrong_type, 400, "malformed_request");
    let missing = app.post(&path, &f.clerk, json!({"addressee": "x"})).await;
    assert_error(&missing, 400, "malformed_request");
    let mut unknown = letter();
    unknown["colour"] = json!("red");
    assert_error(
        &app.post(&path, &f.clerk, unknown).await,
        400,
        "malformed_request",
    );
    let bad_query = app.get("/api/v1/orgs?limit=many", &f.clerk).await;
    assert_error(&bad_query, 400, "malformed_request");
}

#[tokio::test]
async fn unacceptable_values_are_422_invalid_field() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let path = format!("/api/v1/orgs/{}/letters", f.org);
    let cases = [
        ("urgency", json!("very_very_urgent"), "invalid_urgency"),
        ("secrecy", json!("private"), "invalid_secrecy"),
        ("kind", json!("memo"), "invalid_kind"),
        ("dated", json!("2026-02-31"), "invalid_dated"),
        (
            "issued_at",
            json!("2026-05-08T09:00:00"),
            "invalid_issued_at",
        ),
        ("subject", json!("   "), "invalid_subject"),
        ("subject", json!("ก".repeat(2001)), "invalid_subject"),
        ("due_date", json!("08/05/2569"), "invalid_due_date"),
    ];
    for (field, value, code) in cases {
        let mut body = letter();
        body[field] = value;
        assert_error(&app.post(&path, &f.clerk, body).await, 422, code);
    }
    let unknown_recipient = app
        .post(
            &format!("/api/v1/orgs/{}/letters", f.org),
            &f.clerk,
            letter(),
        )
        .await;
    let id = unknown_recipient.1["id"].as_i64().expect("letter");
    let r = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            &f.clerk,
            json!({"sender_id": f.org, "recipient_ids": [f.other, 999_999]}),
        )
        .await;
    assert_error(&r, 422, "invalid_recipient_ids");
    let r = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            &f.clerk,
            json!({"sender_id": f.org, "recipient_ids": []}),
        )
        .await;
    assert_error(&r, 422, "invalid_recipient_ids");
    let r = app
        .post(
            "/api/v1/orgs",
            &app.admin_token,
            json!({"name": "x", "kind": "planet"}),
        )
        .await;
    assert_error(&r, 422, "invalid_kind");
    let r = app
        .post(
            "/api/v1/orgs",
            &app.admin_token,
            json!({"name": "x", "kind": "unit", "parent_id": 987_654}),
        )
        .await;
    assert_error(&r, 422, "invalid_parent_id");
    let r = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", f.org),
            &f.clerk,
            json!({"delivery_id": 1, "letter_id": 1}),
        )
        .await;
    assert_error(&r, 422, "invalid_letter");
    let r = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", f.org),
            &f.clerk,
            json!({"delivery_id": 424_242}),
        )
        .await;
    assert_error(&r, 422, "invalid_delivery_id");
    let r = app.get("/api/v1/orgs?limit=10001", &f.clerk).await;
    assert_error(&r, 422, "invalid_limit");
}

#[tokio::test]
async fn missing_or_wrong_tokens_are_401_and_foreign_offices_403() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let no_token = app.send(Method::GET, "/api/v1/orgs", None, None).await;
    assert_error(&no_token, 401, "unauthorized");
    let bad = app.get("/api/v1/orgs", "0".repeat(64).as_str()).await;
    assert_error(&bad, 401, "unauthorized");

    let foreign = app
        .post(
            &format!("/api/v1/orgs/{}/letters", f.other),
            &f.clerk,
            letter(),
        )
        .await;
    assert_error(&foreign, 403, "forbidden");
    let viewer = app
        .post(
            &format!("/api/v1/orgs/{}/letters", f.org),
            &f.viewer,
            letter(),
        )
        .await;
    assert_error(&viewer, 403, "forbidden");
    let not_admin = app
        .post(
            "/api/v1/orgs",
            &f.clerk,
            json!({"name": "x", "kind": "unit"}),
        )
        .await;
    assert_error(&not_admin, 403, "forbidden");
    let patch = app
        .patch(
            &format!("/api/v1/orgs/{}", f.org),
            &f.clerk,
            json!({"name": "y"}),
        )
        .await;
    assert_error(&patch, 403, "forbidden");

    // A letter of one district is not the other's to read.
    let (_, l) = app
        .post(
            &format!("/api/v1/orgs/{}/letters", f.org),
            &f.clerk,
            letter(),
        )
        .await;
    let stranger = app.user("stranger", "clerk", Some(f.other));
    let r = app
        .get(&format!("/api/v1/letters/{}", l["id"]), &stranger)
        .await;
    assert_error(&r, 403, "forbidden");
    let r = app
        .get(
            &format!("/api/v1/letters/{}/distribution", l["id"]),
            &stranger,
        )
        .await;
    assert_error(&r, 403, "forbidden");

    for open in ["/", "/health", "/api/openapi.json"] {
        let (status, _) = app.get_text(open, None).await;
        assert_eq!(status, StatusCode::OK, "{open} needs no token");
    }
}

#[tokio::test]
async fn unknown_ids_and_routes_are_404() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    assert_error(
        &app.get("/api/v1/orgs/999999", &f.clerk).await,
        404,
        "org_not_found",
    );
    assert_error(
        &app.get("/api/v1/orgs/abc", &f.clerk).await,
        404,
        "resource_not_found",
    );
    assert_error(
        &app.get("/api/v1/letters/999999", &f.clerk).await,
        404,
        "letter_not_found",
    );
    assert_error(
        &app.get("/api/v1/receipts/999999", &f.clerk).await,
        404,
        "receipt_not_found",
    );
    assert_error(
        &app.post("/api/v1/orgs/999999/letters", &f.clerk, letter())
            .await,
        404,
        "org_not_found",
    );
    assert_error(
        &app.get("/api/v1/nothing-here", &f.clerk).await,
        404,
        "route_not_found",
    );
}

#[tokio::test]
async fn conflicts_are_409_and_oversized_bodies_413() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let known = json!({"number": "นร ๑๒๐๗/๕๐๙", "dated": "2026-04-30", "subject": "ขอความอนุเคราะห์", "from_name": "สำนักงาน ก.พ.ร."});
    let (status, first) = app.post("/api/v1/letters", &f.clerk, known.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let mut arabic = known.clone();
    arabic["number"] = json!("ที่  นร 1207 / 509");
    let again = app.post("/api/v1/letters", &f.clerk, arabic).await;
    assert_error(&again, 409, "letter_exists");
    assert_eq!(again.1["existing_id"], first["id"]);
    let mut other_year = known.clone();
    other_year["dated"] = json!("2025-04-30");
    let (status, _) = app.post("/api/v1/letters", &f.clerk, other_year).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the same number recurs every year"
    );

    let (_, _) = app
        .post(
            "/api/v1/orgs",
            &app.admin_token,
            json!({"code": "D2501", "name": "ก", "kind": "district"}),
        )
        .await;
    let dup = app
        .post(
            "/api/v1/orgs",
            &app.admin_token,
            json!({"code": "D2501", "name": "ข", "kind": "district"}),
        )
        .await;
    assert_error(&dup, 409, "code_taken");

    let no_code = app
        .org(json!({"name": "หน่วยไม่มีรหัส", "kind": "external"}))
        .await;
    let clerk = app.user("nocode", "clerk", Some(no_code));
    let r = app
        .post(&format!("/api/v1/orgs/{no_code}/letters"), &clerk, letter())
        .await;
    assert_error(&r, 409, "letter_code_missing");

    let mut huge = letter();
    huge["subject"] = json!("ก".repeat(400_000));
    let r = app
        .post(&format!("/api/v1/orgs/{}/letters", f.org), &f.clerk, huge)
        .await;
    assert_error(&r, 413, "payload_too_large");
}

#[tokio::test]
async fn a_failed_request_changes_nothing() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let path = format!("/api/v1/orgs/{}/letters", f.org);
    let (_, a) = app.post(&path, &f.clerk, letter()).await;
    assert_eq!(a["running_number"], 1);
    let mut bad = letter();
    bad["due_date"] = json!("2026-13-01");
    assert_error(
        &app.post(&path, &f.clerk, bad).await,
        422,
        "invalid_due_date",
    );
    // A dispatch naming one unknown office creates no delivery at all.
    let id = a["id"].as_i64().expect("id");
    let r = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            &f.clerk,
            json!({"sender_id": f.org, "recipient_ids": [f.other, -5]}),
        )
        .await;
    assert_error(&r, 422, "invalid_recipient_ids");
    let (_, dist) = app
        .get(&format!("/api/v1/letters/{id}/distribution"), &f.clerk)
        .await;
    assert_eq!(dist["summary"]["total"], 0);
    // A refused receipt leaves the register as it was.
    let r = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", f.org),
            &f.clerk,
            json!({"letter_id": id, "received_on": "2026-05-09", "received_time": "25:99"}),
        )
        .await;
    assert_error(&r, 422, "invalid_received_time");
    let (_, b) = app.post(&path, &f.clerk, letter()).await;
    assert_eq!(
        b["running_number"], 2,
        "no number was used by the failed requests"
    );
    let (status, rc) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", f.org),
            &f.clerk,
            json!({"letter_id": id, "received_on": "2026-05-09"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rc}");
    assert_eq!(rc["number"], 1);
}

#[tokio::test]
async fn a_locked_sqlite_file_answers_503_busy_then_recovers() {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    // SQLite's own behaviour: on a SQLite file in both passes.
    let app = crate::helpers::spawn_app_on(
        crate::helpers::TestDb::sqlite(),
        saraban::clock::Clock::System,
        |s| s.db.sqlite_busy_timeout_ms = 300,
    )
    .await;
    let crate::helpers::TestDb::Sqlite { path, .. } = &app.test_db else {
        unreachable!("a SQLite database was asked for");
    };
    let f = fixture(&app).await;
    let mut locker = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy())
        .expect("second connection");
    locker
        .batch_execute("BEGIN EXCLUSIVE")
        .expect("lock the file");
    let started = std::time::Instant::now();
    let resp = app
        .client
        .post(format!("{}/api/v1/orgs/{}/letters", app.address, f.org))
        .bearer_auth(&f.clerk)
        .json(&letter())
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        resp.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "database_busy");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "busy answers come within a bound"
    );
    locker.batch_execute("ROLLBACK").expect("unlock");
    let (status, l) = app
        .post(
            &format!("/api/v1/orgs/{}/letters", f.org),
            &f.clerk,
            letter(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    assert_eq!(l["running_number"], 1, "the refused request used no number");
}
