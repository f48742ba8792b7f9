//! Routing a received letter inside an office: only downwards, only by the receiving office,
//! once per sub-office; the sub-office then logs it in its own register.

use crate::chain::created;

use crate::chain::id;

use crate::chain::ok;

use crate::chain::SUBJECT;
use crate::helpers::assert_error;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

struct Office {
    hall: i64,
    division: i64,
    group: i64,
    other: i64,
    hall_clerk: String,
    group_clerk: String,
    other_clerk: String,
    receipt: i64,
}

async fn setup(app: &TestApp) -> Office {
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let division = app
        .org(json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "unit", "parent_id": hall}))
        .await;
    let group = app
        .org(json!({"name": "กลุ่มงานยุทธศาสตร์ฯ", "kind": "unit", "parent_id": division}))
        .await;
    let other = app
        .org(json!({"name": "ศาลากลางจังหวัดชลบุรี", "kind": "province", "letter_code": "ชบ"}))
        .await;
    let hall_clerk = app.user("hall", "clerk", Some(hall));
    let receipt = created(app, &format!("/api/v1/orgs/{hall}/receipts"), &hall_clerk,
        json!({"letter": {"number": "นร ๑๒๐๗/๕๐๙", "dated": "2026-04-30", "subject": SUBJECT, "from_name": "สำนักงาน ก.พ.ร."},
               "received_on": "2026-05-05"})).await;
    Office {
        hall,
        division,
        group,
        other,
        group_clerk: app.user("group", "clerk", Some(group)),
        other_clerk: app.user("other", "clerk", Some(other)),
        hall_clerk,
        receipt: id(&receipt),
    }
}

#[tokio::test]
async fn a_route_goes_down_the_office_tree_with_its_endorsement() {
    let app = spawn_app_at("2026-05-05T15:00:00+07:00").await;
    let o = setup(&app).await;
    let path = format!("/api/v1/receipts/{}/routes", o.receipt);
    // Two levels down in one step is fine: any descendant.
    let routed = created(
        &app,
        &path,
        &o.hall_clerk,
        json!({"to_org_id": o.group, "note": "มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ"}),
    )
    .await;
    assert_eq!(routed["via"], "route");
    assert_eq!(routed["sender_id"], o.hall);
    assert_eq!(routed["recipient_id"], o.group);
    assert_eq!(routed["note"], "มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ");
    assert_eq!(routed["source_receipt_id"], o.receipt);
    assert_eq!(routed["dispatch_id"], serde_json::Value::Null);

    // The group sees it and logs its own receipt from the delivery.
    let fetched = ok(
        &app,
        &format!("/api/v1/deliveries/{}", id(&routed)),
        &o.group_clerk,
    )
    .await;
    assert_eq!(fetched["status"], "pending");
    let r = created(
        &app,
        &format!("/api/v1/orgs/{}/receipts", o.group),
        &o.group_clerk,
        json!({"delivery_id": id(&routed), "received_on": "2026-05-05", "received_time": "14.10"}),
    )
    .await;
    assert_eq!(r["number"], 1, "the group's own register");
    assert_eq!(r["stamp"], "เลขรับที่ ๑ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา ๑๔.๑๐ น.");
    let fetched = ok(
        &app,
        &format!("/api/v1/deliveries/{}", id(&routed)),
        &o.group_clerk,
    )
    .await;
    assert_eq!(fetched["status"], "received");

    // Once per sub-office.
    let again = app
        .post(&path, &o.hall_clerk, json!({"to_org_id": o.group}))
        .await;
    assert_error(&again, 409, "already_routed");
    created(&app, &path, &o.hall_clerk, json!({"to_org_id": o.division})).await;
    // The hall's receipt register says where it went.
    let reg = ok(
        &app,
        &format!("/api/v1/orgs/{}/registers/receipt?year=2569", o.hall),
        &o.hall_clerk,
    )
    .await;
    assert_eq!(
        reg["items"][0]["action"],
        "ส่ง กลุ่มงานยุทธศาสตร์ฯ, สำนักงานจังหวัดปราจีนบุรี"
    );
}

#[tokio::test]
async fn routes_refuse_other_offices_and_strangers() {
    let app = spawn_app_at("2026-05-05T15:00:00+07:00").await;
    let o = setup(&app).await;
    let path = format!("/api/v1/receipts/{}/routes", o.receipt);
    // Not below the hall: a forwarding letter is needed for that.
    assert_error(
        &app.post(&path, &o.hall_clerk, json!({"to_org_id": o.other}))
            .await,
        422,
        "invalid_to_org_id",
    );
    assert_error(
        &app.post(&path, &o.hall_clerk, json!({"to_org_id": o.hall}))
            .await,
        422,
        "invalid_to_org_id",
    );
    assert_error(
        &app.post(&path, &o.hall_clerk, json!({"to_org_id": 999_999}))
            .await,
        422,
        "invalid_to_org_id",
    );
    // Only the receiving office's clerks route its receipts.
    assert_error(
        &app.post(&path, &o.other_clerk, json!({"to_org_id": o.group}))
            .await,
        403,
        "forbidden",
    );
    assert_error(
        &app.post(
            "/api/v1/receipts/999999/routes",
            &o.hall_clerk,
            json!({"to_org_id": o.group}),
        )
        .await,
        404,
        "receipt_not_found",
    );
    let (status, _) = app
        .post(
            &path,
            &o.hall_clerk,
            json!({"to_org_id": o.group, "endorsed_by": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unknown fields are malformed"
    );
    // None of that left a delivery behind.
    let inbox = ok(
        &app,
        &format!("/api/v1/orgs/{}/inbox", o.hall),
        &o.hall_clerk,
    )
    .await;
    assert_eq!(inbox["total"], 0);
}
