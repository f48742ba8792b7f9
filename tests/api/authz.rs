//! The authorization table (docs/authorization.md) as data: every row is one call by one
//! role, with the exact status expected. Any unauthorized success fails the test.

use crate::helpers::spawn_app_at;

use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Ids and tokens of the fixture, substituted into paths and bodies as `{NAME}`.
pub struct World {
    pub ids: HashMap<&'static str, i64>,
    pub tokens: HashMap<&'static str, String>,
    pub texts: HashMap<&'static str, String>,
}

impl World {
    pub fn fill(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (k, v) in &self.ids {
            out = out.replace(&format!("{{{k}}}"), &v.to_string());
        }
        for (k, v) in &self.texts {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

async fn must(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, reply) = app.post(path, token, body).await;
    assert!(status.is_success(), "{path}: {status} {reply}");
    reply
}

/// Offices A (issuer), B (recipient, with unit BU) and C (a stranger); a clerk, a head and a
/// viewer of A, a clerk and a viewer of B, a clerk of C; letters N (normal) and S (secret,
/// ลับ) issued by A and dispatched to B, N2 not yet dispatched; B has received N as rB.
pub async fn world(app: &TestApp) -> World {
    let a = app
        .org(json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017"}))
        .await;
    let b = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district", "letter_code": "ปจ 0118"}))
        .await;
    let bu = app
        .org(json!({"name": "ฝ่ายปกครอง", "kind": "unit", "parent_id": b}))
        .await;
    let c = app
        .org(json!({"name": "อำเภออื่น", "kind": "district", "letter_code": "ปจ 0119"}))
        .await;
    let mut tokens = HashMap::new();
    tokens.insert("admin", app.admin_token.clone());
    for (name, role, org) in [
        ("clerk_a", "clerk", a),
        ("head_a", "head", a),
        ("viewer_a", "viewer", a),
        ("clerk_b", "clerk", b),
        ("viewer_b", "viewer", b),
        ("clerk_c", "clerk", c),
    ] {
        tokens.insert(name, app.user(name, role, Some(org)));
    }
    let ca = tokens["clerk_a"].clone();
    let issue = |subject: &'static str, secrecy: &'static str| json!({"subject": subject, "addressee": "นายอำเภอ", "secrecy": secrecy});
    let letters = format!("/api/v1/orgs/{a}/letters");
    let n = must(app, &letters, &ca, issue("เรื่องปกติ", "normal")).await;
    let s = must(app, &letters, &ca, issue("เรื่องลับ", "confidential")).await;
    let n2 = must(app, &letters, &ca, issue("เรื่องปกติสอง", "normal")).await;
    let mut deliveries = Vec::new();
    for l in [&n, &s] {
        let d = must(
            app,
            &format!("/api/v1/letters/{}/dispatches", l["id"]),
            &ca,
            json!({"sender_id": a, "recipient_ids": [b]}),
        )
        .await;
        deliveries.push(d["deliveries"][0]["id"].as_i64().expect("delivery id"));
    }
    let rb = must(
        app,
        &format!("/api/v1/orgs/{b}/receipts"),
        &tokens["clerk_b"],
        json!({"delivery_id": deliveries[0]}),
    )
    .await;
    let id = |v: &Value| v["id"].as_i64().expect("id");
    let ids = HashMap::from([
        ("A", a),
        ("B", b),
        ("BU", bu),
        ("C", c),
        ("N", id(&n)),
        ("S", id(&s)),
        ("N2", id(&n2)),
        ("dN", deliveries[0]),
        ("dS", deliveries[1]),
        ("rB", id(&rb)),
    ]);
    let texts = HashMap::from([
        (
            "S_number",
            s["number"].as_str().unwrap_or_default().to_string(),
        ),
        (
            "S_dated",
            s["dated"].as_str().unwrap_or_default().to_string(),
        ),
    ]);
    World { ids, tokens, texts }
}

/// (who, method, path, body, expected status). `who` "-" sends no token, "bad" a wrong one.
pub type Case = (&'static str, &'static str, &'static str, &'static str, u16);

/// The table of docs/authorization.md, row by row, in an order where the successful changes
/// do not affect later rows.
#[rustfmt::skip]
pub const TABLE: &[Case] = &[
    // Directory and series: admin only; reading the directory: everyone signed in.
    ("admin", "POST", "/api/v1/orgs", r#"{"name":"สำนักงานใหม่","kind":"district"}"#, 201),
    ("clerk_a", "POST", "/api/v1/orgs", r#"{"name":"x","kind":"district"}"#, 403),
    ("viewer_a", "POST", "/api/v1/orgs", r#"{"name":"x","kind":"district"}"#, 403),
    ("clerk_a", "GET", "/api/v1/orgs", "", 200),
    // The working-day calendar: everyone signed in reads it, admins change it.
    ("viewer_b", "GET", "/api/v1/holidays?year=2569", "", 200),
    ("-", "GET", "/api/v1/holidays", "", 401),
    ("clerk_a", "POST", "/api/v1/holidays", r#"{"date":"2026-12-31","name":"วันสิ้นปี"}"#, 403),
    ("head_a", "POST", "/api/v1/holidays", r#"{"date":"2026-12-31","name":"วันสิ้นปี"}"#, 403),
    ("admin", "POST", "/api/v1/holidays", r#"{"date":"2026-12-31","name":"วันสิ้นปี"}"#, 201),
    ("clerk_a", "DELETE", "/api/v1/holidays/2026-12-31", "", 403),
    ("admin", "DELETE", "/api/v1/holidays/2026-12-31", "", 204),
    ("viewer_b", "GET", "/api/v1/orgs/{A}", "", 200),
    ("-", "GET", "/api/v1/orgs", "", 401),
    ("bad", "GET", "/api/v1/orgs", "", 401),
    ("clerk_a", "PATCH", "/api/v1/orgs/{A}", r#"{"name":"x"}"#, 403),
    ("head_a", "PATCH", "/api/v1/orgs/{A}", r#"{"name":"x"}"#, 403),
    ("admin", "PATCH", "/api/v1/orgs/{C}", r#"{"name":"อำเภออื่น ๆ"}"#, 200),
    ("clerk_a", "PUT", "/api/v1/orgs/{A}/series/dispatch", r#"{"year_be":2569,"next_number":50}"#, 403),
    ("head_a", "PUT", "/api/v1/orgs/{A}/series/dispatch", r#"{"year_be":2569,"next_number":50}"#, 403),
    ("admin", "PUT", "/api/v1/orgs/{C}/series/receipt", r#"{"year_be":2569,"next_number":10}"#, 200),
    // Issuing: clerks and heads of the office.
    ("clerk_a", "POST", "/api/v1/orgs/{A}/letters", r#"{"subject":"ก","addressee":"ข"}"#, 201),
    ("head_a", "POST", "/api/v1/orgs/{A}/letters", r#"{"subject":"ก","addressee":"ข"}"#, 201),
    ("viewer_a", "POST", "/api/v1/orgs/{A}/letters", r#"{"subject":"ก","addressee":"ข"}"#, 403),
    ("clerk_b", "POST", "/api/v1/orgs/{A}/letters", r#"{"subject":"ก","addressee":"ข"}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{A}/letters", r#"{"subject":"ก","addressee":"ข"}"#, 403),
    ("viewer_a", "POST", "/api/v1/letters", r#"{"number":"ที่ นร 1/1","subject":"ก","from_name":"ข"}"#, 403),
    // An office's letters, inbox and registers: its own people and admins.
    ("viewer_a", "GET", "/api/v1/orgs/{A}/letters", "", 200),
    ("clerk_c", "GET", "/api/v1/orgs/{A}/letters", "", 403),
    ("clerk_b", "GET", "/api/v1/orgs/{B}/inbox", "", 200),
    ("viewer_b", "GET", "/api/v1/orgs/{B}/inbox", "", 200),
    ("clerk_c", "GET", "/api/v1/orgs/{B}/inbox", "", 403),
    ("clerk_a", "GET", "/api/v1/orgs/{B}/inbox", "", 403),
    ("clerk_c", "GET", "/api/v1/orgs/{A}/registers/dispatch", "", 403),
    ("clerk_c", "GET", "/api/v1/orgs/{B}/registers/receipt", "", 403),
    ("clerk_a", "GET", "/api/v1/orgs/{B}/registers/receipt", "", 403),
    ("viewer_b", "GET", "/api/v1/orgs/{B}/registers/receipt", "", 200),
    ("viewer_a", "GET", "/api/v1/orgs/{A}/registers/dispatch", "", 200),
    ("admin", "GET", "/api/v1/orgs/{B}/registers/receipt", "", 200),
    // Letters: issuer, addressed offices, admins; a classified letter never to others.
    ("clerk_b", "GET", "/api/v1/letters/{N}", "", 200),
    ("clerk_c", "GET", "/api/v1/letters/{N}", "", 403),
    ("viewer_a", "GET", "/api/v1/letters/{S}", "", 200),
    ("clerk_b", "GET", "/api/v1/letters/{S}", "", 200),
    ("clerk_c", "GET", "/api/v1/letters/{S}", "", 403),
    ("admin", "GET", "/api/v1/letters/{S}", "", 200),
    ("clerk_a", "GET", "/api/v1/letters/{N}/distribution", "", 200),
    ("clerk_c", "GET", "/api/v1/letters/{S}/distribution", "", 403),
    ("clerk_a", "GET", "/api/v1/letters/{N}/distribution.csv", "", 200),
    ("viewer_a", "GET", "/api/v1/letters/{S}/distribution.jsonl", "", 200),
    ("clerk_c", "GET", "/api/v1/letters/{S}/distribution.csv", "", 403),
    ("clerk_c", "GET", "/api/v1/letters/{S}/distribution.jsonl", "", 403),
    ("clerk_c", "POST", "/api/v1/letters/{N2}/references", r#"{"letter_id":{S},"relation":"cites"}"#, 403),
    // Dispatching: clerks and heads of the issuing office.
    ("clerk_b", "POST", "/api/v1/letters/{N}/dispatches", r#"{"sender_id":{A},"recipient_ids":[{C}]}"#, 403),
    ("clerk_c", "POST", "/api/v1/letters/{S}/dispatches", r#"{"sender_id":{A},"recipient_ids":[{C}]}"#, 403),
    ("viewer_a", "POST", "/api/v1/letters/{N2}/dispatches", r#"{"sender_id":{A},"recipient_ids":[{C}]}"#, 403),
    ("clerk_a", "POST", "/api/v1/letters/{N2}/dispatches", r#"{"sender_id":{A},"recipient_ids":[{C}]}"#, 201),
    // Receipts: clerks and heads of the receiving office; classified letters only if sent.
    ("viewer_b", "POST", "/api/v1/orgs/{B}/receipts", r#"{"delivery_id":{dS}}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{B}/receipts", r#"{"delivery_id":{dS}}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{C}/receipts", r#"{"letter_id":{S}}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{C}/receipts", r#"{"letter_id":{N}}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{C}/receipts", r#"{"letter":{"number":"{S_number}","dated":"{S_dated}","subject":"เดา","from_name":"จังหวัด"}}"#, 403),
    ("clerk_b", "POST", "/api/v1/orgs/{B}/receipts", r#"{"delivery_id":{dS}}"#, 201),
    ("clerk_c", "GET", "/api/v1/receipts/{rB}", "", 403),
    ("clerk_a", "GET", "/api/v1/receipts/{rB}", "", 403),
    ("viewer_b", "GET", "/api/v1/receipts/{rB}", "", 200),
    // The stamped letter: the receipt's rule (N has no scan, so those allowed get 409).
    ("clerk_c", "GET", "/api/v1/receipts/{rB}/stamped.pdf", "", 403),
    ("clerk_a", "GET", "/api/v1/receipts/{rB}/stamped.pdf", "", 403),
    ("viewer_b", "GET", "/api/v1/receipts/{rB}/stamped.pdf", "", 409),
    ("admin", "GET", "/api/v1/receipts/{rB}/stamped.pdf", "", 409),
    ("-", "GET", "/api/v1/receipts/{rB}/stamped.pdf", "", 401),
    // Uploads ahead of a receipt: signed-in clerks, heads and admins (multipart; tests/api/uploads.rs).
    ("-", "POST", "/api/v1/uploads", "", 401),
    // Routing inside the office: its clerks and heads.
    ("clerk_c", "POST", "/api/v1/receipts/{rB}/routes", r#"{"to_org_id":{BU}}"#, 403),
    ("viewer_b", "POST", "/api/v1/receipts/{rB}/routes", r#"{"to_org_id":{BU}}"#, 403),
    ("clerk_a", "POST", "/api/v1/receipts/{rB}/routes", r#"{"to_org_id":{BU}}"#, 403),
    ("clerk_b", "POST", "/api/v1/receipts/{rB}/routes", r#"{"to_org_id":{BU}}"#, 201),
    // Deliveries: read by sender and recipient; answered by the recipient's clerks only.
    ("clerk_c", "GET", "/api/v1/deliveries/{dN}", "", 403),
    ("clerk_a", "GET", "/api/v1/deliveries/{dN}", "", 200),
    ("viewer_b", "GET", "/api/v1/deliveries/{dN}", "", 200),
    ("clerk_a", "POST", "/api/v1/deliveries/{dN}/acknowledge", "{}", 403),
    ("viewer_b", "POST", "/api/v1/deliveries/{dN}/acknowledge", "{}", 403),
    ("clerk_c", "POST", "/api/v1/deliveries/{dN}/reject", r#"{"reason":"ไม่ใช่"}"#, 403),
    ("clerk_b", "POST", "/api/v1/deliveries/{dN}/acknowledge", "{}", 200),
    // Withdrawing: the sending office's clerks and heads, before or after registration.
    ("clerk_b", "POST", "/api/v1/deliveries/{dS}/withdraw", r#"{"reason":"ส่งผิด"}"#, 403),
    ("clerk_c", "POST", "/api/v1/deliveries/{dS}/withdraw", r#"{"reason":"ส่งผิด"}"#, 403),
    ("viewer_a", "POST", "/api/v1/deliveries/{dS}/withdraw", r#"{"reason":"ส่งผิด"}"#, 403),
    ("clerk_a", "POST", "/api/v1/deliveries/{dS}/withdraw", r#"{"reason":"ส่งผิด"}"#, 200),
    ("clerk_a", "POST", "/api/v1/deliveries/{dS}/withdraw", r#"{"reason":"ส่งผิด"}"#, 409),
    // e-CMS export: whoever sees the letter, to one of its recipients; never a classified one.
    ("clerk_c", "GET", "/api/v1/letters/{N}/ecms.xml?recipient_id={B}", "", 403),
    ("clerk_a", "GET", "/api/v1/letters/{N}/ecms.xml?recipient_id={B}", "", 200),
    ("clerk_a", "GET", "/api/v1/letters/{N}/ecms.xml?recipient_id={C}", "", 422),
    ("clerk_a", "GET", "/api/v1/letters/{S}/ecms.xml?recipient_id={B}", "", 409),
    ("-", "POST", "/api/v1/exchange/ecms", "", 401),
    // The exchange routes take no token: the directory is public (and signed), a message is
    // authenticated by its signature (no key made here yet: 409; a key no peer has: 401).
    ("-", "GET", "/exchange/v1/directory", "", 409),
    ("-", "POST", "/exchange/v1/messages", r#"{"message":{},"signature":"AAAA","key_id":"AAAA"}"#, 401),
    // Reservations: clerks and heads of the office.
    ("viewer_a", "POST", "/api/v1/orgs/{A}/reservations", r#"{"series":"dispatch","count":1,"note":"จอง"}"#, 403),
    ("clerk_c", "POST", "/api/v1/orgs/{A}/reservations", r#"{"series":"dispatch","count":1,"note":"จอง"}"#, 403),
    ("head_a", "POST", "/api/v1/orgs/{A}/reservations", r#"{"series":"dispatch","count":1,"note":"จอง"}"#, 201),
    // Cancelling: clerks and heads of the office whose register holds the number.
    ("clerk_c", "POST", "/api/v1/receipts/{rB}/cancel", r#"{"reason":"x"}"#, 403),
    ("viewer_b", "POST", "/api/v1/receipts/{rB}/cancel", r#"{"reason":"x"}"#, 403),
    ("clerk_b", "POST", "/api/v1/letters/{N}/cancel", r#"{"reason":"x"}"#, 403),
    ("viewer_a", "POST", "/api/v1/letters/{N}/cancel", r#"{"reason":"x"}"#, 403),
    // User administration: admins only.
    ("clerk_a", "DELETE", "/api/v1/users/1/tokens", "", 403),
    ("head_a", "DELETE", "/api/v1/users/1/tokens", "", 403),
    ("clerk_a", "POST", "/api/v1/users/1/disable", "", 403),
    ("head_a", "POST", "/api/v1/users/1/disable", "", 403),
    ("viewer_a", "POST", "/api/v1/users/1/disable", "", 403),
    ("clerk_c", "POST", "/api/v1/users/1/enable", "", 403),
    ("head_a", "POST", "/api/v1/users/1/enable", "", 403),
    ("clerk_a", "PUT", "/api/v1/users/1/password", r#"{"password":"a-long-password"}"#, 403),
    ("head_a", "PUT", "/api/v1/users/1/password", r#"{"password":"a-long-password"}"#, 403),
    ("viewer_a", "PUT", "/api/v1/users/1/password", r#"{"password":"a-long-password"}"#, 403),
    ("admin", "POST", "/api/v1/users/999999/enable", "", 404),
    ("-", "POST", "/api/v1/users/1/disable", "", 401),
    ("-", "GET", "/ready", "", 200),
    // Intake of pasted text: everyone signed in (files: `FILE_INTAKE` below).
    ("viewer_a", "POST", "/api/v1/intake", r#"{"text":"ที่ นร ๑๒๐๗/๕๐๙"}"#, 200),
    ("-", "POST", "/api/v1/intake", r#"{"text":"ที่ นร ๑๒๐๗/๕๐๙"}"#, 401),
    // The audit log: admins, and the clerks and heads of the office it concerns.
    ("clerk_a", "GET", "/api/v1/audit?office_id={A}", "", 200),
    ("head_a", "GET", "/api/v1/audit?office_id={A}", "", 200),
    ("viewer_a", "GET", "/api/v1/audit?office_id={A}", "", 403),
    ("clerk_c", "GET", "/api/v1/audit?office_id={A}", "", 403),
    ("clerk_c", "GET", "/api/v1/audit", "", 200),
    ("admin", "GET", "/api/v1/audit", "", 200),
    ("head_a", "GET", "/api/v1/audit/verify", "", 403),
    // Metrics on the main address: administrators only.
    ("clerk_a", "GET", "/metrics", "", 403),
    ("viewer_b", "GET", "/metrics", "", 403),
    ("-", "GET", "/metrics", "", 401),
    ("admin", "GET", "/metrics", "", 200),
    ("admin", "GET", "/api/v1/audit/verify", "", 200),
];

pub async fn walk(app: &TestApp, w: &World, table: &[Case]) {
    let mut failures = Vec::new();
    for (who, method, path, body, want) in table {
        let path = w.fill(path);
        let token = match *who {
            "-" => None,
            "bad" => Some("0".repeat(64)),
            name => Some(w.tokens[name].clone()),
        };
        let body: Option<Value> = (!body.is_empty())
            .then(|| serde_json::from_str(&w.fill(body)).expect("case body is JSON"));
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let (status, reply) = app
            .send(method.clone(), &path, token.as_deref(), body.as_ref())
            .await;
        if status.as_u16() != *want {
            failures.push(format!(
                "{who} {method} {path}: want {want}, got {status} {reply}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "authorization table:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_row_of_the_authorization_table_holds() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    assert!(TABLE.len() >= 40, "the table has {} rows", TABLE.len());
    walk(&app, &w, TABLE).await;
}

/// Intake of a letter file (multipart): who may have a file read, and the exact status.
pub const FILE_INTAKE: &[(&str, u16)] = &[
    ("admin", 200),
    ("clerk_a", 200),
    ("head_a", 200),
    ("clerk_c", 200),
    ("viewer_a", 403),
    ("viewer_b", 403),
];

#[tokio::test]
async fn reading_a_letter_file_is_for_clerks_heads_and_admins() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    for (who, want) in FILE_INTAKE {
        let r =
            crate::intake_files::send_file(&app, &w.tokens[who], "l01-prachinburi-ogp.pdf").await;
        assert_eq!(r.status.as_u16(), *want, "{who}: {}", r.body);
    }
}

/// The pages and exports of docs/authorization.md's second table: (web user, path, status,
/// text the answer must not hold). `C` is reached by the secret letter `S` only through `F`,
/// B's forwarding letter.
#[rustfmt::skip]
pub const PAGES: &[(&str, &str, u16, &str)] = &[
    ("web_c", "/letters/{S}", 403, "เรื่องลับ"),
    ("web_c", "/letters/{S}/dashboard", 200, "เรื่องลับ"),
    ("web_c", "/letters/{S}/dashboard", 200, "{S_number}"),
    ("web_c", "/letters/{S}/dashboard/pending.csv", 200, "เรื่องลับ"),
    ("web_c", "/letters/{F}", 200, "เรื่องลับ"),
    ("web_c", "/letters/{N}", 403, "เรื่องปกติ"),
    ("web_c", "/letters/{N}/dashboard", 403, "เรื่องปกติ"),
    ("web_c", "/letters/{N}/dashboard/pending.csv", 403, "เรื่องปกติ"),
    ("web_c", "/search?q=%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B9%88%E0%B8%AD%E0%B8%87", 200, "เรื่องลับ"),
    ("web_c", "/sent", 200, "เรื่องลับ"),
    ("web_b", "/letters/{S}", 200, ""),
    ("web_b", "/letters/{S}/dashboard", 200, ""),
    ("web_b", "/registers/receipt/2569.csv", 200, ""),
    ("web_viewer_a", "/letters/new", 403, ""),
    ("web_viewer_a", "/receipts/new", 403, ""),
    ("web_viewer_a", "/registers/dispatch/2569.xlsx", 200, ""),
    ("web_viewer_a", "/letters/{S}/dashboard", 200, ""),
];

#[tokio::test]
async fn every_page_row_of_the_authorization_table_holds() {
    use crate::web_helpers::{web_user, WebClient};
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let mut w = world(&app).await;
    let (a, b, c) = (w.ids["A"], w.ids["B"], w.ids["C"]);
    let cb = w.tokens["clerk_b"].clone();
    let f = must(
        &app,
        &format!("/api/v1/orgs/{b}/letters"),
        &cb,
        json!({"subject": "ส่งต่อ", "addressee": "นายอำเภออื่น",
               "references": [{"letter_id": w.ids["S"], "relation": "forwards"}]}),
    )
    .await;
    must(
        &app,
        &format!("/api/v1/letters/{}/dispatches", f["id"]),
        &cb,
        json!({"sender_id": b, "recipient_ids": [c]}),
    )
    .await;
    w.ids.insert("F", f["id"].as_i64().expect("id"));
    for (name, role, org) in [
        ("web_c", "clerk", c),
        ("web_b", "clerk", b),
        ("web_viewer_a", "viewer", a),
    ] {
        web_user(&app, name, role, Some(org));
    }
    let mut failures = Vec::new();
    for (who, path, want, never) in PAGES {
        let mut web = WebClient::new(&app);
        web.sign_in(who).await;
        let path = w.fill(path);
        let (status, bytes) = web.get_bytes(&path).await;
        let body = String::from_utf8_lossy(&bytes);
        let never = w.fill(never);
        if status.as_u16() != *want || (!never.is_empty() && body.contains(&never)) {
            failures.push(format!(
                "{who} {path}: want {want} without {never:?}, got {status}"
            ));
        }
    }
    assert!(failures.is_empty(), "page table:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn a_classified_letter_stays_out_of_strangers_search_and_inbox() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    // C logs a paper copy of the normal letter N by its number and date: that shows N to C,
    // never S.
    let c = w.ids["C"];
    let (_, n) = app
        .get(
            &format!("/api/v1/letters/{}", w.ids["N"]),
            &w.tokens["clerk_a"],
        )
        .await;
    let (status, body) = app
        .post(
            &format!("/api/v1/orgs/{c}/receipts"),
            &w.tokens["clerk_c"],
            json!({"letter": {"number": n["number"], "dated": n["dated"],
                              "subject": "สำเนา", "from_name": "จังหวัด"}}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{body}");
    assert_eq!(body["letter_id"], w.ids["N"], "{body}");
    let ids_found = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["letter_id"].as_i64().or_else(|| i["id"].as_i64()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (_, found) = app
        .get(
            "/api/v1/search?q=%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B9%88%E0%B8%AD%E0%B8%87",
            &w.tokens["clerk_c"],
        )
        .await;
    let seen = ids_found(&found);
    assert!(seen.contains(&w.ids["N"]), "{found}");
    assert!(
        !seen.contains(&w.ids["S"]),
        "a stranger found the secret letter: {found}"
    );
    let (_, found) = app
        .get(
            "/api/v1/search?q=%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B9%88%E0%B8%AD%E0%B8%87",
            &w.tokens["clerk_b"],
        )
        .await;
    assert!(
        ids_found(&found).contains(&w.ids["S"]),
        "the addressee must find it: {found}"
    );
    // Recording the secret letter's number again tells a stranger nothing about it.
    let (status, clash) = app
        .post(
            "/api/v1/letters",
            &w.tokens["clerk_c"],
            json!({"number": w.texts["S_number"],
            "dated": w.texts["S_dated"], "subject": "เดา", "from_name": "จังหวัด"}),
        )
        .await;
    assert_eq!(status.as_u16(), 409, "{clash}");
    assert!(clash.get("existing_id").is_none(), "{clash}");
    let (_, inbox) = app
        .get(&format!("/api/v1/orgs/{c}/inbox"), &w.tokens["clerk_c"])
        .await;
    assert_eq!(inbox["total"], 0, "{inbox}");
}
