//! Whatever a browser, a script or an attacker sends: inert JSON, verbatim storage, bounded
//! sizes, strict fields, and security headers on every answer.

use crate::authz::world;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use serde_json::{json, Value};

const SCRIPT: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

async fn raw_post(app: &TestApp, path: &str, token: &str, body: String) -> (u16, Value) {
    let resp = app
        .client
        .post(format!("{}{}", app.address, path))
        .bearer_auth(token)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request sent");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    for (path, token) in [
        ("/", None),
        ("/health", None),
        ("/api/openapi.json", None),
        ("/api/v1/orgs", Some(app.admin_token.as_str())),
        ("/api/v1/orgs", None),
        ("/no/such/page", None),
    ] {
        let mut req = app.client.get(format!("{}{}", app.address, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request sent");
        let h = resp.headers();
        let get = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert!(
            get("content-security-policy").contains("default-src 'self'"),
            "{path}"
        );
        assert!(
            get("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(get("referrer-policy"), "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn markup_comes_back_as_inert_json_text_and_csv_formulas_are_neutralised() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let a = w.ids["A"];
    let (status, letter) = app
        .post(
            &format!("/api/v1/orgs/{a}/letters"),
            &w.tokens["clerk_a"],
            json!({"subject": SCRIPT, "addressee": "=HYPERLINK(\"http://evil\",\"x\")"}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{letter}");
    assert_eq!(letter["subject"], SCRIPT, "stored and returned verbatim");
    let resp = app
        .client
        .get(format!("{}/api/v1/letters/{}", app.address, letter["id"]))
        .bearer_auth(&w.tokens["clerk_a"])
        .send()
        .await
        .expect("get");
    let ctype = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(ctype.starts_with("application/json"), "{ctype}");
    // The spreadsheet export must not run a formula a sender typed.
    let (_, csv) = app
        .get_text(
            &format!("/api/v1/orgs/{a}/registers/dispatch?format=csv"),
            Some(&w.tokens["clerk_a"]),
        )
        .await;
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    // The one HTML page has no user text; a path with markup gets a JSON 404, not a page.
    let (status, body) = app
        .get_text("/%3Cscript%3Ealert(1)%3C/script%3E", None)
        .await;
    assert_eq!(status.as_u16(), 404);
    assert!(!body.contains("<script>"), "{body}");
}

#[tokio::test]
async fn sql_looking_text_is_stored_verbatim_and_never_breaks_a_query() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let nasty = [
        "x'; DROP TABLE letters; --",
        "\" OR 1=1 --",
        "%_\\%' UNION SELECT * FROM users --",
        "ก' OR 'ก'='ก",
    ];
    for (i, text) in nasty.iter().enumerate() {
        let (status, org) = app
            .post(
                "/api/v1/orgs",
                &app.admin_token,
                json!({"name": text, "kind": "district", "code": format!("{text}{i}")}),
            )
            .await;
        assert_eq!(status.as_u16(), 201, "{org}");
        assert_eq!(org["name"], *text);
        let (status, letter) = app
            .post(
                "/api/v1/letters",
                &w.tokens["clerk_a"],
                json!({"number": format!("ที่ {text} {i}"), "subject": text, "from_name": text}),
            )
            .await;
        assert_eq!(status.as_u16(), 201, "{letter}");
        assert_eq!(letter["subject"], *text);
        let q: String = url_encode(text);
        let (status, found) = app
            .get(&format!("/api/v1/search?q={q}"), &w.tokens["clerk_a"])
            .await;
        assert_eq!(status.as_u16(), 200, "{text}: {found}");
        assert!(
            found["items"]
                .as_array()
                .is_some_and(|a| a.iter().any(|l| l["subject"] == *text)),
            "{text}: {found}"
        );
        let (status, _) = app
            .get(&format!("/api/v1/orgs?kind={q}"), &w.tokens["clerk_a"])
            .await;
        assert_eq!(status.as_u16(), 422, "an unknown kind is refused, not run");
    }
    let (status, letters) = app
        .get(
            &format!("/api/v1/orgs/{}/letters", w.ids["A"]),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        (status.as_u16(), letters["total"].as_i64()),
        (200, Some(3)),
        "the tables are intact"
    );
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn oversized_bodies_overlong_text_and_unknown_fields_are_refused() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let path = format!("/api/v1/orgs/{}/letters", w.ids["A"]);
    let token = &w.tokens["clerk_a"];
    let huge = format!(r#"{{"subject":"{}","addressee":"x"}}"#, "ก".repeat(200_000));
    let (status, body) = raw_post(&app, &path, token, huge).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (413, Some("payload_too_large")),
        "{body}"
    );
    let long = json!({"subject": "ก".repeat(2001), "addressee": "x"}).to_string();
    let (status, body) = raw_post(&app, &path, token, long).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid_subject")),
        "{body}"
    );
    let extra = json!({"subject": "ก", "addressee": "x", "is_admin": true}).to_string();
    let (status, body) = raw_post(&app, &path, token, extra).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("malformed_request")),
        "{body}"
    );
    let (status, body) = raw_post(&app, &path, token, "{not json".into()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("malformed_request")),
        "{body}"
    );
    for (path, body) in [
        (
            "/api/v1/orgs".to_string(),
            json!({"name": "x", "kind": "district", "x": 1}),
        ),
        (
            format!("/api/v1/orgs/{}/receipts", w.ids["B"]),
            json!({"delivery_id": 1, "x": 1}),
        ),
        (
            format!("/api/v1/receipts/{}/cancel", w.ids["rB"]),
            json!({"reason": "x", "x": 1}),
        ),
        ("/api/v1/intake".to_string(), json!({"text": "x", "x": 1})),
    ] {
        let (status, reply) = raw_post(&app, &path, &app.admin_token, body.to_string()).await;
        assert_eq!(status, 400, "{path}: {reply}");
    }
    // Every text field is bounded: org names, codes, e-mail, external recipients.
    let long = "ข".repeat(2001);
    for body in [
        json!({"name": long, "kind": "district"}),
        json!({"name": "x", "kind": "district", "code": long}),
        json!({"name": "x", "kind": "district", "letter_code": long}),
        json!({"name": "x", "kind": "district", "email": format!("{long}@example.org")}),
    ] {
        let (status, reply) = app.post("/api/v1/orgs", &app.admin_token, body).await;
        assert_eq!(status.as_u16(), 422, "{reply}");
    }
    let (status, reply) = app
        .post(
            &format!("/api/v1/letters/{}/dispatches", w.ids["N2"]),
            token,
            json!({"sender_id": w.ids["A"], "external_recipients": [{"name": long, "method": "post"}]}),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{reply}");
}

/// A NUL character (U+0000) in any text is the caller's mistake on both backends (PostgreSQL
/// refuses it in text): a 4xx, never a 5xx, and nothing stored.
#[tokio::test]
async fn a_nul_character_in_text_is_a_4xx_on_both_backends() {
    let app = spawn_app_at("2026-05-05T03:00:00Z").await;
    let token = app.admin_token.clone();
    // A peer's message whose key is not a key at all.
    let (status, body) = raw_post(
        &app,
        "/exchange/v1/messages",
        &token,
        r#"{"key_id": "a\u0000b", "message": {}, "signature": "x"}"#.into(),
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (401, Some("unknown_key")));
    // A query that reaches the database with the character in it.
    for path in [
        "/api/v1/search?q=%E0%B8%A0%00%E0%B8%B1%E0%B8%A2",
        "/api/v1/orgs?q=a%00b",
    ] {
        let (status, body) = app.get(path, &token).await;
        assert!(
            (400..500).contains(&status.as_u16()),
            "{path}: {status} {body}"
        );
    }
    // An office named with it is refused and not stored.
    let (status, body) = raw_post(
        &app,
        "/api/v1/orgs",
        &token,
        r#"{"name": "ที่ว่าการอำเภอ\u0000นาดี", "kind": "district"}"#.into(),
    )
    .await;
    assert!((400..500).contains(&status), "{status} {body}");
    let (_, orgs) = app.get("/api/v1/orgs?limit=1000", &token).await;
    assert!(!orgs.to_string().contains("นาดี"), "{orgs}");
}
