//! Withdrawing a local delivery: the status and the kept counts stay, the recipient sees it
//! withdrawn and can no longer log or answer it; the e-CMS ID of an office is unique.

use crate::helpers::spawn_app;
use crate::web_helpers::{web_user, WebClient};
use serde_json::json;

#[tokio::test]
async fn a_withdrawn_delivery_keeps_its_status_and_cannot_be_logged_or_answered() {
    let app = spawn_app().await;
    let sender = app
        .org(json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(
            json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}),
        )
        .await;
    let clerk = app.user("withdraw-clerk", "clerk", Some(sender));
    let district_clerk = app.user("withdraw-district", "clerk", Some(district));
    let (_, letter) = app
        .post(
            &format!("/api/v1/orgs/{sender}/letters"),
            &clerk,
            json!({"subject": "ขอเชิญประชุม", "addressee": "นายอำเภอ"}),
        )
        .await;
    let (status, sent) = app
        .post(
            &format!("/api/v1/letters/{}/dispatches", letter["id"]),
            &clerk,
            json!({"sender_id": sender, "recipient_ids": [district]}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{sent}");
    let delivery = sent["deliveries"][0]["id"].as_i64().expect("delivery");

    let path = format!("/api/v1/deliveries/{delivery}/withdraw");
    let (status, body) = app.post(&path, &clerk, json!({"reason": "  "})).await;
    assert_eq!(
        (status.as_u16(), body["error"].as_str()),
        (422, Some("invalid_reason"))
    );
    let (status, body) = app
        .post(&path, &district_clerk, json!({"reason": "ไม่ใช่ผู้ส่ง"}))
        .await;
    assert_eq!(status.as_u16(), 403, "{body}");
    let (status, withdrawn) = app
        .post(&path, &clerk, json!({"reason": "ส่งผิดหน่วยงาน"}))
        .await;
    assert_eq!(status.as_u16(), 200, "{withdrawn}");
    assert_eq!(withdrawn["status"], "pending");
    assert_eq!(withdrawn["withdrawn_reason"], "ส่งผิดหน่วยงาน");
    let (status, again) = app.post(&path, &clerk, json!({"reason": "ซ้ำ"})).await;
    assert_eq!(
        (status.as_u16(), again["error"].as_str()),
        (409, Some("delivery_withdrawn"))
    );

    // The recipient sees it withdrawn and can neither log nor answer it.
    let (_, inbox) = app
        .get(&format!("/api/v1/orgs/{district}/inbox"), &district_clerk)
        .await;
    assert!(inbox["items"][0]["withdrawn_at"].is_string(), "{inbox}");
    let (status, refused) = app
        .post(
            &format!("/api/v1/orgs/{district}/receipts"),
            &district_clerk,
            json!({"delivery_id": delivery}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), refused["error"].as_str()),
        (409, Some("delivery_withdrawn"))
    );
    let (status, refused) = app
        .post(
            &format!("/api/v1/deliveries/{delivery}/acknowledge"),
            &district_clerk,
            json!({}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), refused["error"].as_str()),
        (409, Some("delivery_withdrawn"))
    );

    // The Thai inbox page says so and offers no ลงรับ button for it.
    web_user(&app, "withdraw-web", "clerk", Some(district));
    let mut web = WebClient::new(&app);
    web.sign_in("withdraw-web").await;
    let page = web.get("/inbox").await;
    assert!(page.body.contains("ผู้ส่งเรียกคืนแล้ว"), "{}", page.body);
    assert!(page.body.contains("ส่งผิดหน่วยงาน"));
    assert!(!page.body.contains("class=\"small receive\""));

    // The distribution keeps its counts and shows the withdrawal on the hop.
    let (_, dist) = app
        .get(
            &format!("/api/v1/letters/{}/distribution", letter["id"]),
            &clerk,
        )
        .await;
    assert_eq!(dist["summary"]["pending"], 1, "{}", dist["summary"]);
    assert_eq!(dist["summary"]["total"], 1);
    let hop = &dist["hops"]["items"][0];
    assert!(hop["withdrawn_at"].is_string());
    assert_eq!(hop["exchange"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_ecms_id_belongs_to_one_office() {
    let app = spawn_app().await;
    let first = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "ecms_id": "0000012000"}))
        .await;
    let (status, body) = app
        .post(
            "/api/v1/orgs",
            &app.admin_token,
            json!({"name": "สำนักงานอื่น", "kind": "department", "ecms_id": "0000012000"}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["error"].as_str()),
        (409, Some("ecms_id_taken")),
        "{body}"
    );
    let (_, office) = app
        .get(&format!("/api/v1/orgs/{first}"), &app.admin_token)
        .await;
    assert_eq!(office["ecms_id"], "0000012000");
    assert_eq!(office["peer"], serde_json::Value::Null);
}
