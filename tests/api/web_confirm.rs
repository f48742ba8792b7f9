//! After every action the page it leads to says, once and in Thai, what happened; the inbox
//! marks its tab and the menu its entry, labels the copies for units, has a ไม่เกี่ยวข้อง tab and
//! the menu counts what waits for ลงรับ; /about speaks to users; the favicon is served (issue
//! #19, items 6, 9 and 12).

use crate::chain::created;
use crate::chain::id;
use crate::helpers::spawn_app_at;
use crate::helpers::TestApp;
use crate::web_helpers::web_user;
use crate::web_helpers::Page;
use crate::web_helpers::WebClient;
use reqwest::StatusCode;
use serde_json::json;

const NOW: &str = "2026-05-08T09:00:00+07:00";

struct World {
    province: i64,
    district: i64,
    unit: i64,
    token: String,
}

/// A province, a district with one internal unit, their clerks; nothing sent yet.
async fn world(app: &TestApp) -> World {
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัด", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอหนึ่ง", "kind": "district", "parent_id": province, "letter_code": "ปจ 0118"}))
        .await;
    let unit = app
        .org(json!({"name": "กลุ่มงานยุทธศาสตร์", "kind": "unit", "parent_id": district}))
        .await;
    let token = app.user("province.api", "clerk", Some(province));
    web_user(app, "province.web", "clerk", Some(province));
    web_user(app, "district.web", "clerk", Some(district));
    World {
        province,
        district,
        unit,
        token,
    }
}

/// A letter from the province to `to`; returns (letter id, delivery ids in `to`'s order).
async fn send(app: &TestApp, w: &World, subject: &str, to: &[i64]) -> (i64, Vec<i64>) {
    let l = created(
        app,
        &format!("/api/v1/orgs/{}/letters", w.province),
        &w.token,
        json!({"subject": subject, "addressee": "นายอำเภอ", "circular": true}),
    )
    .await;
    let d = created(
        app,
        &format!("/api/v1/letters/{}/dispatches", id(&l)),
        &w.token,
        json!({"sender_id": w.province, "recipient_ids": to}),
    )
    .await;
    let deliveries = d["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|x| {
            let recipient = x["recipient_id"].as_i64().expect("recipient");
            let at = to.iter().position(|t| *t == recipient).expect("sent to");
            (at, id(x))
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    (id(&l), deliveries)
}

/// The text of the confirmation banner, if the page shows one.
fn banner(p: &Page) -> Option<String> {
    let marker = "id=\"flash\">";
    let at = p.body.find(marker)?;
    Some(
        p.body[at + marker.len()..]
            .split('<')
            .next()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Follows a redirect, checks the banner says `expected`, and that a reload says nothing.
async fn confirmed_once(web: &mut WebClient<'_>, done: &Page, expected: &[&str]) -> Page {
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.location.clone().expect("redirect");
    let page = web.get(&to).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = banner(&page).unwrap_or_else(|| panic!("no confirmation on {to}: {}", page.body));
    for e in expected {
        assert!(text.contains(e), "{e:?} missing in {text:?}");
    }
    assert!(page.body.contains("role=\"status\""));
    let again = web.get(&to).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(banner(&again), None, "shown again on a reload of {to}");
    page
}

/// The `href` of the menu or tab link marked as the current page, in order.
fn current(body: &str) -> Vec<String> {
    body.match_indices("aria-current=\"page\"")
        .map(|(at, _)| {
            let head = &body[..at];
            let start = head.rfind("href=\"").expect("a link") + 6;
            head[start..]
                .split('"')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn web_every_action_is_confirmed_once_in_thai() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (letter, d) = send(&app, &w, "เรื่องแจ้งเวียน", &[w.district]).await;
    let (other, d2) = send(&app, &w, "เรื่องไม่ใช่ของอำเภอ", &[w.district]).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("district.web").await;

    // ลงรับ from the inbox: the receipt page says so with the number, once.
    let done = web
        .post(
            "/receipts",
            &[("csrf_token", &csrf), ("delivery_id", &d[0].to_string())],
        )
        .await;
    let receipt = confirmed_once(&mut web, &done, &["ลงรับแล้ว", "เลขรับที่ ๑", "๒๕๖๙"]).await;
    assert!(receipt.body.contains("id=\"receipt-number\">๑<"));
    // A second click lands on the same receipt and says it was not logged twice.
    let again = web
        .post(
            "/receipts",
            &[("csrf_token", &csrf), ("delivery_id", &d[0].to_string())],
        )
        .await;
    assert_eq!(again.location, done.location);
    confirmed_once(&mut web, &again, &["ลงรับไว้แล้ว"]).await;

    // รับทราบ on the letter page, whose answer sits above the files.
    let page = web.get(&format!("/letters/{letter}")).await;
    let answer = page.body.find(">รับทราบ</button>").expect("answer form");
    let files = page.body.find("id=\"files-title\"").expect("files");
    assert!(answer < files, "the answer is below the files");
    let done = web
        .post(
            &format!("/deliveries/{}/acknowledge", d[0]),
            &[("csrf_token", &csrf), ("note", "ทราบ")],
        )
        .await;
    confirmed_once(
        &mut web,
        &done,
        &["รับทราบแล้ว", "ปจ ๐๐๑๗/ว ๑", "อำเภอหนึ่ง", "สถานะ"],
    )
    .await;

    // ไม่เกี่ยวข้อง.
    let done = web
        .post(
            &format!("/deliveries/{}/reject", d2[0]),
            &[("csrf_token", &csrf), ("note", "ไม่ใช่งานของอำเภอ")],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/letters/{other}").as_str())
    );
    confirmed_once(&mut web, &done, &["ไม่เกี่ยวข้อง", "ปจ ๐๐๑๗/ว ๒"]).await;

    // ออกเลขและส่ง: the new number and how many offices it went to.
    let done = web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &csrf),
                ("subject", "รายงานผล"),
                ("addressee", "ผู้ว่าราชการจังหวัด"),
                ("to", &w.province.to_string()),
                ("to", &w.unit.to_string()),
            ],
        )
        .await;
    let issued = confirmed_once(
        &mut web,
        &done,
        &["ออกเลขและส่งแล้ว", "ปจ ๐๑๑๘/", "ส่งถึง ๒ หน่วยงาน"],
    )
    .await;
    assert!(issued.body.contains("รายงานผล"));
    let new_letter = done.location.clone().expect("letter");

    // A file upload on the letter page.
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf.clone())
        .text("role", "main")
        .text("title", "หนังสือฉบับสแกน")
        .part(
            "file",
            reqwest::multipart::Part::bytes(crate::files_support::pdf())
                .file_name("scan.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let done = web
        .post_multipart(&format!("{new_letter}/files"), form)
        .await;
    confirmed_once(&mut web, &done, &["แนบไฟล์", "หนังสือฉบับสแกน"]).await;
    let _ = w.district;
}

#[tokio::test]
async fn web_inbox_marks_its_tab_labels_unit_copies_and_counts_what_waits() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (_, d) = send(&app, &w, "หนังสือเวียนถึงอำเภอและกลุ่มงาน", &[w.district, w.unit]).await;
    let (_, r) = send(&app, &w, "เรื่องที่ไม่เกี่ยวข้อง", &[w.district]).await;
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("district.web").await;

    // Three wait for ลงรับ: the menu says so on every page.
    let inbox = web.get("/inbox").await;
    assert!(
        inbox
            .body
            .contains("id=\"waiting-count\" title=\"รอลงรับ\">(๓)<"),
        "{}",
        inbox.body
    );
    assert_eq!(current(&inbox.body), ["/inbox", "/inbox?status=pending"]);
    // The copy for the unit says so; the office's own copy has no label.
    assert_eq!(inbox.body.matches("สำหรับกลุ่มงานยุทธศาสตร์").count(), 1);
    let unit_row = inbox
        .body
        .find(&format!("id=\"delivery-{}\"", d[1]))
        .expect("unit row");
    let own_row = inbox
        .body
        .find(&format!("id=\"delivery-{}\"", d[0]))
        .expect("own row");
    let label = inbox.body.find("สำหรับกลุ่มงานยุทธศาสตร์").expect("label");
    let next_row = inbox.body[unit_row + 1..]
        .find("id=\"delivery-")
        .map_or(inbox.body.len(), |i| i + unit_row + 1);
    assert!(
        unit_row < label && label < next_row,
        "label outside its row"
    );
    assert!(own_row != unit_row);
    let search = web.get("/search").await;
    assert!(search.body.contains("(๓)"));
    assert_eq!(current(&search.body), ["/search"]);

    // One rejected: it has its own tab, marked; the count goes down.
    web.post(
        &format!("/deliveries/{}/reject", r[0]),
        &[("csrf_token", &csrf), ("note", "ไม่ใช่งานของอำเภอ")],
    )
    .await;
    let tab = web.get("/inbox?status=not_related").await;
    assert_eq!(tab.status, StatusCode::OK);
    assert!(tab.body.contains("เรื่องที่ไม่เกี่ยวข้อง"), "{}", tab.body);
    assert!(!tab.body.contains("หนังสือเวียนถึงอำเภอและกลุ่มงาน"));
    assert!(tab.body.contains("class=\"status-not_related\""));
    assert_eq!(current(&tab.body), ["/inbox", "/inbox?status=not_related"]);
    assert!(tab.body.contains(">(๒)<"), "{}", tab.body);
    let pending = web.get("/inbox").await;
    assert!(!pending.body.contains("เรื่องที่ไม่เกี่ยวข้อง"));

    // The menu marks the page the user is on, and nothing on a page it has no entry for.
    for (path, marked) in [
        ("/letters/new", "/letters/new"),
        ("/receipts/new", "/receipts/new"),
        (
            &format!("/receipts/new?delivery_id={}", d[0]) as &str,
            "/inbox",
        ),
    ] {
        let p = web.get(path).await;
        assert_eq!(p.status, StatusCode::OK, "{path}");
        assert_eq!(current(&p.body), [marked], "{path}");
    }
    let registers = web.get("/registers").await;
    let register = web
        .get(registers.location.as_deref().expect("this year's register"))
        .await;
    assert_eq!(current(&register.body)[0], "/registers");

    // Logging both copies empties the count.
    for delivery in d {
        web.post(
            "/receipts",
            &[
                ("csrf_token", &csrf),
                ("delivery_id", &delivery.to_string()),
            ],
        )
        .await;
    }
    let inbox = web.get("/inbox?status=received").await;
    assert!(!inbox.body.contains("waiting-count"), "{}", inbox.body);
    assert_eq!(current(&inbox.body), ["/inbox", "/inbox?status=received"]);
}

#[tokio::test]
async fn web_about_speaks_thai_to_users_and_the_favicon_is_served() {
    let app = spawn_app_at(NOW).await;
    let mut web = WebClient::new(&app);
    let about = web.get("/about").await;
    assert_eq!(about.status, StatusCode::OK);
    assert!(about.body.contains("<html lang=\"th\">"));
    assert!(about.body.contains("ผู้ดูแลระบบ"), "{}", about.body);
    assert!(about.body.contains("name=\"viewport\""));
    for word in ["SQLite", "PostgreSQL", "token", "Bearer", "/api/"] {
        assert!(
            !about.body.to_lowercase().contains(&word.to_lowercase()),
            "/about says {word}"
        );
    }
    assert!(about.body.contains("href=\"/favicon.svg\""));
    let login = web.get("/login").await;
    assert!(login.body.contains("href=\"/favicon.svg\""));
    assert!(login.body.contains("href=\"/about\""));

    let (status, icon) = web.get_bytes("/favicon.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&icon).starts_with("<svg"));
    let svg = web.get("/favicon.svg").await;
    assert_eq!(
        svg.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
    let ico = web.get("/favicon.ico").await;
    assert!(
        ico.status == StatusCode::NOT_FOUND || ico.location.as_deref() == Some("/favicon.svg"),
        "{:?}",
        ico.status
    );
}

/// The dashboard says which recipients got no e-mail notice and why, so the sender can phone
/// them: offices without an address here.
#[tokio::test]
async fn the_dashboard_names_recipients_without_an_e_mail_notice() {
    let app = crate::helpers::spawn_app_at("2026-05-04T09:00:00+07:00").await;
    let w = crate::authz::world(&app).await;
    crate::web_helpers::web_user(&app, "web_a_dash", "clerk", Some(w.ids["A"]));
    let mut web = crate::web_helpers::WebClient::new(&app);
    web.sign_in("web_a_dash").await;
    let page = web.get(&format!("/letters/{}/dashboard", w.ids["N"])).await;
    assert_eq!(page.status, reqwest::StatusCode::OK);
    let section = page
        .body
        .split("id=\"unmailed\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no list of unmailed offices: {}", page.body));
    assert!(section.contains("อำเภอเมือง"), "{section}");
    assert!(section.contains("ไม่มีที่อยู่อีเมล"), "{section}");
}
