//! `GET /sent` (หนังสือที่ส่งออก): the letters my office sent, newest first, each with how far
//! its distribution has got and a link to follow it.

use super::dashboard::{level, Level};
use super::{format, render, PageError, Signed};
use crate::services::distribution::sent;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize)]
pub struct SentQuery {
    pub cursor: Option<String>,
}

pub struct Row {
    pub letter_id: i64,
    pub number: String,
    pub dated: String,
    pub subject: String,
    pub addressee: String,
    /// No delivery yet: nothing to follow.
    pub unsent: bool,
    pub reached: String,
    pub overdue: bool,
    pub lv: Level,
}

#[derive(Template)]
#[template(path = "sent.html", config = "src/http/pages/askama.toml")]
struct SentPage {
    chrome: super::Chrome,
    rows: Vec<Row>,
    total: String,
    next: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<SentQuery>,
) -> Result<HttpResponse, PageError> {
    let office = s.office_id()?;
    let (actor, now, cursor) = (s.actor.clone(), state.clock.now(), q.cursor.clone());
    let page = state
        .db
        .read(move |c| sent::sent(c, &actor, office, cursor.as_deref(), PAGE_SIZE, now))
        .await?;
    let rows = page
        .items
        .into_iter()
        .map(|i| {
            let c = &i.summary.counts;
            Row {
                letter_id: i.letter.id,
                number: i.letter.number.clone(),
                dated: format::opt_date(i.letter.dated),
                subject: i.letter.subject.clone(),
                addressee: i.letter.addressee.clone(),
                unsent: c.total == 0,
                reached: format!("{}/{}", format::thai(c.reached), format::thai(c.total)),
                overdue: c.overdue > 0,
                lv: level("", "", c),
            }
        })
        .collect();
    render(&SentPage {
        chrome: s.chrome("sent"),
        total: format::thai(page.total),
        rows,
        next: page.next_cursor.map(|c| format!("/sent?cursor={c}")),
    })
}
