//! The text of a reminder digest, in Thai, plain and HTML. Pure: no database, no I/O.
//! Like a notice, a secret letter shows no subject and no number, and the sign-in link keeps
//! the [`PUBLIC_URL`] placeholder until the mail is sent.

use crate::domain::notice::escape_html;

use crate::services::notices::render::secret_line;

use crate::services::notices::render::Rendered;

use crate::domain::notice::PUBLIC_URL;
use crate::domain::Secrecy;
use crate::thai::date::format_date_full;
use crate::thai::digits::to_thai_digits;
use crate::thai::Digits;
use chrono::NaiveDate;

/// One letter still waiting at the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub secrecy: Secrecy,
    pub number: String,
    /// The letter's date, already formatted (BE), or its raw text.
    pub dated: String,
    pub subject: String,
    pub sender: String,
    /// Whole days since the delivery arrived, by Bangkok date.
    pub days_waiting: i64,
    pub due_date: Option<NaiveDate>,
    pub overdue: bool,
}

/// `แจ้งเตือน: หนังสือราชการค้างดำเนินการ ๕ ฉบับ`
pub fn subject(total: usize) -> String {
    format!(
        "แจ้งเตือน: หนังสือราชการค้างดำเนินการ {} ฉบับ",
        to_thai_digits(&total.to_string())
    )
}

/// `(label, value)` lines of one item; a secret letter shows only that it is one and its sender.
fn facts(item: &Item) -> (String, Vec<(&'static str, String)>) {
    let mut lines = Vec::new();
    let title = if item.secrecy == Secrecy::Normal {
        lines.push(("ที่", item.number.clone()));
        lines.push(("ลงวันที่", item.dated.clone()));
        lines.push(("เรื่อง", item.subject.clone()));
        item.subject.clone()
    } else {
        secret_line(item.secrecy)
    };
    lines.push(("จาก", item.sender.clone()));
    lines.push((
        "รอดำเนินการมาแล้ว",
        format!("{} วัน", to_thai_digits(&item.days_waiting.to_string())),
    ));
    if let Some(due) = item.due_date {
        let mark = if item.overdue {
            " (เกินกำหนด)"
        } else {
            ""
        };
        lines.push((
            "กำหนดดำเนินการภายใน",
            format!("{}{mark}", format_date_full(due, Digits::Thai)),
        ));
    }
    (title, lines)
}

/// The digest to `recipient` of `items` (already cut to what is listed) out of `total` waiting.
pub fn digest(recipient: &str, items: &[Item], total: usize) -> Rendered {
    let home_url = format!("{PUBLIC_URL}/");
    let headline = format!(
        "หน่วยงานของท่านมีหนังสือราชการที่ยังไม่ได้ลงรับหรือยังไม่ได้ดำเนินการ {} ฉบับ",
        to_thai_digits(&total.to_string())
    );
    let rest = total.saturating_sub(items.len());
    let rest_line = (rest > 0).then(|| format!("และอีก {} ฉบับ", to_thai_digits(&rest.to_string())));
    let footer = "อีเมลฉบับนี้ส่งจากระบบสารบรรณอิเล็กทรอนิกส์โดยอัตโนมัติ โปรดอย่าตอบกลับ";

    let mut text = format!("เรียน {recipient}\n\n{headline}\n");
    for (i, item) in items.iter().enumerate() {
        let (title, lines) = facts(item);
        let mark = if item.overdue {
            " [เกินกำหนด]"
        } else {
            ""
        };
        let n = to_thai_digits(&(i + 1).to_string());
        text.push_str(&format!("\n{n}. {title}{mark}\n"));
        for (label, value) in &lines {
            text.push_str(&format!("   {label} {value}\n"));
        }
    }
    if let Some(line) = &rest_line {
        text.push_str(&format!("\n{line}\n"));
    }
    text.push_str(&format!(
        "\nเข้าสู่ระบบสารบรรณเพื่อลงรับและดำเนินการ:\n{home_url}\n\n{footer}\n"
    ));

    let mut html = String::from(
        "<!doctype html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"></head><body>\n",
    );
    html.push_str(&format!(
        "<p>เรียน {}</p>\n<p>{}</p>\n<ol>\n",
        escape_html(recipient),
        escape_html(&headline)
    ));
    for item in items {
        let (title, lines) = facts(item);
        html.push_str(&format!("<li><p><strong>{}</strong>", escape_html(&title)));
        if item.overdue {
            html.push_str(" <span style=\"color:#c00;font-weight:bold\">เกินกำหนด</span>");
        }
        html.push_str("</p>\n<table>\n");
        for (label, value) in &lines {
            html.push_str(&format!(
                "<tr><th align=\"left\">{}</th><td>{}</td></tr>\n",
                escape_html(label),
                escape_html(value)
            ));
        }
        html.push_str("</table></li>\n");
    }
    html.push_str("</ol>\n");
    if let Some(line) = &rest_line {
        html.push_str(&format!("<p>{}</p>\n", escape_html(line)));
    }
    html.push_str(&format!(
        "<p><a href=\"{home_url}\">เข้าสู่ระบบสารบรรณ</a></p>\n\
         <p><small>{footer}</small></p>\n</body></html>\n"
    ));
    Rendered {
        subject: subject(total),
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(secrecy: Secrecy, overdue: bool) -> Item {
        Item {
            secrecy,
            number: "นร ๑๒๐๗/๕๐๙".into(),
            dated: "๓๐ เมษายน ๒๕๖๙".into(),
            subject: "ขอเชิญประชุม <ด่วน>".into(),
            sender: "สำนักงาน ก.พ.ร.".into(),
            days_waiting: 4,
            due_date: NaiveDate::from_ymd_opt(2026, 5, 8),
            overdue,
        }
    }

    #[test]
    fn subject_counts_in_thai_digits() {
        assert_eq!(subject(5), "แจ้งเตือน: หนังสือราชการค้างดำเนินการ ๕ ฉบับ");
    }

    #[test]
    fn lists_each_letter_with_its_wait_and_overdue_mark() {
        let d = digest("จังหวัดปราจีนบุรี", &[item(Secrecy::Normal, true)], 3);
        assert!(d.text.contains("เรียน จังหวัดปราจีนบุรี"));
        assert!(
            d.text.contains("๑. ขอเชิญประชุม <ด่วน> [เกินกำหนด]"),
            "{}",
            d.text
        );
        assert!(d.text.contains("ที่ นร ๑๒๐๗/๕๐๙"));
        assert!(d.text.contains("ลงวันที่ ๓๐ เมษายน ๒๕๖๙"));
        assert!(d.text.contains("รอดำเนินการมาแล้ว ๔ วัน"));
        assert!(d.text.contains("๘ พฤษภาคม ๒๕๖๙ (เกินกำหนด)"));
        assert!(d.text.contains("และอีก ๒ ฉบับ"));
        assert!(d.text.contains(&format!("{PUBLIC_URL}/")));
        assert!(d.html.contains("ขอเชิญประชุม &lt;ด่วน&gt;"), "escaped");
        assert!(d.html.contains("lang=\"th\""));
    }

    #[test]
    fn a_secret_letter_shows_no_subject_and_no_number() {
        let d = digest("อำเภอ", &[item(Secrecy::Confidential, false)], 1);
        for part in [&d.text, &d.html] {
            assert!(
                !part.contains("ขอเชิญประชุม") && !part.contains("๕๐๙"),
                "{part}"
            );
            assert!(part.contains("มีหนังสือลับถึงหน่วยงานของท่าน"));
            assert!(part.contains("สำนักงาน ก.พ.ร."));
        }
        assert!(!d.text.contains("และอีก"));
    }
}
