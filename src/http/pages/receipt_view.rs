//! `GET /receipts/{id}`: the receipt number and a printable receipt stamp (แบบที่ ๑๒).

use super::{flash, format, render, PageError, Signed};
use crate::db::models::letter;
use crate::db::models::org;
use crate::error::AppError;
use crate::services::receipts;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "receipt_view.html", config = "src/http/pages/askama.toml")]
struct ReceiptPage {
    chrome: super::Chrome,
    receipt_id: i64,
    office: String,
    number: String,
    year: String,
    date: String,
    time: String,
    stamp: String,
    letter_id: i64,
    letter_number: String,
    subject: String,
    from_name: String,
    action: Option<String>,
    duplicate: bool,
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let actor = s.actor.clone();
    let (r, l, office) = state
        .db
        .read(move |c| {
            let r = receipts::record::get(c, &actor, id)?;
            let l = letter::find(c, r.letter_id)?.ok_or(AppError::not_found("letter"))?;
            let o = org::find(c, r.org_id)?.ok_or(AppError::not_found("org"))?;
            Ok((r, l, o.name))
        })
        .await?;
    let time = r
        .received_time
        .as_deref()
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok())
        .map(|t| crate::thai::date::format_time(t, crate::thai::digits::Digits::Thai))
        .unwrap_or_default();
    // A receipt of a delivery came from the inbox; one without, from the outside-letter form.
    let mut chrome = s.chrome(if r.delivery_id.is_some() {
        "inbox"
    } else {
        "receive"
    });
    chrome.flash = flash::take(&req);
    let mut resp = render(&ReceiptPage {
        chrome,
        receipt_id: r.id,
        office,
        number: format::thai(r.number),
        year: format::thai(r.year_be),
        date: format::date(r.received_on),
        time,
        stamp: r.stamp,
        letter_id: l.id,
        letter_number: l.number_raw,
        subject: l.subject,
        from_name: l.from_name,
        action: r.action,
        duplicate: r.duplicate_of.is_some(),
    })?;
    flash::forget(&req, &mut resp, state.settings.secure_cookies);
    Ok(resp)
}

/// `GET /receipts/{id}/stamped.pdf`: the letter's file with this receipt's stamp, for the
/// signed-in user (the same rule and the same stored copy as the API).
pub async fn stamped(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    Ok(crate::http::files::stamped::respond(&state, s.actor, id.into_inner()).await?)
}
