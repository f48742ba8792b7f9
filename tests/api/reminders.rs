//! Reminder digests: one mail per office a period, listing the letters still waiting for it,
//! through the outbox and a real SMTP server.

use crate::email_setup::setup;

use crate::email_setup::Setup;
use crate::helpers::instant;
use crate::mail_sink::SmtpSink;
use reqwest::StatusCode;
use saraban::config::mail::ReminderSettings;
use saraban::db::models::outbox;
use saraban::db::models::outbox::Notice;
use saraban::services::notices::reminders::run_reminders;
use saraban::services::notices::reminders::ReminderOutcome;
use saraban::services::notices::reminders::TEMPLATE_REMINDER;
use saraban::worker::process::process_due;
use serde_json::{json, Value};

const OLD: &str = "เรื่องเก่ารอรับทราบ";
const OVERDUE: &str = "เรื่องเกินกำหนดส่งรายงาน";
const ACKED: &str = "เรื่องที่รับทราบแล้ว";
const AT_B: &str = "เรื่องถึงจังหวัดที่หนึ่ง";
const SECRET: &str = "เรื่องลับเฉพาะหน่วย";
const TOP: &str = "เรื่องลับที่สุดห้ามส่งอีเมล";

pub fn pass(s: &Setup) -> ReminderOutcome {
    let now = s.app.clock.now();
    s.app
        .db
        .write_blocking(|c| run_reminders(c, now, &ReminderSettings::default()))
        .expect("reminder pass")
}

/// Every reminder digest in the outbox, oldest first.
pub fn digests(s: &Setup) -> Vec<Notice> {
    let (all, _) = s
        .app
        .db
        .read_blocking(|c| Ok(outbox::list(c, None, 0, 1000)?))
        .expect("outbox");
    all.into_iter()
        .filter(|n| n.template == TEMPLATE_REMINDER)
        .collect()
}

/// Acknowledges, as a clerk of `org`, the delivery of `letter` to it.
async fn acknowledge(s: &Setup, clerk: &str, org: i64, letter: i64) {
    let hop: Value = s
        .hops(letter)
        .await
        .into_iter()
        .find(|h| h["recipient"]["id"] == org)
        .expect("hop");
    let id = hop["id"].as_i64().expect("delivery id");
    let (status, body) = s
        .app
        .post(
            &format!("/api/v1/deliveries/{id}/acknowledge"),
            clerk,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn offices_get_one_digest_a_day_of_what_still_waits_for_them() {
    let sink = SmtpSink::start("offices_get_one_digest_a_day");
    let s = setup(2).await;
    let ((a, a_mail), (b, b_mail)) = (s.offices[0].clone(), s.offices[1].clone());
    let clerk_a = s.app.user("clerk-a", "clerk", Some(a));
    let clerk_b = s.app.user("clerk-b", "clerk", Some(b));

    // 5 May, 10:00 in Bangkok.
    s.dispatch(json!({"subject": OLD}), &[a]).await;
    let acked = s.dispatch(json!({"subject": ACKED}), &[a]).await;
    acknowledge(&s, &clerk_a, a, acked).await;
    let at_b = s.dispatch(json!({"subject": AT_B}), &[b]).await;
    let secret = s
        .dispatch(json!({"subject": SECRET, "secrecy": "confidential"}), &[b])
        .await;
    s.dispatch(json!({"subject": TOP, "secrecy": "top_secret"}), &[a, b])
        .await;
    assert_eq!(pass(&s).queued, 0, "nothing has waited long yet");

    // 7 May: a letter due on the 8th.
    s.app.clock.set(instant("2026-05-07T03:00:00Z"));
    s.dispatch(json!({"subject": OVERDUE, "due_date": "2026-05-08"}), &[a])
        .await;

    // 9 May: the first letters have waited four days, the last is a day overdue.
    s.app.clock.set(instant("2026-05-09T03:00:00Z"));
    let first = pass(&s);
    assert_eq!((first.queued, first.letters), (2, 4), "{first:?}");
    let sent = digests(&s);
    let to_a = sent
        .iter()
        .find(|n| n.to_addr.as_deref() == Some(a_mail.as_str()))
        .expect("A's digest");
    assert_eq!(to_a.subject, "แจ้งเตือน: หนังสือราชการค้างดำเนินการ ๒ ฉบับ");
    assert!(to_a.delivery_id.is_none());
    let text = to_a.body_text.as_deref().expect("a digest keeps its body");
    let (overdue_at, old_at) = (text.find(OVERDUE), text.find(OLD));
    assert!(overdue_at.is_some() && old_at.is_some(), "{text}");
    assert!(overdue_at < old_at, "overdue first: {text}");
    assert!(text.contains(&format!("{OVERDUE} [เกินกำหนด]")), "{text}");
    assert!(text.contains("๘ พฤษภาคม ๒๕๖๙ (เกินกำหนด)"), "{text}");
    assert!(text.contains("รอดำเนินการมาแล้ว ๔ วัน"), "{text}");
    assert!(text.contains("รอดำเนินการมาแล้ว ๒ วัน"), "{text}");
    assert!(text.contains("ที่ นร ๑๒๐๗/๕๐๙"), "{text}");
    assert!(text.contains("ลงวันที่ ๓๐ เมษายน ๒๕๖๙"), "{text}");
    assert!(text.contains("จาก สำนักงาน ก.พ.ร."), "{text}");
    assert!(
        !text.contains(ACKED),
        "an acknowledged letter is not reminded"
    );
    let to_b = sent
        .iter()
        .find(|n| n.to_addr.as_deref() == Some(b_mail.as_str()))
        .expect("B's digest");
    for part in [
        to_b.body_text.as_ref().expect("text"),
        to_b.body_html.as_ref().expect("html"),
    ] {
        assert!(part.contains(AT_B), "{part}");
        assert!(part.contains("มีหนังสือลับถึงหน่วยงานของท่าน"), "{part}");
        assert!(!part.contains(SECRET), "a secret letter keeps its subject");
    }
    for n in &sent {
        assert!(!n.body_text.as_deref().unwrap_or("").contains(TOP) && !n.subject.contains(TOP));
    }

    // Later the same day: nothing new.
    s.app.clock.set(instant("2026-05-09T09:00:00Z"));
    let again = pass(&s);
    assert_eq!((again.queued, again.already_reminded), (0, 2), "{again:?}");

    // 10 May: B has acknowledged both its letters; only A is reminded again.
    acknowledge(&s, &clerk_b, b, at_b).await;
    acknowledge(&s, &clerk_b, b, secret).await;
    s.app.clock.set(instant("2026-05-10T03:00:00Z"));
    let next = pass(&s);
    assert_eq!((next.queued, next.letters), (1, 2), "{next:?}");
    let all = digests(&s);
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].to_addr.as_deref(), Some(a_mail.as_str()));

    let Some(sink) = sink else {
        return;
    };
    let mailer = s.mailer(Some(sink.url()), |_| {});
    let outcome = process_due(&s.app.db, &mailer, s.app.clock.now(), 100)
        .await
        .expect("send");
    assert_eq!(
        outcome.sent,
        5 + 3,
        "five dispatch notices, three digests: {outcome:?}"
    );
    let mails: Vec<_> = sink
        .mails()
        .into_iter()
        .filter(|m| m.subject.starts_with("แจ้งเตือน"))
        .collect();
    assert_eq!(mails.len(), 3, "{mails:#?}");
    let mut rcpts: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    rcpts.sort();
    let mut expected = vec![a_mail.as_str(), a_mail.as_str(), b_mail.as_str()];
    expected.sort();
    assert_eq!(rcpts, expected);
    for m in &mails {
        assert_eq!(m.subject, "แจ้งเตือน: หนังสือราชการค้างดำเนินการ ๒ ฉบับ");
        assert!(m.raw_subject.contains("=?utf-8?"), "{}", m.raw_subject);
        let text = m.text.as_deref().expect("plain part");
        let sign_in = format!("{}/", s.app.address);
        assert!(text.lines().any(|l| l.trim() == sign_in), "{text}");
        assert!(!text.contains("{{"), "placeholders filled: {text}");
        assert!(!text.contains("/ack/"), "a digest acknowledges nothing");
        assert!(m.html.as_deref().expect("html").contains("lang=\"th\""));
    }
}
