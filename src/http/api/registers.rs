//! `/api/v1/orgs/{id}/registers/…`: the receipt and dispatch registers, as JSON or CSV.

use super::list::Paging;
use crate::domain::Actor;
use crate::error::AppError;
use crate::http::query::ApiQuery;
use crate::services::registers;
use crate::services::registers::list::Register;
use crate::services::registers::list::RegisterOutput;
use crate::services::registers::list::RegisterQuery;
use crate::services::registers::list::RegisterView;
use crate::state::AppState;
use actix_web::{http::header, web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/orgs/{id}/registers/receipt", tag = "registers", params(RegisterQuery),
    responses((status = 200, body = RegisterView, description = "ทะเบียนหนังสือรับ; with ?format=csv a UTF-8 CSV with BOM and CRLF")),
    security(("bearer" = [])))]
pub async fn receipt(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    query: ApiQuery<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    answer(
        state,
        actor,
        id.into_inner(),
        Register::Receipt,
        query.into_inner(),
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/registers/dispatch", tag = "registers", params(RegisterQuery),
    responses((status = 200, body = RegisterView, description = "ทะเบียนหนังสือส่ง, with reserved and cancelled numbers; with ?format=csv a UTF-8 CSV with BOM and CRLF")),
    security(("bearer" = [])))]
pub async fn dispatch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    query: ApiQuery<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    answer(
        state,
        actor,
        id.into_inner(),
        Register::Dispatch,
        query.into_inner(),
    )
    .await
}

async fn answer(
    state: web::Data<AppState>,
    actor: Actor,
    id: i64,
    which: Register,
    query: RegisterQuery,
) -> Result<HttpResponse, AppError> {
    let limit = Paging {
        limit: query.limit,
        cursor: None,
    }
    .limit()?;
    let now = state.clock.now();
    let out = state
        .db
        .read(move |c| registers::list::register(c, &actor, id, which, &query, limit, now))
        .await?;
    Ok(match out {
        RegisterOutput::Json(view) => HttpResponse::Ok().json(view),
        RegisterOutput::Csv { filename, body } => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ))
            .body(body),
    })
}
