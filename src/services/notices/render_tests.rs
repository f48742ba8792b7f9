use super::*;
use crate::domain::notice::fill;
use chrono::NaiveDate;

fn letter(urgency: &str, secrecy: &str) -> Letter {
    use crate::domain::{LetterKind, Secrecy, Urgency};
    let at = NaiveDate::from_ymd_opt(2026, 4, 30)
        .and_then(|d| d.and_hms_opt(2, 0, 0))
        .expect("valid");
    Letter {
        id: 7,
        origin: "issued".into(),
        issuer_id: Some(1),
        from_name: "สำนักงาน ก.พ.ร.".into(),
        recorded_by_org_id: None,
        number_raw: "นร ๑๒๐๗/๕๐๙".into(),
        number_canonical: "นร 1207/509".into(),
        running_number: Some(509),
        circular: false,
        series_org_id: Some(1),
        series: Some("dispatch".into()),
        year_be: Some(2569),
        dated: NaiveDate::from_ymd_opt(2026, 4, 30),
        dated_raw: None,
        subject: "ขอความอนุเคราะห์ประชาสัมพันธ์ <แผน> & ข่าว".into(),
        addressee: "ผู้ว่าราชการจังหวัดปราจีนบุรี".into(),
        kind: LetterKind::External,
        urgency: Urgency::parse(urgency).expect("an urgency"),
        secrecy: Secrecy::parse(secrecy).expect("a secrecy"),
        issued_at: Some(at),
        due_date: NaiveDate::from_ymd_opt(2026, 5, 15),
        created_by: None,
        created_at: at,
    }
}

#[test]
fn normal_notice_names_number_date_subject_and_sender() {
    let r = notice(
        &letter("normal", "normal"),
        "สำนักงาน ก.พ.ร.",
        "ศาลากลางจังหวัดปราจีนบุรี",
        &[],
    );
    assert_eq!(
        r.subject,
        "หนังสือราชการ นร ๑๒๐๗/๕๐๙ เรื่อง ขอความอนุเคราะห์ประชาสัมพันธ์ <แผน> & ข่าว"
    );
    assert!(r.text.starts_with("เรียน ศาลากลางจังหวัดปราจีนบุรี\n"));
    assert!(r.text.contains("ที่ นร ๑๒๐๗/๕๐๙\n"));
    assert!(r.text.contains("ลงวันที่ ๓๐ เมษายน ๒๕๖๙\n"));
    assert!(r.text.contains("จาก สำนักงาน ก.พ.ร.\n"));
    assert!(r.text.contains("กำหนดดำเนินการภายใน ๑๕ พฤษภาคม ๒๕๖๙"));
    assert!(r.text.contains("{{public_url}}/ack/{{ack_token}}"));
    assert!(r.html.contains("lang=\"th\""));
    assert!(r.html.contains("&lt;แผน&gt; &amp; ข่าว"), "{}", r.html);
    assert!(!r.html.contains("<แผน>"));
}

#[test]
fn urgency_comes_first_in_the_subject() {
    let r = notice(&letter("most_urgent", "normal"), "ก", "ข", &[]);
    assert!(r.subject.starts_with("[ด่วนที่สุด] หนังสือราชการ นร ๑๒๐๗/๕๐๙"));
    assert!(r.text.contains("\n[ด่วนที่สุด]\n"));
}

#[test]
fn secret_notice_has_no_subject_and_no_number() {
    for (secrecy, line) in [
        ("confidential", "มีหนังสือลับถึงหน่วยงานของท่าน"),
        ("secret", "มีหนังสือลับมากถึงหน่วยงานของท่าน"),
    ] {
        let r = notice(&letter("urgent", secrecy), "สำนักงาน ก.พ.ร.", "ข", &files());
        assert_eq!(r.subject, format!("[ด่วน] {line}"));
        for part in [&r.subject, &r.text, &r.html] {
            assert!(!part.contains("ขอความอนุเคราะห์"), "{part}");
            assert!(!part.contains("๕๐๙"), "{part}");
            assert!(!part.contains("เรื่อง"), "{part}");
        }
        assert!(r.text.contains(line));
        assert!(r.text.contains("จาก สำนักงาน ก.พ.ร."));
        assert!(
            !r.text.contains("/files/"),
            "a secret letter's files stay off e-mail"
        );
        assert!(!r.html.contains("/files/"));
    }
}

fn files() -> Vec<NoticeFile> {
    vec![
        NoticeFile {
            id: 41,
            name: "หนังสือ นร ๑๒๐๗/๕๐๙.pdf".into(),
            role: "ตัวหนังสือ",
            about: "PDF, 120.3 KB".into(),
        },
        NoticeFile {
            id: 42,
            name: "แผน <ปี ๒๕๖๙>".into(),
            role: "สิ่งที่ส่งมาด้วย",
            about: "XLSX, 9.0 KB".into(),
        },
    ]
}

#[test]
fn notice_links_each_file_with_its_own_token() {
    let r = notice(&letter("normal", "normal"), "ก", "ข", &files());
    assert!(r
        .text
        .contains("- ตัวหนังสือ หนังสือ นร ๑๒๐๗/๕๐๙.pdf (PDF, 120.3 KB)\n  {{public_url}}/ack/{{ack_token}}/files/41\n"));
    assert!(r.text.contains("{{public_url}}/ack/{{ack_token}}/files/42"));
    assert!(r
        .html
        .contains("<a href=\"{{public_url}}/ack/{{ack_token}}/files/42\">แผน &lt;ปี ๒๕๖๙&gt;</a>"));
    let sent = fill(&r.text, "https://s.example", Some("ab12"));
    assert!(sent.contains("https://s.example/ack/ab12/files/41"));
    let spent = fill(&r.text, "https://s.example", None);
    assert!(spent.contains("https://s.example/files/41\n"), "{spent}");
    assert!(!spent.contains("{{"));
}

#[test]
fn fill_puts_in_the_url_and_token_or_falls_back_to_sign_in() {
    let body = "x {{public_url}}/ack/{{ack_token}} y {{public_url}}/";
    assert_eq!(
        fill(body, "https://saraban.example/", Some("ab12")),
        "x https://saraban.example/ack/ab12 y https://saraban.example/"
    );
    assert_eq!(fill(body, "http://h", None), "x http://h/ y http://h/");
}
