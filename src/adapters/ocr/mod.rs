//! Reading letter files with external programs: poppler (`pdfinfo`, `pdftotext -layout`,
//! `pdftoppm`) for PDFs and Tesseract for pictures. Each program runs as a child process with
//! its output in a private temporary folder; one deadline covers the whole file, and a program
//! still running past it is killed. Why command lines and not bindings: docs/intake.md.

mod digit_templates;
mod digits;
mod glyphs;
mod pdf;
mod run;
mod tesseract;
pub mod tsv;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use pdf::{page_count, render_page, text_layer};
pub use tesseract::{check_tesseract, ocr_image};

/// Installing the programs on Debian or Ubuntu.
pub const INSTALL_HINT: &str =
    "install them with: apt-get install tesseract-ocr tesseract-ocr-tha poppler-utils";

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    /// A program is missing or cannot run (or Tesseract lacks the language).
    Missing { program: String, detail: String },
    /// The deadline passed; the running program was killed.
    TimedOut,
    /// More pages than allowed.
    TooManyPages { pages: usize, max: usize },
    /// The program refused the file (a damaged PDF, a broken picture).
    Unreadable(String),
    /// The temporary folder or a pipe failed.
    Io(String),
}

/// The text of a picture as Tesseract read it, and the confidence of each stretch of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrText {
    pub text: String,
    /// `(start, end, confidence)`: character offsets in `text` and a confidence in 0..1.
    pub words: Vec<(usize, usize, f32)>,
}

/// One OCR job at a time in this process: a second one is refused (503 `ocr_busy`) rather than
/// queued, since Tesseract keeps a core busy for seconds per page.
#[derive(Debug, Default)]
pub struct OcrGate {
    busy: AtomicBool,
}

/// Holding the gate; dropping it lets the next job in.
#[derive(Debug)]
pub struct GatePass {
    gate: Arc<OcrGate>,
}

impl OcrGate {
    /// The gate, unless another job holds it.
    pub fn try_enter(self: &Arc<Self>) -> Option<GatePass> {
        self.busy
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| GatePass { gate: self.clone() })
    }

    pub fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Acquire)
    }
}

impl Drop for GatePass {
    fn drop(&mut self) {
        self.gate.busy.store(false, Ordering::Release);
    }
}
