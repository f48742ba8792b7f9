//! HTTP metrics: a middleware counting every answer by route pattern, method and status, with
//! its duration; and `/metrics` in the Prometheus text format (administrators on the main
//! address; anyone on the private `SARABAN_METRICS_BIND` address).

use crate::domain::Actor;
use crate::error::AppError;
use crate::metrics::names;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use std::time::Instant;

/// Records `saraban_http_requests_total` and `saraban_http_request_duration_seconds`. The route
/// is the pattern that matched (`/api/v1/letters/{id}`), never the raw path, so ids do not
/// multiply the series; a request that matched no route counts as `unmatched`.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let status = res.status().as_u16().to_string();
    metrics::counter!(names::HTTP_REQUESTS, "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(names::HTTP_DURATION, "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    Ok(res)
}

fn text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body)
}

/// `GET /metrics` on the main address: administrators only.
pub async fn for_admins(actor: Actor) -> Result<HttpResponse, AppError> {
    actor.require_admin()?;
    Ok(text(crate::metrics::render()))
}

/// `GET /metrics` on the private metrics address.
pub async fn open() -> HttpResponse {
    text(crate::metrics::render())
}
