//! Who sees which part of the distribution tree: the issuer all of it, everyone else their
//! own hops and what lies below them.

use crate::chain::build;

use crate::chain::find;

use crate::chain::ok;

use crate::chain::NOW;
use crate::helpers::assert_error;
use crate::helpers::spawn_app_at;
use serde_json::{json, Value};

fn recipients(hops: &Value) -> Vec<i64> {
    hops.as_array()
        .expect("hops")
        .iter()
        .map(|h| h["recipient"]["id"].as_i64().unwrap_or(0))
        .collect()
}

#[tokio::test]
async fn each_office_sees_its_own_hops_and_below() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let l1 = format!("/api/v1/letters/{}/distribution", c.l1);

    // The hall (with its units) was L1's only addressee: it sees the whole tree below it.
    let hall = ok(&app, &l1, &c.hall_clerk).await;
    assert_eq!(hall["summary"]["total"], 17);
    assert_eq!(recipients(&crate::helpers::nested(&hall)), vec![c.hall]);

    // The strategy group: its routed hop and everything it sent on.
    let strat = ok(&app, &l1, &c.strat_clerk).await;
    assert_eq!(strat["summary"]["total"], 15);
    assert_eq!(recipients(&crate::helpers::nested(&strat)), vec![c.strat]);
    assert_eq!(crate::helpers::nested(&strat)[0]["receipt"]["number"], 783);

    // A district reached only through the circular sees its hop and its own letter's.
    let mueang = ok(&app, &l1, &c.mueang_clerk).await;
    assert_eq!(
        recipients(&crate::helpers::nested(&mueang)),
        vec![c.districts[0]]
    );
    let s = &mueang["summary"];
    assert_eq!(
        (
            s["total"].as_i64(),
            s["received"].as_i64(),
            s["pending"].as_i64(),
            s["not_related"].as_i64()
        ),
        (Some(4), Some(1), Some(2), Some(1))
    );
    assert_eq!(s["forwarded"], 1);
    assert_eq!(s["overdue"], 0);
    let mut below = recipients(&crate::helpers::nested(&mueang)[0]["children"]);
    below.sort_unstable();
    let mut expected = vec![c.town, c.mueang_locals[0], c.mueang_locals[1]];
    expected.sort_unstable();
    assert_eq!(below, expected);
    // The same from the circular's own tree.
    let via_l2 = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", c.l2),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(via_l2["summary"]["total"], 4);

    // The town was reached twice, by two paths: it sees both hops and nothing else.
    let town = ok(&app, &l1, &c.town_clerk).await;
    assert_eq!(
        recipients(&crate::helpers::nested(&town)),
        vec![c.town, c.town]
    );
    assert_eq!(town["summary"]["total"], 2);
    assert_eq!(town["summary"]["offices"], 1);
    let town_tree = crate::helpers::nested(&town);
    let statuses: Vec<&str> = town_tree
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| h["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses, vec!["pending", "not_related"]);

    let nadi = ok(&app, &l1, &c.nadi_clerk).await;
    assert_eq!(nadi["summary"]["total"], 1);
    assert_eq!(nadi["summary"]["acknowledged"], 1);

    // The issuer of the circular sees all of its tree.
    let l2 = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", c.l2),
        &c.strat_clerk,
    )
    .await;
    assert_eq!(l2["summary"]["total"], 14);
    assert_eq!(
        find(&crate::helpers::nested(&l2), c.districts[1])["children"][0]["recipient"]["id"],
        c.kabin_local
    );

    // An office outside the chain sees nothing.
    let stranger = app
        .org(json!({"name": "ศาลากลางจังหวัดชลบุรี", "kind": "province"}))
        .await;
    let token = app.user("chonburi", "clerk", Some(stranger));
    assert_error(&app.get(&l1, &token).await, 403, "forbidden");
}

#[tokio::test]
async fn only_the_recipient_answers_a_delivery_and_only_once() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let to_pao = c
        .l2_deliveries
        .iter()
        .find(|(r, _)| *r == c.pao)
        .map(|(_, d)| *d)
        .expect("pao");
    let ack = format!("/api/v1/deliveries/{to_pao}/acknowledge");
    assert_error(
        &app.post(&ack, &c.mueang_clerk, json!({})).await,
        403,
        "forbidden",
    );
    assert_error(
        &app.post(
            "/api/v1/deliveries/999999/acknowledge",
            &c.mueang_clerk,
            json!({}),
        )
        .await,
        404,
        "delivery_not_found",
    );
    // Already answered: the town's refusal and Na Di's acknowledgement stand.
    let reply = app
        .post(
            &format!("/api/v1/deliveries/{}/acknowledge", c.town_l3_delivery),
            &c.town_clerk,
            json!({}),
        )
        .await;
    assert_error(&reply, 409, "delivery_closed");
    let reject = format!("/api/v1/deliveries/{}/reject", c.town_l3_delivery);
    assert_error(
        &app.post(&reject, &c.town_clerk, json!({"reason": " "}))
            .await,
        422,
        "invalid_reason",
    );
    let (status, _) = app.post(&reject, &c.town_clerk, json!({})).await;
    assert_eq!(status.as_u16(), 400, "a missing reason does not parse");
    // The sender may read the delivery; a district that neither sent nor received it may not.
    let d = ok(
        &app,
        &format!("/api/v1/deliveries/{}", c.town_l3_delivery),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(d["status"], "not_related");
    let other = app
        .get(
            &format!("/api/v1/deliveries/{}", c.town_l3_delivery),
            &c.kabin_clerk,
        )
        .await;
    assert_error(&other, 403, "forbidden");
    // A received delivery may still be acknowledged.
    let to_mueang = c
        .l2_deliveries
        .iter()
        .find(|(r, _)| *r == c.districts[0])
        .map(|(_, d)| *d)
        .expect("mueang");
    let (status, done) = app
        .post(
            &format!("/api/v1/deliveries/{to_mueang}/acknowledge"),
            &c.mueang_clerk,
            json!({}),
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{done}");
    assert_eq!(done["status"], "acknowledged");
}

#[tokio::test]
async fn a_units_forwarding_letter_joins_the_tree_without_a_route() {
    use crate::chain::created;
    use crate::chain::id;
    use crate::chain::SUBJECT;
    let app = spawn_app_at(NOW).await;
    let opdc = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let po = app.org(json!({"name": "สำนักงานจังหวัด", "kind": "unit", "parent_id": hall, "letter_code": "ปจ 0017"})).await;
    let group = app.org(json!({"name": "กลุ่มงานยุทธศาสตร์ฯ", "kind": "unit", "parent_id": po, "letter_code": "ปจ 0017.2"})).await;
    let district = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district", "parent_id": hall}))
        .await;
    let opdc_clerk = app.user("opdc", "clerk", Some(opdc));
    let hall_clerk = app.user("hall", "clerk", Some(hall));
    let l1 = created(
        &app,
        &format!("/api/v1/orgs/{opdc}/letters"),
        &opdc_clerk,
        json!({"subject": SUBJECT, "addressee": "ผู้ว่าราชการจังหวัด"}),
    )
    .await;
    let sent = created(
        &app,
        &format!("/api/v1/letters/{}/dispatches", id(&l1)),
        &opdc_clerk,
        json!({"sender_id": opdc, "recipient_ids": [hall]}),
    )
    .await;
    let to_hall = sent["deliveries"][0]["id"].clone();
    created(
        &app,
        &format!("/api/v1/orgs/{hall}/receipts"),
        &hall_clerk,
        json!({"delivery_id": to_hall, "received_on": "2026-05-05"}),
    )
    .await;
    // The work group writes the circular without the letter having been routed to it here.
    let l2 = created(
        &app,
        &format!("/api/v1/orgs/{group}/letters"),
        &hall_clerk,
        json!({"subject": SUBJECT, "addressee": "นายอำเภอทุกอำเภอ", "circular": true,
               "references": [{"letter_id": id(&l1), "relation": "forwards"}]}),
    )
    .await;
    created(
        &app,
        &format!("/api/v1/letters/{}/dispatches", id(&l2)),
        &hall_clerk,
        json!({"sender_id": group, "recipient_ids": [district]}),
    )
    .await;
    let dist = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", id(&l1)),
        &opdc_clerk,
    )
    .await;
    assert_eq!(dist["summary"]["total"], 2);
    assert_eq!(dist["summary"]["forwarded"], 1);
    let hall_hop = &crate::helpers::nested(&dist)[0];
    assert_eq!(hall_hop["forwarded"], true);
    assert_eq!(hall_hop["children"][0]["recipient"]["id"], district);
    assert_eq!(hall_hop["children"][0]["letter"]["number"], l2["number"]);
}
