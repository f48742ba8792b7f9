//! Recipient groups expanded at send time, and addressees outside the directory.

use crate::chain::created;

use crate::chain::id;

use crate::chain::SUBJECT;
use crate::helpers::assert_error;
use crate::helpers::spawn_app_at;
use serde_json::{json, Value};

fn recipients(sent: &Value) -> Vec<i64> {
    sent["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|d| d["recipient_id"].as_i64().unwrap_or(0))
        .collect()
}

#[tokio::test]
async fn groups_expand_recursively_when_sent_without_duplicates() {
    let app = spawn_app_at("2026-05-07T10:00:00+07:00").await;
    let prov = app
        .org(json!({"name": "จังหวัด", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let unit = app.org(json!({"name": "สำนักงานจังหวัด", "kind": "unit", "parent_id": prov, "letter_code": "ปจ 0017"})).await;
    let d1 = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": prov}))
        .await;
    let d2 = app
        .org(json!({"name": "อำเภอสอง", "kind": "district", "parent_id": prov}))
        .await;
    let l1 = app
        .org(json!({"name": "อบต.หนึ่ง", "kind": "local_body", "parent_id": d1}))
        .await;
    let l2 = app
        .org(json!({"name": "อบต.สอง", "kind": "local_body", "parent_id": d2}))
        .await;
    let pao = app
        .org(json!({"name": "อบจ.", "kind": "local_body", "parent_id": prov}))
        .await;
    let clerk = app.user("clerk", "clerk", Some(prov));
    let letter = created(
        &app,
        &format!("/api/v1/orgs/{unit}/letters"),
        &clerk,
        json!({"subject": SUBJECT, "addressee": "ทุกอำเภอ", "circular": true}),
    )
    .await;
    let path = format!("/api/v1/letters/{}/dispatches", id(&letter));
    let sent = created(&app, &path, &clerk, json!({"sender_id": unit, "recipient_ids": [d2, pao],
        "recipient_groups": [{"under_id": prov, "kind": "district"}, {"under_id": prov, "kind": "local_body"}]})).await;
    // Named first, then each group breadth-first; d2 and the PAO only once.
    assert_eq!(recipients(&sent), vec![d2, pao, d1, l1, l2]);
    let kinds: Vec<&str> = sent["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|d| d["recipient_kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "district",
            "local_body",
            "district",
            "local_body",
            "local_body"
        ]
    );

    // A snapshot: an office added later is not in the earlier dispatch.
    let d3 = app
        .org(json!({"name": "อำเภอสาม", "kind": "district", "parent_id": prov}))
        .await;
    let dist = crate::chain::ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", id(&letter)),
        &clerk,
    )
    .await;
    assert_eq!(dist["summary"]["total"], 5);
    let again = created(
        &app,
        &path,
        &clerk,
        json!({"sender_id": unit, "recipient_groups": [{"under_id": prov, "kind": "district"}]}),
    )
    .await;
    assert_eq!(recipients(&again), vec![d1, d2, d3]);

    assert_error(
        &app.post(
            &path,
            &clerk,
            json!({"sender_id": unit, "recipient_groups": [{"under_id": prov, "kind": "village"}]}),
        )
        .await,
        422,
        "invalid_recipient_groups",
    );
    assert_error(&app.post(&path, &clerk, json!({"sender_id": unit, "recipient_groups": [{"under_id": 999_999, "kind": "district"}]})).await, 422, "invalid_recipient_groups");
    assert_error(
        &app.post(
            &path,
            &clerk,
            json!({"sender_id": unit, "recipient_groups": [{"under_id": l1, "kind": "district"}]}),
        )
        .await,
        422,
        "invalid_recipient_groups",
    );
    assert_error(
        &app.post(&path, &clerk, json!({"sender_id": unit})).await,
        422,
        "invalid_recipient_ids",
    );
}

#[tokio::test]
async fn external_recipients_are_kept_with_the_dispatch() {
    let app = spawn_app_at("2026-05-07T10:00:00+07:00").await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district", "letter_code": "ปจ 0118"}))
        .await;
    let clerk = app.user("clerk", "clerk", Some(office));
    let letter = created(
        &app,
        &format!("/api/v1/orgs/{office}/letters"),
        &clerk,
        json!({"subject": "แจ้งผลการพิจารณาคำร้อง", "addressee": "นายสมชาย ใจดี"}),
    )
    .await;
    let path = format!("/api/v1/letters/{}/dispatches", id(&letter));
    let sent = created(
        &app,
        &path,
        &clerk,
        json!({"sender_id": office, "external_recipients": [
        {"name": "นายสมชาย ใจดี", "address": "๑๒ หมู่ ๓ ตำบลหน้าเมือง", "method": "post"},
        {"name": "บริษัท ตัวอย่าง จำกัด", "email": "saraban@example.co.th", "method": "email"}]}),
    )
    .await;
    assert_eq!(sent["deliveries"].as_array().map(Vec::len), Some(0));
    let ext = sent["external_recipients"].as_array().expect("external");
    assert_eq!(ext.len(), 2);
    assert_eq!(ext[0]["method"], "post");
    assert_eq!(ext[1]["email"], "saraban@example.co.th");
    for bad in [
        json!([{"name": "x", "method": "pigeon"}]),
        json!([{"name": "x", "method": "email"}]),
        json!([{"name": "x", "method": "post"}]),
        json!([{"name": " ", "method": "hand"}]),
        json!([{"name": "x", "email": "not-mail", "method": "hand"}]),
    ] {
        let reply = app
            .post(
                &path,
                &clerk,
                json!({"sender_id": office, "external_recipients": bad}),
            )
            .await;
        assert_eq!(reply.0.as_u16(), 422, "{}", reply.1);
    }
    // The dispatch register's การปฏิบัติ names them.
    let reg = crate::chain::ok(
        &app,
        &format!("/api/v1/orgs/{office}/registers/dispatch?year=2569"),
        &clerk,
    )
    .await;
    assert_eq!(
        reg["items"][0]["action"],
        "ส่ง นายสมชาย ใจดี, บริษัท ตัวอย่าง จำกัด"
    );
}
