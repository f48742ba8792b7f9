//! An office's inbox: deliveries to it and its units, most urgent first, then newest.

use crate::chain::created;

use crate::chain::id;

use crate::chain::ok;
use crate::helpers::assert_error;
use crate::helpers::instant;
use crate::helpers::spawn_app_at;
use serde_json::json;

#[tokio::test]
async fn most_urgent_first_then_newest() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let sender = app.org(json!({"name": "กรมส่งเสริมการปกครองท้องถิ่น", "kind": "department", "letter_code": "มท 0810"})).await;
    let district = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district", "letter_code": "ปจ 0118"}))
        .await;
    let unit = app
        .org(json!({"name": "ฝ่ายบริหารงานปกครอง", "kind": "unit", "parent_id": district}))
        .await;
    let other = app
        .org(json!({"name": "อำเภออื่น", "kind": "district"}))
        .await;
    let s_clerk = app.user("sender", "clerk", Some(sender));
    let d_clerk = app.user("district", "clerk", Some(district));
    let o_clerk = app.user("other", "clerk", Some(other));
    let mut sent = Vec::new();
    // (subject, urgency, due date, to)
    let plan = [
        ("หนึ่ง", "normal", None, district),
        ("สอง", "urgent", None, district),
        ("สาม", "normal", Some("2026-05-05"), unit),
        ("สี่", "most_urgent", None, district),
        ("ห้า", "very_urgent", None, unit),
        ("หก", "normal", None, other),
    ];
    for (i, (subject, urgency, due, to)) in plan.iter().enumerate() {
        app.clock
            .set(instant(&format!("2026-05-04T09:{:02}:00+07:00", i * 5)));
        let l = created(&app, &format!("/api/v1/orgs/{sender}/letters"), &s_clerk,
            json!({"subject": subject, "addressee": "นายอำเภอ", "urgency": urgency, "due_date": due})).await;
        let d = created(
            &app,
            &format!("/api/v1/letters/{}/dispatches", id(&l)),
            &s_clerk,
            json!({"sender_id": sender, "recipient_ids": [to]}),
        )
        .await;
        sent.push(d["deliveries"][0]["id"].as_i64().expect("delivery"));
    }
    app.clock.set(instant("2026-05-06T09:00:00+07:00"));
    let path = format!("/api/v1/orgs/{district}/inbox");
    let inbox = ok(&app, &path, &d_clerk).await;
    let subjects: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["letter"]["subject"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(subjects, vec!["สี่", "ห้า", "สอง", "สาม", "หนึ่ง"]);
    assert_eq!(inbox["total"], 5);
    assert_eq!(inbox["items"][1]["recipient_id"], unit);
    assert_eq!(inbox["items"][3]["overdue"], true);
    assert_eq!(inbox["items"][0]["overdue"], false);

    // Paging keeps the order.
    let first = ok(&app, &format!("{path}?limit=2"), &d_clerk).await;
    let cursor = first["next_cursor"].as_str().expect("cursor").to_string();
    let second = ok(&app, &format!("{path}?limit=2&cursor={cursor}"), &d_clerk).await;
    assert_eq!(second["items"][0]["letter"]["subject"], "สอง");
    // Filters.
    let overdue = ok(&app, &format!("{path}?overdue=true"), &d_clerk).await;
    assert_eq!(overdue["total"], 1);
    assert_eq!(overdue["items"][0]["letter"]["subject"], "สาม");
    let on_time = ok(&app, &format!("{path}?overdue=false"), &d_clerk).await;
    assert_eq!(on_time["total"], 4);
    created(
        &app,
        &format!("/api/v1/orgs/{district}/receipts"),
        &d_clerk,
        json!({"delivery_id": sent[0]}),
    )
    .await;
    let received = ok(&app, &format!("{path}?status=received"), &d_clerk).await;
    assert_eq!(received["total"], 1);
    assert!(received["items"][0]["receipt_id"].as_i64().is_some());
    assert_error(
        &app.get(&format!("{path}?status=lost"), &d_clerk).await,
        422,
        "invalid_status",
    );
    assert_error(&app.get(&path, &o_clerk).await, 403, "forbidden");

    // The sender's letters, newest first, by year.
    let letters = ok(
        &app,
        &format!("/api/v1/orgs/{sender}/letters?year=2569"),
        &s_clerk,
    )
    .await;
    assert_eq!(letters["total"], 6);
    assert_eq!(letters["items"][0]["subject"], "หก");
    let none = ok(
        &app,
        &format!("/api/v1/orgs/{sender}/letters?year=2568"),
        &s_clerk,
    )
    .await;
    assert_eq!(none["total"], 0);
    assert_error(
        &app.get(&format!("/api/v1/orgs/{sender}/letters?year=69"), &s_clerk)
            .await,
        422,
        "invalid_year",
    );
}
