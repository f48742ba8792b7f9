//! Cancelling a receipt or a letter number: the number stays burned, the register says so.

use crate::authz::world;
use crate::helpers::spawn_app_at;
use serde_json::json;

#[tokio::test]
async fn a_cancelled_number_stays_burned_and_shows_in_the_register() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let (a, b) = (w.ids["A"], w.ids["B"]);
    let why = json!({"reason": "ลงรับผิดฉบับ"});
    let rb = format!("/api/v1/receipts/{}/cancel", w.ids["rB"]);
    for who in ["clerk_c", "viewer_b", "clerk_a"] {
        let (status, _) = app.post(&rb, &w.tokens[who], why.clone()).await;
        assert_eq!(status.as_u16(), 403, "{who}");
    }
    let (status, body) = app
        .post(&rb, &w.tokens["clerk_b"], json!({"reason": " "}))
        .await;
    assert_eq!(
        (status.as_u16(), body["error"].as_str()),
        (422, Some("invalid_reason"))
    );
    let (status, body) = app.post(&rb, &w.tokens["clerk_b"], why.clone()).await;
    assert_eq!(status.as_u16(), 200, "{body}");
    let (status, body) = app.post(&rb, &w.tokens["clerk_b"], why.clone()).await;
    assert_eq!(
        (status.as_u16(), body["error"].as_str()),
        (409, Some("already_cancelled"))
    );
    // The next receipt gets the next number: the cancelled one is not reused.
    let (_, next) = app
        .post(
            &format!("/api/v1/orgs/{b}/receipts"),
            &w.tokens["clerk_b"],
            json!({"delivery_id": w.ids["dS"]}),
        )
        .await;
    assert_eq!(next["number"], 2, "{next}");
    let (_, reg) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(reg["items"][0]["status"], "cancelled", "{reg}");
    assert_eq!(reg["items"][0]["remarks"], "ยกเลิก: ลงรับผิดฉบับ");
    assert_eq!(reg["items"][1]["status"], "active");

    let ln = format!("/api/v1/letters/{}/cancel", w.ids["N2"]);
    let (status, _) = app.post(&ln, &w.tokens["clerk_b"], why.clone()).await;
    assert_eq!(status.as_u16(), 403);
    let (status, body) = app
        .post(&ln, &w.tokens["head_a"], json!({"reason": "ออกเลขซ้ำซ้อน"}))
        .await;
    assert_eq!(status.as_u16(), 200, "{body}");
    let (_, reg) = app
        .get(
            &format!("/api/v1/orgs/{a}/registers/dispatch"),
            &w.tokens["clerk_a"],
        )
        .await;
    let row = reg["items"]
        .as_array()
        .and_then(|i| i.iter().find(|r| r["letter_id"] == w.ids["N2"]))
        .cloned();
    assert_eq!(
        row.as_ref().map(|r| r["status"].clone()),
        Some(json!("cancelled")),
        "{reg}"
    );
    let (_, letter) = app
        .post(
            &format!("/api/v1/orgs/{a}/letters"),
            &w.tokens["clerk_a"],
            json!({"subject": "ฉบับใหม่", "addressee": "ท่าน"}),
        )
        .await;
    assert_eq!(
        letter["running_number"], 4,
        "the cancelled number 3 is not reissued: {letter}"
    );
    // Both cancellations are in the audit log of their office.
    let (_, log) = app
        .get(&format!("/api/v1/audit?office_id={b}"), &app.admin_token)
        .await;
    assert!(log.to_string().contains("receipt_cancelled"), "{log}");
    let (_, log) = app
        .get(&format!("/api/v1/audit?office_id={a}"), &app.admin_token)
        .await;
    assert!(log.to_string().contains("letter_cancelled"), "{log}");
}
