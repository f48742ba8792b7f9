//! Messages posted straight to an instance: tampered, unknown-key and stale ones are refused,
//! a replay gets the original acknowledgement; none of them stores anything.

use super::instance::call;
use super::pair::pair;
use saraban::adapters::signing;
use serde_json::{json, Value};

/// A letter message from OPDC to the hall, signed with `secret` over its canonical JSON.
fn envelope(secret: &str, public: &str, message_id: &str, subject: &str) -> Value {
    let message = json!({
        "type": "letter", "message_id": message_id,
        "sent_at": chrono::Utc::now().to_rfc3339(),
        "sender_office": "OPDC", "recipient_office": "PCB_HALL",
        "letter": {"number": "นร ๑๒๐๗/๕๐๙", "dated": "2026-04-30", "dated_raw": "๓๐ เมษายน ๒๕๖๙",
            "subject": subject, "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี",
            "from_name": "สำนักงาน ก.พ.ร.", "kind": "external", "urgency": "normal", "secrecy": "normal",
            "circular": false, "due_date": null, "references": [], "files": []}
    });
    let signature = signing::sign(secret, &message).expect("sign");
    json!({"message": message, "signature": signature, "key_id": public})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_unknown_and_replayed_messages_store_nothing() {
    let p = pair().await;
    let (secret, public) =
        p.a.open()
            .read_blocking(|c| Ok(saraban::db::models::peer::instance_key(c)?))
            .expect("key")
            .expect("A has a key");
    let post = |env: Value| {
        let (client, base) = (p.client.clone(), p.b.base.clone());
        async move {
            call(
                &client,
                reqwest::Method::POST,
                format!("{base}/exchange/v1/messages"),
                None,
                Some(env),
            )
            .await
        }
    };
    let before = (
        p.b.count("letters"),
        p.b.count("deliveries"),
        p.b.count("exchange_inbox"),
    );

    // One byte of the subject changed after signing.
    let mut tampered = envelope(&secret, &public, "m-tampered", "ขอความอนุเคราะห์ ก");
    let subject = tampered["message"]["letter"]["subject"]
        .as_str()
        .expect("subject")
        .replace('ก', "ข");
    tampered["message"]["letter"]["subject"] = json!(subject);
    let (status, body) = post(tampered).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_signature")),
        "{body}"
    );

    // Signed by a key no peer has.
    let (stranger, stranger_public) = signing::generate();
    let (status, body) = post(envelope(
        &stranger,
        &stranger_public,
        "m-stranger",
        "หนังสือแปลกปลอม",
    ))
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unknown_key")),
        "{body}"
    );

    // A message too old for the clock.
    let mut old = envelope(&secret, &public, "m-old", "หนังสือเก่า");
    old["message"]["sent_at"] =
        json!((chrono::Utc::now() - chrono::Duration::minutes(20)).to_rfc3339());
    old["signature"] = json!(signing::sign(&secret, &old["message"]).expect("sign"));
    let (status, body) = post(old).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("stale_message")),
        "{body}"
    );
    assert_eq!(
        (
            p.b.count("letters"),
            p.b.count("deliveries"),
            p.b.count("exchange_inbox")
        ),
        before
    );

    // A good one, then the very same envelope again: one letter, the same acknowledgement.
    let good = envelope(&secret, &public, "m-good", "หนังสือทดสอบการส่งซ้ำ");
    let (status, first) = post(good.clone()).await;
    assert_eq!(status, 200, "{first}");
    let after = (
        p.b.count("letters"),
        p.b.count("deliveries"),
        p.b.count("exchange_inbox"),
    );
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
    let (status, replay) = post(good).await;
    assert_eq!((status, replay), (200, first));
    assert_eq!(
        (
            p.b.count("letters"),
            p.b.count("deliveries"),
            p.b.count("exchange_inbox")
        ),
        after
    );
    assert_eq!(p.hall_deliveries_of("หนังสือทดสอบการส่งซ้ำ").await, 1);
}
