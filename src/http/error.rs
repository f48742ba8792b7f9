//! How an [`AppError`] becomes an HTTP answer, and how actix's own extractor failures
//! (bad JSON, bad path ids, bad query strings, oversized bodies) join the same shape.

use crate::error::AppError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            tracing::error!(error = %detail, "request failed");
        }
        let mut body = serde_json::Map::new();
        body.insert("error".into(), self.code().into());
        body.insert("message".into(), self.public_message().into());
        if let AppError::Conflict {
            extra: Some((key, value)),
            ..
        } = self
        {
            body.insert((*key).into(), value.clone());
        }
        let mut resp = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after() {
            resp.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        resp.json(serde_json::Value::Object(body))
    }
}

pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match &err {
        JsonPayloadError::Overflow { limit } => AppError::PayloadTooLarge { limit: *limit },
        JsonPayloadError::OverflowKnownLength { limit, .. } => {
            AppError::PayloadTooLarge { limit: *limit }
        }
        JsonPayloadError::ContentType => {
            AppError::Malformed("the body must be JSON (Content-Type: application/json)".into())
        }
        JsonPayloadError::Deserialize(e) => {
            AppError::Malformed(format!("the JSON body does not fit: {e}"))
        }
        other => AppError::Malformed(format!("the body could not be read: {other}")),
    };
    app.into()
}

pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::not_found("resource").into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::Malformed(format!("the query string does not fit: {err}")).into()
}

/// Any path the API does not have.
pub async fn not_found() -> HttpResponse {
    AppError::NotFound { what: "route" }.error_response()
}
