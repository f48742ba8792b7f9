//! Measuring intake on a folder of letters whose fields are known: `expected.tsv` (columns
//! file, number, dated, urgency, addressee, subject, from) and the files it names. A field is
//! exact when both sides are equal after NFC, with spaces removed and Thai digits read as
//! Arabic (the search key of [`crate::thai::normalize::search_key`], spaces dropped).

use super::file::read_file;
use crate::adapters::ocr::OcrGate;
use crate::adapters::store::detect;
use crate::config::ocr::OcrSettings;
use crate::error::AppError;
use crate::thai::intake::{Field, LetterFields};
use crate::thai::letter_no;
use crate::thai::normalize::search_key;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub const FIELDS: [&str; 6] = ["number", "dated", "urgency", "addressee", "subject", "from"];

/// One field of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FieldResult {
    pub field: &'static str,
    pub expected: String,
    pub got: String,
    pub exact: bool,
    pub uncertain: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    pub file: String,
    /// `text_layer_pdf`, `scan` or `photo`.
    pub kind: &'static str,
    pub fields: Vec<FieldResult>,
    pub ocr_pages: usize,
    pub ocr_seconds: f32,
    /// Why the file could not be read at all (its fields then count as wrong).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The figures of one kind of file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindSummary {
    pub files: usize,
    pub fields: usize,
    pub exact: usize,
    pub share: f64,
    /// Exact share of each field.
    pub by_field: BTreeMap<&'static str, f64>,
    pub ocr_pages: usize,
    pub ocr_seconds_per_page: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kinds: BTreeMap<&'static str, KindSummary>,
    pub files: Vec<FileResult>,
}

/// The comparison key: search key without spaces.
pub fn exact_key(s: &str) -> String {
    search_key(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The kind of a file from its name: a PDF, or a picture named `*.photo.*` or a scan.
pub fn kind_of(file: &str) -> &'static str {
    let lower = file.to_ascii_lowercase();
    if lower.contains("photo") {
        "photo"
    } else if lower.ends_with(".pdf") && !lower.contains("scan") {
        "text_layer_pdf"
    } else {
        "scan"
    }
}

/// Reads every file of `dir/expected.tsv` and compares its first letter with the row.
pub fn evaluate(dir: &Path, s: &OcrSettings) -> Result<Report, AppError> {
    let tsv = std::fs::read_to_string(dir.join("expected.tsv"))
        .map_err(|e| AppError::invalid("dir", format!("{}/expected.tsv: {e}", dir.display())))?;
    let gate = Arc::new(OcrGate::default());
    let mut files = Vec::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 {
            return Err(AppError::invalid(
                "expected",
                format!(
                    "a row of expected.tsv has {} columns, not 7: {line}",
                    cols.len()
                ),
            ));
        }
        files.push(one(dir, &cols, s, &gate)?);
    }
    Ok(Report {
        kinds: summarise(&files),
        files,
    })
}

fn one(
    dir: &Path,
    cols: &[&str],
    s: &OcrSettings,
    gate: &Arc<OcrGate>,
) -> Result<FileResult, AppError> {
    let path = dir.join(cols[0]);
    let kind = detect::detect(&path)
        .map_err(|e| AppError::invalid("file", format!("{}: {e}", path.display())))?
        .map_err(AppError::from)?;
    let mut result = FileResult {
        file: cols[0].to_string(),
        kind: kind_of(cols[0]),
        fields: Vec::new(),
        ocr_pages: 0,
        ocr_seconds: 0.0,
        error: None,
    };
    let letter = match read_file(&path, kind, s, gate, chrono::Utc::now()) {
        Ok(answer) => {
            let ocr: Vec<f32> = answer.pages.iter().filter_map(|p| p.seconds).collect();
            result.ocr_pages = ocr.len();
            result.ocr_seconds = ocr.iter().sum();
            answer.letters.into_iter().next().unwrap_or_default()
        }
        // A missing program is the set-up's fault, not a field's: stop.
        Err(e) if e.status() == 503 => return Err(e),
        Err(e) => {
            result.error = Some(e.to_string());
            LetterFields::default()
        }
    };
    for (k, field) in FIELDS.iter().enumerate() {
        let expected = cols[k + 1].trim().to_string();
        let (got, uncertain) = value_of(&letter, field);
        let exact = match *field {
            "number" => {
                let canonical = letter_no::parse(&expected).canonical;
                exact_key(&canonical) == exact_key(&got)
            }
            _ => exact_key(&expected) == exact_key(&got),
        };
        result.fields.push(FieldResult {
            field,
            expected,
            got,
            exact,
            uncertain,
        });
    }
    Ok(result)
}

/// The reading a form would be filled with: the suggested one, else the value.
fn text<T>(f: &Option<Field<T>>, show: impl Fn(&T) -> String) -> (String, bool) {
    match f {
        Some(f) => (
            f.suggested
                .as_ref()
                .or(f.value.as_ref())
                .map(show)
                .unwrap_or_default(),
            f.uncertain,
        ),
        None => (String::new(), true),
    }
}

fn value_of(l: &LetterFields, field: &str) -> (String, bool) {
    match field {
        "number" => text(&l.number, |n| n.canonical.clone()),
        "dated" => text(&l.dated, |d| d.format("%Y-%m-%d").to_string()),
        "urgency" => match &l.urgency {
            None => (String::new(), false),
            Some(_) => text(&l.urgency, String::clone),
        },
        "addressee" => text(&l.addressee, String::clone),
        "subject" => text(&l.subject, String::clone),
        _ => text(&l.from, String::clone),
    }
}

fn summarise(files: &[FileResult]) -> BTreeMap<&'static str, KindSummary> {
    let mut kinds: BTreeMap<&'static str, KindSummary> = BTreeMap::new();
    let mut per_field: BTreeMap<(&'static str, &'static str), (usize, usize)> = BTreeMap::new();
    let mut seconds: BTreeMap<&'static str, f64> = BTreeMap::new();
    for f in files {
        let k = kinds.entry(f.kind).or_default();
        k.files += 1;
        k.ocr_pages += f.ocr_pages;
        *seconds.entry(f.kind).or_default() += f64::from(f.ocr_seconds);
        for r in &f.fields {
            k.fields += 1;
            k.exact += usize::from(r.exact);
            let e = per_field.entry((f.kind, r.field)).or_default();
            e.0 += 1;
            e.1 += usize::from(r.exact);
        }
    }
    for (kind, k) in kinds.iter_mut() {
        k.share = share(k.exact, k.fields);
        k.ocr_seconds_per_page = (k.ocr_pages > 0)
            .then(|| seconds.get(kind).copied().unwrap_or(0.0) / k.ocr_pages as f64);
        for ((pk, field), (n, exact)) in &per_field {
            if pk == kind {
                k.by_field.insert(*field, share(*exact, *n));
            }
        }
    }
    kinds
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_ignores_spaces_and_thai_digits_and_kinds_come_from_names() {
        assert_eq!(exact_key("ปจ ๐๐๑๗.๒/ว ๒๓๒๓"), exact_key("ปจ 0017.2/ว2323"));
        assert_ne!(exact_key("ปจ ๐๐๑๗.๒/ว ๒๓๒๔"), exact_key("ปจ 0017.2/ว2323"));
        assert_eq!(exact_key("ดําเนิน"), exact_key("ดำเนิน"));
        assert_eq!(kind_of("l01.pdf"), "text_layer_pdf");
        assert_eq!(kind_of("l01.scan.jpg"), "scan");
        assert_eq!(kind_of("l01.scan.pdf"), "scan");
        assert_eq!(kind_of("l01.photo.jpg"), "photo");
    }
}
