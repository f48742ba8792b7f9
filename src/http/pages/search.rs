//! `GET /search?q=`: Thai search over the letters my office may see (services::search).

use super::{format, render, PageError, Signed};
use crate::error::AppError;
use crate::services::search;
use crate::services::search::find::SearchItem;
use crate::services::search::find::SearchParams;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub cursor: Option<String>,
}

pub struct Hit {
    pub id: i64,
    pub number: String,
    pub dated: String,
    pub subject: String,
    pub from_name: String,
    pub urgency: &'static str,
    pub urgent: bool,
}

#[derive(Template)]
#[template(path = "search.html", config = "src/http/pages/askama.toml")]
struct SearchPage {
    chrome: super::Chrome,
    q: String,
    hits: Vec<Hit>,
    total: Option<String>,
    message: Option<String>,
    next: Option<String>,
}

fn hit(l: SearchItem) -> Hit {
    Hit {
        id: l.letter_id,
        dated: format::opt_date(l.dated),
        urgency: format::urgency(l.urgency),
        urgent: l.urgency != crate::domain::Urgency::Normal,
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
        hits: Vec::new(),
        total: None,
        message: None,
        next: None,
    };
    if text.trim().is_empty() {
        return render(&page);
    }
    let params = SearchParams {
        q: Some(text.clone()),
        limit: Some(50),
        cursor: q.cursor.clone(),
    };
    let actor = s.actor.clone();
    match state
        .db
        .read(move |c| search::find::search(c, &actor, &params))
        .await
    {
        Ok(found) => {
            page.total = Some(format::thai(found.total));
            page.next = found.next_cursor;
            page.hits = found.items.into_iter().map(hit).collect();
        }
        Err(e @ AppError::Invalid(_)) => {
            page.message = Some(format!("ค้นหาไม่ได้: {}", e.public_message()));
        }
        Err(e) => return Err(e.into()),
    }
    render(&page)
}
