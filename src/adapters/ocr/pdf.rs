//! PDFs through poppler: the page count, the text layer as `pdftotext -layout` lays it out
//! (columns kept apart by runs of spaces), and a page rendered to a grey PNG for OCR.

use super::run::{io, run};
use super::ReadFailure;
use crate::config::ocr::OcrSettings;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The number of pages (`pdfinfo`).
pub fn page_count(
    s: &OcrSettings,
    pdf: &Path,
    dir: &Path,
    deadline: Instant,
) -> Result<usize, ReadFailure> {
    let program = s.poppler("pdfinfo");
    let out = dir.join("pdfinfo.txt");
    run(
        Command::new(&program).arg(pdf),
        &program,
        dir,
        Some(&out),
        deadline,
    )?;
    let info = std::fs::read_to_string(&out).map_err(io)?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .ok_or_else(|| ReadFailure::Unreadable("the PDF gives no page count".into()))
}

/// The text layer of pages `1..=pages`, one string per page (empty for a page without text).
pub fn text_layer(
    s: &OcrSettings,
    pdf: &Path,
    pages: usize,
    dir: &Path,
    deadline: Instant,
) -> Result<Vec<String>, ReadFailure> {
    let program = s.poppler("pdftotext");
    let out = dir.join("layer.txt");
    let mut cmd = Command::new(&program);
    cmd.args(["-layout", "-enc", "UTF-8", "-f", "1", "-l"])
        .arg(pages.to_string())
        .arg(pdf)
        .arg(&out);
    run(&mut cmd, &program, dir, None, deadline)?;
    let bytes = std::fs::read(&out).map_err(io)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut found: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    found.resize(pages, String::new());
    Ok(found)
}

/// Page `page` (from 1) rendered as a grey PNG at the configured resolution.
pub fn render_page(
    s: &OcrSettings,
    pdf: &Path,
    page: usize,
    dir: &Path,
    deadline: Instant,
) -> Result<PathBuf, ReadFailure> {
    let program = s.poppler("pdftoppm");
    let base = dir.join(format!("page-{page}"));
    let mut cmd = Command::new(&program);
    cmd.args(["-gray", "-png", "-singlefile", "-r"])
        .arg(s.dpi.to_string())
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&base);
    run(&mut cmd, &program, dir, None, deadline)?;
    Ok(base.with_extension("png"))
}
