//! Files along the chain: which files each hop of the distribution tree received, and the
//! e-mail notice's links that open them without an account.

use crate::chain::created;

use crate::chain::id;
use crate::email_setup::setup;
use crate::files_support::*;
use crate::first_hop::seed_offices;
use crate::helpers::spawn_app;
use crate::mail_sink::SmtpSink;
use reqwest::StatusCode;
use saraban::worker::process::process_due;
use serde_json::{json, Value};

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_i64().expect("id"))
        .collect()
}

#[tokio::test]
async fn the_tree_shows_which_files_each_hop_received() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    let (district, district_clerk) = district_of(&app, s.hall).await;

    // OPDC's letter with its scan goes to the provincial hall.
    let upstream = issue(&app, s.opdc, &s.opdc_clerk).await;
    let (_, original) = upload(
        &app,
        &s.opdc_clerk,
        upstream,
        "นร ๑๒๐๗-๕๐๙.pdf",
        pdf(),
        "main",
    )
    .await;
    dispatch(&app, upstream, s.opdc, &[s.hall], &s.opdc_clerk).await;

    // The hall forwards it with a copy of OPDC's file and its own scanned circular.
    let forward = created(
        &app,
        &format!("/api/v1/orgs/{}/letters", s.hall),
        &s.hall_clerk,
        json!({"subject": "ขอส่งสำเนาหนังสือ", "addressee": "นายอำเภอทุกอำเภอ", "circular": true,
               "references": [{"letter_id": upstream, "relation": "forwards"}]}),
    )
    .await;
    let forward = id(&forward);
    let copy = created(
        &app,
        &format!("/api/v1/letters/{forward}/files/attach"),
        &s.hall_clerk,
        json!({"file_id": id(&original)}),
    )
    .await;
    let (status, own) = upload(&app, &s.hall_clerk, forward, "ว ๒๓๒๓.png", png(), "main").await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    dispatch(&app, forward, s.hall, &[district], &s.hall_clerk).await;

    let (status, view) = app
        .get(
            &format!("/api/v1/letters/{upstream}/distribution"),
            &s.opdc_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let hall_hop = &crate::helpers::nested(&view)[0];
    assert_eq!(hall_hop["recipient"]["id"], s.hall);
    assert_eq!(ids(&hall_hop["file_ids"]), [id(&original)]);
    let district_hop = &hall_hop["children"][0];
    assert_eq!(district_hop["recipient"]["id"], district);
    assert_eq!(district_hop["letter"]["id"], forward);
    assert_eq!(ids(&district_hop["file_ids"]), [id(&copy), id(&own)]);
    let files = view["files"].as_array().expect("files");
    let described: Vec<i64> = files.iter().map(id).collect();
    assert_eq!(described, [id(&original), id(&copy), id(&own)]);
    let copy_view = files.iter().find(|f| id(f) == id(&copy)).expect("copy");
    assert_eq!(copy_view["source_file_id"], id(&original));
    assert_eq!(
        copy_view["sha256"], original["sha256"],
        "the same bytes, not a copy"
    );
    assert_eq!(copy_view["role"], "enclosure");

    // The district sees its own hop and its files, but not the upstream letter's own file.
    let (status, mine) = app
        .get(
            &format!("/api/v1/letters/{upstream}/distribution"),
            &district_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(
        crate::helpers::nested(&mine)[0]["recipient"]["id"],
        district
    );
    assert_eq!(
        ids(&crate::helpers::nested(&mine)[0]["file_ids"]),
        [id(&copy), id(&own)]
    );
    let seen: Vec<i64> = mine["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(id)
        .collect();
    assert_eq!(seen, [id(&copy), id(&own)]);

    // A deleted file leaves the tree.
    let admin = app.user("admin", "admin", None);
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/files/{}", id(&own)),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = app
        .get(
            &format!("/api/v1/letters/{upstream}/distribution"),
            &s.opdc_clerk,
        )
        .await;
    assert_eq!(
        ids(&crate::helpers::nested(&after)[0]["children"][0]["file_ids"]),
        [id(&copy)]
    );
}

/// The `/ack/<token>/files/<id>` links of a mail's text.
fn file_links(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|w| w.find("/ack/").map(|i| w[i..].to_string()))
        .filter(|p| p.contains("/files/"))
        .collect()
}

#[tokio::test]
async fn the_notice_links_the_files_and_the_link_opens_only_that_letters_files() {
    let Some(sink) = SmtpSink::start("the_notice_links_the_files") else {
        return;
    };
    let s = setup(1).await;
    let (province, _) = s.offices[0];
    let issue_one = |secrecy: &'static str| {
        let app = &s.app;
        let path = format!("/api/v1/orgs/{}/letters", s.opdc);
        let clerk = s.clerk.clone();
        async move {
            let l = created(
                app,
                &path,
                &clerk,
                json!({"subject": "ขอความอนุเคราะห์ประชาสัมพันธ์", "addressee": "ผู้ว่าราชการจังหวัด", "secrecy": secrecy}),
            )
            .await;
            id(&l)
        }
    };
    let letter = issue_one("normal").await;
    let (_, main) = upload(&s.app, &s.clerk, letter, "หนังสือ นร ๑๒๐๗.pdf", pdf(), "main").await;
    let (_, plan) = upload(&s.app, &s.clerk, letter, "แผน.xlsx", xlsx(), "enclosure").await;
    let secret = issue_one("secret").await;
    let (_, secret_file) =
        upload(&s.app, &s.clerk, secret, "ลับ.pdf", pdf_of_size(300), "main").await;
    for l in [letter, secret] {
        dispatch(&s.app, l, s.opdc, &[province], &s.clerk).await;
    }
    let mailer = s.mailer(Some(sink.url()), |_| {});
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    assert_eq!(outcome.sent, 2, "{outcome:?}");

    let mails = sink.mails();
    let normal = mails
        .iter()
        .find(|m| m.subject.contains("ประชาสัมพันธ์"))
        .expect("the ordinary letter's mail");
    let text = normal.text.as_deref().expect("text");
    assert!(text.contains("ไฟล์ หนังสือ นร ๑๒๐๗.pdf (PDF, "), "{text}");
    assert!(text.contains("สิ่งที่ส่งมาด้วย ไฟล์ แผน.xlsx (XLSX, "), "{text}");
    let links = file_links(text);
    assert_eq!(links.len(), 2, "{text}");
    assert!(links[0].ends_with(&format!("/files/{}", id(&main))));
    let html = normal.html.as_deref().expect("html");
    assert!(
        html.contains(&links[1]),
        "the HTML part links the same file"
    );

    // The link opens the file with no sign-in, with its type and Thai name.
    let resp = s
        .app
        .client
        .get(format!("{}{}", s.app.address, links[0]))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert_eq!(resp.bytes().await.expect("body").to_vec(), pdf());

    // The confirmation page lists the files too, with the same token.
    let ack = links[0]
        .split("/files/")
        .next()
        .expect("ack path")
        .to_string();
    let (status, page) = s.app.get_text(&ack, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("{ack}/files/{}", id(&plan))),
        "{page}"
    );

    // The token opens nothing else: not another letter's file, not with a forged token.
    let other = format!("{ack}/files/{}", id(&secret_file));
    let (status, page) = s.app.get_text(&other, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("ไม่พบไฟล์"));
    let forged = format!("/ack/{}/files/{}", "0".repeat(64), id(&main));
    assert_eq!(s.app.get_text(&forged, None).await.0, StatusCode::NOT_FOUND);

    // A secret letter's mail names no file and its token opens none.
    let secret_mail = mails
        .iter()
        .find(|m| !m.subject.contains("ประชาสัมพันธ์"))
        .expect("the secret letter's mail");
    let secret_text = secret_mail.text.as_deref().expect("text");
    assert!(file_links(secret_text).is_empty(), "{secret_text}");
    assert!(!secret_text.contains("ลับ.pdf"));
    let start = secret_text.find("/ack/").expect("ack link");
    let secret_ack: String = secret_text[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string();
    let tried = format!("{secret_ack}/files/{}", id(&secret_file));
    assert_eq!(s.app.get_text(&tried, None).await.0, StatusCode::NOT_FOUND);

    // The API still refuses the same file to a caller without a token.
    let anonymous = s
        .app
        .get_text(&format!("/api/v1/files/{}", id(&main)), None)
        .await;
    assert_eq!(anonymous.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_notice_is_rendered_when_sent_and_lists_a_file_added_after_the_dispatch() {
    let Some(sink) = SmtpSink::start("a_notice_is_rendered_when_sent") else {
        return;
    };
    let s = setup(1).await;
    let (province, _) = s.offices[0];
    let letter = created(
        &s.app,
        &format!("/api/v1/orgs/{}/letters", s.opdc),
        &s.clerk,
        json!({"subject": "ขอความอนุเคราะห์ประชาสัมพันธ์", "addressee": "ผู้ว่าราชการจังหวัด"}),
    )
    .await;
    let letter = id(&letter);
    dispatch(&s.app, letter, s.opdc, &[province], &s.clerk).await;

    // The dispatch wrote a short row: the subject, no body.
    let (subject, body_text, body_html) = s
        .app
        .db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::email_outbox as o;
            Ok(o::table
                .select((o::subject, o::body_text, o::body_html))
                .first::<(String, Option<String>, Option<String>)>(c)?)
        })
        .expect("notice");
    assert!(subject.contains("ประชาสัมพันธ์"), "{subject}");
    assert_eq!((body_text, body_html), (None, None));

    // A file added after the dispatch is in the mail: it shows the letter as it is when sent.
    let (_, late) = upload(&s.app, &s.clerk, letter, "แผน.xlsx", xlsx(), "enclosure").await;

    // Before it is sent, `notices show` renders it now and says so; `notices list` shows the
    // stored subject.
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args(["--database-url", &s.app.test_db.url(), "notices"])
            .args(args)
            .output()
            .expect("run saraban");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let listed = cli(&["list"]);
    assert!(listed.contains(&subject), "{listed}");
    let notice_id = listed
        .lines()
        .nth(1)
        .and_then(|l| l.split('\t').next())
        .expect("a notice")
        .to_string();
    let shown = cli(&["show", &notice_id]);
    assert!(
        shown.contains("body: rendered when sent; shown as it would be rendered now"),
        "{shown}"
    );
    assert!(shown.contains("แผน.xlsx"), "{shown}");
    assert!(
        shown.contains("{{ack_token}}"),
        "the token is not printed: {shown}"
    );

    let mailer = s.mailer(Some(sink.url()), |_| {});
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    assert_eq!(outcome.sent, 1, "{outcome:?}");
    let mails = sink.mails();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert_eq!(mails[0].subject, subject);
    let text = mails[0].text.as_deref().expect("text");
    assert!(text.contains("สิ่งที่ส่งมาด้วย ไฟล์ แผน.xlsx (XLSX, "), "{text}");
    let links = file_links(text);
    assert_eq!(links.len(), 1, "{text}");
    assert!(links[0].ends_with(&format!("/files/{}", id(&late))));
    assert!(
        !text.contains("{{"),
        "the send-time placeholders are filled: {text}"
    );
    let html = mails[0].html.as_deref().expect("html");
    assert!(html.contains(&links[0]), "{html}");

    // Sending kept no body either: the row stays small.
    let stored: Option<String> = s
        .app
        .db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::email_outbox as o;
            Ok(o::table.select(o::body_text).first::<Option<String>>(c)?)
        })
        .expect("notice");
    assert_eq!(stored, None);
}
