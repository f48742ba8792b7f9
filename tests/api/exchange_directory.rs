//! Importing a peer's signed directory: new codes are added, a local office with the code is
//! adopted, one hosted by another peer is skipped and reported; again, nothing new; a
//! directory not signed by that peer's key is refused and changes nothing.

use crate::helpers::spawn_app;
use saraban::adapters::signing;
use saraban::db::models::{org, peer};
use saraban::services::exchange::directory;
use saraban::services::exchange::envelope::Envelope;
use saraban::services::exchange::peers;
use serde_json::json;

fn signed(secret: &str, public: &str, offices: serde_json::Value) -> Envelope {
    let message =
        json!({"type": "directory", "sent_at": "2026-05-01T09:00:00Z", "offices": offices});
    Envelope {
        signature: signing::sign(secret, &message).expect("sign"),
        message,
        key_id: public.to_string(),
    }
}

#[tokio::test]
async fn a_directory_adds_adopts_and_skips_and_a_second_sync_adds_nothing() {
    let app = spawn_app().await;
    let now = app.clock.now();
    let local = app
        .org(json!({"code": "PCB_HALL", "name": "ศาลากลาง (พิมพ์เอง)", "kind": "province"}))
        .await;
    let other_hosted = app
        .org(json!({"code": "PCB_D01", "name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (secret1, key1) = signing::generate();
    let (secret2, key2) = signing::generate();
    let p1 = app
        .db
        .write_blocking(|c| {
            let p1 = peers::add(
                c,
                "prachinburi",
                "https://saraban.prachinburi.go.th",
                &key1,
                now,
            )?;
            let p2 = peers::add(c, "district", "https://saraban.district.go.th", &key2, now)?;
            org::set_peer(c, other_hosted, Some(p2))?;
            Ok(p1)
        })
        .expect("peers");
    let offices = json!([
        {"code": "PCB_HALL", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017", "ecms_id": "0000025000"},
        {"code": "PCB_D01", "name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": null, "ecms_id": null},
        {"code": "PCB_PO", "name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017.2", "ecms_id": null}
    ]);
    let env = signed(&secret1, &key1, offices.clone());
    let import = |env: Envelope| {
        app.db.write_blocking(move |c| {
            let p = peer::find(c, p1)?.expect("peer");
            directory::import(c, &p, &env, now)
        })
    };
    let first = import(env.clone()).expect("sync");
    assert_eq!((first.added, first.adopted, first.updated), (1, 1, 0));
    assert_eq!(first.skipped.len(), 1, "{:?}", first.skipped);
    assert!(first.skipped[0].starts_with("PCB_D01"));
    let again = import(env).expect("sync again");
    assert_eq!((again.added, again.adopted, again.updated), (0, 0, 2));

    let (_, hall) = app
        .get(&format!("/api/v1/orgs/{local}"), &app.admin_token)
        .await;
    assert_eq!(hall["peer"], "prachinburi");
    assert_eq!(hall["name"], "ศาลากลางจังหวัดปราจีนบุรี");
    assert_eq!(hall["ecms_id"], "0000025000");
    let (_, d01) = app
        .get(&format!("/api/v1/orgs/{other_hosted}"), &app.admin_token)
        .await;
    assert_eq!(
        (d01["peer"].as_str(), d01["name"].as_str()),
        (Some("district"), Some("อำเภอเมือง"))
    );

    // Signed by another peer's key, or changed after signing: refused, nothing changes.
    let foreign = signed(&secret2, &key2, offices.clone());
    let refused = import(foreign).expect_err("refused");
    assert_eq!(refused.code(), "unknown_key");
    let mut tampered = signed(&secret1, &key1, offices);
    tampered.message["offices"][2]["name"] = json!("สำนักงานปลอม");
    assert_eq!(
        import(tampered).expect_err("refused").code(),
        "invalid_signature"
    );
    let lines = app.db.read_blocking(peers::list).expect("list");
    let counts: Vec<(String, i64)> = lines.into_iter().map(|l| (l.name, l.offices)).collect();
    assert_eq!(
        counts,
        [("district".to_string(), 1), ("prachinburi".to_string(), 2)]
    );
}
