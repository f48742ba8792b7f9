//! The whole seed chain through the HTTP API: OPDC → Prachinburi's hall (๔๗๒๐) → provincial
//! office (๒๑๙๗) → strategy group (๗๘๓) → circular ปจ ๐๐๑๗.๒/ว ๒๓๒๓ → the seven districts,
//! the PAO and the towns (๓๖๕๔ at อำเภอเมืองปราจีนบุรี) → local bodies.

use crate::helpers::spawn_app_at;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

pub const SUBJECT: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติของประเทศไทยในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด (Open Government Partnership)";

/// 20 May 2569, 10:00 in Bangkok: after L2's due date (15 May).
pub const NOW: &str = "2026-05-20T10:00:00+07:00";

pub const DISTRICTS: [&str; 7] = [
    "ที่ว่าการอำเภอเมืองปราจีนบุรี",
    "ที่ว่าการอำเภอกบินทร์บุรี",
    "ที่ว่าการอำเภอนาดี",
    "ที่ว่าการอำเภอบ้านสร้าง",
    "ที่ว่าการอำเภอประจันตคาม",
    "ที่ว่าการอำเภอศรีมหาโพธิ",
    "ที่ว่าการอำเภอศรีมโหสถ",
];

/// Everything the chain made; tests pick what they need.
#[allow(dead_code)]
pub struct Chain {
    pub opdc: i64,
    pub hall: i64,
    pub po: i64,
    pub strat: i64,
    pub districts: Vec<i64>,
    pub pao: i64,
    pub town: i64,
    pub nong_king: i64,
    /// Local bodies: two under Mueang, one under Kabin Buri.
    pub mueang_locals: Vec<i64>,
    pub kabin_local: i64,
    pub opdc_clerk: String,
    pub hall_clerk: String,
    pub strat_clerk: String,
    pub mueang_clerk: String,
    pub kabin_clerk: String,
    pub nadi_clerk: String,
    pub town_clerk: String,
    pub l1: i64,
    pub l2: i64,
    pub l3_mueang: i64,
    pub l3_kabin: i64,
    pub hall_receipt: i64,
    /// L2's deliveries by recipient office.
    pub l2_deliveries: Vec<(i64, i64)>,
    pub town_l3_delivery: i64,
}

async fn office(app: &TestApp, name: &str, kind: &str, parent: Option<i64>, code: &str) -> i64 {
    app.org(json!({"name": name, "kind": kind, "parent_id": parent, "letter_code": code}))
        .await
}

pub async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, v) = app.post(path, token, body).await;
    assert_eq!(status, StatusCode::CREATED, "POST {path}: {v}");
    v
}

pub async fn ok(app: &TestApp, path: &str, token: &str) -> Value {
    let (status, v) = app.get(path, token).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {v}");
    v
}

pub fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

pub fn delivery_to(sent: &Value, org: i64) -> i64 {
    sent["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["recipient_id"] == org)
        .and_then(|d| d["id"].as_i64())
        .expect("delivery to the office")
}

async fn receive(app: &TestApp, org: i64, token: &str, delivery: i64, on: &str) -> Value {
    created(
        app,
        &format!("/api/v1/orgs/{org}/receipts"),
        token,
        json!({"delivery_id": delivery, "received_on": on}),
    )
    .await
}

async fn forward(app: &TestApp, org: i64, token: &str, upstream: i64, day: &str) -> Value {
    created(
        app,
        &format!("/api/v1/orgs/{org}/letters"),
        token,
        json!({"subject": SUBJECT, "addressee": "นายกองค์กรปกครองส่วนท้องถิ่นทุกแห่ง", "circular": true,
               "issued_at": format!("{day}T10:00:00+07:00"),
               "references": [{"letter_id": upstream, "relation": "forwards"}]}),
    )
    .await
}

/// Builds the directory and runs the chain, asserting each number on the way.
pub async fn build(app: &TestApp) -> Chain {
    let opdc = office(app, "สำนักงาน ก.พ.ร.", "department", None, "นร 1207").await;
    let hall = office(app, "ศาลากลางจังหวัดปราจีนบุรี", "province", None, "ปจ 0017.1").await;
    let po = office(app, "สำนักงานจังหวัดปราจีนบุรี", "unit", Some(hall), "ปจ 0017").await;
    let strat = office(
        app,
        "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        "unit",
        Some(po),
        "ปจ 0017.2",
    )
    .await;
    let mut districts = Vec::new();
    for (i, name) in DISTRICTS.iter().enumerate() {
        let code = format!("ปจ 0{}18", i + 1);
        districts.push(office(app, name, "district", Some(hall), &code).await);
    }
    let pao = office(
        app,
        "องค์การบริหารส่วนจังหวัดปราจีนบุรี",
        "local_body",
        Some(hall),
        "ปจ 51001",
    )
    .await;
    let town = office(
        app,
        "เทศบาลเมืองปราจีนบุรี",
        "local_body",
        Some(districts[0]),
        "ปจ 52101",
    )
    .await;
    let nong_king = office(
        app,
        "เทศบาลเมืองหนองกิ้ง",
        "local_body",
        Some(hall),
        "ปจ 52102",
    )
    .await;
    let mueang_locals = vec![
        office(
            app,
            "องค์การบริหารส่วนตำบลดงพระราม",
            "local_body",
            Some(districts[0]),
            "ปจ 70101",
        )
        .await,
        office(
            app,
            "องค์การบริหารส่วนตำบลบ้านพระ",
            "local_body",
            Some(districts[0]),
            "ปจ 70102",
        )
        .await,
    ];
    let kabin_local = office(
        app,
        "องค์การบริหารส่วนตำบลบ่อทอง",
        "local_body",
        Some(districts[1]),
        "ปจ 70201",
    )
    .await;

    let opdc_clerk = app.user("opdc-clerk", "clerk", Some(opdc));
    let hall_clerk = app.user("hall-clerk", "clerk", Some(hall));
    let strat_clerk = app.user("strat-clerk", "clerk", Some(strat));
    let mueang_clerk = app.user("mueang-clerk", "clerk", Some(districts[0]));
    let kabin_clerk = app.user("kabin-clerk", "clerk", Some(districts[1]));
    let nadi_clerk = app.user("nadi-clerk", "clerk", Some(districts[2]));
    let town_clerk = app.user("town-clerk", "clerk", Some(town));

    app.set_series(opdc, "dispatch", 2569, 509).await;
    app.set_series(hall, "receipt", 2569, 4720).await;
    app.set_series(po, "receipt", 2569, 2197).await;
    app.set_series(strat, "receipt", 2569, 783).await;
    app.set_series(strat, "circular", 2569, 2323).await;
    app.set_series(districts[0], "receipt", 2569, 3654).await;

    // 1. OPDC issues L1 and sends it to the province.
    let l1 = created(
        app,
        &format!("/api/v1/orgs/{opdc}/letters"),
        &opdc_clerk,
        json!({"subject": SUBJECT, "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี",
               "issued_at": "2026-04-30T09:00:00+07:00"}),
    )
    .await;
    assert_eq!(l1["number"], "นร ๑๒๐๗/๕๐๙");
    assert_eq!(l1["dated"], "2026-04-30");
    let sent = created(
        app,
        &format!("/api/v1/letters/{}/dispatches", id(&l1)),
        &opdc_clerk,
        json!({"sender_id": opdc, "recipient_ids": [hall]}),
    )
    .await;

    // 2–4. Three nested registers in the province log it on 5 May 2569.
    let r_hall = receive(
        app,
        hall,
        &hall_clerk,
        delivery_to(&sent, hall),
        "2026-05-05",
    )
    .await;
    assert_eq!(r_hall["number"], 4720);
    assert_eq!(r_hall["stamp"], "เลขรับที่ ๔๗๒๐ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา");
    let to_po = created(
        app,
        &format!("/api/v1/receipts/{}/routes", id(&r_hall)),
        &hall_clerk,
        json!({"to_org_id": po, "note": "เรียน ผวจ. เพื่อโปรดทราบ มอบสำนักงานจังหวัดดำเนินการ"}),
    )
    .await;
    assert_eq!(to_po["via"], "route");
    assert_eq!(to_po["status"], "pending");
    assert_eq!(to_po["letter_id"], id(&l1));
    let r_po = receive(app, po, &hall_clerk, id(&to_po), "2026-05-05").await;
    assert_eq!(r_po["number"], 2197);
    assert_eq!(r_po["stamp"], "เลขรับที่ ๒๑๙๗ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา");
    let to_strat = created(
        app,
        &format!("/api/v1/receipts/{}/routes", id(&r_po)),
        &hall_clerk,
        json!({"to_org_id": strat, "note": "มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ"}),
    )
    .await;
    let r_strat = receive(app, strat, &strat_clerk, id(&to_strat), "2026-05-05").await;
    assert_eq!(r_strat["number"], 783);
    assert_eq!(r_strat["stamp"], "เลขรับที่ ๗๘๓ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา");

    // 5. The strategy group issues the circular forwarding L1 and sends it to every district
    //    (a group), the PAO and the two towns (the PAO named twice).
    let l2 = created(
        app,
        &format!("/api/v1/orgs/{strat}/letters"),
        &strat_clerk,
        json!({"subject": SUBJECT, "addressee": "นายอำเภอทุกอำเภอ", "circular": true,
               "issued_at": "2026-05-07T10:00:00+07:00", "due_date": "2026-05-15",
               "references": [{"letter_id": id(&l1), "relation": "forwards"}]}),
    )
    .await;
    assert_eq!(l2["number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(l2["number_canonical"], "ปจ 0017.2/ว 2323");
    assert_eq!(l2["references"][0]["letter_id"], id(&l1));
    assert_eq!(l2["references"][0]["relation"], "forwards");
    assert_eq!(l2["references"][0]["number"], "นร ๑๒๐๗/๕๐๙");
    let sent2 = created(
        app,
        &format!("/api/v1/letters/{}/dispatches", id(&l2)),
        &strat_clerk,
        json!({"sender_id": strat, "recipient_ids": [pao, town, nong_king, pao],
               "recipient_groups": [{"under_id": hall, "kind": "district"}]}),
    )
    .await;
    assert_eq!(sent2["deliveries"].as_array().map(Vec::len), Some(10));
    let l2_deliveries: Vec<(i64, i64)> = sent2["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|d| (d["recipient_id"].as_i64().unwrap_or(0), id(d)))
        .collect();

    // 6. อำเภอเมืองปราจีนบุรี logs it as ๓๖๕๔ on 8 May 2569; Kabin Buri logs it too.
    let r_mueang = receive(
        app,
        districts[0],
        &mueang_clerk,
        delivery_to(&sent2, districts[0]),
        "2026-05-08",
    )
    .await;
    assert_eq!(r_mueang["number"], 3654);
    assert_eq!(r_mueang["stamp"], "เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา");
    let r_kabin = receive(
        app,
        districts[1],
        &kabin_clerk,
        delivery_to(&sent2, districts[1]),
        "2026-05-08",
    )
    .await;
    assert_eq!(r_kabin["number"], 1);

    // Na Di acknowledges straight from pending.
    let (status, ack) = app
        .post(
            &format!(
                "/api/v1/deliveries/{}/acknowledge",
                delivery_to(&sent2, districts[2])
            ),
            &nadi_clerk,
            json!({"note": "รับทราบ"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ack}");
    assert_eq!(ack["status"], "acknowledged");
    assert_eq!(ack["status_note"], "รับทราบ");
    assert_eq!(ack["acknowledged_at"], "2026-05-20T03:00:00Z");

    // 8. Two districts pass it on to the local bodies in their area.
    let l3m = forward(app, districts[0], &mueang_clerk, id(&l2), "2026-05-11").await;
    assert_eq!(l3m["number"], "ปจ ๐๑๑๘/ว ๑");
    let sent3 = created(app, &format!("/api/v1/letters/{}/dispatches", id(&l3m)), &mueang_clerk,
        json!({"sender_id": districts[0], "recipient_groups": [{"under_id": districts[0], "kind": "local_body"}]})).await;
    assert_eq!(sent3["deliveries"].as_array().map(Vec::len), Some(3));
    let l3k = forward(app, districts[1], &kabin_clerk, id(&l2), "2026-05-12").await;
    assert_eq!(l3k["number"], "ปจ ๐๒๑๘/ว ๑");
    created(
        app,
        &format!("/api/v1/letters/{}/dispatches", id(&l3k)),
        &kabin_clerk,
        json!({"sender_id": districts[1], "recipient_ids": [kabin_local]}),
    )
    .await;

    // The town already had the circular from the province: "not related" to the second copy.
    let town_l3_delivery = delivery_to(&sent3, town);
    let (status, rej) = app
        .post(
            &format!("/api/v1/deliveries/{town_l3_delivery}/reject"),
            &town_clerk,
            json!({"reason": "ได้รับหนังสือฉบับนี้จากจังหวัดโดยตรงแล้ว"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rej}");
    assert_eq!(rej["status"], "not_related");
    assert_eq!(rej["status_note"], "ได้รับหนังสือฉบับนี้จากจังหวัดโดยตรงแล้ว");

    Chain {
        opdc,
        hall,
        po,
        strat,
        districts,
        pao,
        town,
        nong_king,
        mueang_locals,
        kabin_local,
        opdc_clerk,
        hall_clerk,
        strat_clerk,
        mueang_clerk,
        kabin_clerk,
        nadi_clerk,
        town_clerk,
        l1: id(&l1),
        l2: id(&l2),
        l3_mueang: id(&l3m),
        l3_kabin: id(&l3k),
        hall_receipt: id(&r_hall),
        l2_deliveries,
        town_l3_delivery,
    }
}

pub fn find(hops: &Value, org: i64) -> &Value {
    hops.as_array()
        .expect("hops")
        .iter()
        .find(|h| h["recipient"]["id"] == org)
        .expect("hop to the office")
}

#[tokio::test]
async fn the_whole_seed_chain_shows_in_opdcs_distribution() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let dist = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", c.l1),
        &c.opdc_clerk,
    )
    .await;
    let s = &dist["summary"];
    // hall, provincial office, strategy group; 10 deliveries of L2; 3 + 1 of the districts' letters.
    assert_eq!(s["total"], 17, "{s}");
    assert_eq!(s["received"], 5);
    assert_eq!(s["acknowledged"], 1);
    assert_eq!(s["not_related"], 1);
    assert_eq!(s["pending"], 10);
    assert_eq!(
        s["forwarded"], 5,
        "hall, provincial office, strategy group, two districts"
    );
    assert_eq!(s["overdue"], 7, "L2 still pending after 15 May");
    assert_eq!(s["offices"], 16, "the town is reached twice");
    assert_eq!(s["by_kind"]["province"]["total"], 1);
    assert_eq!(s["by_kind"]["unit"]["received"], 2);
    let d = &s["by_kind"]["district"];
    assert_eq!(
        (
            d["total"].as_i64(),
            d["received"].as_i64(),
            d["acknowledged"].as_i64(),
            d["pending"].as_i64()
        ),
        (Some(7), Some(2), Some(1), Some(4))
    );
    assert_eq!(
        (d["forwarded"].as_i64(), d["overdue"].as_i64()),
        (Some(2), Some(4))
    );
    let lb = &s["by_kind"]["local_body"];
    assert_eq!(
        (
            lb["total"].as_i64(),
            lb["pending"].as_i64(),
            lb["not_related"].as_i64(),
            lb["overdue"].as_i64()
        ),
        (Some(7), Some(6), Some(1), Some(3))
    );

    let dist_tree = crate::helpers::nested(&dist);
    let hall = find(&dist_tree, c.hall);
    assert_eq!(hall["via"], "dispatch");
    assert_eq!(hall["letter"]["number"], "นร ๑๒๐๗/๕๐๙");
    assert_eq!(hall["receipt"]["number"], 4720);
    assert_eq!(hall["receipt"]["received_on"], "2026-05-05");
    assert_eq!(hall["receipt"]["received_time"], Value::Null);
    assert_eq!(hall["forwarded"], true);
    let po = find(&hall["children"], c.po);
    assert_eq!(po["via"], "route");
    assert_eq!(po["note"], "เรียน ผวจ. เพื่อโปรดทราบ มอบสำนักงานจังหวัดดำเนินการ");
    assert_eq!(po["receipt"]["number"], 2197);
    let strat = find(&po["children"], c.strat);
    assert_eq!(strat["receipt"]["number"], 783);
    assert_eq!(strat["receipt"]["year_be"], 2569);
    assert_eq!(strat["forwarded"], true);
    assert_eq!(strat["children"].as_array().map(Vec::len), Some(10));
    let mueang = find(&strat["children"], c.districts[0]);
    assert_eq!(mueang["letter"]["number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(mueang["status"], "received");
    assert_eq!(mueang["receipt"]["number"], 3654);
    assert_eq!(mueang["receipt"]["received_on"], "2026-05-08");
    assert_eq!(
        mueang["receipt"]["stamp"],
        "เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา"
    );
    assert_eq!(mueang["overdue"], false);
    assert_eq!(mueang["forwarded"], true);
    let town_again = find(&mueang["children"], c.town);
    assert_eq!(town_again["letter"]["number"], "ปจ ๐๑๑๘/ว ๑");
    assert_eq!(town_again["status"], "not_related");
    assert_eq!(town_again["status_note"], "ได้รับหนังสือฉบับนี้จากจังหวัดโดยตรงแล้ว");
    let nadi = find(&strat["children"], c.districts[2]);
    assert_eq!(nadi["status"], "acknowledged");
    assert_eq!(nadi["acknowledged_at"], "2026-05-20T03:00:00Z");
    assert_eq!(nadi["receipt"], Value::Null);
    let ban_sang = find(&strat["children"], c.districts[3]);
    assert_eq!(
        (ban_sang["status"].as_str(), ban_sang["overdue"].as_bool()),
        (Some("pending"), Some(true))
    );
    let kabin = find(&strat["children"], c.districts[1]);
    assert_eq!(
        find(&kabin["children"], c.kabin_local)["letter"]["number"],
        "ปจ ๐๒๑๘/ว ๑"
    );
    let town_direct = find(&strat["children"], c.town);
    assert_eq!(town_direct["status"], "pending");
    assert!(town_direct["children"]
        .as_array()
        .is_some_and(Vec::is_empty));

    // ?depth=2 stops below the provincial office; the summary still covers the whole tree.
    let shallow = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution?depth=2", c.l1),
        &c.opdc_clerk,
    )
    .await;
    assert_eq!(shallow["summary"]["total"], 17);
    let shallow_tree = crate::helpers::nested(&shallow);
    let po = find(&shallow_tree[0]["children"], c.po);
    assert!(po["children"].as_array().is_some_and(Vec::is_empty));
    // ?status=not_related gives the one refusal, placed by its parent and depth.
    let refused = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution?status=not_related", c.l1),
        &c.opdc_clerk,
    )
    .await;
    let items = refused["hops"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{refused}");
    assert_eq!(refused["hops"]["total"], 1);
    assert_eq!(items[0]["recipient"]["id"], c.town);
    assert_eq!(items[0]["depth"], 5);
    let full = crate::helpers::nested(&dist);
    let strat_hop = find(
        &find(&find(&full, c.hall)["children"], c.po)["children"],
        c.strat,
    );
    let mueang_hop = find(&strat_hop["children"], c.districts[0]);
    assert_eq!(items[0]["parent_id"], mueang_hop["id"]);
    // ?kind=district&depth=4: the districts reached by the province's circular.
    let only = ok(
        &app,
        &format!(
            "/api/v1/letters/{}/distribution?kind=district&depth=4",
            c.l1
        ),
        &c.opdc_clerk,
    )
    .await;
    let districts = only["hops"]["items"].as_array().expect("items");
    assert_eq!(districts.len(), 7, "{only}");
    assert!(districts
        .iter()
        .all(|h| h["depth"] == 4 && h["recipient"]["kind"] == "district"));
    let bad = app
        .get(
            &format!("/api/v1/letters/{}/distribution?depth=0", c.l1),
            &c.opdc_clerk,
        )
        .await;
    crate::helpers::assert_error(&bad, 422, "invalid_depth");
    let bad = app
        .get(
            &format!("/api/v1/letters/{}/distribution?status=lost", c.l1),
            &c.opdc_clerk,
        )
        .await;
    crate::helpers::assert_error(&bad, 422, "invalid_status");
}
