//! `saraban parse` and `saraban intake`: the pure parsers for scripts, no database needed.

use super::Failure;
use crate::adapters::ocr::OcrGate;
use crate::adapters::store::detect;
use crate::config::ocr::OcrSettings;
use crate::domain::files::FileKind;
use crate::error::AppError;
use crate::services::intake;
use crate::services::intake::read::IntakeRequest;
use crate::thai::date::format_date_full;
use crate::thai::date::format_date_short;
use crate::thai::date::parse_thai_date;
use crate::thai::digits::Digits;
use crate::thai::letter_no;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let line = serde_json::to_string(value)
        .map_err(|e| Failure::Failed(AppError::Internal(e.to_string())))?;
    println!("{line}");
    Ok(())
}

/// `parse <number>`, `parse number <number>` or `parse date <date>`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    match args {
        [what, text] if what == "number" => print_json(&letter_no::parse(text)),
        [what, text] if what == "date" => date(text),
        [text] => print_json(&letter_no::parse(text)),
        _ => Err(Failure::Usage(
            "usage: saraban parse [number|date] \"<text>\"".into(),
        )),
    }
}

/// Prints `{"raw", "iso", "uncertain", "letter", "stamp"}`; an unreadable date fails with why.
fn date(text: &str) -> Result<(), Failure> {
    let parsed = parse_thai_date(text);
    let Some(d) = parsed.date else {
        return Err(Failure::Failed(AppError::invalid(
            "date",
            format!("\"{text}\" is not a date that can be read (day, Thai month, year), or no such day exists"),
        )));
    };
    print_json(&serde_json::json!({
        "raw": parsed.raw,
        "iso": d.format("%Y-%m-%d").to_string(),
        "uncertain": parsed.uncertain,
        "letter": format_date_full(d, Digits::Thai),
        "stamp": format_date_short(d, Digits::Thai),
    }))
}

/// `intake FILE` (or `-`): the same JSON as `POST /api/v1/intake`. A PDF, PNG or JPEG (by
/// content) is read as a file; anything else as text.
pub fn intake(file: &Path, ocr: &OcrSettings) -> Result<(), Failure> {
    if file.as_os_str() != "-" {
        if let Ok(Ok(kind)) = detect::detect(file) {
            if matches!(kind, FileKind::Pdf | FileKind::Png | FileKind::Jpeg) {
                let gate = Arc::new(OcrGate::default());
                let now = crate::clock::Clock::System.now();
                let found = intake::file::read_file(file, kind, ocr, &gate, now)?;
                return print_json(&found);
            }
        }
    }
    let mut text = String::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    read.map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let found = intake::read::read(&IntakeRequest { text })?;
    print_json(&found)
}
