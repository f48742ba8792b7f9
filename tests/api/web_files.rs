//! Letter files on the pages: upload from the letter page, download with the session,
//! carrying the upstream files on a forward, and the tree's "files received" lines.

use crate::chain::created;

use crate::chain::id;
use crate::files_support::*;
use crate::helpers::spawn_app_at;
use crate::web_helpers::csrf_of;
use crate::web_helpers::web_user;
use crate::web_helpers::WebClient;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::json;

fn scan(name: &str, bytes: Vec<u8>, csrf: Option<&str>, role: &str) -> Form {
    let form = match csrf {
        Some(t) => Form::new().text("csrf_token", t.to_string()),
        None => Form::new(),
    };
    form.text("role", role.to_string())
        .text("title", format!("สแกน {name}"))
        .part("file", Part::bytes(bytes).file_name(name.to_string()))
}

#[tokio::test]
async fn a_clerk_uploads_on_the_letter_page_and_a_district_forwards_the_files() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอเมืองปราจีนบุรี", "kind": "district", "parent_id": province, "letter_code": "ปจ 0118"}))
        .await;
    let other = app
        .org(json!({"name": "อำเภอกบินทร์บุรี", "kind": "district", "parent_id": province}))
        .await;
    let local = app
        .org(json!({"name": "เทศบาลเมืองปราจีนบุรี", "kind": "local_body", "parent_id": district}))
        .await;
    let token = app.user("province.api", "clerk", Some(province));
    let district_token = app.user("district.api", "clerk", Some(district));
    web_user(&app, "province.web", "clerk", Some(province));
    web_user(&app, "district.web", "clerk", Some(district));
    web_user(&app, "other.web", "clerk", Some(other));
    let letter = id(&created(
        &app,
        &format!("/api/v1/orgs/{province}/letters"),
        &token,
        json!({"subject": "ขอความร่วมมือประชาสัมพันธ์", "addressee": "นายอำเภอ", "circular": true}),
    )
    .await);
    created(
        &app,
        &format!("/api/v1/letters/{letter}/dispatches"),
        &token,
        json!({"sender_id": province, "recipient_ids": [district]}),
    )
    .await;

    // The province clerk attaches the scan from the letter page.
    let mut clerk = WebClient::new(&app);
    let csrf = clerk.sign_in("province.web").await;
    let page = clerk.get(&format!("/letters/{letter}")).await;
    assert!(page.body.contains("ยังไม่มีไฟล์ของหนังสือฉบับนี้"), "{}", page.body);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    let path = format!("/letters/{letter}/files");

    // A form without the session's token stores nothing.
    let forged = clerk
        .post_multipart(&path, scan("ปลอม.pdf", pdf(), None, "main"))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    // Not a PDF by content: a readable Thai page, and nothing stored.
    let bad = clerk
        .post_multipart(&path, scan("โปรแกรม.pdf", elf(), Some(&csrf), "main"))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("lang=\"th\""));
    assert_store_empty(&app).await;

    let done = clerk
        .post_multipart(&path, scan("ว ๒๓๒๓.pdf", pdf(), Some(&csrf), "main"))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some(&*format!("/letters/{letter}#files"))
    );
    let (_, listed) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &token)
        .await;
    let file = listed["items"][0]["id"].as_i64().expect("file id");
    assert_eq!(listed["items"][0]["file_name"], "ว ๒๓๒๓.pdf");
    let page = clerk.get(&format!("/letters/{letter}")).await;
    assert!(
        page.body.contains(&format!("href=\"/files/{file}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("สแกน ว ๒๓๒๓.pdf"));
    assert!(page.body.contains("ตัวหนังสือ, PDF"));
    assert_eq!(
        clerk.get_bytes(&format!("/files/{file}")).await,
        (StatusCode::OK, pdf())
    );

    // Another district may not open it; the district it went to may.
    let mut outsider = WebClient::new(&app);
    outsider.sign_in("other.web").await;
    let refused = outsider.get(&format!("/files/{file}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("ไม่มีสิทธิ์เข้าถึง"));
    let mut district_web = WebClient::new(&app);
    let district_csrf = district_web.sign_in("district.web").await;
    assert_eq!(
        district_web.get_bytes(&format!("/files/{file}")).await,
        (StatusCode::OK, pdf())
    );

    // The district forwards it: the form offers the upstream file, ticked.
    let form = district_web
        .get(&format!("/letters/new?forward={letter}"))
        .await;
    assert!(
        form.body
            .contains(&format!("name=\"attach\" value=\"{file}\" checked")),
        "{}",
        form.body
    );
    let forward = letter.to_string();
    let attach = file.to_string();
    let to = local.to_string();
    let made = district_web
        .post(
            "/letters/new",
            &[
                ("csrf_token", &district_csrf),
                ("forward", &forward),
                ("subject", "ส่งต่อหนังสือเวียน"),
                ("addressee", "นายกเทศมนตรีเมืองปราจีนบุรี"),
                ("to", &to),
                ("attach", &attach),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let fwd_page = district_web
        .get(made.location.as_deref().expect("letter"))
        .await;
    assert!(
        fwd_page.body.contains("สิ่งที่ส่งมาด้วย, PDF"),
        "{}",
        fwd_page.body
    );
    let fwd_id: i64 = made
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .expect("forward id");
    let (_, carried) = app
        .get(&format!("/api/v1/letters/{fwd_id}/files"), &district_token)
        .await;
    assert_eq!(carried["total"], 1, "{carried}");
    assert_eq!(carried["items"][0]["source_file_id"], file);

    // The upstream letter's tree says what the local body received, linked for the issuer.
    let copy = carried["items"][0]["id"].as_i64().expect("copy id");
    let tree = clerk.get(&format!("/letters/{letter}")).await;
    let chain = &tree.body[tree.body.find("id=\"chain\"").expect("tree")..];
    assert!(chain.contains("เทศบาลเมืองปราจีนบุรี"), "{chain}");
    assert!(chain.contains("ไฟล์ที่ได้รับ"), "{chain}");
    assert!(
        chain.contains(&format!("href=\"/files/{file}\"")),
        "the province opens its own file through the copy: {chain}"
    );
    assert!(
        !chain.contains(&format!("href=\"/files/{copy}\"")),
        "no link the reader cannot open"
    );

    // A forward issued without the files offers them on its page; one click attaches.
    let bare = id(&created(
        &app,
        &format!("/api/v1/orgs/{district}/letters"),
        &district_token,
        json!({"subject": "ส่งต่ออีกฉบับ", "addressee": "นายก", "references": [{"letter_id": letter, "relation": "forwards"}]}),
    )
    .await);
    let bare_page = district_web.get(&format!("/letters/{bare}")).await;
    assert!(
        bare_page.body.contains("id=\"upstream-files\""),
        "{}",
        bare_page.body
    );
    let csrf = csrf_of(&bare_page.body);
    let attached = district_web
        .post(
            &format!("/letters/{bare}/files/attach"),
            &[("csrf_token", &csrf), ("file_id", &attach)],
        )
        .await;
    assert_eq!(attached.status, StatusCode::SEE_OTHER, "{}", attached.body);
    let bare_page = district_web.get(&format!("/letters/{bare}")).await;
    assert!(!bare_page.body.contains("id=\"upstream-files\""));
    assert!(bare_page.body.contains("สแกน ว ๒๓๒๓.pdf"));
    // The other district's clerk sees neither form nor file on a letter not its own.
    assert_eq!(
        outsider.get(&format!("/letters/{bare}")).await.status,
        StatusCode::FORBIDDEN
    );

    // Only an administrator deletes a file from the page; the copies carried on stay.
    assert!(!clerk
        .get(&format!("/letters/{letter}"))
        .await
        .body
        .contains("ลบไฟล์"));
    let by_clerk = clerk
        .post(&format!("/files/{file}/delete"), &[("csrf_token", &csrf)])
        .await;
    assert_eq!(by_clerk.status, StatusCode::FORBIDDEN);
    web_user(&app, "admin.web", "admin", None);
    let mut admin = WebClient::new(&app);
    admin.sign_in("admin.web").await;
    let page = admin.get(&format!("/letters/{letter}")).await;
    let admin_csrf = csrf_of(&page.body);
    assert!(
        page.body.contains(&format!("id=\"delete-file-{file}\"")),
        "{}",
        page.body
    );
    let gone = admin
        .post(
            &format!("/files/{file}/delete"),
            &[("csrf_token", &admin_csrf)],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
    assert_eq!(
        gone.location.as_deref(),
        Some(&*format!("/letters/{letter}#files"))
    );
    let (_, left) = app
        .get(&format!("/api/v1/letters/{letter}/files"), &token)
        .await;
    assert_eq!(left["total"], 0);
    assert_eq!(
        district_web.get_bytes(&format!("/files/{copy}")).await,
        (StatusCode::OK, pdf()),
        "the forward's copy still opens"
    );
}

#[tokio::test]
async fn a_new_letter_goes_out_with_its_scan_and_the_notice_lists_it() {
    let app = spawn_app_at("2026-05-08T09:00:00+07:00").await;
    let province = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017"}))
        .await;
    let district = app
        .org(json!({"name": "อำเภอบ้านสร้าง", "kind": "district", "parent_id": province, "email": "saraban@bansang.go.th"}))
        .await;
    web_user(&app, "province.web", "clerk", Some(province));
    let mut clerk = WebClient::new(&app);
    let csrf = clerk.sign_in("province.web").await;
    let form = clerk.get("/letters/new").await;
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let fields = |csrf: Option<&str>| {
        let base = match csrf {
            Some(t) => Form::new().text("csrf_token", t.to_string()),
            None => Form::new(),
        };
        base.text("subject", "ขอความร่วมมือประชาสัมพันธ์")
            .text("addressee", "นายอำเภอบ้านสร้าง")
            .text("to", district.to_string())
    };
    let letters = |app: &crate::helpers::TestApp| {
        app.db
            .read_blocking(|c| {
                use diesel::prelude::*;
                use saraban::db::schema::letters;
                Ok(letters::table.count().get_result::<i64>(c)?)
            })
            .expect("count")
    };

    // A forged form stores nothing; an executable as an enclosure brings the form back.
    let forged = clerk
        .post_multipart(
            "/letters/new",
            fields(None).part("scan", Part::bytes(pdf()).file_name("ส.pdf")),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let bad = clerk
        .post_multipart(
            "/letters/new",
            fields(Some(&csrf))
                .part("scan", Part::bytes(pdf()).file_name("หนังสือ.pdf"))
                .part("enclosure", Part::bytes(elf()).file_name("แผน.pdf")),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("ออกหนังสือไม่ได้"), "{}", bad.body);
    assert!(
        bad.body.contains("ขอความร่วมมือประชาสัมพันธ์"),
        "the form keeps what was typed"
    );
    assert_eq!(letters(&app), 0, "no number was taken");
    assert_store_empty(&app).await;

    // With a scan, an enclosure and an empty file field, as a browser sends it.
    let made = clerk
        .post_multipart(
            "/letters/new",
            fields(Some(&csrf))
                .part("scan", Part::bytes(pdf()).file_name("หนังสือ ปจ ๐๐๑๗.pdf"))
                .part("enclosure", Part::bytes(xlsx()).file_name("แผน.xlsx"))
                .part("enclosure", Part::bytes(Vec::new()).file_name("")),
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = clerk.get(made.location.as_deref().expect("letter")).await;
    assert!(page.body.contains("หนังสือ ปจ ๐๐๑๗.pdf"), "{}", page.body);
    assert!(page.body.contains("ตัวหนังสือ, PDF"));
    assert!(page.body.contains("สิ่งที่ส่งมาด้วย, XLSX"));
    assert_eq!(stored_blobs(&app).len(), 2);

    // The notice, written in the same transaction as the dispatch, is rendered when sent;
    // rendered now, it links both files.
    let body: String = app
        .db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::models::outbox::Notice;
            use saraban::db::schema::email_outbox as o;
            let mut notices = [o::table.select(Notice::as_select()).first::<Notice>(c)?];
            assert_eq!(notices[0].body_text, None, "no body before it is sent");
            saraban::services::notices::at_send::render_bodies(c, &mut notices)?;
            let [n] = notices;
            Ok(n.body_text.unwrap_or_default())
        })
        .expect("notice");
    assert!(body.contains("ตัวหนังสือ หนังสือ ปจ ๐๐๑๗.pdf (PDF"), "{body}");
    assert!(body.contains("สิ่งที่ส่งมาด้วย แผน.xlsx (XLSX"), "{body}");
    assert_eq!(
        body.matches("/ack/{{ack_token}}/files/").count(),
        2,
        "{body}"
    );
}
