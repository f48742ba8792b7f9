//! `/registers/{which}/{year_be}.csv` and `.xlsx`: the whole year's register as a file.

use super::register::{digits, load, parse_which, title, RegisterParams};
use super::{PageError, Signed};
use crate::services::registers;
use crate::state::AppState;
use crate::thai::digits::Digits;
use actix_web::http::header;
use actix_web::{web, HttpResponse};

fn attachment(content_type: &str, filename: String, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

fn filename(which: &str, year_be: i64, ext: &str) -> String {
    format!("{which}-register-{year_be}.{ext}")
}

/// The CSV of the API (the same writer): UTF-8 with BOM, CRLF, the paper form's columns.
pub async fn csv(
    state: web::Data<AppState>,
    s: Signed,
    path: web::Path<(String, i64)>,
    p: web::Query<RegisterParams>,
) -> Result<HttpResponse, PageError> {
    let (which, year_be) = path.into_inner();
    let which = parse_which(&which)?;
    let (items, _) = load(&state, &s, which, year_be, &p).await?;
    let body = registers::list::to_csv(which, &items, digits(&p, Digits::Arabic))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        filename(which.as_str(), year_be, "csv"),
        body,
    ))
}

pub async fn xlsx(
    state: web::Data<AppState>,
    s: Signed,
    path: web::Path<(String, i64)>,
    p: web::Query<RegisterParams>,
) -> Result<HttpResponse, PageError> {
    let (which, year_be) = path.into_inner();
    let which = parse_which(&which)?;
    let (items, office) = load(&state, &s, which, year_be, &p).await?;
    let d = digits(&p, Digits::Arabic);
    let name = title(which, &office, year_be, d);
    let body = web::block(move || super::xlsx::workbook(which, &name, &items, d))
        .await
        .map_err(|e| PageError::App(crate::error::AppError::Internal(e.to_string())))??;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename(which.as_str(), year_be, "xlsx"),
        body,
    ))
}
