//! E-mail notices end to end: dispatch, the outbox, a real SMTP server and the ack link.

use crate::email_setup::setup;

use crate::email_setup::SUBJECT;
use crate::mail_sink::decode;
use crate::mail_sink::SmtpSink;
use reqwest::StatusCode;
use saraban::worker::process::process_due;
use serde_json::{json, Value};

/// The acknowledgement path (`/ack/<token>`) in a mail's text.
fn ack_path(text: &str) -> String {
    let start = text.find("/ack/").expect("ack link in the mail");
    text[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string()
}

#[tokio::test]
async fn dispatch_to_three_offices_mails_each_once_with_a_working_ack_link() {
    let Some(sink) = SmtpSink::start("dispatch_to_three_offices_mails_each_once") else {
        return;
    };
    let s = setup(3).await;
    let silent = s
        .app
        .org(json!({"code": "NOMAIL", "name": "อำเภอไม่มีอีเมล", "kind": "district"}))
        .await;
    let mut to: Vec<i64> = s.offices.iter().map(|(id, _)| *id).collect();
    to.push(silent);
    let letter = s.dispatch(json!({}), &to).await;

    let mailer = s.mailer(Some(sink.url()), |_| {});
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    assert_eq!((outcome.claimed, outcome.sent), (3, 3), "{outcome:?}");
    let again = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    assert_eq!(again.claimed, 0, "nothing is sent twice");

    let mails = sink.mails();
    assert_eq!(mails.len(), 3, "{mails:#?}");
    let mut rcpts: Vec<String> = mails.iter().map(|m| m.to.clone()).collect();
    rcpts.sort();
    let mut expected: Vec<String> = s.offices.iter().map(|(_, e)| e.clone()).collect();
    expected.sort();
    assert_eq!(rcpts, expected);
    for m in &mails {
        assert_eq!(
            m.rcpt_to.as_deref(),
            Some(m.to.as_str()),
            "envelope matches To"
        );
        assert_eq!(m.subject, format!("หนังสือราชการ นร ๑๒๐๗/๕๐๙ เรื่อง {SUBJECT}"));
        assert!(
            m.raw_subject.contains("=?utf-8?"),
            "encoded: {}",
            m.raw_subject
        );
        assert!(m.from.contains("saraban@opdc.go.th"));
        assert!(m.message_id.starts_with("<notice-") && m.message_id.ends_with("@opdc.go.th>"));
        let text = m.text.as_deref().expect("plain part");
        assert!(text.contains("ลงวันที่ ๓๐ เมษายน ๒๕๖๙"), "{text}");
        assert!(text.contains("จาก สำนักงาน ก.พ.ร."), "{text}");
        assert!(m
            .html
            .as_deref()
            .expect("html part")
            .contains("lang=\"th\""));
    }
    let ids: std::collections::BTreeSet<&str> =
        mails.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), 3, "one Message-ID per notice");

    let notices = s.notices(letter).await;
    let statuses: Vec<&str> = notices
        .iter()
        .filter_map(|n| n["status"].as_str())
        .collect();
    assert_eq!(statuses, ["sent", "sent", "sent", "no_address"]);
    assert!(notices[3]["to_addr"].is_null());

    // Follow the first office's link: GET shows a form and changes nothing; POST acknowledges.
    let first = mails
        .iter()
        .find(|m| m.to == s.offices[0].1)
        .expect("first office's mail");
    let path = ack_path(first.text.as_deref().unwrap_or_default());
    let (status, page) = s.app.get_text(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("lang=\"th\"") && page.contains("<form method=\"post\""),
        "{page}"
    );
    assert!(page.contains(SUBJECT));
    let hop = |hops: &[Value], org: i64| {
        hops.iter()
            .find(|h| h["recipient"]["id"] == org)
            .cloned()
            .expect("hop")
    };
    let before = hop(&s.hops(letter).await, s.offices[0].0);
    assert_eq!(before["status"], "pending", "a GET never changes anything");
    assert_eq!(before["notice"]["status"], "sent");

    let resp = s
        .app
        .client
        .post(format!("{}{path}", s.app.address))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp
        .text()
        .await
        .expect("body")
        .contains("รับทราบเรียบร้อยแล้ว"));
    let hops = s.hops(letter).await;
    let after = hop(&hops, s.offices[0].0);
    assert_eq!(after["status"], "acknowledged");
    assert!(after["acknowledged_at"].is_string());
    assert_eq!(
        hop(&hops, s.offices[1].0)["status"],
        "pending",
        "only that office"
    );
    assert!(hop(&hops, silent)["notice"]["status"] == "no_address");
    // The kept counts follow the link's acknowledgement like the API's.
    let summary = s.summary(letter).await;
    assert_eq!(summary["acknowledged"], 1, "{summary}");
    assert_eq!(summary["reached"], 1, "{summary}");
    // The link's acknowledgement is audited like the API's (docs/security.md, rule 4).
    let (_, audit) = s
        .app
        .get(
            &format!("/api/v1/audit?office_id={}", s.offices[0].0),
            &s.app.admin_token,
        )
        .await;
    let entry = audit["items"]
        .as_array()
        .expect("audit items")
        .iter()
        .find(|e| e["action"] == "delivery_acknowledged")
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["target_id"], after["id"].to_string(), "{audit}");
    assert!(entry["actor_id"].is_null(), "no user acted: {entry}");

    let (status, page) = s.app.get_text(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("รับทราบแล้ว"), "a used link says so: {page}");
    let forged = format!("/ack/{}", "0".repeat(64));
    let (status, page) = s.app.get_text(&forged, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("lang=\"th\"") && page.contains("ไม่พบลิงก์ยืนยัน"));
    let resp = s
        .app
        .client
        .post(format!("{}{forged}", s.app.address))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn secret_letters_notices_carry_no_subject_and_top_secret_sends_none() {
    let Some(sink) = SmtpSink::start("secret_letters_notices_carry_no_subject") else {
        return;
    };
    let s = setup(2).await;
    let secret = s
        .dispatch(
            json!({"secrecy": "confidential", "urgency": "most_urgent"}),
            &[s.offices[0].0],
        )
        .await;
    let top = s
        .dispatch(json!({"secrecy": "top_secret"}), &[s.offices[1].0])
        .await;
    let mailer = s.mailer(Some(sink.url()), |_| {});
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("pass");
    assert_eq!(outcome.sent, 1, "{outcome:?}");

    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.subject, "[ด่วนที่สุด] มีหนังสือลับถึงหน่วยงานของท่าน");
    for part in [m.text.as_deref(), m.html.as_deref()] {
        let part = part.expect("both parts");
        assert!(!part.contains(SUBJECT) && !part.contains("๕๐๙"), "{part}");
        assert!(part.contains("มีหนังสือลับถึงหน่วยงานของท่าน"));
        assert!(part.contains("สำนักงาน ก.พ.ร."), "the sender is named");
    }
    let (status, page) = s
        .app
        .get_text(&ack_path(m.text.as_deref().unwrap_or_default()), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains(SUBJECT),
        "the ack page keeps the secret too: {page}"
    );
    assert_eq!(s.notices(secret).await.len(), 1);
    assert!(
        s.notices(top).await.is_empty(),
        "ลับที่สุด is never announced by e-mail"
    );
    assert!(s.hops(top).await[0]["notice"].is_null());
}

#[tokio::test]
async fn without_smtp_notices_are_written_as_readable_eml_files() {
    let s = setup(1).await;
    let letter = s
        .dispatch(json!({"urgency": "urgent"}), &[s.offices[0].0])
        .await;
    let dir = tempfile::tempdir().expect("mail dir");
    let mailer = s.mailer(None, |m| m.mail_dir = dir.path().join("outbox"));
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 10)
        .await
        .expect("pass");
    assert_eq!(outcome.sent, 1);

    let notices = s.notices(letter).await;
    let name = format!("{}.eml", notices[0]["message_id"].as_str().expect("id"));
    let path = dir.path().join("outbox").join(&name);
    let raw = std::fs::read_to_string(&path).expect("the .eml file is UTF-8 text");
    assert!(raw.contains("To: saraban@p0.go.th"), "{raw}");
    assert!(raw.contains("Content-Transfer-Encoding: 8bit"));
    assert!(
        raw.contains("เรียน ศาลากลางจังหวัดที่ 0"),
        "Thai readable as-is: {raw}"
    );
    assert!(raw.contains(&format!("{}/ack/", s.app.address)));
    let files = std::fs::read_dir(dir.path().join("outbox"))
        .expect("dir")
        .count();
    assert_eq!(files, 1, "no temporary files left behind");
    if crate::mail_sink::python_available() {
        let mail = &decode(&path)[0];
        assert_eq!(
            mail.subject,
            format!("[ด่วน] หนังสือราชการ นร ๑๒๐๗/๕๐๙ เรื่อง {SUBJECT}")
        );
    }
}

#[tokio::test]
async fn an_expired_ack_link_changes_nothing() {
    let s = setup(1).await;
    let letter = s.dispatch(json!({}), &[s.offices[0].0]).await;
    let dir = tempfile::tempdir().expect("mail dir");
    let mailer = s.mailer(None, |m| m.mail_dir = dir.path().to_path_buf());
    process_due(&s.app.db, &mailer, s.app.clock.now(), 10)
        .await
        .expect("pass");
    let file = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .next()
        .expect("one .eml");
    let raw = std::fs::read_to_string(file.path()).expect("text");
    let path = ack_path(&raw);

    s.app
        .clock
        .set(s.app.clock.now() + chrono::Duration::days(61));
    let (status, page) = s.app.get_text(&path, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("ลิงก์หมดอายุแล้ว"), "{page}");
    let resp = s
        .app
        .client
        .post(format!("{}{path}", s.app.address))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::GONE);
    assert_eq!(s.hops(letter).await[0]["status"], "pending");
}
