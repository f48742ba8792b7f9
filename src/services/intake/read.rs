//! Reading register fields out of a letter's text (no database): checks the size, then hands
//! over to the pure [`crate::thai::intake`].

use super::answer::IntakeAnswer;
use crate::error::AppError;
use crate::thai::intake;
use serde::Deserialize;
use utoipa::ToSchema;

/// Largest text accepted, in bytes of UTF-8 (a long letter with its enclosures is ~30 KB).
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    /// The letter's text as pasted or as OCR gives it, stamps and noise included.
    pub text: String,
}

pub fn read(req: &IntakeRequest) -> Result<IntakeAnswer, AppError> {
    if req.text.trim().is_empty() {
        return Err(AppError::invalid("text", "text must not be empty"));
    }
    if req.text.len() > MAX_TEXT_BYTES {
        return Err(AppError::invalid(
            "text",
            format!("text is longer than {} KB", MAX_TEXT_BYTES / 1024),
        ));
    }
    Ok(IntakeAnswer::from_text(intake::extract(&req.text)))
}
