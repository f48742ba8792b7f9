//! `/ack/{token}`: the acknowledgement link of an e-mail notice, as small Thai HTML pages.
//! GET only shows; POST (the page's button) acknowledges. No sign-in: the token is the key.

use crate::domain::notice::escape_html;
use crate::http::files as files_http;
use crate::services::notices::ack;
use crate::services::notices::ack::AckFile;
use crate::services::notices::ack::AckState;
use crate::services::notices::ack::AckView;
use crate::state::AppState;
use crate::thai::date::format_date_full;
use crate::thai::date::format_time;
use crate::thai::Digits;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub async fn show(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let (raw, now) = (token.into_inner(), state.clock.now());
    let path = format!("/ack/{}", escape_html(&raw));
    match state.db.read(move |c| ack::state(c, &raw, now)).await {
        Ok(s) => page_for(&s, &path, true, false),
        Err(e) => failure(e),
    }
}

/// `GET /ack/{token}/files/{id}`: a file of the link's letter, for an office that may have
/// no account at all (a local body reading the circular from its mailbox).
pub async fn file(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> HttpResponse {
    let ((raw, file_id), now) = (path.into_inner(), state.clock.now());
    match state
        .db
        .read(move |c| ack::file(c, &raw, file_id, now))
        .await
    {
        Ok(AckFile::Found(found)) => {
            let (f, b) = *found;
            match files_http::stream(&state, f, b).await {
                Ok(r) => r,
                Err(e) => failure(e),
            }
        }
        Ok(AckFile::Expired) => page(
            StatusCode::GONE,
            "ลิงก์หมดอายุแล้ว",
            "<p>ลิงก์นี้หมดอายุแล้ว โปรดเข้าสู่ระบบเพื่อเปิดไฟล์หนังสือ</p>",
        ),
        Ok(AckFile::Unknown) => page(
            StatusCode::NOT_FOUND,
            "ไม่พบไฟล์",
            "<p>ไม่พบไฟล์นี้ของหนังสือตามลิงก์ในอีเมล ไฟล์อาจถูกลบไปแล้ว หรือลิงก์ไม่ครบถ้วน</p>",
        ),
        Err(e) => failure(e),
    }
}

pub async fn confirm(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let (raw, now) = (token.into_inner(), state.clock.now());
    let path = format!("/ack/{}", escape_html(&raw));
    match state
        .db
        .write(move |c| ack::acknowledge(c, &raw, now))
        .await
    {
        Ok(s) => page_for(&s, &path, false, true),
        Err(e) => failure(e),
    }
}

/// The page of a link at `path` (`/ack/<token>`, escaped); `with_form` shows the button.
fn page_for(s: &AckState, path: &str, with_form: bool, just_posted: bool) -> HttpResponse {
    let details = |v: &AckView| details(v, path);
    match s {
        AckState::Open(v) => {
            let form = if with_form {
                format!(
                    "<form method=\"post\" action=\"{path}\">\
                     <button type=\"submit\">ยืนยันรับทราบ</button></form>"
                )
            } else {
                String::new()
            };
            page(
                StatusCode::OK,
                "ยืนยันการรับทราบหนังสือ",
                &format!(
                    "{}<p>กดปุ่มด้านล่างเพื่อยืนยันว่าหน่วยงานของท่านได้รับแจ้งหนังสือฉบับนี้แล้ว \
                     (การลงรับเลขทะเบียนรับต้องเข้าสู่ระบบ)</p>{form}",
                    details(v)
                ),
            )
        }
        AckState::Done(v) => {
            let title = if just_posted {
                "รับทราบเรียบร้อยแล้ว"
            } else {
                "หนังสือฉบับนี้รับทราบแล้ว"
            };
            let when = v.acknowledged_at.map_or(String::new(), |at| {
                let local = crate::clock::to_bangkok(at);
                format!(
                    "<p>เมื่อ {} เวลา {}</p>",
                    format_date_full(local.date(), Digits::Thai),
                    format_time(local.time(), Digits::Thai)
                )
            });
            page(StatusCode::OK, title, &format!("{}{when}", details(v)))
        }
        AckState::NotRelated(v) => page(
            StatusCode::CONFLICT,
            "ไม่สามารถยืนยันได้",
            &format!(
                "{}<p>หน่วยงานของท่านแจ้งไว้แล้วว่าหนังสือฉบับนี้ไม่เกี่ยวข้อง ลิงก์นี้จึงไม่เปลี่ยนแปลงสิ่งใด</p>",
                details(v)
            ),
        ),
        AckState::Expired(v) => page(
            StatusCode::GONE,
            "ลิงก์หมดอายุแล้ว",
            &format!(
                "{}<p>ลิงก์ยืนยันนี้หมดอายุแล้ว โปรดเข้าสู่ระบบเพื่อรับทราบหรือลงรับหนังสือ</p>",
                details(v)
            ),
        ),
        AckState::Unknown => page(
            StatusCode::NOT_FOUND,
            "ไม่พบลิงก์ยืนยัน",
            "<p>ไม่พบลิงก์ยืนยันนี้ในระบบ โปรดตรวจสอบว่าคัดลอกลิงก์จากอีเมลครบถ้วน หรือเข้าสู่ระบบเพื่อดูหนังสือ</p>",
        ),
    }
}

fn details(v: &AckView, path: &str) -> String {
    let mut rows = Vec::new();
    match (&v.number, &v.subject) {
        (Some(number), Some(subject)) => {
            rows.push(("ที่", number.clone()));
            if let Some(d) = &v.dated {
                rows.push(("ลงวันที่", d.clone()));
            }
            rows.push(("เรื่อง", subject.clone()));
        }
        _ => rows.push(("หนังสือ", format!("หนังสือชั้น{}", v.secrecy.label_th()))),
    }
    rows.push(("จาก", v.sender.clone()));
    rows.push(("ถึง", v.recipient.clone()));
    let cells: String = rows
        .iter()
        .map(|(k, val)| {
            format!(
                "<tr><th align=\"left\">{}</th><td>{}</td></tr>",
                escape_html(k),
                escape_html(val)
            )
        })
        .collect();
    let files: String = v
        .files
        .iter()
        .map(|f| {
            format!(
                "<li>{} <a href=\"{path}/files/{}\">{}</a> ({})</li>",
                escape_html(f.role),
                f.id,
                escape_html(&f.name),
                escape_html(&f.about)
            )
        })
        .collect();
    if files.is_empty() {
        format!("<table>{cells}</table>")
    } else {
        format!("<table>{cells}</table><h2>ไฟล์หนังสือ</h2><ul>{files}</ul>")
    }
}

fn failure(e: crate::error::AppError) -> HttpResponse {
    tracing::error!(error = %e, "acknowledgement page failed");
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    page(
        status,
        "ขออภัย ระบบขัดข้อง",
        "<p>ยังไม่สามารถดำเนินการได้ในขณะนี้ โปรดลองใหม่อีกครั้งภายหลัง</p>",
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    let html = format!(
        "<!doctype html>\n<html lang=\"th\">\n<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} — ระบบสารบรรณ</title></head>\n<body>\n<h1>{t}</h1>\n{body}\n</body>\n</html>\n",
        t = escape_html(title)
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        // The token is in the URL: keep it out of caches and other sites' logs.
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .body(html)
}
