//! Idempotency-Key on the POSTs that allocate a number.

use crate::authz::world;
use crate::helpers::instant;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use diesel::connection::SimpleConnection;
use reqwest::Method;
use serde_json::{json, Value};

async fn post_keyed(
    app: &TestApp,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (u16, Value) {
    let resp = app
        .client
        .request(Method::POST, format!("{}{}", app.address, path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("request sent");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_retry_replays_the_first_answer_on_every_numbering_post() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let (a, b, bu) = (w.ids["A"], w.ids["B"], w.ids["BU"]);
    let c = w.ids["C"];
    // (who, path, body, another body under the same key)
    let posts = [
        (
            "clerk_a",
            format!("/api/v1/orgs/{a}/letters"),
            json!({"subject": "ขอเชิญประชุม", "addressee": "นายอำเภอ"}),
            json!({"subject": "ขอเชิญประชุมอีก", "addressee": "นายอำเภอ"}),
        ),
        (
            "clerk_a",
            format!("/api/v1/orgs/{a}/reservations"),
            json!({"series": "dispatch", "count": 2, "note": "จอง"}),
            json!({"series": "dispatch", "count": 3, "note": "จอง"}),
        ),
        (
            "clerk_a",
            format!("/api/v1/letters/{}/dispatches", w.ids["N2"]),
            json!({"sender_id": a, "recipient_ids": [b]}),
            json!({"sender_id": a, "recipient_ids": [c]}),
        ),
        (
            "clerk_b",
            format!("/api/v1/orgs/{b}/receipts"),
            json!({"delivery_id": w.ids["dS"]}),
            json!({"delivery_id": w.ids["dN"], "allow_duplicate": true}),
        ),
        (
            "clerk_b",
            format!("/api/v1/receipts/{}/routes", w.ids["rB"]),
            json!({"to_org_id": bu}),
            json!({"to_org_id": bu, "note": "มอบ"}),
        ),
    ];
    for (who, path, body, other) in &posts {
        let token = &w.tokens[who];
        let first = post_keyed(&app, path, token, "k-1", body).await;
        assert_eq!(first.0, 201, "{path}: {}", first.1);
        let again = post_keyed(&app, path, token, "k-1", body).await;
        assert_eq!(again, first, "{path}: a retry must replay the first answer");
        let reused = post_keyed(&app, path, token, "k-1", other).await;
        assert_eq!(reused.0, 422, "{path}: {}", reused.1);
        assert_eq!(reused.1["error"], "idempotency_key_reused");
    }
    // Nothing was allocated twice: A issued 3 + 1 letters, reserved 2 numbers.
    let (_, letters) = app
        .get(&format!("/api/v1/orgs/{a}/letters"), &app.admin_token)
        .await;
    assert_eq!(letters["total"], 4, "{letters}");
    let (_, reg) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt"),
            &app.admin_token,
        )
        .await;
    assert_eq!(reg["total"], 2, "{reg}");
}

#[tokio::test]
async fn a_concurrent_duplicate_is_409_and_keys_expire_after_the_ttl() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let a = w.ids["A"];
    let path = format!("/api/v1/orgs/{a}/letters");
    let body = json!({"subject": "เรื่องหนึ่ง", "addressee": "ท่าน"});
    let token = &w.tokens["clerk_a"];
    let first = post_keyed(&app, &path, token, "dup", &body).await;
    assert_eq!(first.0, 201);
    // The same key while the first request is still running.
    app.db
        .write_blocking(|c| {
            c.batch_execute(
                "UPDATE idempotency_keys SET state = 'in_progress', response_body = NULL",
            )
            .map_err(Into::into)
        })
        .expect("mark running");
    let busy = post_keyed(&app, &path, token, "dup", &body).await;
    assert_eq!(busy.0, 409, "{}", busy.1);
    assert_eq!(busy.1["error"], "request_in_progress");
    // Another user's key of the same name is another key.
    let head = post_keyed(&app, &path, &w.tokens["head_a"], "dup", &body).await;
    assert_eq!(head.0, 201);
    // After the TTL (24 h) the key is new again and allocates a new number.
    app.clock.set(instant("2026-05-05T09:30:00+07:00"));
    let later = post_keyed(&app, &path, &w.tokens["head_a"], "dup", &body).await;
    assert_eq!(later.0, 201);
    assert_ne!(later.1["running_number"], head.1["running_number"]);
}
