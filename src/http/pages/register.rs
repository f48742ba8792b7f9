//! `/registers/{receipt|dispatch}/{year_be}` and its `/print` view: the official register
//! (แบบที่ ๑๓ / ๑๔) with BE dates and a Thai/Arabic digit switch.

use super::{render, see_other, PageError, Signed};
use crate::db::models::org;
use crate::error::AppError;
use crate::services::registers;
use crate::services::registers::list::Register;
use crate::services::registers::list::RegisterItem;
use crate::services::registers::list::RegisterOutput;
use crate::services::registers::list::RegisterQuery;
use crate::state::AppState;
use crate::thai::digits::render as digits_of;
use crate::thai::digits::Digits;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// Rows on one screen page; the print view and the files hold the whole year.
const PAGE_ROWS: usize = 200;

#[derive(Debug, Clone, Deserialize)]
pub struct RegisterParams {
    /// thai (default on screen) or arabic
    pub digits: Option<String>,
    /// ordinary, circular or directive
    pub series: Option<String>,
    /// An administrator picks the office.
    pub org: Option<i64>,
    pub page: Option<usize>,
}

pub struct Row {
    pub number: String,
    pub cells: [String; 8],
    pub link: Option<String>,
    pub status: String,
}

#[derive(Template)]
#[template(path = "register.html", config = "src/http/pages/askama.toml")]
struct RegisterPage {
    chrome: super::Chrome,
    title: String,
    headers: [&'static str; 9],
    rows: Vec<Row>,
    base: String,
    query: String,
    thai: bool,
    total: String,
    prev: Option<String>,
    next: Option<String>,
    print: bool,
    which: &'static str,
    year: i64,
    /// The query string of the digit switch's other choice.
    other_digits: &'static str,
    digits_q: &'static str,
}

pub fn parse_which(which: &str) -> Result<Register, PageError> {
    match which {
        "receipt" => Ok(Register::Receipt),
        "dispatch" => Ok(Register::Dispatch),
        _ => Err(AppError::not_found("register").into()),
    }
}

pub fn digits(p: &RegisterParams, default: Digits) -> Digits {
    match p.digits.as_deref() {
        Some("arabic") => Digits::Arabic,
        Some("thai") => Digits::Thai,
        _ => default,
    }
}

/// Every row of the register the user may read, with the office's name.
pub async fn load(
    state: &AppState,
    s: &Signed,
    which: Register,
    year_be: i64,
    p: &RegisterParams,
) -> Result<(Vec<RegisterItem>, String), PageError> {
    let org_id = p.org.or(s.actor.org_id).ok_or_else(|| {
        AppError::invalid("org", "choose an office: /registers/receipt/2569?org=<id>")
    })?;
    let q = RegisterQuery {
        year: Some(year_be),
        series: p.series.clone().filter(|s| !s.is_empty()),
        format: None,
        digits: None,
        limit: None,
        cursor: None,
    };
    let actor = s.actor.clone();
    let now = state.clock.now();
    let (out, office) = state
        .db
        .read(move |c| {
            let out = registers::list::register(c, &actor, org_id, which, &q, i64::MAX, now)?;
            let name = org::find(c, org_id)?.map(|o| o.name).unwrap_or_default();
            Ok((out, name))
        })
        .await?;
    match out {
        RegisterOutput::Json(v) => Ok((v.items, office)),
        RegisterOutput::Csv { .. } => Err(AppError::Internal("unexpected CSV".into()).into()),
    }
}

pub fn title(which: Register, office: &str, year_be: i64, d: Digits) -> String {
    let name = match which {
        Register::Receipt => "ทะเบียนหนังสือรับ",
        Register::Dispatch => "ทะเบียนหนังสือส่ง",
    };
    format!(
        "{name} {office} ปี พ.ศ. {}",
        digits_of(&year_be.to_string(), d)
    )
}

fn row(which: Register, i: &RegisterItem, d: Digits) -> Row {
    let link = match which {
        Register::Receipt => i.receipt_id.map(|r| format!("/receipts/{r}")),
        Register::Dispatch => i.letter_id.map(|l| format!("/letters/{l}")),
    };
    Row {
        number: digits_of(&i.number.to_string(), d),
        cells: registers::list::cells(i, d),
        link,
        status: i.status.clone(),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    path: web::Path<(String, i64)>,
    p: web::Query<RegisterParams>,
) -> Result<HttpResponse, PageError> {
    page(state, s, path.into_inner(), p.into_inner(), false).await
}

pub async fn print(
    state: web::Data<AppState>,
    s: Signed,
    path: web::Path<(String, i64)>,
    p: web::Query<RegisterParams>,
) -> Result<HttpResponse, PageError> {
    page(state, s, path.into_inner(), p.into_inner(), true).await
}

async fn page(
    state: web::Data<AppState>,
    s: Signed,
    (which, year_be): (String, i64),
    p: RegisterParams,
    print: bool,
) -> Result<HttpResponse, PageError> {
    let which = parse_which(&which)?;
    let d = digits(&p, Digits::Thai);
    let (items, office) = load(&state, &s, which, year_be, &p).await?;
    let total = items.len();
    let page = p.page.unwrap_or(1).max(1);
    let (start, end) = if print {
        (0, total)
    } else {
        let start = (page - 1).saturating_mul(PAGE_ROWS).min(total);
        (start, start.saturating_add(PAGE_ROWS).min(total))
    };
    let base = format!("/registers/{}/{year_be}", which.as_str());
    let mut keep = Vec::new();
    if let Some(o) = p.org {
        keep.push(format!("org={o}"));
    }
    if let Some(se) = p.series.as_deref().filter(|s| !s.is_empty()) {
        keep.push(format!("series={se}"));
    }
    let query = keep.join("&");
    let digits_q = if d == Digits::Arabic {
        "digits=arabic"
    } else {
        "digits=thai"
    };
    let link = |n: usize| {
        format!(
            "{base}?{digits_q}&page={n}{}{query}",
            if query.is_empty() { "" } else { "&" }
        )
    };
    render(&RegisterPage {
        chrome: s.chrome("registers"),
        title: title(which, &office, year_be, d),
        headers: registers::list::headers(which),
        rows: items[start..end].iter().map(|i| row(which, i, d)).collect(),
        query: query.clone(),
        thai: d == Digits::Thai,
        total: digits_of(&total.to_string(), d),
        prev: (!print && start > 0).then(|| link(page - 1)),
        next: (!print && end < total).then(|| link(page + 1)),
        base,
        print,
        which: which.as_str(),
        year: year_be,
        other_digits: if d == Digits::Thai {
            "digits=arabic"
        } else {
            "digits=thai"
        },
        digits_q,
    })
}

/// `/registers`: this year's receipt register.
pub async fn index(state: web::Data<AppState>, _s: Signed) -> HttpResponse {
    let year = crate::clock::bangkok_year_be(state.clock.now());
    see_other(&format!("/registers/receipt/{year}"))
}
