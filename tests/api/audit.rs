//! The audit log: chained per office, scoped like data, refused requests logged, and any
//! tampering (an edited row, a deleted row) reported by `audit verify`.

use crate::authz::world;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use diesel::connection::SimpleConnection;
use serde_json::{json, Value};
use std::process::Command;

async fn entries(app: &TestApp, token: &str, office: i64) -> Vec<Value> {
    let (status, page) = app
        .get(
            &format!("/api/v1/audit?office_id={office}&limit=1000"),
            token,
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn each_change_is_chained_in_its_office_and_shown_only_to_it() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let a = w.ids["A"];
    let list = entries(&app, &w.tokens["clerk_a"], a).await;
    let actions: Vec<&str> = list
        .iter()
        .rev()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "letter_issued",
            "letter_issued",
            "letter_issued",
            "letter_dispatched",
            "letter_dispatched"
        ]
    );
    let seqs: Vec<i64> = list
        .iter()
        .rev()
        .filter_map(|e| e["seq"].as_i64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(list[4]["prev_hash"], "0".repeat(64));
    assert_eq!(list[3]["prev_hash"], list[4]["hash"]);
    let b = entries(&app, &w.tokens["clerk_b"], w.ids["B"]).await;
    assert_eq!(b[0]["action"], "receipt_recorded");
    // Another office, a viewer: refused.
    for who in ["clerk_c", "viewer_a", "clerk_b"] {
        let (status, _) = app
            .get(&format!("/api/v1/audit?office_id={a}"), &w.tokens[who])
            .await;
        assert_eq!(status.as_u16(), 403, "{who}");
    }
    let (status, _) = app.get("/api/v1/audit/verify", &w.tokens["clerk_a"]).await;
    assert_eq!(status.as_u16(), 403);
    let (status, report) = app.get("/api/v1/audit/verify", &app.admin_token).await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(report["ok"], true, "{report}");
    // Directory changes and users go to the system chain, without secrets.
    let (_, all) = app.get("/api/v1/audit?limit=1000", &app.admin_token).await;
    let text = all.to_string();
    assert!(text.contains("user_created") && text.contains("org_created"));
    assert!(
        !text.contains(&w.tokens["clerk_a"]),
        "a token reached the audit log"
    );
}

/// Every page of `url` (which ends in `limit=N`), following `next_cursor`.
async fn pages(app: &TestApp, token: &str, url: &str) -> (Vec<Value>, i64) {
    let (mut all, mut cursor) = (Vec::new(), String::new());
    loop {
        let (status, page) = app.get(&format!("{url}{cursor}"), token).await;
        assert_eq!(status.as_u16(), 200, "{page}");
        let total = page["total"].as_i64().unwrap_or(-1);
        all.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return (all, total),
        }
    }
}

#[tokio::test]
async fn pages_of_an_office_follow_its_chain_and_pages_of_all_follow_ids() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let a = w.ids["A"];
    // One office's chain, two entries a page: every entry once, newest seq first, and the
    // total its own.
    let (items, total) = pages(
        &app,
        &w.tokens["clerk_a"],
        &format!("/api/v1/audit?office_id={a}&limit=2"),
    )
    .await;
    let seqs: Vec<i64> = items.iter().filter_map(|e| e["seq"].as_i64()).collect();
    assert_eq!(seqs, [5, 4, 3, 2, 1]);
    assert_eq!(total, 5);
    assert!(items.iter().all(|e| e["office_id"] == a));
    // Every chain at once (an administrator): every entry once, newest id first.
    let (every, total) = pages(&app, &app.admin_token, "/api/v1/audit?limit=7").await;
    let ids: Vec<i64> = every.iter().filter_map(|e| e["id"].as_i64()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|x, y| y.cmp(x));
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert_eq!(i64::try_from(ids.len()).unwrap_or(0), total);
    // A cursor that is not one answers 422 invalid_cursor, not a page.
    let (status, body) = app
        .get(
            &format!("/api/v1/audit?office_id={a}&limit=2&cursor=abc"),
            &w.tokens["clerk_a"],
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert_eq!(body["error"], "invalid_cursor");
}

#[tokio::test]
async fn a_refused_request_writes_only_its_audit_row() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let (a, c) = (w.ids["A"], w.ids["C"]);
    let (status, _) = app
        .post(
            &format!("/api/v1/orgs/{a}/letters"),
            &w.tokens["clerk_c"],
            json!({"subject": "แอบออกเลข", "addressee": "x"}),
        )
        .await;
    assert_eq!(status.as_u16(), 403);
    let (_, letters) = app
        .get(&format!("/api/v1/orgs/{a}/letters"), &app.admin_token)
        .await;
    assert_eq!(letters["total"], 3, "the refused letter must not exist");
    let list = entries(&app, &app.admin_token, c).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["action"], "access_refused");
    assert!(list[0]["after_json"]
        .as_str()
        .unwrap_or("")
        .contains(&format!("/api/v1/orgs/{a}/letters")));
    assert_eq!(
        entries(&app, &app.admin_token, a).await.len(),
        5,
        "A's chain is untouched"
    );
}

fn tamper(app: &TestApp, sql: &str) {
    let postgres = !app.db.url().is_sqlite();
    let sql = if postgres {
        format!("ALTER TABLE audit_events DISABLE TRIGGER USER; {sql} ALTER TABLE audit_events ENABLE TRIGGER USER;")
    } else {
        format!("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; {sql}")
    };
    app.db
        .write_blocking(|c| c.batch_execute(&sql).map_err(Into::into))
        .expect("tamper");
}

#[tokio::test]
async fn verify_reports_an_edited_row_and_a_deleted_newest_row() {
    let app = spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = world(&app).await;
    let a = w.ids["A"];
    // The code has no update or delete path, and the database refuses them too.
    let refused = app.db.write_blocking(|c| {
        c.batch_execute("DELETE FROM audit_events WHERE seq = 1")
            .map_err(Into::into)
    });
    assert!(
        refused.is_err(),
        "the append-only trigger let a delete through"
    );
    tamper(&app, &format!(
        "UPDATE audit_events SET after_json = '{{\"number\":\"forged\"}}' WHERE chain = '{a}' AND seq = 2; \
         DELETE FROM audit_events WHERE chain = '{a}' AND seq = 5;"));
    let (_, report) = app.get("/api/v1/audit/verify", &app.admin_token).await;
    assert_eq!(report["ok"], false);
    assert_eq!(
        report["problems"],
        json!([{"chain": a.to_string(), "seq": 2, "kind": "altered"},
               {"chain": a.to_string(), "seq": 5, "kind": "missing"}]),
        "{report}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(["--database-url", &app.test_db.url(), "audit", "verify"])
        .output()
        .expect("run saraban");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(&format!("{a}\t2\taltered")), "{stdout}");
    assert!(stdout.contains(&format!("{a}\t5\tmissing")), "{stdout}");
}
