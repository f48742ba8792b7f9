//! The web pages: sign-in, sessions, CSRF, the rate limit, escaping and the same access rules
//! as the API (docs/web.md).

use crate::chain::created;

use crate::chain::id;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use crate::web_helpers::web_user;
use crate::web_helpers::WebClient;
use crate::web_helpers::PASSWORD;
use reqwest::StatusCode;
use serde_json::json;

/// A sender, two districts (the letter goes to the first) and their clerks.
struct Offices {
    sender: i64,
    district: i64,
    other: i64,
    s_token: String,
}

async fn offices(app: &TestApp) -> Offices {
    let sender = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": sender}))
        .await;
    let other = app
        .org(json!({"name": "อำเภอสอง", "kind": "district", "parent_id": sender}))
        .await;
    let s_token = app.user("sender.api", "clerk", Some(sender));
    web_user(app, "sender.web", "clerk", Some(sender));
    web_user(app, "district.web", "clerk", Some(district));
    web_user(app, "other.web", "clerk", Some(other));
    Offices {
        sender,
        district,
        other,
        s_token,
    }
}

/// Issues a letter from the sender to `to`; returns (letter id, delivery id).
async fn send(app: &TestApp, o: &Offices, subject: &str, secrecy: &str, to: i64) -> (i64, i64) {
    let l = created(
        app,
        &format!("/api/v1/orgs/{}/letters", o.sender),
        &o.s_token,
        json!({"subject": subject, "addressee": "นายอำเภอ", "secrecy": secrecy, "urgency": "very_urgent"}),
    )
    .await;
    let d = created(
        app,
        &format!("/api/v1/letters/{}/dispatches", id(&l)),
        &o.s_token,
        json!({"sender_id": o.sender, "recipient_ids": [to]}),
    )
    .await;
    (id(&l), d["deliveries"][0]["id"].as_i64().expect("delivery"))
}

#[tokio::test]
async fn sign_in_opens_a_session_and_sign_out_ends_it() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let o = offices(&app).await;
    let mut web = WebClient::new(&app);
    let root = web.get("/").await;
    assert_eq!(root.location.as_deref(), Some("/login"));
    assert_eq!(web.get("/inbox").await.location.as_deref(), Some("/login"));

    let wrong = web.try_sign_in("district.web", "wrong password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));

    let ok = web.try_sign_in("district.web", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location.as_deref(), Some("/inbox"));
    let session = ok
        .set_cookies
        .iter()
        .find(|c| c.starts_with("saraban_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(
        !session.contains("Secure"),
        "plain HTTP test server: {session}"
    );
    // Only the hash of the cookie is stored.
    let value = web.cookies["saraban_session"].clone();
    let stored: Vec<String> = app
        .db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::web_sessions;
            Ok(web_sessions::table
                .select(web_sessions::token_hash)
                .load::<String>(c)?)
        })
        .expect("sessions");
    assert_eq!(
        stored,
        vec![saraban::domain::credentials::token::hash(&value)]
    );

    assert_eq!(web.get("/").await.location.as_deref(), Some("/inbox"));
    let (_, _) = send(&app, &o, "หนังสือทดสอบ", "normal", o.district).await;
    let inbox = web.get("/inbox").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains("<html lang=\"th\">"));
    assert!(inbox.body.contains("หนังสือทดสอบ"));
    assert!(inbox.body.contains("class=\"urgent\">ด่วนมาก"));
    let csp = inbox.headers["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(inbox.headers["x-content-type-options"], "nosniff");

    let csrf = crate::web_helpers::csrf_of(&inbox.body);
    let out = web.post("/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!(out.location.as_deref(), Some("/login"));
    assert_eq!(web.get("/inbox").await.location.as_deref(), Some("/login"));
}

#[tokio::test]
async fn posts_without_the_session_csrf_token_are_refused() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let o = offices(&app).await;
    let (_, delivery) = send(&app, &o, "หนังสือ", "normal", o.district).await;
    let mut web = WebClient::new(&app);
    // The sign-in form itself needs its token.
    let no_token = web
        .post(
            "/login",
            &[("username", "district.web"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let csrf = web.sign_in("district.web").await;
    assert_eq!(csrf.len(), 64);
    let d = delivery.to_string();
    for form in [
        vec![("delivery_id", d.as_str())],
        vec![
            ("delivery_id", d.as_str()),
            ("csrf_token", "0".repeat(64).as_str()),
        ],
    ] {
        let refused = web.post("/receipts", &form).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.body.contains("CSRF"), "{}", refused.body);
        assert!(refused.body.contains("lang=\"th\""));
    }
    // Nothing was registered; with the token it is.
    let saved = web
        .post("/receipts", &[("delivery_id", &d), ("csrf_token", &csrf)])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let receipt = web
        .get(saved.location.as_deref().expect("to receipt"))
        .await;
    assert!(
        receipt.body.contains("id=\"receipt-number\">๑</span>"),
        "{}",
        receipt.body
    );
    // Another session's token does not fit this one.
    let mut other = WebClient::new(&app);
    let other_csrf = other.sign_in("other.web").await;
    assert_ne!(other_csrf, csrf);
    let refused = web.post("/logout", &[("csrf_token", &other_csrf)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_name_and_address() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    offices(&app).await;
    let mut web = WebClient::new(&app);
    for _ in 0..5 {
        let p = web.try_sign_in("district.web", "not the password").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now, without being checked.
    let limited = web.try_sign_in("district.web", PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.body.contains("กรุณารอ"));
    // Another user from the same address is not affected.
    let other = web.try_sign_in("other.web", PASSWORD).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    // After the window the user may try again.
    app.clock
        .set(crate::helpers::instant("2026-05-08T09:16:00+07:00"));
    let mut later = WebClient::new(&app);
    let ok = later.try_sign_in("district.web", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);

    // Every attempt is in the audit log, never the password.
    use diesel::prelude::*;
    use saraban::db::schema::audit_events as ae;
    let rows: Vec<(String, Option<String>)> = app
        .db
        .read_blocking(|c| {
            Ok(ae::table
                .filter(ae::action.eq_any(["signed_in", "sign_in_failed"]))
                .select((ae::action, ae::after_json))
                .load(c)?)
        })
        .expect("audit rows");
    let failed = rows.iter().filter(|r| r.0 == "sign_in_failed").count();
    let signed_in = rows.iter().filter(|r| r.0 == "signed_in").count();
    assert_eq!((failed, signed_in), (5, 2), "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| !r.1.as_deref().unwrap_or("").contains(PASSWORD)
            && !r.1.as_deref().unwrap_or("").contains("not the password")));
}

#[tokio::test]
async fn html_in_a_subject_is_shown_as_text() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let o = offices(&app).await;
    let subject = "<script>alert('x')</script> เรื่อง & ทดสอบ";
    send(&app, &o, subject, "normal", o.district).await;
    let mut web = WebClient::new(&app);
    web.sign_in("district.web").await;
    let inbox = web.get("/inbox").await;
    assert!(!inbox.body.contains("<script>"), "{}", inbox.body);
    assert!(inbox.body.contains("&#60;script&#62;") || inbox.body.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn pages_refuse_other_offices_letters_and_receipts() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let o = offices(&app).await;
    let (_, delivery) = send(&app, &o, "เรื่องลับ", "secret", o.district).await;
    let mut owner = WebClient::new(&app);
    let csrf = owner.sign_in("district.web").await;
    let d = delivery.to_string();
    let saved = owner
        .post("/receipts", &[("delivery_id", &d), ("csrf_token", &csrf)])
        .await;
    let receipt_path = saved.location.expect("receipt");

    let mut stranger = WebClient::new(&app);
    let s_csrf = stranger.sign_in("other.web").await;
    assert!(!stranger
        .get("/inbox?status=all")
        .await
        .body
        .contains("เรื่องลับ"));
    let page = stranger.get(&receipt_path).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.body.contains("เรื่องลับ"));
    assert!(page.body.contains("ไม่มีสิทธิ์"));
    let form = stranger
        .get(&format!("/receipts/new?delivery_id={delivery}"))
        .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert!(!form.body.contains("เรื่องลับ"));
    let post = stranger
        .post("/receipts", &[("delivery_id", &d), ("csrf_token", &s_csrf)])
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN, "{}", post.body);
    let _ = o.other;
    let missing = stranger.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("ไม่พบหน้าที่ต้องการ"));
}

#[tokio::test]
async fn registers_show_print_and_download_for_the_own_office_only() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let o = offices(&app).await;
    let (_, delivery) = send(&app, &o, "เรื่องในทะเบียน", "normal", o.district).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("district.web").await;
    let d = delivery.to_string();
    let saved = web
        .post(
            "/receipts",
            &[
                ("delivery_id", &d),
                ("csrf_token", &csrf),
                ("action", "เสนอนายอำเภอ ๑ ฉบับ"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        web.get("/registers").await.location.as_deref(),
        Some("/registers/receipt/2569")
    );
    let page = web.get("/registers/receipt/2569").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("ทะเบียนหนังสือรับ อำเภอหนึ่ง ปี พ.ศ. ๒๕๖๙"),
        "{}",
        page.body
    );
    assert!(page.body.contains("๘ พ.ค. ๒๕๖๙"));
    assert!(page.body.contains("เรื่องในทะเบียน"));
    let arabic = web.get("/registers/receipt/2569?digits=arabic").await;
    assert!(arabic.body.contains("8 พ.ค. 2569"));
    assert!(arabic.body.contains("เสนอนายอำเภอ 1 ฉบับ"));
    let print = web.get("/registers/receipt/2569/print").await;
    assert!(print.body.contains("class=\"register-print\""));
    assert!(!print.body.contains("ออกจากระบบ"), "no menu on paper");
    let css = web.get("/static/style.css").await;
    assert!(css.body.contains("size: A4 landscape"));

    let csv = web.get("/registers/receipt/2569.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains("เลขทะเบียนรับ,วันที่,ที่"));
    let xlsx = web
        .app
        .client
        .get(format!("{}/registers/receipt/2569.xlsx", app.address))
        .header(
            "cookie",
            format!("saraban_session={}", web.cookies["saraban_session"]),
        )
        .send()
        .await
        .expect("xlsx");
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("xl/worksheets/sheet1.xml"));

    let dispatch = web.get("/registers/dispatch/2569").await;
    assert_eq!(dispatch.status, StatusCode::OK);
    // Another office's register, by asking for it.
    let other = web
        .get(&format!("/registers/receipt/2569?org={}", o.sender))
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(!other.body.contains("เรื่องในทะเบียน"));
    let other = web
        .get(&format!("/registers/receipt/2569.xlsx?org={}", o.sender))
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    // Not signed in: to the sign-in page.
    let mut anon = WebClient::new(&app);
    let p = anon.get("/registers/receipt/2569.csv").await;
    assert_eq!(p.location.as_deref(), Some("/login"));
}
