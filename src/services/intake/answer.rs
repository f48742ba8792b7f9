//! The answer of intake: what was read from a text or a file.

use crate::thai::intake::{Intake, LetterFields, ReceiptStamp};
use serde::Serialize;

/// One page of a file as read.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// From 1.
    pub page: usize,
    /// `text_layer` (the PDF's own text) or `ocr`.
    pub source: &'static str,
    /// The page's text as read: columns apart by runs of spaces; `span`s count in the pages'
    /// texts joined with one newline after each.
    pub text: String,
    /// Seconds the OCR took on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f32>,
}

/// Everything read from a text or a file.
#[derive(Debug, Clone, Serialize)]
pub struct IntakeAnswer {
    /// `text` (pasted), `text_layer` (every page of the PDF had text) or `ocr` (some page or
    /// the picture was read by OCR).
    pub source: &'static str,
    /// The pages of a file (none for pasted text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageView>,
    pub letters: Vec<LetterFields>,
    pub receipt_stamps: Vec<ReceiptStamp>,
}

impl IntakeAnswer {
    pub fn from_text(found: Intake) -> Self {
        IntakeAnswer {
            source: "text",
            pages: Vec::new(),
            letters: found.letters,
            receipt_stamps: found.receipt_stamps,
        }
    }
}
