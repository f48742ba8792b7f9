//! The letter, dashboard, new-letter and search pages: the same rules as the API.

use crate::chain::created;

use crate::chain::id;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use crate::web_helpers::web_user;
use crate::web_helpers::WebClient;
use reqwest::StatusCode;
use serde_json::json;

struct Setup {
    province: i64,
    district: i64,
    letter: i64,
    secret: i64,
}

/// A province with two districts; an ordinary and a secret letter to the first district.
async fn setup(app: &TestApp) -> Setup {
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": province, "letter_code": "ปจ 0118"}))
        .await;
    let other = app
        .org(json!({"name": "อำเภอสอง", "kind": "district", "parent_id": province}))
        .await;
    let token = app.user("province.api", "clerk", Some(province));
    web_user(app, "province.web", "clerk", Some(province));
    web_user(app, "district.web", "clerk", Some(district));
    web_user(app, "other.web", "clerk", Some(other));
    let mut ids = Vec::new();
    for (subject, secrecy) in [("เรื่องเวียนทั่วไป", "normal"), ("เรื่องลับมากของอำเภอ", "secret")]
    {
        let l = created(
            app,
            &format!("/api/v1/orgs/{province}/letters"),
            &token,
            json!({"subject": subject, "addressee": "นายอำเภอ", "secrecy": secrecy, "circular": true}),
        )
        .await;
        created(
            app,
            &format!("/api/v1/letters/{}/dispatches", id(&l)),
            &token,
            json!({"sender_id": province, "recipient_ids": [district]}),
        )
        .await;
        ids.push(id(&l));
    }
    Setup {
        province,
        district,
        letter: ids[0],
        secret: ids[1],
    }
}

#[tokio::test]
async fn the_recipient_acknowledges_and_the_issuer_sees_it_on_the_dashboard() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let s = setup(&app).await;
    let mut district = WebClient::new(&app);
    let csrf = district.sign_in("district.web").await;
    let page = district.get(&format!("/letters/{}", s.letter)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("เรื่องเวียนทั่วไป"));
    assert!(page.body.contains("ปจ ๐๐๑๗/ว ๑"), "{}", page.body);
    assert!(page.body.contains(">รับทราบ</button>"));
    let start = page.body.find("/deliveries/").expect("answer form");
    let path: String = page.body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(path.ends_with("/acknowledge"), "{path}");
    let done = district
        .post(&path, &[("csrf_token", &csrf), ("note", "ทราบแล้ว")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = district.get(&format!("/letters/{}", s.letter)).await;
    assert!(after.body.contains("รับทราบแล้ว"));
    assert!(!after.body.contains(">รับทราบ</button>"));

    let mut province = WebClient::new(&app);
    province.sign_in("province.web").await;
    let dash = province
        .get(&format!("/letters/{}/dashboard", s.letter))
        .await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(
        dash.body.contains("id=\"all-acknowledged\">๑<"),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("<svg class=\"timeline\""));
    // หนังสือที่ส่งออก: one click from every page, each letter with how far it got.
    assert!(dash.body.contains("href=\"/sent\""));
    let sent = province.get("/sent").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(
        sent.body.contains(&format!("id=\"sent-{}\"", s.letter)),
        "{}",
        sent.body
    );
    assert!(
        sent.body
            .contains("ถึงแล้ว <span class=\"progress\">๑/๑</span>"),
        "{}",
        sent.body
    );
    assert!(sent
        .body
        .contains(&format!("/letters/{}/dashboard", s.letter)));
    let theirs = district.get("/sent").await;
    assert!(!theirs.body.contains("เรื่องเวียนทั่วไป"), "{}", theirs.body);
    let csv = province
        .get(&format!("/letters/{}/dashboard/pending.csv", s.secret))
        .await;
    assert!(csv.body.contains("อำเภอหนึ่ง"));
    let _ = (s.province, s.district);
}

#[tokio::test]
async fn pages_never_show_another_office_a_secret_letter() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let s = setup(&app).await;
    let mut other = WebClient::new(&app);
    other.sign_in("other.web").await;
    for path in [
        format!("/letters/{}", s.secret),
        format!("/letters/{}/dashboard", s.secret),
        format!("/letters/{}/dashboard/pending.csv", s.secret),
        format!("/letters/new?forward={}", s.secret),
    ] {
        let p = other.get(&path).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!p.body.contains("เรื่องลับมาก"), "{path}");
    }
    let found = other.get("/search?q=เรื่อง").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(!found.body.contains("เรื่องลับมาก"));
    let missing = other.get("/letters/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("ไม่พบ"));

    let mut owner = WebClient::new(&app);
    owner.sign_in("district.web").await;
    let found = owner.get("/search?q=ลับมาก").await;
    assert!(found.body.contains("เรื่องลับมากของอำเภอ"));
    let bad = owner.get("/search?q=%20").await;
    assert_eq!(bad.status, StatusCode::OK);
}

#[tokio::test]
async fn a_district_forwards_the_circular_to_a_group_from_the_new_letter_page() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let s = setup(&app).await;
    let local = app
        .org(json!({"name": "เทศบาลตำบลหนึ่ง", "kind": "local_body", "parent_id": s.district}))
        .await;
    let mut district = WebClient::new(&app);
    let csrf = district.sign_in("district.web").await;
    let page = district
        .get(&format!("/letters/new?forward={}", s.letter))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ส่งต่อหนังสือ ปจ ๐๐๑๗/ว ๑"));
    assert!(page
        .body
        .contains(&format!("value=\"{}:local_body\"", s.district)));
    let forward = s.letter.to_string();
    let group = format!("{}:local_body", s.district);
    // Missing the addressee: the form comes back with a Thai message and the choices kept.
    let bad = district
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("forward", &forward),
                ("subject", "ส่งต่อ"),
                ("group", &group),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("ออกหนังสือไม่ได้"));
    let made = district
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("forward", &forward),
                ("subject", "ส่งต่อหนังสือเวียน <b>ทดสอบ</b>"),
                ("addressee", "นายกเทศมนตรี"),
                ("circular", "on"),
                ("urgency", "urgent"),
                ("group", &group),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let letter = district
        .get(made.location.as_deref().expect("letter"))
        .await;
    assert!(letter.body.contains("ปจ ๐๑๑๘/ว ๑"), "{}", letter.body);
    assert!(letter.body.contains("&#60;b&#62;") || letter.body.contains("&lt;b&gt;"));
    assert!(letter.body.contains("เทศบาลตำบลหนึ่ง"));
    assert!(letter.body.contains("ส่งต่อหนังสือ"));
    let _ = local;
    // Without the token nothing is issued.
    let refused = district
        .post("/letters/new", &[("subject", "x"), ("addressee", "y")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
