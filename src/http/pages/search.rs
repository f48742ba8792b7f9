//! `GET /search?q=`: Thai search over the letters my office may see (services::search).

use super::thai_field::thai_text;
use super::{format, render, PageError, Signed};
use crate::error::AppError;
use crate::services::search;
use crate::services::search::find::SearchItem;
use crate::services::search::find::SearchParams;
use crate::services::search::mine::MyReceipt;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// พ.ศ., written in Thai or Arabic digits.
    pub year: Option<String>,
}

pub struct Hit {
    pub id: i64,
    pub number: String,
    pub dated: String,
    pub subject: String,
    pub from_name: String,
    pub urgency: &'static str,
    pub urgent: bool,
    /// `รับ ๔๗๒๑/๒๕๖๙ · ๘ พ.ค. ๒๕๖๙ ๑๐.๓๐ น.`, or empty.
    pub my_receipt: String,
    /// The status of the delivery to my office, in Thai, or empty.
    pub my_status: &'static str,
}

#[derive(Template)]
#[template(path = "search.html", config = "src/http/pages/askama.toml")]
struct SearchPage {
    chrome: super::Chrome,
    q: String,
    year: String,
    hits: Vec<Hit>,
    total: Option<String>,
    message: Option<String>,
    /// A refused year, in Thai, shown at its field.
    year_error: Option<String>,
    next: Option<String>,
    /// Said when a 1–2 letter query looked only at the newest letters.
    bounded: Option<String>,
}

fn receipt_label(r: &MyReceipt) -> String {
    let mut label = format!("รับ {}/{}", format::thai(r.number), format::thai(r.year_be));
    if let Some(at) = r.received_at {
        label.push_str(&format!(" · {}", format::instant(at)));
    }
    label
}

/// `1000` → `๑,๐๐๐`.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format::thai(out)
}

fn hit(l: SearchItem) -> Hit {
    Hit {
        id: l.letter_id,
        dated: format::opt_date(l.dated),
        urgency: format::urgency(l.urgency),
        urgent: l.urgency != crate::domain::Urgency::Normal,
        my_receipt: l.my_receipt.as_ref().map(receipt_label).unwrap_or_default(),
        my_status: l.my_status.map(format::status).unwrap_or_default(),
        number: l.number,
        subject: l.subject,
        from_name: l.from,
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<SearchQuery>,
) -> Result<HttpResponse, PageError> {
    let text = q.q.clone().unwrap_or_default();
    let mut page = SearchPage {
        chrome: s.chrome("search"),
        q: text.clone(),
        year: q.year.clone().unwrap_or_default(),
        hits: Vec::new(),
        total: None,
        message: None,
        year_error: None,
        next: None,
        bounded: None,
    };
    if text.trim().is_empty() {
        return render(&page);
    }
    let year = crate::thai::normalize::search_key(page.year.trim());
    if !year.is_empty() && year.parse::<i32>().is_err() {
        page.year_error = Some("ปี พ.ศ. ต้องเป็นตัวเลข เช่น ๒๕๖๙".into());
        return render(&page);
    }
    let params = SearchParams {
        q: Some(text.clone()),
        limit: Some(50),
        cursor: q.cursor.clone(),
        year: year.parse().ok(),
        ..SearchParams::default()
    };
    let actor = s.actor.clone();
    let now = state.clock.now();
    match state
        .db
        .read(move |c| search::find::search(c, &actor, &params, now))
        .await
    {
        Ok(found) => {
            page.total = Some(if found.total_capped {
                format!("มากกว่า {}", grouped(found.total))
            } else {
                grouped(found.total)
            });
            page.bounded = found.bounded_to.map(|n| {
                format!(
                    "คำค้นสั้น ๑–๒ ตัวอักษร: ค้นเฉพาะหนังสือล่าสุด {} ฉบับที่ท่านเห็นได้",
                    grouped(n)
                )
            });
            page.next = found.next_cursor;
            page.hits = found.items.into_iter().map(hit).collect();
        }
        // In Thai: a refused year at its field, anything else above the results.
        Err(AppError::Invalid(i)) if i.field == "year" => page.year_error = Some(thai_text(&i)),
        Err(AppError::Invalid(i)) => page.message = Some(format!("ค้นหาไม่ได้: {}", thai_text(&i))),
        Err(e) => return Err(e.into()),
    }
    render(&page)
}
