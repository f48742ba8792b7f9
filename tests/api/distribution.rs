//! The distribution as pages of hops, filtered and exported, and the kept summary checked
//! against a recount after random sequences of every act that moves a hop.

use crate::chain::{build, ok, Chain, NOW};
use crate::helpers::{assert_error, spawn_app_at, TestApp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn items(v: &Value) -> &Vec<Value> {
    v["hops"]["items"].as_array().expect("hops.items")
}

#[tokio::test]
async fn hops_come_in_pages_in_tree_order_and_filters_narrow_them() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let base = format!("/api/v1/letters/{}/distribution", c.l1);
    let all = ok(&app, &format!("{base}?limit=1000"), &c.opdc_clerk).await;
    assert_eq!(all["hops"]["total"], 17);
    assert!(all["hops"]["next_cursor"].is_null());
    let s = &all["summary"];
    assert_eq!(
        s["reached"].as_i64(),
        Some(
            s["received"].as_i64().unwrap_or(0)
                + s["acknowledged"].as_i64().unwrap_or(0)
                + s["not_related"].as_i64().unwrap_or(0)
        )
    );
    // Five at a time, the cursor walks the same hops in the same order.
    let mut walked = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = ok(
            &app,
            &format!("{base}?limit=5&cursor={cursor}"),
            &c.opdc_clerk,
        )
        .await;
        assert_eq!(page["hops"]["total"], 17);
        assert!(items(&page).len() <= 5);
        walked.extend(items(&page).iter().map(|h| h["id"].clone()));
        match page["hops"]["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    let every: Vec<Value> = items(&all).iter().map(|h| h["id"].clone()).collect();
    assert_eq!(walked, every);
    // under_id: one district's subtree; q: by office name; overdue.
    let mueang = ok(
        &app,
        &format!("{base}?under_id={}", c.districts[0]),
        &c.opdc_clerk,
    )
    .await;
    assert_eq!(mueang["hops"]["total"], 4, "{mueang}");
    assert_eq!(items(&mueang)[0]["recipient"]["id"], c.districts[0]);
    let q = "เทศบาลเมืองปราจีนบุรี";
    let named = ok(&app, &format!("{base}?q={}", urlencode(q)), &c.opdc_clerk).await;
    assert!(
        items(&named).iter().all(|h| h["recipient"]["name"] == q),
        "{named}"
    );
    assert!(!items(&named).is_empty());
    let late = ok(&app, &format!("{base}?overdue=true"), &c.opdc_clerk).await;
    assert_eq!(late["hops"]["total"], all["summary"]["overdue"]);
    assert!(items(&late)
        .iter()
        .all(|h| h["overdue"] == true && h["status"] == "pending"));
    // A district sees only its own part, whatever it asks for.
    let theirs = ok(
        &app,
        &format!("{base}?under_id={}", c.hall),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(theirs["hops"]["total"], 4, "{theirs}");
    let other = ok(
        &app,
        &format!("{base}?under_id={}", c.districts[1]),
        &c.mueang_clerk,
    )
    .await;
    assert_eq!(other["hops"]["total"], 0, "{other}");
    for bad in [
        "cursor=abc",
        "limit=0",
        "limit=1001",
        "overdue=maybe",
        "kind=planet",
    ] {
        let r = app.get(&format!("{base}?{bad}"), &c.opdc_clerk).await;
        assert!(r.0.is_client_error(), "{bad}: {:?}", r.1);
    }
    let r = app.get(&format!("{base}?cursor=12"), &c.opdc_clerk).await;
    assert_error(&r, 422, "invalid_cursor");
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn exports_stream_every_visible_hop_as_thai_csv_and_jsonl() {
    let app = spawn_app_at(NOW).await;
    let c = build(&app).await;
    let path = format!("/api/v1/letters/{}/distribution", c.l1);
    let (status, csv) = app
        .get_text(&format!("{path}.csv"), Some(&c.opdc_clerk))
        .await;
    assert_eq!(status, 200, "{csv}");
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(lines.len(), 18, "{csv}");
    assert!(lines[0]
        .contains("ลำดับ,ระดับ,หน่วยงาน,ประเภท,สถานะ,เลขรับ,วันที่รับ,เวลา,ส่งต่อด้วยหนังสือ,กำหนด,เกินกำหนด"));
    assert!(
        lines[1].starts_with("๑,๑,ศาลากลางจังหวัดปราจีนบุรี,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",๔๗๒๐,"), "{}", lines[1]);
    assert!(csv.contains("ปจ ๐๐๑๗.๒/ว ๒๓๒๓"));
    let (status, jsonl) = app
        .get_text(&format!("{path}.jsonl"), Some(&c.opdc_clerk))
        .await;
    assert_eq!(status, 200);
    let hops: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON hop per line"))
        .collect();
    assert_eq!(hops.len(), 17);
    assert_eq!(hops[0]["recipient"]["id"], c.hall);
    // A district: its own part only; a stranger: 403 before any byte.
    let (_, mine) = app
        .get_text(&format!("{path}.csv?status=pending"), Some(&c.mueang_clerk))
        .await;
    assert_eq!(mine.trim_end().split("\r\n").count(), 3, "{mine}");
    let (status, _) = app
        .get_text(
            &format!("/api/v1/letters/{}/distribution.csv", c.l3_kabin),
            Some(&c.mueang_clerk),
        )
        .await;
    assert_eq!(status, 403);
}

/// One random act on the chain, as an administrator; refusals (4xx) are part of the game and
/// must change nothing.
async fn act(app: &TestApp, c: &Chain, rng: &mut StdRng, n: usize) -> bool {
    let t = &app.admin_token;
    let dist = ok(
        app,
        &format!("/api/v1/letters/{}/distribution?limit=1000", c.l1),
        t,
    )
    .await;
    let hops = items(&dist).clone();
    let hop = &hops[rng.gen_range(0..hops.len())];
    let (d, office) = (
        hop["id"].as_i64().unwrap_or(0),
        hop["recipient"]["id"].as_i64().unwrap_or(0),
    );
    let day = "2026-05-19";
    let (status, _) = match rng.gen_range(0..7) {
        0 => {
            app.post(
                &format!("/api/v1/orgs/{office}/receipts"),
                t,
                json!({"delivery_id": d, "received_on": day}),
            )
            .await
        }
        1 => {
            app.post(&format!("/api/v1/deliveries/{d}/acknowledge"), t, json!({}))
                .await
        }
        2 => {
            app.post(
                &format!("/api/v1/deliveries/{d}/reject"),
                t,
                json!({"reason": format!("ไม่เกี่ยวข้อง {n}")}),
            )
            .await
        }
        3 => match hop["receipt"]["id"].as_i64() {
            Some(r) => {
                app.post(
                    &format!("/api/v1/receipts/{r}/routes"),
                    t,
                    json!({"to_org_id": c.po}),
                )
                .await
            }
            None => app.get("/api/v1/search?q=x", t).await,
        },
        4 => match hop["receipt"]["id"].as_i64() {
            Some(r) => {
                app.post(
                    &format!("/api/v1/receipts/{r}/cancel"),
                    t,
                    json!({"reason": format!("ลงผิด {n}")}),
                )
                .await
            }
            None => app.get("/api/v1/search?q=x", t).await,
        },
        5 => {
            let (s, fwd) = app
                .post(
                    &format!("/api/v1/orgs/{office}/letters"),
                    t,
                    json!({"subject": format!("ส่งต่อ {n}"), "addressee": "ทุกหน่วย", "circular": true,
                       "references": [{"letter_id": hop["letter"]["id"], "relation": "forwards"}]}),
                )
                .await;
            if s.is_success() {
                let to = c.mueang_locals[rng.gen_range(0..c.mueang_locals.len())];
                app.post(
                    &format!("/api/v1/letters/{}/dispatches", fwd["id"]),
                    t,
                    json!({"sender_id": office, "recipient_ids": [to, c.kabin_local]}),
                )
                .await
            } else {
                (s, fwd)
            }
        }
        _ => {
            app.post(
                &format!("/api/v1/letters/{}/dispatches", c.l1),
                t,
                json!({"sender_id": c.opdc, "recipient_ids": [c.districts[rng.gen_range(0..7)]]}),
            )
            .await
        }
    };
    // A refusal is 4xx and changes nothing; never a 5xx.
    assert!(!status.is_server_error(), "act {n}: {status}");
    status.is_success()
}

/// Counts per (kind, status) and the forwarded flags, from a summary or from the hops.
type Tally = BTreeMap<(String, String), i64>;

fn from_summary(s: &Value) -> Tally {
    let mut t = Tally::new();
    for (kind, c) in s["by_kind"].as_object().expect("by_kind") {
        for status in [
            "pending",
            "received",
            "acknowledged",
            "not_related",
            "forwarded",
        ] {
            let n = c[status].as_i64().unwrap_or(0);
            if n > 0 {
                t.insert((kind.clone(), status.into()), n);
            }
        }
    }
    t
}

fn from_hops(hops: &[Value]) -> Tally {
    let mut t = Tally::new();
    for h in hops {
        let kind = h["recipient"]["kind"].as_str().unwrap_or("").to_string();
        *t.entry((kind.clone(), h["status"].as_str().unwrap_or("").into()))
            .or_default() += 1;
        if h["forwarded"] == true {
            *t.entry((kind, "forwarded".into())).or_default() += 1;
        }
    }
    t
}

/// The kept summary equals a recount of the hops, each hop's status is its delivery's, and
/// rebuilding the index from the rows gives the same hops and counts.
async fn check(app: &TestApp, root: i64) {
    let t = &app.admin_token;
    let dist = ok(
        app,
        &format!("/api/v1/letters/{root}/distribution?limit=1000"),
        t,
    )
    .await;
    let hops = items(&dist).clone();
    assert_eq!(from_summary(&dist["summary"]), from_hops(&hops), "{dist}");
    assert_eq!(dist["summary"]["total"].as_i64(), Some(hops.len() as i64));
    for h in &hops {
        let d = ok(app, &format!("/api/v1/deliveries/{}", h["id"]), t).await;
        assert_eq!(d["status"], h["status"], "{d}");
    }
    app.db
        .write_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::index_builds;
            diesel::delete(index_builds::table).execute(c)?;
            saraban::db::distribution::build_if_needed(c)?;
            Ok(())
        })
        .expect("rebuild");
    let again = ok(
        app,
        &format!("/api/v1/letters/{root}/distribution?limit=1000"),
        t,
    )
    .await;
    assert_eq!(again["summary"], dist["summary"]);
    let shape = |v: &Value| -> Vec<(Value, Value, Value, Value)> {
        items(v)
            .iter()
            .map(|h| {
                (
                    h["id"].clone(),
                    h["parent_id"].clone(),
                    h["depth"].clone(),
                    h["status"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&again), shape(&dist));
}

#[tokio::test]
async fn the_kept_summary_equals_a_recount_after_random_acts() {
    for seed in [7_u64, 2569] {
        let app = spawn_app_at(NOW).await;
        let c = build(&app).await;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut done = 0;
        for n in 0..30 {
            done += usize::from(act(&app, &c, &mut rng, n).await);
        }
        // The sequence moved hops, not only asked to.
        assert!(done >= 5, "seed {seed}: only {done} acts succeeded");
        check(&app, c.l1).await;
        check(&app, c.l2).await;
    }
}
