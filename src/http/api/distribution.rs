//! `GET /api/v1/letters/{id}/distribution.csv` and `.jsonl`: every hop the caller may see
//! (after the same filters as the paged distribution), streamed a page at a time.

use crate::domain::Actor;
use crate::error::AppError;
use crate::http::pages::format;
use crate::http::query::ApiQuery;
use crate::services::distribution::export;
use crate::services::distribution::show::{Hop, Request, TreeFilter};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};

const CSV_HEADER: [&str; 11] = [
    "ลำดับ",
    "ระดับ",
    "หน่วยงาน",
    "ประเภท",
    "สถานะ",
    "เลขรับ",
    "วันที่รับ",
    "เวลา",
    "ส่งต่อด้วยหนังสือ",
    "กำหนด",
    "เกินกำหนด",
];

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Jsonl,
}

#[utoipa::path(get, path = "/api/v1/letters/{id}/distribution.csv", tag = "letters", params(TreeFilter),
    responses((status = 200, content_type = "text/csv", description = "every visible hop in tree order: UTF-8 with BOM, CRLF, Thai column names, formulas neutralised")),
    security(("bearer" = [])))]
pub async fn csv(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    filter: ApiQuery<TreeFilter>,
) -> Result<HttpResponse, AppError> {
    stream(
        state,
        actor,
        id.into_inner(),
        filter.into_inner(),
        Format::Csv,
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/letters/{id}/distribution.jsonl", tag = "letters", params(TreeFilter),
    responses((status = 200, content_type = "application/x-ndjson", description = "every visible hop in tree order, one JSON object (a hop of the paged distribution) per line")),
    security(("bearer" = [])))]
pub async fn jsonl(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    filter: ApiQuery<TreeFilter>,
) -> Result<HttpResponse, AppError> {
    stream(
        state,
        actor,
        id.into_inner(),
        filter.into_inner(),
        Format::Jsonl,
    )
    .await
}

fn csv_rows(hops: &[Hop], r: &Request, first: usize) -> Result<Vec<u8>, AppError> {
    crate::adapters::csv::more(hops.iter().enumerate().map(|(i, h)| {
        let receipt = h.receipt.as_ref();
        vec![
            format::thai(first + i + 1),
            format::thai(h.depth),
            h.recipient.name.clone(),
            format::kind(h.recipient.kind).to_string(),
            format::status(h.status).to_string(),
            receipt.map(|x| format::thai(x.number)).unwrap_or_default(),
            receipt
                .map(|x| format::date(x.received_on))
                .unwrap_or_default(),
            receipt
                .and_then(|x| x.received_time.as_deref())
                .map(format::thai)
                .unwrap_or_default(),
            if h.letter.id == r.letter.id {
                String::new()
            } else {
                h.letter.number.clone()
            },
            format::opt_date(h.due_date),
            if h.overdue {
                "ใช่".into()
            } else {
                String::new()
            },
        ]
    }))
}

fn jsonl_rows(hops: &[Hop]) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    for h in hops {
        serde_json::to_writer(&mut out, h).map_err(|e| AppError::Internal(format!("json: {e}")))?;
        out.push(b'\n');
    }
    Ok(out)
}

async fn stream(
    state: web::Data<AppState>,
    actor: Actor,
    id: i64,
    filter: TreeFilter,
    format: Format,
) -> Result<HttpResponse, AppError> {
    type Chunk = Result<web::Bytes, AppError>;
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<Result<(), AppError>>();
    let (db, now) = (state.db.clone(), state.clock.now());
    tokio::task::spawn_blocking(move || {
        let sent = db.read_blocking(|c| {
            let r = match export::start(c, &actor, id, &filter, now) {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return Ok(());
                }
            };
            let _ = ready_tx.send(Ok(()));
            if let Format::Csv = format {
                let head = crate::adapters::csv::start(&CSV_HEADER)?;
                if tx.blocking_send(Ok(head.into())).is_err() {
                    return Ok(());
                }
            }
            let mut written = 0;
            export::each_page(c, &actor, &r, |hops, r| {
                let bytes = match format {
                    Format::Csv => csv_rows(hops, r, written),
                    Format::Jsonl => jsonl_rows(hops),
                };
                written += hops.len();
                tx.blocking_send(bytes.map(web::Bytes::from)).is_ok()
            })
        });
        if let Err(e) = sent {
            // Mid-stream: the client sees the body end early.
            let _ = tx.blocking_send(Err(e));
        }
    });
    ready_rx
        .await
        .map_err(|_| AppError::Internal("export ended before it started".into()))??;
    let body = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Jsonl => ("application/x-ndjson", "jsonl"),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"letter-{id}-distribution.{ext}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .streaming(body))
}
