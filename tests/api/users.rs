//! User administration: revoking tokens (API and CLI), disabling, setting a password.

use crate::helpers::spawn_app;

use crate::helpers::TestApp;
use serde_json::json;
use std::process::Command;

fn cli(app: &TestApp, args: &[&str], stdin: Option<&str>) -> (i32, String) {
    use std::io::Write;
    let url = app.test_db.url();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_saraban"));
    cmd.args(["--database-url", &url]).args(args);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run saraban");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or("").as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn revoked_and_disabled_users_tokens_are_refused() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let clerk = app.user("somchai", "clerk", Some(office));
    let other = app.user("somsri", "clerk", Some(office));
    let viewer = app.user("suda", "viewer", Some(office));
    assert_eq!(app.get("/api/v1/orgs", &clerk).await.0.as_u16(), 200);
    let user_id = app
        .db
        .read_blocking(|c| saraban::services::users::admin::find_by_name(c, "somchai"))
        .expect("user")
        .id;
    let path = format!("/api/v1/users/{user_id}/tokens");
    let del = |token: String| {
        let (app, path) = (&app, path.clone());
        async move {
            app.send(reqwest::Method::DELETE, &path, Some(&token), None)
                .await
        }
    };
    assert_eq!(del(other.clone()).await.0.as_u16(), 403);
    let (status, body) = del(app.admin_token.clone()).await;
    assert_eq!(
        (status.as_u16(), body["revoked"].as_i64()),
        (200, Some(1)),
        "{body}"
    );
    assert_eq!(app.get("/api/v1/orgs", &clerk).await.0.as_u16(), 401);
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            "/api/v1/users/999999/tokens",
            Some(&app.admin_token),
            None,
        )
        .await;
    assert_eq!(status.as_u16(), 404);

    // The CLI: disable, revoke-tokens, set-password.
    assert_eq!(app.get("/api/v1/orgs", &other).await.0.as_u16(), 200);
    let (code, out) = cli(&app, &["users", "disable", "--name", "somsri"], None);
    assert_eq!(code, 0, "{out}");
    assert_eq!(app.get("/api/v1/orgs", &other).await.0.as_u16(), 401);
    let (code, out) = cli(&app, &["users", "revoke-tokens", "--name", "suda"], None);
    assert_eq!(code, 0, "{out}");
    assert_eq!(app.get("/api/v1/orgs", &viewer).await.0.as_u16(), 401);
    let (code, out) = cli(
        &app,
        &["users", "set-password", "--name", "suda"],
        Some("short\n"),
    );
    assert_eq!(code, 1, "{out}");
    let (code, out) = cli(
        &app,
        &["users", "set-password", "--name", "suda"],
        Some("รหัสผ่านใหม่ยาวพอ\n"),
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = cli(&app, &["users", "disable", "--name", "nobody"], None);
    assert_eq!(code, 1, "{out}");
    // All of it is audited on the system chain, without the password.
    let (_, log) = app.get("/api/v1/audit?limit=1000", &app.admin_token).await;
    let text = log.to_string();
    for action in ["tokens_revoked", "user_disabled", "password_set"] {
        assert!(text.contains(action), "{action} missing: {text}");
    }
    assert!(
        !text.contains("รหัสผ่านใหม่"),
        "a password reached the audit log"
    );
}
