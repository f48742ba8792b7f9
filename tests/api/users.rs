//! User administration: revoking tokens, disabling and enabling, setting a password (API and
//! CLI), and that each ends the web sessions and tokens it must.

use crate::helpers::spawn_app;

use crate::helpers::TestApp;
use crate::web_helpers::{WebClient, PASSWORD};
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
    // API access comes back only with a new token, and only once the user is enabled.
    let (code, out) = cli(&app, &["users", "new-token", "--name", "somsri"], None);
    assert_eq!(code, 1, "a disabled user gets no token: {out}");
    let (code, out) = cli(&app, &["users", "enable", "--name", "somsri"], None);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        app.get("/api/v1/orgs", &other).await.0.as_u16(),
        401,
        "old tokens stay gone"
    );
    let (code, out) = cli(&app, &["users", "new-token", "--name", "somsri"], None);
    assert_eq!(code, 0, "{out}");
    let fresh = out
        .lines()
        .skip_while(|l| !l.starts_with("new API token of somsri"))
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string();
    assert_eq!(
        app.get("/api/v1/orgs", &fresh).await.0.as_u16(),
        200,
        "{out}"
    );
    // All of it is audited on the system chain, without the password.
    let (_, log) = app.get("/api/v1/audit?limit=1000", &app.admin_token).await;
    let text = log.to_string();
    for action in [
        "tokens_revoked",
        "user_disabled",
        "password_set",
        "user_enabled",
        "token_issued",
    ] {
        assert!(text.contains(action), "{action} missing: {text}");
    }
    assert!(
        !text.contains("รหัสผ่านใหม่"),
        "a password reached the audit log"
    );
}

/// A user who signs in to the pages with [`PASSWORD`]; returns its id and API token.
fn web_user_with_token(app: &TestApp, name: &str, role: &str, org: i64) -> (i64, String) {
    let now = app.clock.now();
    let made = app
        .db
        .write_blocking(|c| {
            saraban::services::users::accounts::create(
                c,
                &saraban::services::users::accounts::NewUser {
                    name,
                    role,
                    org_id: Some(org),
                    password: Some(PASSWORD),
                },
                now,
            )
        })
        .expect("web user");
    (made.id, made.token)
}

/// A signed-in session: the inbox opens, and afterwards `ended` checks it no longer does.
async fn signed_in<'a>(app: &'a TestApp, name: &str) -> (WebClient<'a>, String) {
    let mut web = WebClient::new(app);
    let csrf = web.sign_in(name).await;
    let inbox = web.get("/inbox").await;
    assert_eq!(inbox.status.as_u16(), 200, "{name}: {}", inbox.body);
    (web, csrf)
}

/// The session no longer opens a page, and a form posted with it is refused (sent to the
/// sign-in page, nothing saved).
async fn assert_session_ended(web: &mut WebClient<'_>, csrf: &str, why: &str) {
    let page = web.get("/inbox").await;
    assert_eq!(
        (page.status.as_u16(), page.location.as_deref()),
        (303, Some("/login")),
        "{why}: the old session still opens the inbox"
    );
    let post = web.post("/receipts", &[("csrf_token", csrf)]).await;
    assert_eq!(
        (post.status.as_u16(), post.location.as_deref()),
        (303, Some("/login")),
        "{why}: the old session still posts forms"
    );
}

fn receipts_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    app.db
        .read_blocking(|c| {
            Ok(saraban::db::schema::receipts::table
                .count()
                .get_result::<i64>(c)?)
        })
        .expect("count")
}

#[tokio::test]
async fn users_disable_ends_sessions_and_tokens_and_refuses_sign_in_until_enabled() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (_, token) = web_user_with_token(&app, "somchai.web", "clerk", office);
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 200);
    let (mut web, csrf) = signed_in(&app, "somchai.web").await;
    let (mut second, second_csrf) = signed_in(&app, "somchai.web").await;

    let (code, out) = cli(&app, &["users", "disable", "--name", "somchai.web"], None);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 web session(s) ended, 1 API token(s) revoked"),
        "{out}"
    );
    assert_session_ended(&mut web, &csrf, "disable").await;
    assert_session_ended(&mut second, &second_csrf, "disable, second session").await;
    assert_eq!(receipts_count(&app), 0);
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 401);
    // The right password of a disabled user gets the usual failure.
    let mut again = WebClient::new(&app);
    let refused = again.try_sign_in("somchai.web", PASSWORD).await;
    assert_eq!(refused.status.as_u16(), 401, "{}", refused.body);
    assert!(refused.body.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    assert!(!again.cookies.contains_key("saraban_session"));

    let (code, out) = cli(&app, &["users", "enable", "--name", "somchai.web"], None);
    assert_eq!(code, 0, "{out}");
    let (_web, _) = signed_in(&app, "somchai.web").await;
    // Tokens deleted by disable stay deleted.
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 401);
    let (code, out) = cli(&app, &["users", "enable", "--name", "nobody"], None);
    assert_eq!(code, 1, "{out}");

    let (_, log) = app.get("/api/v1/audit?limit=1000", &app.admin_token).await;
    let text = log.to_string();
    for action in ["user_disabled", "user_enabled"] {
        assert!(text.contains(action), "{action} missing: {text}");
    }
}

#[tokio::test]
async fn a_disabled_users_leftover_session_is_refused_by_the_lookup_itself() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (id, _) = web_user_with_token(&app, "leftover.web", "clerk", office);
    let (mut web, csrf) = signed_in(&app, "leftover.web").await;
    // Set disabled_at behind the service's back: the session row stays, the lookup refuses.
    let now = app.clock.now().naive_utc();
    app.db
        .write_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::users;
            diesel::update(users::table.filter(users::id.eq(id)))
                .set(users::disabled_at.eq(Some(now)))
                .execute(c)?;
            Ok(())
        })
        .expect("disable directly");
    assert_session_ended(&mut web, &csrf, "disabled_at set directly").await;
}

#[tokio::test]
async fn set_password_ends_web_sessions_but_keeps_api_tokens() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (_, token) = web_user_with_token(&app, "suda.web", "clerk", office);
    let (mut web, csrf) = signed_in(&app, "suda.web").await;
    let (code, out) = cli(
        &app,
        &["users", "set-password", "--name", "suda.web"],
        Some("รหัสผ่านใหม่ยาวพอ\n"),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 web session(s) ended (API tokens stay)"),
        "{out}"
    );
    assert_session_ended(&mut web, &csrf, "set-password").await;
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 200);
    let mut old = WebClient::new(&app);
    assert_eq!(
        old.try_sign_in("suda.web", PASSWORD).await.status.as_u16(),
        401
    );
    let mut new = WebClient::new(&app);
    let ok = new.try_sign_in("suda.web", "รหัสผ่านใหม่ยาวพอ").await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.body);
}

#[tokio::test]
async fn revoke_tokens_ends_tokens_and_web_sessions() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (id, token) = web_user_with_token(&app, "cli.web", "clerk", office);
    let (_, api_token) = web_user_with_token(&app, "api.web", "clerk", office);
    let (mut web, csrf) = signed_in(&app, "cli.web").await;
    let (code, out) = cli(&app, &["users", "revoke-tokens", "--name", "cli.web"], None);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("revoked 1 tokens of cli.web; 1 web session(s) ended"),
        "{out}"
    );
    assert_session_ended(&mut web, &csrf, "revoke-tokens (CLI)").await;
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 401);
    // Signing in again opens a new session.
    let (_web, _) = signed_in(&app, "cli.web").await;

    // The admin endpoint does the same.
    let (mut web, csrf) = signed_in(&app, "api.web").await;
    let api_id = app
        .db
        .read_blocking(|c| saraban::services::users::admin::find_by_name(c, "api.web"))
        .expect("user")
        .id;
    assert_ne!(id, api_id);
    let (status, body) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/users/{api_id}/tokens"),
            Some(&app.admin_token),
            None,
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{body}");
    assert_eq!(
        (body["revoked"].as_i64(), body["sessions_ended"].as_i64()),
        (Some(1), Some(1)),
        "{body}"
    );
    assert_session_ended(&mut web, &csrf, "revoke-tokens (API)").await;
    assert_eq!(app.get("/api/v1/orgs", &api_token).await.0.as_u16(), 401);
}

#[tokio::test]
async fn the_admin_api_disables_enables_and_sets_passwords_audited() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district"}))
        .await;
    let (id, token) = web_user_with_token(&app, "target.web", "clerk", office);
    let (_, clerk) = web_user_with_token(&app, "other.web", "clerk", office);
    let (_, head) = web_user_with_token(&app, "head.web", "head", office);
    let disable = format!("/api/v1/users/{id}/disable");
    let enable = format!("/api/v1/users/{id}/enable");
    let password = format!("/api/v1/users/{id}/password");
    let new_pw = json!({"password": "รหัสผ่านจากผู้ดูแล"});

    // Non-admins: 403 on every one, nothing changed.
    for who in [&clerk, &head, &token] {
        assert_eq!(app.post(&disable, who, json!({})).await.0.as_u16(), 403);
        assert_eq!(app.post(&enable, who, json!({})).await.0.as_u16(), 403);
        assert_eq!(
            app.put(&password, who, new_pw.clone()).await.0.as_u16(),
            403
        );
    }
    let (mut web, csrf) = signed_in(&app, "target.web").await;

    let (status, body) = app.post(&disable, &app.admin_token, json!({})).await;
    assert_eq!(status.as_u16(), 200, "{body}");
    assert_eq!(
        (
            body["disabled"].as_bool(),
            body["sessions_ended"].as_i64(),
            body["tokens_revoked"].as_i64()
        ),
        (Some(true), Some(1), Some(1)),
        "{body}"
    );
    assert_session_ended(&mut web, &csrf, "disable (API)").await;
    assert_eq!(app.get("/api/v1/orgs", &token).await.0.as_u16(), 401);
    let mut refused = WebClient::new(&app);
    assert_eq!(
        refused
            .try_sign_in("target.web", PASSWORD)
            .await
            .status
            .as_u16(),
        401
    );

    let (status, body) = app.post(&enable, &app.admin_token, json!({})).await;
    assert_eq!(
        (status.as_u16(), body["disabled"].as_bool()),
        (200, Some(false)),
        "{body}"
    );
    let (mut web, csrf) = signed_in(&app, "target.web").await;

    crate::helpers::assert_error(
        &app.put(&password, &app.admin_token, json!({"password": "short"}))
            .await,
        422,
        "invalid_password",
    );
    assert_eq!(
        app.put(
            &password,
            &app.admin_token,
            json!({"password": "x".repeat(9), "extra": 1})
        )
        .await
        .0
        .as_u16(),
        400
    );
    let (status, body) = app.put(&password, &app.admin_token, new_pw.clone()).await;
    assert_eq!(
        (status.as_u16(), body["sessions_ended"].as_i64()),
        (200, Some(1)),
        "{body}"
    );
    assert_session_ended(&mut web, &csrf, "set password (API)").await;
    let mut fresh = WebClient::new(&app);
    let ok = fresh.try_sign_in("target.web", "รหัสผ่านจากผู้ดูแล").await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.body);

    for path in [
        "/api/v1/users/999999/disable",
        "/api/v1/users/999999/enable",
    ] {
        crate::helpers::assert_error(
            &app.post(path, &app.admin_token, json!({})).await,
            404,
            "user_not_found",
        );
    }
    crate::helpers::assert_error(
        &app.put("/api/v1/users/999999/password", &app.admin_token, new_pw)
            .await,
        404,
        "user_not_found",
    );

    // Audited with the admin as actor; refusals as access_refused; never the password.
    let admin_id = app
        .db
        .read_blocking(|c| saraban::services::users::admin::find_by_name(c, "test-admin"))
        .expect("admin")
        .id;
    let (_, log) = app.get("/api/v1/audit?limit=1000", &app.admin_token).await;
    let items = log["items"].as_array().expect("audit items");
    for action in ["user_disabled", "user_enabled", "password_set"] {
        let by_admin = items.iter().any(|e| {
            e["action"] == action
                && e["actor_id"].as_i64() == Some(admin_id)
                && e["target_id"].as_str() == Some(id.to_string().as_str())
        });
        assert!(by_admin, "{action} by the admin missing: {log}");
    }
    let refused = items
        .iter()
        .filter(|e| e["action"] == "access_refused")
        .count();
    assert!(refused >= 9, "{refused} access_refused entries: {log}");
    assert!(
        !log.to_string().contains("รหัสผ่านจากผู้ดูแล"),
        "a password reached the audit log"
    );
}
