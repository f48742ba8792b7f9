//! The OCR flags shared by `serve` and `intake`.

use crate::config::ocr::OcrSettings;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub struct OcrArgs {
    /// The Tesseract program (with the Thai language data `tesseract-ocr-tha`).
    #[arg(long, env = "SARABAN_TESSERACT", default_value = "tesseract")]
    pub tesseract: PathBuf,
    /// The folder of poppler's pdfinfo, pdftotext and pdftoppm (default: found on the PATH).
    #[arg(long, env = "SARABAN_POPPLER_DIR")]
    pub poppler_dir: Option<PathBuf>,
    /// Seconds one letter file may take to read; the running program is stopped after it.
    #[arg(long, env = "SARABAN_OCR_TIMEOUT", default_value_t = 60)]
    pub ocr_timeout: u64,
}

impl OcrArgs {
    pub fn settings(&self) -> OcrSettings {
        OcrSettings {
            tesseract: self.tesseract.clone(),
            poppler_dir: self.poppler_dir.clone(),
            timeout: Duration::from_secs(self.ocr_timeout.max(1)),
            ..OcrSettings::default()
        }
    }
}
