//! OPDC's letter crosses to the other instance, the hall logs it as ๔๗๒๐ and OPDC's
//! distribution shows that number; an outage loses nothing and duplicates nothing; a
//! withdrawal and a rejection (with its reason) reach the other side; classified letters stay
//! home.

use super::instance::{call, eventually};
use super::pair::{office, pair, SUBJECT};
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opdc_sees_the_hall_receipt_number_4720_from_the_other_instance() {
    let p = pair().await;
    let letter = p.issue(SUBJECT, "normal", "urgent").await;
    let sha = p.attach(letter).await;
    let (_, status, sent) = p.dispatch(letter).await;
    assert_eq!(status, 201, "{sent}");
    // No e-mail notice for an office on a peer instance: the signed message replaces it.
    assert_eq!(p.a.count("email_outbox"), 0);
    let item = p.arrived(SUBJECT).await;
    assert_eq!(item["status"], "pending");
    let delivery = item["delivery_id"].as_i64().expect("delivery");
    // The letter's fields and its file crossed over, the bytes checked by their SHA-256.
    let there = item["letter"]["id"].as_i64().expect("letter there");
    let (_, copy) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{there}", p.b.base),
        Some(&p.hall_clerk),
        None,
    )
    .await;
    let (_, here) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{letter}", p.a.base),
        Some(&p.opdc_clerk),
        None,
    )
    .await;
    for field in [
        "number",
        "number_canonical",
        "dated",
        "subject",
        "addressee",
        "urgency",
        "secrecy",
        "kind",
    ] {
        assert_eq!(copy[field], here[field], "{field}");
    }
    let (_, files) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{there}/files", p.b.base),
        Some(&p.hall_clerk),
        None,
    )
    .await;
    assert_eq!(files["items"][0]["sha256"], sha.as_str(), "{files}");
    assert_eq!(files["items"][0]["role"], "main");
    let (status, receipt) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/orgs/{}/receipts", p.b.base, p.hall),
        Some(&p.hall_clerk),
        Some(json!({"delivery_id": delivery, "received_time": "10:15"})),
    )
    .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["number"], 4720);
    let q = &p;
    let hop = eventually(30, "OPDC learns the receipt number", || async move {
        let hop = q.hop(letter).await;
        // Both in one transaction there; read here without one, so wait for both.
        (hop["exchange"]["state"] == "registered" && hop["status"] == "received").then_some(hop)
    })
    .await;
    assert_eq!(hop["exchange"]["peer"], "prachinburi");
    assert_eq!(hop["status"], "received");
    let r = &hop["receipt"];
    assert_eq!(
        (r["id"].clone(), r["remote"].clone(), r["number"].clone()),
        (Value::Null, json!(true), json!(4720))
    );
    assert_eq!(r["received_on"], receipt["received_on"]);
    assert_eq!(r["received_time"], "10:15");
    assert_eq!(r["year_be"], receipt["year_be"]);
    assert!(r["stamp"].as_str().expect("stamp").contains("๔๗๒๐"));
    // The kept counts moved with the status, through the delivery model's hooks.
    let (_, dist) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{letter}/distribution", p.a.base),
        Some(&p.opdc_clerk),
        None,
    )
    .await;
    assert_eq!(
        (
            dist["summary"]["received"].as_i64(),
            dist["summary"]["pending"].as_i64()
        ),
        (Some(1), Some(0)),
        "{}",
        dist["summary"]
    );

    // Acknowledging there sets the delivery acknowledged here.
    let (status, _) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/deliveries/{delivery}/acknowledge", p.b.base),
        Some(&p.hall_clerk),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    let q = &p;
    eventually(30, "the acknowledgement returns", || async move {
        (q.hop(letter).await["status"] == "acknowledged").then_some(())
    })
    .await;

    // The hall forwards it to a district with a letter of its own: OPDC's hop shows forwarded.
    let district = office(
        &p.client,
        &p.b.base,
        &p.admin_b,
        json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี",
        "kind": "district", "letter_code": "ปจ 0118"}),
    )
    .await;
    let (status, l2) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/orgs/{}/letters", p.b.base, p.hall),
        Some(&p.hall_clerk),
        Some(
            json!({"subject": SUBJECT, "addressee": "นายอำเภอเมืองปราจีนบุรี", "circular": true,
            "references": [{"letter_id": there, "relation": "forwards"}]}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{l2}");
    let (status, sent) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/letters/{}/dispatches", p.b.base, l2["id"]),
        Some(&p.hall_clerk),
        Some(json!({"sender_id": p.hall, "recipient_ids": [district]})),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    let q = &p;
    eventually(30, "the forwarding is reported", || async move {
        (q.hop(letter).await["forwarded"] == true).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_loses_nothing_duplicates_nothing_and_withdrawal_and_rejection_cross_over() {
    let mut p = pair().await;
    p.b.stop();
    let subject = "หนังสือระหว่างเครื่องปลายทางหยุดทำงาน";
    let (letter, status, sent) = p.send(subject, "normal").await;
    assert_eq!(status, 201, "{sent}");
    // Several attempts fail while the hall's instance is down; the message waits, queued.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(p.hop(letter).await["exchange"]["state"], "queued");
    p.b.start();
    let item = p.arrived(subject).await;
    let q = &p;
    eventually(30, "OPDC hears it was delivered", || async move {
        (q.hop(letter).await["exchange"]["state"] == "delivered").then_some(())
    })
    .await;
    // Give any duplicate a chance to arrive: there is none.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(p.hall_deliveries_of(subject).await, 1);

    // OPDC withdraws it; the hall sees it withdrawn and can no longer log it.
    let hop = p.hop(letter).await;
    let (status, w) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/deliveries/{}/withdraw", p.a.base, hop["id"]),
        Some(&p.opdc_clerk),
        Some(json!({"reason": "ส่งผิดหน่วยงาน"})),
    )
    .await;
    assert_eq!(status, 200, "{w}");
    assert!(w["withdrawn_at"].is_string());
    let remote = item["delivery_id"].as_i64().expect("delivery");
    let q = &p;
    let seen = eventually(30, "the withdrawal reaches the hall", || async move {
        let (_, d) = call(
            &q.client,
            reqwest::Method::GET,
            format!("{}/api/v1/deliveries/{remote}", q.b.base),
            Some(&q.hall_clerk),
            None,
        )
        .await;
        d["withdrawn_at"].is_string().then_some(d)
    })
    .await;
    assert_eq!(seen["withdrawn_reason"], "ส่งผิดหน่วยงาน");
    let (status, refused) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/orgs/{}/receipts", p.b.base, p.hall),
        Some(&p.hall_clerk),
        Some(json!({"delivery_id": remote})),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("delivery_withdrawn")),
        "{refused}"
    );
    assert_eq!(p.hop(letter).await["exchange"]["state"], "withdrawn");

    // Classified letters stay on this instance.
    let before = p.a.count("exchange_outbox");
    let (_, status, refused) = p.send("หนังสือลับทดสอบ", "confidential").await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("classified_not_exchanged")),
        "{refused}"
    );
    assert_eq!(p.a.count("exchange_outbox"), before);

    // ไม่เกี่ยวข้อง there: OPDC sees the hop rejected, with the hall's reason.
    let subject = "หนังสือที่ไม่เกี่ยวข้องกับจังหวัด";
    let (other, status, sent) = p.send(subject, "normal").await;
    assert_eq!(status, 201, "{sent}");
    let item = p.arrived(subject).await;
    let (status, answered) = call(
        &p.client,
        reqwest::Method::POST,
        format!(
            "{}/api/v1/deliveries/{}/reject",
            p.b.base, item["delivery_id"]
        ),
        Some(&p.hall_clerk),
        Some(json!({"reason": "ไม่ใช่ภารกิจของจังหวัด"})),
    )
    .await;
    assert_eq!(status, 200, "{answered}");
    let q = &p;
    let hop = eventually(30, "the rejection returns", || async move {
        let hop = q.hop(other).await;
        (hop["exchange"]["state"] == "rejected" && hop["status"] == "not_related").then_some(hop)
    })
    .await;
    assert_eq!(hop["status"], "not_related");
    assert_eq!(hop["status_note"], "ไม่ใช่ภารกิจของจังหวัด");
}
