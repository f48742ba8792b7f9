//! The one error type of the service, with a stable snake_case code per case.
//!
//! Policy: models return `diesel::QueryResult`; services and the CLI return [`AppError`];
//! routes turn it into `{"error": code, "message": text}` (see `routes::error_response`).
//! A caller's mistake is never a 5xx; an unexpected fault is a logged 500 with a generic text.

use crate::domain::validate::Invalid;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not JSON, a wrong JSON type, a missing or an unknown field.
    #[error("{0}")]
    Malformed(String),
    /// Parses, but is not acceptable: `invalid_<field>`.
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// 422 with its own code (not tied to one field), e.g. `idempotency_key_reused`.
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    #[error("a valid API token is required (Authorization: Bearer …)")]
    Unauthorized,
    /// 401 for an exchange message whose key or signature is refused (`unknown_key`,
    /// `invalid_signature`): the `/exchange/v1` routes authenticate by signature, not token.
    #[error("{message}")]
    SignatureRefused { code: &'static str, message: String },
    #[error("{0}")]
    Forbidden(String),
    /// `<what>_not_found`
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// 409 with its own code and, where useful, the record it clashes with.
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        extra: Option<(&'static str, serde_json::Value)>,
    },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the database is busy; try again shortly")]
    Busy,
    /// 503 with its own code: a part of the service busy (`ocr_busy`, with the seconds to wait
    /// before trying again as `Retry-After`) or not set up on this server (`ocr_unavailable`,
    /// `stamp_font_missing`: an operator fixes it, no `Retry-After`).
    #[error("{message}")]
    Unavailable503 {
        code: &'static str,
        message: String,
        retry_after: Option<u32>,
    },
    #[error("the database is unavailable; try again shortly")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<crate::domain::access::Denied> for AppError {
    fn from(denied: crate::domain::access::Denied) -> Self {
        AppError::Forbidden(denied.0)
    }
}

impl AppError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid(Invalid::new(field, message))
    }

    pub fn not_found(what: &'static str) -> Self {
        AppError::NotFound { what }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
            extra: None,
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Malformed(_) => 400,
            AppError::Invalid(_) | AppError::Unprocessable { .. } => 422,
            AppError::Unauthorized | AppError::SignatureRefused { .. } => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound { .. } => 404,
            AppError::Conflict { .. } => 409,
            AppError::PayloadTooLarge { .. } => 413,
            AppError::Busy | AppError::Unavailable | AppError::Unavailable503 { .. } => 503,
            AppError::Internal(_) => 500,
        }
    }

    /// The stable code sent to callers.
    pub fn code(&self) -> String {
        match self {
            AppError::Malformed(_) => "malformed_request".into(),
            AppError::Invalid(i) => format!("invalid_{}", i.field),
            AppError::Unprocessable { code, .. } => (*code).into(),
            AppError::Unauthorized => "unauthorized".into(),
            AppError::SignatureRefused { code, .. } => (*code).into(),
            AppError::Forbidden(_) => "forbidden".into(),
            AppError::NotFound { what } => format!("{what}_not_found"),
            AppError::Conflict { code, .. } => (*code).into(),
            AppError::PayloadTooLarge { .. } => "payload_too_large".into(),
            AppError::Busy => "database_busy".into(),
            AppError::Unavailable503 { code, .. } => (*code).into(),
            AppError::Unavailable => "database_unavailable".into(),
            AppError::Internal(_) => "internal_error".into(),
        }
    }

    /// Seconds in the `Retry-After` header of a 503, when waiting helps.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            AppError::Busy | AppError::Unavailable => Some(1),
            AppError::Unavailable503 { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The text sent to callers: never SQL, paths or driver messages for a 5xx.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => "an unexpected error occurred; it has been logged".into(),
            other => other.to_string(),
        }
    }
}

/// SQLite says "database is locked" or "busy" when another writer holds the file.
fn is_sqlite_busy(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("database is locked") || m.contains("database is busy") || m.contains("busy")
}

/// PostgreSQL broke a lock cycle by cancelling this statement (SQLSTATE 40P01, which diesel
/// does not name): nothing of it was saved, and the same request may be sent again.
fn is_deadlock(message: &str) -> bool {
    message.starts_with("deadlock detected")
}

impl From<DieselError> for AppError {
    fn from(e: DieselError) -> Self {
        match &e {
            DieselError::DatabaseError(kind, info) => {
                if is_sqlite_busy(info.message()) || is_deadlock(info.message()) {
                    return AppError::Busy;
                }
                // PostgreSQL refuses a NUL character in text ("invalid byte sequence for
                // encoding UTF8: 0x00"): only a caller's value can carry one, so it is the
                // caller's mistake, whichever field it came in.
                if info.message().contains("0x00") {
                    return AppError::Malformed(
                        "text must not contain the NUL character (U+0000)".into(),
                    );
                }
                match kind {
                    DatabaseErrorKind::UniqueViolation => AppError::Conflict {
                        code: "conflict",
                        message: "the record clashes with one that already exists".into(),
                        extra: None,
                    },
                    DatabaseErrorKind::SerializationFailure => AppError::Busy,
                    DatabaseErrorKind::ClosedConnection
                    | DatabaseErrorKind::UnableToSendCommand => AppError::Unavailable,
                    _ => AppError::Internal(e.to_string()),
                }
            }
            DieselError::BrokenTransactionManager => AppError::Unavailable,
            _ => AppError::Internal(e.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadlock_broken_by_postgresql_is_busy_not_a_server_error() {
        let db = |message: &str| {
            AppError::from(DieselError::DatabaseError(
                DatabaseErrorKind::Unknown,
                Box::new(message.to_string()),
            ))
        };
        assert!(matches!(
            db("deadlock detected\nDETAIL: Process 1 waits for ShareLock on transaction 2"),
            AppError::Busy
        ));
        assert!(matches!(
            db("relation does not exist"),
            AppError::Internal(_)
        ));
    }

    #[test]
    fn every_case_has_a_pinned_status_and_code() {
        let cases: Vec<(AppError, u16, &str)> = vec![
            (AppError::Malformed("x".into()), 400, "malformed_request"),
            (AppError::invalid("dated", "x"), 422, "invalid_dated"),
            (
                AppError::Unprocessable {
                    code: "idempotency_key_reused",
                    message: "x".into(),
                },
                422,
                "idempotency_key_reused",
            ),
            (AppError::Unauthorized, 401, "unauthorized"),
            (
                AppError::SignatureRefused {
                    code: "invalid_signature",
                    message: "x".into(),
                },
                401,
                "invalid_signature",
            ),
            (AppError::forbidden("x"), 403, "forbidden"),
            (AppError::not_found("letter"), 404, "letter_not_found"),
            (AppError::conflict("number_taken", "x"), 409, "number_taken"),
            (
                AppError::PayloadTooLarge { limit: 1 },
                413,
                "payload_too_large",
            ),
            (AppError::Busy, 503, "database_busy"),
            (AppError::Unavailable, 503, "database_unavailable"),
            (
                AppError::Unavailable503 {
                    code: "stamp_font_missing",
                    message: "x".into(),
                    retry_after: None,
                },
                503,
                "stamp_font_missing",
            ),
            (
                AppError::Internal("SELECT secret".into()),
                500,
                "internal_error",
            ),
        ];
        for (err, status, code) in cases {
            assert_eq!(err.status(), status, "{code}");
            assert_eq!(err.code(), code);
        }
        assert!(!AppError::Internal("SELECT secret".into())
            .public_message()
            .contains("SELECT"));
    }
}
