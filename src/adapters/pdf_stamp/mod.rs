//! The receipt stamp drawn on a letter's file (ตรารับบนหนังสือ): a box with the office's name
//! and the stamp's lines, shaped and set in a Thai font, at the top right of page 1.
//!
//! - `draw`: the stamp itself, and the one-page A4 PDF made from a scanned image (PNG, JPEG),
//!   with krilla (typst's PDF writer: rustybuzz shaping, so Thai vowels and tone marks sit
//!   where the font's mark tables put them, and a subset of the font embedded).
//! - `overlay`: a PDF letter is kept as it is and the stamp is laid over its first page as a
//!   Form XObject with lopdf; every other page and object stays untouched.
//!
//! Everything here is pure computation on bytes: deterministic (no dates, no random ids; the
//! PDF ids are hashes of the content), guarded against hostile input (sizes, page counts,
//! panics caught), and blocking — run it on the blocking pool.

pub mod draw;
pub mod overlay;
#[cfg(test)]
mod tests_overlay;

use crate::error::AppError;
use std::path::Path;

/// Largest number of pages a PDF may have to be stamped.
pub const MAX_PAGES: usize = 2000;
/// Largest image, in pixels, that is placed on an A4 page.
pub const MAX_PIXELS: u64 = 60_000_000;

/// What the stamp says: the office's name and the stamp's lines (เลขรับที่, วันที่, เวลา).
#[derive(Debug, Clone)]
pub struct StampText {
    pub office: String,
    pub lines: [String; 3],
}

/// The file to stamp, by what its content was recognised as.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Pdf(&'a [u8]),
    Png(&'a [u8]),
    Jpeg(&'a [u8]),
}

#[derive(Debug, thiserror::Error)]
pub enum StampError {
    /// The font file is missing or not a font: the service is not set up (503).
    #[error("the stamp font cannot be used: {0}")]
    Font(String),
    /// The letter's file cannot be read as what it claims to be (422).
    #[error("{0}")]
    Unreadable(String),
    /// An encrypted PDF: it cannot be changed without its password (422).
    #[error("the letter's PDF is encrypted (password-protected); stamp the paper copy or upload an unprotected scan")]
    Encrypted,
    /// Past a guard: too many pages, too many pixels (422).
    #[error("{0}")]
    TooLarge(String),
    /// Our own fault (500).
    #[error("{0}")]
    Internal(String),
}

impl From<StampError> for AppError {
    fn from(e: StampError) -> Self {
        match e {
            StampError::Font(_) => AppError::Unavailable503 {
                code: "stamp_font_missing",
                message: format!("{e}; install fonts-thai-tlwg or set SARABAN_STAMP_FONT"),
                retry_after: None,
            },
            StampError::Unreadable(_) => AppError::Unprocessable {
                code: "unreadable_file",
                message: e.to_string(),
            },
            StampError::Encrypted => AppError::Unprocessable {
                code: "encrypted_pdf",
                message: e.to_string(),
            },
            StampError::TooLarge(_) => AppError::Unprocessable {
                code: "file_too_complex",
                message: e.to_string(),
            },
            StampError::Internal(m) => AppError::Internal(format!("stamping: {m}")),
        }
    }
}

/// Reads the stamp font (blocking). A missing or unreadable file is [`StampError::Font`].
pub fn read_font(path: &Path) -> Result<Vec<u8>, StampError> {
    let data =
        std::fs::read(path).map_err(|e| StampError::Font(format!("{}: {e}", path.display())))?;
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(StampError::Font(format!(
            "{} is not a TrueType/OpenType font",
            path.display()
        )));
    }
    Ok(data)
}

/// The stamped file: always a PDF. Catches a panic in the PDF libraries as an unreadable
/// file, so hostile input never takes a worker thread down.
pub fn stamped(source: Source<'_>, text: &StampText, font: &[u8]) -> Result<Vec<u8>, StampError> {
    let run = std::panic::AssertUnwindSafe(|| match source {
        Source::Pdf(bytes) => {
            let stamp = draw::stamp_pdf(text, font)?;
            overlay::overlay(bytes, &stamp)
        }
        Source::Png(bytes) => draw::image_page(draw::Picture::Png(bytes), text, font),
        Source::Jpeg(bytes) => draw::image_page(draw::Picture::Jpeg(bytes), text, font),
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(StampError::Unreadable(
            "the letter's file could not be read (damaged or unusual structure)".into(),
        ))
    })
}
