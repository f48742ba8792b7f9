//! The text of a notice, in Thai, plain and HTML. Pure: no database, no I/O.
//!
//! A delivery's notice is rendered when it is sent (`services::notices::at_send`), from the
//! rows as they are then; its outbox row keeps only the subject ([`subject`]).
//! Two things are filled in by the mailer as it builds the message: [`PUBLIC_URL`] (so links
//! follow the deployment's current address) and [`ACK_TOKEN`] (so a stored body never holds the
//! secret).

use crate::domain::notice::{escape_html, ACK_TOKEN, PUBLIC_URL};
use crate::domain::Secrecy;

use crate::db::models::letter::Letter;
use crate::domain::Urgency;
use crate::thai::date::format_date_full;
use crate::thai::Digits;

/// A file of the letter as a notice lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeFile {
    pub id: i64,
    /// The title, or the file name.
    pub name: String,
    /// `ตัวหนังสือ` or `สิ่งที่ส่งมาด้วย`.
    pub role: &'static str,
    /// `PDF, 120.3 KB`
    pub about: String,
}

/// The link that opens a file of the notice's letter with the notice's own token.
fn file_url(id: i64) -> String {
    format!("{PUBLIC_URL}/ack/{ACK_TOKEN}/files/{id}")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The "secret letter" line: `มีหนังสือลับถึงหน่วยงานของท่าน` (or ลับมาก …).
pub fn secret_line(secrecy: Secrecy) -> String {
    format!("มีหนังสือ{}ถึงหน่วยงานของท่าน", secrecy.label_th())
}

/// `[ด่วนที่สุด] ` when the letter is not of normal urgency.
fn urgency_prefix(letter: &Letter) -> String {
    match Some(letter.urgency) {
        Some(u) if u != Urgency::Normal => format!("[{}] ", u.label_th()),
        _ => String::new(),
    }
}

pub(super) fn letter_date(letter: &Letter) -> String {
    match (letter.dated, &letter.dated_raw) {
        (Some(d), _) => format_date_full(d, Digits::Thai),
        (None, Some(raw)) if !raw.trim().is_empty() => raw.trim().to_string(),
        _ => "-".into(),
    }
}

/// The subject of a notice of `letter`: made only of the letter's number, subject, urgency and
/// secrecy, which do not change once the letter is registered, so the same for all its
/// deliveries and the same at enqueue and at send.
pub fn subject(letter: &Letter) -> String {
    let prefix = urgency_prefix(letter);
    if letter.secrecy == Secrecy::Normal {
        format!(
            "{prefix}หนังสือราชการ {} เรื่อง {}",
            letter.number_raw, letter.subject
        )
    } else {
        format!("{prefix}{}", secret_line(letter.secrecy))
    }
}

/// The notice of one delivery of `letter` from `sender` to `recipient`, with links to the
/// letter's `files` (none for a secret letter: its content never goes by e-mail).
pub fn notice(letter: &Letter, sender: &str, recipient: &str, files: &[NoticeFile]) -> Rendered {
    let secrecy = letter.secrecy;
    let prefix = urgency_prefix(letter);
    let (headline, facts) = headline_and_facts(letter, sender, secrecy);
    let parts = Parts {
        recipient,
        urgency_line: prefix.trim().to_string(),
        headline,
        facts,
        secret: secrecy != Secrecy::Normal,
        files: if secrecy == Secrecy::Normal {
            files
        } else {
            &[]
        },
        ack_url: format!("{PUBLIC_URL}/ack/{ACK_TOKEN}"),
        home_url: format!("{PUBLIC_URL}/"),
    };
    Rendered {
        subject: subject(letter),
        text: plain_text(&parts),
        html: html(&parts),
    }
}

/// What both the plain and the HTML body say.
struct Parts<'a> {
    recipient: &'a str,
    urgency_line: String,
    headline: String,
    /// (label, value) lines of the letter; a secret letter shows none of its content.
    facts: Vec<(&'static str, String)>,
    secret: bool,
    files: &'a [NoticeFile],
    ack_url: String,
    home_url: String,
}

/// The headline and the (label, value) lines of the letter; a secret letter shows none of its
/// content.
fn headline_and_facts(
    letter: &Letter,
    sender: &str,
    secrecy: Secrecy,
) -> (String, Vec<(&'static str, String)>) {
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    let headline = if secrecy == Secrecy::Normal {
        facts.push(("ที่", letter.number_raw.clone()));
        facts.push(("ลงวันที่", letter_date(letter)));
        facts.push(("เรื่อง", letter.subject.clone()));
        facts.push(("จาก", sender.to_string()));
        if let Some(due) = letter.due_date {
            facts.push(("กำหนดดำเนินการภายใน", format_date_full(due, Digits::Thai)));
        }
        format!("มีหนังสือราชการจาก {sender} ถึงหน่วยงานของท่าน")
    } else {
        facts.push(("จาก", sender.to_string()));
        secret_line(secrecy)
    };
    (headline, facts)
}

/// The plain-text body.
fn plain_text(p: &Parts) -> String {
    let Parts {
        recipient,
        urgency_line,
        headline,
        facts,
        secret,
        files,
        ack_url,
        home_url,
    } = p;
    let mut text = format!("เรียน {recipient}\n\n");
    if !urgency_line.is_empty() {
        text.push_str(&format!("{urgency_line}\n"));
    }
    text.push_str(&format!("{headline}\n\n"));
    for (label, value) in facts.iter() {
        text.push_str(&format!("{label} {value}\n"));
    }
    if *secret {
        text.push_str("\nโปรดเข้าสู่ระบบเพื่อรับหนังสือ (เนื้อหาหนังสือลับไม่ส่งทางอีเมล)\n");
    }
    if !files.is_empty() {
        text.push_str("\nไฟล์หนังสือ (เปิดจากลิงก์ได้โดยไม่ต้องเข้าสู่ระบบ):\n");
        for f in files.iter() {
            text.push_str(&format!(
                "- {} {} ({})\n  {}\n",
                f.role,
                f.name,
                f.about,
                file_url(f.id)
            ));
        }
    }
    text.push_str(&format!(
        "\nยืนยันว่าหน่วยงานของท่านได้รับแจ้งแล้ว (รับทราบ):\n{ack_url}\n\n\
         เข้าสู่ระบบสารบรรณเพื่อดูและลงรับหนังสือ:\n{home_url}\n\n\
         อีเมลฉบับนี้ส่งจากระบบสารบรรณอิเล็กทรอนิกส์โดยอัตโนมัติ โปรดอย่าตอบกลับ\n"
    ));

    text
}

/// The HTML body.
fn html(p: &Parts) -> String {
    let Parts {
        recipient,
        urgency_line,
        headline,
        facts,
        secret,
        files,
        ack_url,
        home_url,
    } = p;
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"></head><body>\n",
    );
    html.push_str(&format!("<p>เรียน {}</p>\n", escape_html(recipient)));
    if !urgency_line.is_empty() {
        html.push_str(&format!(
            "<p style=\"color:#c00;font-weight:bold\">{}</p>\n",
            escape_html(urgency_line)
        ));
    }
    html.push_str(&format!("<p>{}</p>\n<table>\n", escape_html(headline)));
    for (label, value) in facts.iter() {
        html.push_str(&format!(
            "<tr><th align=\"left\">{}</th><td>{}</td></tr>\n",
            escape_html(label),
            escape_html(value)
        ));
    }
    html.push_str("</table>\n");
    if *secret {
        html.push_str("<p>โปรดเข้าสู่ระบบเพื่อรับหนังสือ (เนื้อหาหนังสือลับไม่ส่งทางอีเมล)</p>\n");
    }
    if !files.is_empty() {
        html.push_str("<p>ไฟล์หนังสือ (เปิดจากลิงก์ได้โดยไม่ต้องเข้าสู่ระบบ):</p>\n<ul>\n");
        for f in files.iter() {
            html.push_str(&format!(
                "<li>{} <a href=\"{}\">{}</a> ({})</li>\n",
                escape_html(f.role),
                file_url(f.id),
                escape_html(&f.name),
                escape_html(&f.about)
            ));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&format!(
        "<p><a href=\"{ack_url}\">ยืนยันรับทราบ</a></p>\n\
         <p><a href=\"{home_url}\">เข้าสู่ระบบสารบรรณ</a></p>\n\
         <p><small>อีเมลฉบับนี้ส่งจากระบบสารบรรณอิเล็กทรอนิกส์โดยอัตโนมัติ โปรดอย่าตอบกลับ</small></p>\n\
         </body></html>\n"
    ));
    html
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
