//! The exchange sender against a peer that never answers: the message waits `queued` with its
//! retries backing off, then the hop becomes `failed` once the attempts are spent; a dispatch
//! to a peer-hosted office makes no e-mail notice.

use crate::helpers::spawn_app_at;
use saraban::adapters::peer_client::PeerClient;
use saraban::adapters::signing;
use saraban::adapters::store::BlobStore;
use saraban::config::mail::Policy;
use saraban::services::exchange::{keys, outgoing, peers};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_peer_that_never_answers_leaves_the_hop_failed_after_the_last_attempt() {
    let app = spawn_app_at("2026-04-30T09:00:00+07:00").await;
    let now = app.clock.now();
    let sender = app
        .org(json!({"code": "OPDC", "name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let hall = app
        .org(json!({"code": "PCB_HALL", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province"}))
        .await;
    let (_, far_key) = signing::generate();
    app.db
        .write_blocking(|c| {
            keys::init(c, now)?;
            // Port 1 on loopback: nothing listens there.
            let peer = peers::add(c, "far", "http://127.0.0.1:1", &far_key, now)?;
            saraban::db::models::org::set_peer(c, hall, Some(peer))?;
            Ok(())
        })
        .expect("peer");
    let clerk = app.user("retry-clerk", "clerk", Some(sender));
    let (_, letter) = app
        .post(
            &format!("/api/v1/orgs/{sender}/letters"),
            &clerk,
            json!({"subject": "ขอความอนุเคราะห์", "addressee": "ผู้ว่าราชการจังหวัด"}),
        )
        .await;
    let id = letter["id"].as_i64().expect("letter");
    let (status, sent) = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            &clerk,
            json!({"sender_id": sender, "recipient_ids": [hall]}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{sent}");
    let state = || async {
        let (_, dist) = app
            .get(&format!("/api/v1/letters/{id}/distribution"), &clerk)
            .await;
        dist["hops"]["items"][0]["exchange"]["state"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(state().await, "queued");
    let (_, notices) = app.get("/api/v1/notices", &app.admin_token).await;
    assert_eq!(notices["total"], 0, "{notices}");

    let policy = Policy {
        max_attempts: 2,
        backoff_base: Duration::from_secs(10),
        backoff_cap: Duration::from_secs(10),
        lease: Duration::from_secs(60),
        ack_ttl: Duration::ZERO,
    };
    let client = PeerClient::new(Duration::from_secs(2)).expect("client");
    let store = BlobStore::new(app.files_dir.path());
    let first = outgoing::process_due(&app.db, &client, &store, &policy, now, 10)
        .await
        .expect("pass");
    assert_eq!((first.claimed, first.retried, first.dead), (1, 1, 0));
    assert_eq!(state().await, "queued");
    // Not due again before its back-off has passed.
    let early = now + chrono::Duration::seconds(5);
    let none = outgoing::process_due(&app.db, &client, &store, &policy, early, 10)
        .await
        .expect("pass");
    assert_eq!(none.claimed, 0);
    let later = now + chrono::Duration::seconds(11);
    let last = outgoing::process_due(&app.db, &client, &store, &policy, later, 10)
        .await
        .expect("pass");
    assert_eq!((last.claimed, last.dead), (1, 1));
    assert_eq!(state().await, "failed");
}
