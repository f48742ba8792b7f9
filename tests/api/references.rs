//! References between letters: each relation, the checks on the target, and the cycle guard.

use crate::chain::created;

use crate::chain::id;

use crate::chain::ok;

use crate::chain::SUBJECT;
use crate::helpers::assert_error;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use serde_json::{json, Value};

struct Two {
    a: i64,
    b: i64,
    a_clerk: String,
    b_clerk: String,
}

async fn offices(app: &TestApp) -> Two {
    let a = app
        .org(json!({"name": "กรม ก", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let b = app
        .org(json!({"name": "กรม ข", "kind": "department", "letter_code": "มท 0810"}))
        .await;
    Two {
        a,
        b,
        a_clerk: app.user("a", "clerk", Some(a)),
        b_clerk: app.user("b", "clerk", Some(b)),
    }
}

async fn issue(app: &TestApp, org: i64, token: &str, refs: Value) -> (reqwest::StatusCode, Value) {
    app.post(
        &format!("/api/v1/orgs/{org}/letters"),
        token,
        json!({"subject": SUBJECT, "addressee": "ผู้ว่าราชการจังหวัด", "references": refs}),
    )
    .await
}

#[tokio::test]
async fn each_relation_is_kept_and_shown_with_the_letter() {
    let app = spawn_app_at("2026-05-05T10:00:00+07:00").await;
    let t = offices(&app).await;
    let mut older = Vec::new();
    for _ in 0..4 {
        let (_, l) = issue(&app, t.a, &t.a_clerk, json!([])).await;
        older.push(id(&l));
    }
    let refs = json!([
        {"letter_id": older[0], "relation": "forwards"},
        {"letter_id": older[1], "relation": "cites"},
        {"letter_id": older[2], "relation": "replies_to"},
        {"letter_id": older[3], "relation": "supersedes"},
    ]);
    let (status, l) = issue(&app, t.a, &t.a_clerk, refs).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{l}");
    let got = ok(&app, &format!("/api/v1/letters/{}", id(&l)), &t.a_clerk).await;
    let relations: Vec<(i64, &str)> = got["references"]
        .as_array()
        .expect("references")
        .iter()
        .map(|r| {
            (
                r["letter_id"].as_i64().unwrap_or(0),
                r["relation"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        relations,
        vec![
            (older[0], "forwards"),
            (older[1], "cites"),
            (older[2], "replies_to"),
            (older[3], "supersedes")
        ]
    );
    assert_eq!(got["references"][0]["number"], "นร ๑๒๐๗/๑");
    assert_eq!(got["references"][0]["dated"], "2026-05-05");
    // Only `forwards` joins the upstream letter's tree: the letter was not sent, so nothing yet.
    let tree = ok(
        &app,
        &format!("/api/v1/letters/{}/distribution", older[0]),
        &t.a_clerk,
    )
    .await;
    assert_eq!(tree["summary"]["total"], 0);
}

#[tokio::test]
async fn a_reference_must_exist_be_visible_and_make_sense() {
    let app = spawn_app_at("2026-05-05T10:00:00+07:00").await;
    let t = offices(&app).await;
    let (_, theirs) = issue(&app, t.b, &t.b_clerk, json!([])).await;
    let (_, mine) = issue(&app, t.a, &t.a_clerk, json!([])).await;
    for refs in [
        json!([{"letter_id": 999_999, "relation": "cites"}]),
        json!([{"letter_id": id(&theirs), "relation": "cites"}]),
        json!([{"letter_id": id(&mine), "relation": "encloses"}]),
        json!([{"letter_id": id(&mine), "relation": "cites"}, {"letter_id": id(&mine), "relation": "cites"}]),
    ] {
        let reply = issue(&app, t.a, &t.a_clerk, refs.clone()).await;
        assert_error(&reply, 422, "invalid_reference");
    }
    // The refused letters used no number.
    let (_, next) = issue(&app, t.a, &t.a_clerk, json!([])).await;
    assert_eq!(next["running_number"], 2);
    // Once the other office sends its letter to us, we may cite it.
    created(
        &app,
        &format!("/api/v1/letters/{}/dispatches", id(&theirs)),
        &t.b_clerk,
        json!({"sender_id": t.b, "recipient_ids": [t.a]}),
    )
    .await;
    let (status, _) = issue(
        &app,
        t.a,
        &t.a_clerk,
        json!([{"letter_id": id(&theirs), "relation": "replies_to"}]),
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::CREATED);
}

#[tokio::test]
async fn a_link_that_would_close_a_cycle_is_refused() {
    let app = spawn_app_at("2026-05-05T10:00:00+07:00").await;
    let t = offices(&app).await;
    let (_, a1) = issue(&app, t.a, &t.a_clerk, json!([])).await;
    let (_, a2) = issue(
        &app,
        t.a,
        &t.a_clerk,
        json!([{"letter_id": id(&a1), "relation": "cites"}]),
    )
    .await;
    let (_, a3) = issue(
        &app,
        t.a,
        &t.a_clerk,
        json!([{"letter_id": id(&a2), "relation": "forwards"}]),
    )
    .await;
    let add = |from: i64| format!("/api/v1/letters/{from}/references");
    // a1 → a3 would close a1 → a3 → a2 → a1.
    let reply = app
        .post(
            &add(id(&a1)),
            &t.a_clerk,
            json!({"letter_id": id(&a3), "relation": "cites"}),
        )
        .await;
    assert_error(&reply, 422, "invalid_reference");
    let reply = app
        .post(
            &add(id(&a1)),
            &t.a_clerk,
            json!({"letter_id": id(&a1), "relation": "cites"}),
        )
        .await;
    assert_error(&reply, 422, "invalid_reference");
    // A link that closes nothing is fine, once.
    let link = created(
        &app,
        &add(id(&a3)),
        &t.a_clerk,
        json!({"letter_id": id(&a1), "relation": "supersedes"}),
    )
    .await;
    assert_eq!(link["relation"], "supersedes");
    let reply = app
        .post(
            &add(id(&a3)),
            &t.a_clerk,
            json!({"letter_id": id(&a1), "relation": "supersedes"}),
        )
        .await;
    assert_error(&reply, 409, "reference_exists");
    // Only the issuing office adds references to its letter.
    let reply = app
        .post(
            &add(id(&a3)),
            &t.b_clerk,
            json!({"letter_id": id(&a1), "relation": "cites"}),
        )
        .await;
    assert_eq!(reply.0.as_u16(), 403, "{}", reply.1);
}
