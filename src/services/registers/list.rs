//! The receipt register (ทะเบียนหนังสือรับ, แบบที่ ๑๓) and the dispatch register
//! (ทะเบียนหนังสือส่ง, แบบที่ ๑๔) of an office for one Buddhist-Era year, as JSON pages or
//! as one CSV file laid out like the paper form.
//!
//! A year of one office's register is a few thousand to ~30,000 rows, so the entries are
//! built in memory (a handful of batched queries) and paged from there.

use crate::clock::bangkok_year_be;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::RegisterSeries;
use crate::error::AppError;
use crate::services::paging;
use crate::services::registers;
use crate::thai::date::format_date_short;
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Receipt,
    Dispatch,
}

impl Register {
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Receipt => "receipt",
            Register::Dispatch => "dispatch",
        }
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct RegisterQuery {
    /// Buddhist-Era year, e.g. 2569; default the current year in Bangkok.
    pub year: Option<i64>,
    /// ordinary, circular or directive
    pub series: Option<String>,
    /// json (default) or csv
    pub format: Option<String>,
    /// CSV digits: arabic (default) or thai
    pub digits: Option<String>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegisterItem {
    /// เลขทะเบียนรับ / เลขทะเบียนส่ง
    pub number: i64,
    /// ordinary, circular or directive
    pub series: String,
    pub registered_on: NaiveDate,
    /// ที่: the letter's number as written.
    pub letter_number: String,
    /// ลงวันที่
    pub letter_date: Option<NaiveDate>,
    pub from: String,
    pub to: String,
    pub subject: String,
    /// การปฏิบัติ
    pub action: Option<String>,
    /// หมายเหตุ
    pub remarks: Option<String>,
    /// active, cancelled, or reserved (a reserved number not used yet this year)
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegisterView {
    pub org_id: i64,
    /// receipt or dispatch
    pub register: String,
    pub year_be: i64,
    pub items: Vec<RegisterItem>,
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// What the route sends back.
pub enum RegisterOutput {
    Json(RegisterView),
    Csv { filename: String, body: Vec<u8> },
}

#[allow(clippy::too_many_arguments)]
pub fn register(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    which: Register,
    q: &RegisterQuery,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<RegisterOutput, AppError> {
    let office = org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    if !actor.can_read_org(org_id) {
        return Err(AppError::forbidden("this is another office's register"));
    }
    let year_be = q.year.unwrap_or_else(|| bangkok_year_be(now));
    crate::services::letters::list::check_year(year_be)?;
    let series = q
        .series
        .as_deref()
        .map(|s| {
            RegisterSeries::parse(s).ok_or_else(|| {
                let all = RegisterSeries::choices();
                AppError::invalid("series", format!("series must be one of: {all}"))
            })
        })
        .transpose()?;
    let csv = match q.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(AppError::invalid("format", "format must be json or csv")),
    };
    let digits = match q.digits.as_deref() {
        None | Some("arabic") => Digits::Arabic,
        Some("thai") => Digits::Thai,
        Some(_) => return Err(AppError::invalid("digits", "digits must be arabic or thai")),
    };
    let offset = paging::position(q.cursor.as_deref())?;
    let mut items = match which {
        Register::Receipt => registers::entries::receipts(conn, &office, year_be)?,
        Register::Dispatch => registers::entries::dispatches(conn, &office, year_be, now)?,
    };
    if let Some(s) = series {
        items.retain(|i| i.series == s.as_str());
    }
    if csv {
        let filename = format!("{}-register-{}-{year_be}.csv", which.as_str(), office.id);
        return Ok(RegisterOutput::Csv {
            filename,
            body: to_csv(which, &items, digits)?,
        });
    }
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(items.len());
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(items.len());
    let next_cursor = paging::after_count(
        i64::try_from(end).unwrap_or(i64::MAX),
        i64::try_from(items.len()).unwrap_or(i64::MAX),
    );
    let items = items.drain(start..end).collect();
    Ok(RegisterOutput::Json(RegisterView {
        org_id,
        register: which.as_str().into(),
        year_be,
        items,
        total,
        next_cursor,
    }))
}

/// The paper form's column headings, the register number first.
pub fn headers(which: Register) -> [&'static str; 9] {
    let first = match which {
        Register::Receipt => "เลขทะเบียนรับ",
        Register::Dispatch => "เลขทะเบียนส่ง",
    };
    [
        first,
        "วันที่",
        "ที่",
        "ลงวันที่",
        "จาก",
        "ถึง",
        "เรื่อง",
        "การปฏิบัติ",
        "หมายเหตุ",
    ]
}

/// The cells of one register row as text, in the chosen digits (the number column aside).
pub fn cells(i: &RegisterItem, digits: Digits) -> [String; 8] {
    [
        format_date_short(i.registered_on, digits),
        render(&i.letter_number, digits),
        i.letter_date
            .map(|d| format_date_short(d, digits))
            .unwrap_or_default(),
        i.from.clone(),
        i.to.clone(),
        i.subject.clone(),
        render(i.action.as_deref().unwrap_or(""), digits),
        render(i.remarks.as_deref().unwrap_or(""), digits),
    ]
}

/// UTF-8 with a byte-order mark (so spreadsheet programs read the Thai), CRLF line ends,
/// the paper form's columns, dates such as `8 พ.ค. 2569`.
pub fn to_csv(
    which: Register,
    items: &[RegisterItem],
    digits: Digits,
) -> Result<Vec<u8>, AppError> {
    let rows = items.iter().map(|i| {
        let mut row = vec![render(&i.number.to_string(), digits)];
        row.extend(cells(i, digits));
        row
    });
    crate::adapters::csv::write(&headers(which), rows)
}
