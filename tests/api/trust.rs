//! Regression tests of docs/security.md's rules, one or more per class of hole, on whichever
//! backend the run uses (SQLite by default, PostgreSQL with `TEST_DATABASE_URL`).

use crate::authz::world;
use crate::helpers::{assert_error, spawn_app_at, TestApp};
use crate::web_helpers::{web_user, WebClient};
use reqwest::StatusCode;
use serde_json::{json, Value};

const NOW: &str = "2026-05-08T10:00:00+07:00";

async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, reply) = app.post(path, token, body).await;
    assert!(status.is_success(), "{path}: {status} {reply}");
    reply
}

/// Rule 0: of simultaneous receipts of one delivery exactly one is written; the others get
/// 409 `duplicate_receipt` with it; the register's numbers run on with no gap.
#[tokio::test]
async fn simultaneous_receipts_of_one_delivery_make_one_receipt() {
    let app = spawn_app_at(NOW).await;
    let a = app
        .org(json!({"name": "สำนักงานจังหวัดปราจีนบุรี", "kind": "provincial_office", "letter_code": "ปจ 0017"}))
        .await;
    let b = app
        .org(json!({"name": "อำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}))
        .await;
    let ca = app.user("clerk_a", "clerk", Some(a));
    let cb = app.user("clerk_b", "clerk", Some(b));
    let receipts = format!("/api/v1/orgs/{b}/receipts");
    for trial in 1..=20_i64 {
        let letter = created(
            &app,
            &format!("/api/v1/orgs/{a}/letters"),
            &ca,
            json!({"subject": format!("เรื่องที่ {trial}"), "addressee": "นายอำเภอ"}),
        )
        .await;
        let sent = created(
            &app,
            &format!("/api/v1/letters/{}/dispatches", letter["id"]),
            &ca,
            json!({"sender_id": a, "recipient_ids": [b]}),
        )
        .await;
        let delivery = sent["deliveries"][0]["id"].as_i64().expect("delivery");
        // Half the clicks ask to register it again: still one receipt per delivery.
        let clicks = (0..10).map(|i| {
            app.post(
                &receipts,
                &cb,
                json!({"delivery_id": delivery, "allow_duplicate": i % 2 == 1}),
            )
        });
        let answers = futures::future::join_all(clicks).await;
        let made: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| s.as_u16() == 201)
            .map(|(_, v)| v)
            .collect();
        assert_eq!(made.len(), 1, "trial {trial}: {answers:?}");
        assert_eq!(made[0]["number"], trial, "trial {trial}: no number lost");
        for (status, body) in answers.iter().filter(|(s, _)| s.as_u16() != 201) {
            assert_eq!(status.as_u16(), 409, "trial {trial}: {body}");
            assert_eq!(body["error"], "duplicate_receipt", "{body}");
            assert_eq!(body["existing"]["id"], made[0]["id"], "{body}");
        }
    }
    let (_, register) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt?year=2569&limit=100"),
            &cb,
        )
        .await;
    assert_eq!(register["total"], 20, "{register}");
}

/// Rule 3: a receipt by `letter_id` only of a letter sent to the office or already visible to
/// it; a paper copy is recorded inline, and shows the office the letter but not its files.
#[tokio::test]
async fn a_receipt_by_id_grants_nothing_that_was_not_sent() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (c, n) = (w.ids["C"], w.ids["N"]);
    let cc = &w.tokens["clerk_c"];
    let receipts = format!("/api/v1/orgs/{c}/receipts");
    let (_, before) = app
        .get(&format!("/api/v1/orgs/{c}/registers/receipt?year=2569"), cc)
        .await;
    for letter in ["N", "S", "N2"] {
        let reply = app
            .post(&receipts, cc, json!({"letter_id": w.ids[letter]}))
            .await;
        assert_error(&reply, 403, "forbidden");
    }
    // No number was used and nothing became visible.
    let (_, after) = app
        .get(&format!("/api/v1/orgs/{c}/registers/receipt?year=2569"), cc)
        .await;
    assert_eq!(before["total"], after["total"], "{after}");
    assert_error(
        &app.get(&format!("/api/v1/letters/{n}"), cc).await,
        403,
        "forbidden",
    );
    // A file of A's on N stays A's and B's.
    let (status, file) = crate::files_support::upload(
        &app,
        &w.tokens["clerk_a"],
        n,
        "letter.pdf",
        crate::files_support::pdf(),
        "main",
    )
    .await;
    assert_eq!(status.as_u16(), 201, "{file}");
    // C holds a paper copy: recorded inline by number and date, it links to N.
    let (_, letter_n) = app
        .get(&format!("/api/v1/letters/{n}"), &w.tokens["clerk_a"])
        .await;
    let paper = created(
        &app,
        &receipts,
        cc,
        json!({"letter": {"number": letter_n["number"], "dated": letter_n["dated"],
            "subject": "สำเนาที่ได้รับทางไปรษณีย์", "from_name": "จังหวัด"}}),
    )
    .await;
    assert_eq!(paper["letter_id"], n, "{paper}");
    let (status, seen) = app.get(&format!("/api/v1/letters/{n}"), cc).await;
    assert_eq!(status.as_u16(), 200, "{seen}");
    let (_, files) = app.get(&format!("/api/v1/letters/{n}/files"), cc).await;
    assert_eq!(files["total"], 0, "C sees only its own files: {files}");
    assert_error(
        &app.get(&format!("/api/v1/files/{}", file["id"]), cc).await,
        403,
        "forbidden",
    );
    // B, to which N was delivered, sees A's file.
    let (_, files) = app
        .get(&format!("/api/v1/letters/{n}/files"), &w.tokens["clerk_b"])
        .await;
    assert_eq!(files["total"], 1, "{files}");
}

/// Rule 2: an office reached only through a forwarding letter sees its hops of a classified
/// letter's distribution — office and status — never the letter's subject or number, in the
/// API, the dashboard page or its CSV.
#[tokio::test]
async fn a_classified_letter_does_not_leak_through_its_distribution() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (b, c, s) = (w.ids["B"], w.ids["C"], w.ids["S"]);
    let cb = &w.tokens["clerk_b"];
    // B forwards the secret letter to C with a letter of its own.
    let fwd = created(
        &app,
        &format!("/api/v1/orgs/{b}/letters"),
        cb,
        json!({"subject": "ส่งต่อหนังสือจังหวัด", "addressee": "นายอำเภออื่น",
               "references": [{"letter_id": s, "relation": "forwards"}]}),
    )
    .await;
    created(
        &app,
        &format!("/api/v1/letters/{}/dispatches", fwd["id"]),
        cb,
        json!({"sender_id": b, "recipient_ids": [c]}),
    )
    .await;
    let secret_number = w.texts["S_number"].clone();
    let cc = &w.tokens["clerk_c"];
    assert_error(
        &app.get(&format!("/api/v1/letters/{s}"), cc).await,
        403,
        "forbidden",
    );
    let (status, dist) = app
        .get(&format!("/api/v1/letters/{s}/distribution"), cc)
        .await;
    assert_eq!(status.as_u16(), 200, "{dist}");
    let text = dist.to_string();
    assert!(!text.contains("เรื่องลับ"), "subject leaked: {text}");
    assert!(!text.contains(&secret_number), "number leaked: {text}");
    assert_eq!(dist["letter"]["withheld"], true, "{dist}");
    assert_eq!(
        crate::helpers::nested(&dist)[0]["recipient"]["id"],
        c,
        "{dist}"
    );
    assert_eq!(
        crate::helpers::nested(&dist)[0]["status"],
        "pending",
        "{dist}"
    );
    assert_eq!(
        crate::helpers::nested(&dist)[0]["letter"]["id"],
        fwd["id"],
        "{dist}"
    );
    // B, to which S was sent, reads it all.
    let (_, full) = app
        .get(&format!("/api/v1/letters/{s}/distribution"), cb)
        .await;
    assert!(full.to_string().contains("เรื่องลับ"), "{full}");

    // The pages: the dashboard and its CSV say nothing of the letter either.
    web_user(&app, "web_c", "clerk", Some(c));
    let mut web = WebClient::new(&app);
    web.sign_in("web_c").await;
    let page = web.get(&format!("/letters/{s}/dashboard")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        !page.body.contains("เรื่องลับ"),
        "dashboard leaked the subject"
    );
    assert!(
        !page.body.contains(&secret_number),
        "dashboard leaked the number"
    );
    let (status, csv) = web
        .get_bytes(&format!("/letters/{s}/dashboard/pending.csv"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        !csv.contains("เรื่องลับ") && !csv.contains(&secret_number),
        "{csv}"
    );
    let letter_page = web.get(&format!("/letters/{s}")).await;
    assert_eq!(letter_page.status, StatusCode::FORBIDDEN);
    assert!(!letter_page.body.contains("เรื่องลับ"));
}

/// Rule 5 and 9: a control character is refused (never a 5xx), in the API and the pages.
#[tokio::test]
async fn control_characters_are_refused_everywhere() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let ca = &w.tokens["clerk_a"];
    for q in ["%00", "%E0%B8%81%00%E0%B8%82", "%1B%5B31m", "%C2%85"] {
        let (status, body) = app.get(&format!("/api/v1/search?q={q}"), ca).await;
        assert_eq!(status.as_u16(), 422, "{q}: {body}");
        assert_eq!(body["error"], "invalid_q", "{body}");
    }
    let a = w.ids["A"];
    for (field, body) in [
        (
            "subject",
            json!({"subject": "เรื่อง\u{0}ทดสอบ", "addressee": "นายอำเภอ"}),
        ),
        (
            "addressee",
            json!({"subject": "เรื่อง", "addressee": "นาย\u{7}อำเภอ"}),
        ),
        (
            "subject",
            json!({"subject": "เรื่อง\u{7f}", "addressee": "นายอำเภอ"}),
        ),
    ] {
        let reply = app
            .post(&format!("/api/v1/orgs/{a}/letters"), ca, body)
            .await;
        assert_error(&reply, 422, &format!("invalid_{field}"));
    }
    // Line ends and tabs are text.
    let (status, _) = app
        .post(
            &format!("/api/v1/orgs/{a}/letters"),
            ca,
            json!({"subject": "เรื่อง\tทดสอบ\r\nบรรทัดสอง", "addressee": "นายอำเภอ"}),
        )
        .await;
    assert_eq!(status.as_u16(), 201);
    web_user(&app, "web_a", "clerk", Some(a));
    let mut web = WebClient::new(&app);
    web.sign_in("web_a").await;
    let page = web.get("/search?q=%00").await;
    assert!(page.status.as_u16() < 500, "{}", page.status);
    assert!(page.body.contains("<html"), "a Thai page: {}", page.body);
}

/// Rule 7: one plausibility rule for every date a caller gives.
#[tokio::test]
async fn implausible_dates_are_refused() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (a, b) = (w.ids["A"], w.ids["B"]);
    let ca = &w.tokens["clerk_a"];
    let cb = &w.tokens["clerk_b"];
    let letters = format!("/api/v1/orgs/{a}/letters");
    let base = json!({"subject": "เรื่อง", "addressee": "นายอำเภอ"});
    let with = |k: &str, v: &str| {
        let mut body = base.clone();
        body[k] = json!(v);
        body
    };
    for (k, v) in [
        ("dated", "0000-01-01"),
        ("dated", "1931-12-31"),
        ("dated", "2569-05-08"),
        ("dated", "2027-05-10"),
        ("issued_at", "9999-01-01T00:00:00Z"),
        ("issued_at", "2569-05-08T10:00:00+07:00"),
        ("due_date", "2028-06-01"),
        ("due_date", "2569-06-01"),
    ] {
        let reply = app.post(&letters, ca, with(k, v)).await;
        assert_error(&reply, 422, &format!("invalid_{k}"));
    }
    let reply = app.post(&letters, ca, with("dated", "2569-05-08")).await;
    assert!(
        reply.1.to_string().contains("Buddhist"),
        "the message names the era: {}",
        reply.1
    );
    assert_eq!(
        app.post(&letters, ca, with("due_date", "2027-05-08"))
            .await
            .0
            .as_u16(),
        201
    );
    let receipts = format!("/api/v1/orgs/{b}/receipts");
    let inline = |extra: Value| {
        let mut body = json!({"letter": {"number": "ที่ นร 1207/509", "dated": "2026-05-01",
            "subject": "หนังสือจากภายนอก", "from_name": "สำนักงาน ก.พ.ร."}});
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        body
    };
    for (field, extra) in [
        (
            "received_at",
            json!({"received_at": "2026-05-08T10:30:00+07:00"}),
        ),
        ("received_on", json!({"received_on": "2026-05-09"})),
        ("received_on", json!({"received_on": "2569-05-08"})),
        ("received_on", json!({"received_on": "1900-01-01"})),
    ] {
        let reply = app.post(&receipts, cb, inline(extra)).await;
        assert_error(&reply, 422, &format!("invalid_{field}"));
    }
    let reply = app
        .post(
            &receipts,
            cb,
            json!({"letter": {"number": "ที่ นร 1207/510", "dated": "0000-01-01",
                "subject": "ก", "from_name": "ข"}}),
        )
        .await;
    assert_error(&reply, 422, "invalid_dated");
    // Nothing was numbered by the refusals.
    let ok = app
        .post(&receipts, cb, inline(json!({"received_on": "2026-05-08"})))
        .await;
    assert_eq!(ok.0.as_u16(), 201, "{}", ok.1);
    assert_eq!(ok.1["number"], 2, "B's first receipt was rB: {}", ok.1);
}

/// Rule 8: a look-alike of a known number is the known letter.
#[tokio::test]
async fn look_alike_letter_numbers_match_the_known_letter() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let cb = &w.tokens["clerk_b"];
    let first = created(
        &app,
        "/api/v1/letters",
        cb,
        json!({"number": "ที่ นร ๑๒๐๗/ว ๕๐๙", "dated": "2026-05-01",
               "subject": "การประเมินส่วนราชการ", "from_name": "สำนักงาน ก.พ.ร."}),
    )
    .await;
    for look_alike in [
        "ที่ นร １２０７/ว ５０９",
        "\u{202B}ที่ นร 1207/ว 509\u{202C}",
        "ที่ นร 12\u{200B}07/ว 509",
        "ที่ นร 1207/ว 5\u{00AD}09",
        "\u{FEFF}นร 1207/ว 509",
    ] {
        let reply = app
            .post(
                "/api/v1/letters",
                cb,
                json!({"number": look_alike, "dated": "2026-05-01",
                       "subject": "การประเมินส่วนราชการ", "from_name": "สำนักงาน ก.พ.ร."}),
            )
            .await;
        assert_error(&reply, 409, "letter_exists");
    }
    assert_eq!(first["number_canonical"], "นร 1207/ว 509");
}

/// Rule 9: unknown query parameters on API lists are named in a 400; pages ignore them.
#[tokio::test]
async fn unknown_query_parameters_are_refused_on_api_lists() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let (a, b) = (w.ids["A"], w.ids["B"]);
    let ca = &w.tokens["clerk_a"];
    for path in [
        format!("/api/v1/orgs/{b}/inbox?stauts=pending"),
        format!("/api/v1/orgs/{a}/letters?yaer=2569"),
        format!("/api/v1/orgs/{a}/registers/dispatch?year=2569&page=2"),
        "/api/v1/orgs?kind=district&offset=5".to_string(),
        "/api/v1/search?q=abc&sort=date".to_string(),
        "/api/v1/notices?foo=1".to_string(),
        format!("/api/v1/letters/{}/files?x=1", w.ids["N"]),
        format!("/api/v1/letters/{}/distribution?deep=1", w.ids["N"]),
        format!("/api/v1/letters/{}/notices?status=sent", w.ids["N"]),
    ] {
        let token = if path.contains("inbox") {
            &w.tokens["clerk_b"]
        } else if path.starts_with("/api/v1/notices") {
            &app.admin_token
        } else {
            ca
        };
        let reply = app.get(&path, token).await;
        assert_error(&reply, 400, "malformed_request");
    }
    // Known ones still work, filter and paging together.
    let (status, _) = app
        .get(
            &format!("/api/v1/orgs/{b}/inbox?status=pending&limit=5"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(status.as_u16(), 200);
    web_user(&app, "web_a", "clerk", Some(a));
    let mut web = WebClient::new(&app);
    web.sign_in("web_a").await;
    assert_eq!(web.get("/inbox?foo=1").await.status, StatusCode::OK);
}

/// Rule 9: viewers get the Thai 403 page for forms they may not submit; a web POST without a
/// valid CSRF field, or not sent as a form, gets the Thai 403 page.
#[tokio::test]
async fn forms_refuse_viewers_and_forged_posts_in_thai() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let a = w.ids["A"];
    web_user(&app, "web_viewer", "viewer", Some(a));
    let mut viewer = WebClient::new(&app);
    viewer.sign_in("web_viewer").await;
    for path in ["/letters/new", "/receipts/new"] {
        let page = viewer.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.body.contains("ไม่มีสิทธิ์"), "{path}: {}", page.body);
    }
    let inbox = viewer.get("/inbox").await;
    assert!(
        !inbox.body.contains("href=\"/letters/new\""),
        "no link to a form it may not use"
    );
    web_user(&app, "web_clerk", "clerk", Some(a));
    let mut clerk = WebClient::new(&app);
    clerk.sign_in("web_clerk").await;
    for form in [
        vec![("delivery_id", "1")],
        vec![("delivery_id", "1"), ("csrf_token", "forged")],
    ] {
        let page = clerk.post("/receipts", &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{form:?}");
        assert!(page.body.contains("CSRF"), "{}", page.body);
        assert!(page.headers[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html"));
    }
    let cookies: Vec<String> = clerk
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let resp = app
        .client
        .post(format!("{}/receipts", app.address))
        .header(reqwest::header::COOKIE, cookies.join("; "))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body("{\"delivery_id\":1}")
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp.text().await.unwrap_or_default().contains("CSRF"));
}

/// The same rules through the receipt form of the pages: simultaneous ลงรับ of one delivery
/// make one receipt (the second click lands on it), implausible dates are refused and use no
/// number, and a look-alike number typed from a paper copy is the known letter.
#[tokio::test]
async fn the_receipt_form_keeps_the_same_rules() {
    let app = spawn_app_at(NOW).await;
    let w = world(&app).await;
    let b = w.ids["B"];
    web_user(&app, "web_b", "clerk", Some(b));
    let mut web = WebClient::new(&app);
    let csrf = web.sign_in("web_b").await;
    let d = w.ids["dS"].to_string();
    let cookies: Vec<String> = web
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let cookie = cookies.join("; ");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let clicks = (0..6).map(|_| {
        client
            .post(format!("{}/receipts", app.address))
            .header(reqwest::header::COOKIE, cookie.clone())
            .form(&[("csrf_token", csrf.as_str()), ("delivery_id", d.as_str())])
            .send()
    });
    let answers = futures::future::join_all(clicks).await;
    let mut places = std::collections::BTreeSet::new();
    for a in answers {
        let a = a.expect("click");
        assert!(a.status().is_redirection(), "{}", a.status());
        let to = a.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap_or_default()
            .to_string();
        places.insert(to);
    }
    assert_eq!(
        places.len(),
        1,
        "every click lands on the one receipt: {places:?}"
    );
    let (_, register) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt?year=2569"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(register["total"], 2, "rB and this one: {register}");

    let inline = |number: &str, received_on: &str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("number", number.to_string()),
            ("dated", "2026-05-01".to_string()),
            ("subject", "หนังสือจากภายนอก".to_string()),
            ("from_name", "สำนักงาน ก.พ.ร.".to_string()),
            ("received_on", received_on.to_string()),
        ]
    };
    for received_on in ["2026-05-09", "2569-05-08", "1900-01-01"] {
        let form = inline("ที่ นร 1207/ว 77", received_on);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = web.post("/receipts", &form).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{received_on}"
        );
        assert!(
            page.body.contains("received_on"),
            "the field is named: {received_on}"
        );
    }
    let (_, register) = app
        .get(
            &format!("/api/v1/orgs/{b}/registers/receipt?year=2569"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(register["total"], 2, "refusals use no number: {register}");

    let known = created(
        &app,
        "/api/v1/letters",
        &w.tokens["clerk_b"],
        json!({"number": "ที่ นร ๑๒๐๗/ว ๗๗", "dated": "2026-05-01",
               "subject": "หนังสือจากภายนอก", "from_name": "สำนักงาน ก.พ.ร."}),
    )
    .await;
    let form = inline("ที่ นร １２０７/ว\u{200B} ７７", "2026-05-08");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = web.post("/receipts", &form).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let receipt_id: i64 = page
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .expect("receipt id");
    let (_, receipt) = app
        .get(
            &format!("/api/v1/receipts/{receipt_id}"),
            &w.tokens["clerk_b"],
        )
        .await;
    assert_eq!(receipt["letter_id"], known["id"], "{receipt}");
}
