//! Reading letter files: the external programs (Tesseract, poppler) and the limits of one file.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct OcrSettings {
    /// The `tesseract` program (`SARABAN_TESSERACT`, default `tesseract` on the PATH).
    pub tesseract: PathBuf,
    /// The folder of poppler's `pdfinfo`, `pdftotext` and `pdftoppm` (`SARABAN_POPPLER_DIR`);
    /// `None` finds them on the PATH.
    pub poppler_dir: Option<PathBuf>,
    /// Tesseract's language (`tha`: `tha+eng` turns "ที่ มท" into Latin letters).
    pub language: String,
    /// Resolution a PDF page without text is rendered at before OCR.
    pub dpi: u32,
    /// Longest a whole file may take (`SARABAN_OCR_TIMEOUT`, default 60 s); the running
    /// program is killed when it is over.
    pub timeout: Duration,
    /// Most pages read from one file.
    pub max_pages: usize,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            tesseract: PathBuf::from("tesseract"),
            poppler_dir: None,
            language: "tha".into(),
            dpi: 300,
            timeout: Duration::from_secs(60),
            max_pages: 20,
        }
    }
}

impl OcrSettings {
    /// The path of a poppler program.
    pub fn poppler(&self, program: &str) -> PathBuf {
        match &self.poppler_dir {
            Some(dir) => dir.join(program),
            None => PathBuf::from(program),
        }
    }
}
