//! The e-CMS format on one instance: only the receiving office's clerks (or an admin) record
//! a document, a sender outside the directory becomes an `external` office, and a refused
//! document stores nothing.

use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn only_the_receiving_office_records_an_ecms_letter_and_a_stranger_sender_is_external() {
    let app = spawn_app().await;
    let a = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207", "ecms_id": "0000012000"}))
        .await;
    let b = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017", "ecms_id": "0000025000"}))
        .await;
    let c = app
        .org(json!({"name": "ที่ว่าการอำเภออื่น", "kind": "district", "letter_code": "ปจ 0119"}))
        .await;
    let (clerk_a, clerk_b, clerk_c) = (
        app.user("ecms-a", "clerk", Some(a)),
        app.user("ecms-b", "clerk", Some(b)),
        app.user("ecms-c", "clerk", Some(c)),
    );
    let (_, letter) = app
        .post(
            &format!("/api/v1/orgs/{a}/letters"),
            &clerk_a,
            json!({"subject": "ขอเชิญประชุม", "addressee": "ผู้ว่าราชการจังหวัด", "urgency": "most_urgent"}),
        )
        .await;
    let id = letter["id"].as_i64().expect("letter");
    let (status, _) = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            &clerk_a,
            json!({"sender_id": a, "recipient_ids": [b]}),
        )
        .await;
    assert_eq!(status.as_u16(), 201);
    let (status, xml) = app
        .get_text(
            &format!("/api/v1/letters/{id}/ecms.xml?recipient_id={b}"),
            Some(&clerk_a),
        )
        .await;
    assert_eq!(status.as_u16(), 200);
    assert!(xml.contains("<ram:SpeedCode>004</ram:SpeedCode>"), "{xml}");
    // A sender the directory does not know, by its e-CMS ID.
    let xml = xml.replace("0000012000", "0000099000");
    let post = |token: String, body: String| {
        let (client, url) = (
            app.client.clone(),
            format!("{}/api/v1/exchange/ecms", app.address),
        );
        async move {
            let resp = client
                .post(url)
                .bearer_auth(token)
                .header("Content-Type", "application/xml")
                .body(body)
                .send()
                .await
                .expect("import");
            let status = resp.status().as_u16();
            (
                status,
                resp.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let letters = |app: &crate::helpers::TestApp| {
        app.db
            .read_blocking(|c| {
                use diesel::prelude::*;
                Ok(saraban::db::schema::letters::table
                    .count()
                    .get_result::<i64>(c)?)
            })
            .expect("count")
    };
    let before = letters(&app);
    let (status, body) = post(clerk_c, xml.clone()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("forbidden")),
        "{body}"
    );
    assert_eq!(letters(&app), before);
    let (status, body) = post(clerk_b.clone(), xml).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(letters(&app), before + 1);
    let sender = body["sender_id"].as_i64().expect("sender");
    let (_, office) = app.get(&format!("/api/v1/orgs/{sender}"), &clerk_b).await;
    assert_eq!(
        (office["kind"].as_str(), office["ecms_id"].as_str()),
        (Some("external"), Some("0000099000"))
    );
    let (_, inbox) = app.get(&format!("/api/v1/orgs/{b}/inbox"), &clerk_b).await;
    assert_eq!(inbox["total"], 2, "{inbox}");
}
