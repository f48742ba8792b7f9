//! `saraban intake-eval DIR [--json]`: intake measured on a folder of letters with known fields.

use super::Failure;
use crate::config::ocr::OcrSettings;
use crate::error::AppError;
use crate::services::intake::eval::{self, FIELDS};
use std::path::Path;

pub fn run(dir: &Path, json: bool, ocr: &OcrSettings) -> Result<(), Failure> {
    let report = eval::evaluate(dir, ocr)?;
    if json {
        let line = serde_json::to_string(&report)
            .map_err(|e| Failure::Failed(AppError::Internal(e.to_string())))?;
        println!("{line}");
        return Ok(());
    }
    for f in &report.files {
        let wrong: Vec<String> = f
            .fields
            .iter()
            .filter(|r| !r.exact)
            .map(|r| format!("{}: «{}» ≠ «{}»", r.field, r.got, r.expected))
            .collect();
        if let Some(e) = &f.error {
            println!("{}: {e}", f.file);
        } else if !wrong.is_empty() {
            println!("{}: {}", f.file, wrong.join("; "));
        }
    }
    println!();
    println!(
        "{:<16} {:>5} {:>7} {:>7}  {}  s/page",
        "kind",
        "files",
        "fields",
        "exact",
        FIELDS.join(" ")
    );
    for (kind, k) in &report.kinds {
        let by: Vec<String> = FIELDS
            .iter()
            .map(|f| format!("{:.0}", k.by_field.get(f).copied().unwrap_or(0.0)))
            .collect();
        let seconds = k
            .ocr_seconds_per_page
            .map_or("-".to_string(), |s| format!("{s:.2}"));
        println!(
            "{:<16} {:>5} {:>7} {:>6.1}%  {}  {}",
            kind,
            k.files,
            k.fields,
            k.share,
            by.join(" "),
            seconds
        );
    }
    Ok(())
}
