//! Reserved numbers: taken from the counter like letters, used once by their office, void
//! (never reissued) after the year ends, and listed in the dispatch register.

use crate::chain::created;

use crate::chain::ok;
use crate::helpers::assert_error;
use crate::helpers::instant;
use crate::helpers::spawn_app_at;
use serde_json::json;

#[tokio::test]
async fn reserved_numbers_come_from_the_series_and_are_used_once() {
    let app = spawn_app_at("2026-05-07T10:00:00+07:00").await;
    let office = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let other = app
        .org(json!({"name": "กรม ข", "kind": "department", "letter_code": "มท 0810"}))
        .await;
    let clerk = app.user("clerk", "clerk", Some(office));
    let other_clerk = app.user("other", "clerk", Some(other));
    app.set_series(office, "dispatch", 2569, 509).await;
    let path = format!("/api/v1/orgs/{office}/reservations");
    let r = created(
        &app,
        &path,
        &clerk,
        json!({"series": "dispatch", "count": 3, "note": "หนังสือด่วนของเลขาธิการ"}),
    )
    .await;
    assert_eq!(r["numbers"], json!([509, 510, 511]));
    assert_eq!(r["printed"][0], "นร ๑๒๐๗/๕๐๙");
    assert_eq!(r["year_be"], 2569);
    let letters = format!("/api/v1/orgs/{office}/letters");
    let next = created(
        &app,
        &letters,
        &clerk,
        json!({"subject": "เรื่องทั่วไป", "addressee": "ผู้ว่าราชการจังหวัด"}),
    )
    .await;
    assert_eq!(next["running_number"], 512, "reserved numbers are skipped");
    let used = created(
        &app,
        &letters,
        &clerk,
        json!({"subject": "เรื่องด่วน", "addressee": "ผู้ว่าราชการจังหวัด", "reserved_number": 510}),
    )
    .await;
    assert_eq!(used["number"], "นร ๑๒๐๗/๕๑๐");
    for n in [510, 512, 600] {
        let reply = app
            .post(
                &letters,
                &clerk,
                json!({"subject": "ซ้ำ", "addressee": "x", "reserved_number": n}),
            )
            .await;
        assert_error(&reply, 422, "invalid_reserved_number");
    }
    // Circulars come from their own series: 510 is not a circular reservation.
    let reply = app
        .post(
            &letters,
            &clerk,
            json!({"subject": "ว", "addressee": "x", "circular": true, "reserved_number": 509}),
        )
        .await;
    assert_error(&reply, 422, "invalid_reserved_number");
    // Another office may neither reserve here nor use ours.
    assert_error(
        &app.post(
            &path,
            &other_clerk,
            json!({"series": "dispatch", "count": 1, "note": "x"}),
        )
        .await,
        403,
        "forbidden",
    );
    for (body, code) in [
        (
            json!({"series": "dispatch", "count": 21, "note": "x"}),
            "invalid_count",
        ),
        (
            json!({"series": "dispatch", "count": 0, "note": "x"}),
            "invalid_count",
        ),
        (
            json!({"series": "receipt", "count": 1, "note": "x"}),
            "invalid_series",
        ),
        (
            json!({"series": "dispatch", "count": 1, "note": " "}),
            "invalid_note",
        ),
    ] {
        assert_error(&app.post(&path, &clerk, body).await, 422, code);
    }
    let d = created(
        &app,
        &path,
        &clerk,
        json!({"series": "directive", "count": 1, "note": "คำสั่งแต่งตั้ง"}),
    )
    .await;
    assert_eq!(d["printed"][0], "๑/๒๕๖๙");

    // In the dispatch register: letters active, unused numbers reserved while the year runs.
    let reg = ok(
        &app,
        &format!("/api/v1/orgs/{office}/registers/dispatch?year=2569"),
        &clerk,
    )
    .await;
    let rows: Vec<(i64, &str, &str)> = reg["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["number"].as_i64().unwrap_or(0),
                i["series"].as_str().unwrap_or(""),
                i["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (509, "ordinary", "reserved"),
            (510, "ordinary", "active"),
            (511, "ordinary", "reserved"),
            (512, "ordinary", "active"),
            (1, "directive", "reserved")
        ]
    );
    assert_eq!(reg["items"][0]["remarks"], "จองเลข: หนังสือด่วนของเลขาธิการ");

    // After the year ends they are void: refused, and cancelled in the register.
    app.clock.set(instant("2027-01-02T09:00:00+07:00"));
    let reply = app.post(&letters, &clerk, json!({"subject": "ช้าไป", "addressee": "x", "reserved_number": 511, "issued_at": "2026-12-30T09:00:00+07:00"})).await;
    assert_error(&reply, 422, "invalid_reserved_number");
    let reg = ok(
        &app,
        &format!("/api/v1/orgs/{office}/registers/dispatch?year=2569&series=ordinary"),
        &clerk,
    )
    .await;
    assert_eq!(reg["total"], 4);
    assert_eq!(reg["items"][0]["status"], "cancelled");
    assert_eq!(reg["items"][2]["status"], "cancelled");
    assert_eq!(reg["items"][1]["status"], "active");
    // The new year's series starts afresh; the void numbers are never handed out again.
    let fresh = created(
        &app,
        &letters,
        &clerk,
        json!({"subject": "ปีใหม่", "addressee": "x"}),
    )
    .await;
    assert_eq!(
        (fresh["year_be"].as_i64(), fresh["running_number"].as_i64()),
        (Some(2570), Some(1))
    );
}
