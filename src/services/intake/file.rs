//! Reading a letter file: a PDF's text layer page by page, OCR for pages without one and for
//! pictures, then the same reading as pasted text, each field's confidence capped by the OCR's
//! for its words, and each letter given the pages it covers.

use super::answer::{IntakeAnswer, PageView};
use crate::adapters::ocr::{self, GatePass, OcrGate, ReadFailure, INSTALL_HINT};
use crate::config::ocr::OcrSettings;
use crate::domain::files::FileKind;
use crate::domain::validate::{plausible, DateKind};
use crate::error::AppError;
use crate::thai::intake::repair::repair_date;
use crate::thai::intake::{self, LetterFields};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// A page whose text layer has fewer letters than this is a scan: it is read by OCR.
const MIN_LAYER_LETTERS: usize = 40;
/// Seconds a client is told to wait when the OCR is busy.
const BUSY_RETRY_SECONDS: u32 = 10;

/// One page as read.
struct Page {
    text: String,
    ocr: Option<ocr::OcrText>,
    seconds: Option<f32>,
}

/// Reads a PDF, PNG or JPEG file. The OCR gate is taken when the first page needs OCR and
/// held to the end; 503 `ocr_busy` when another job holds it.
pub fn read_file(
    path: &Path,
    kind: FileKind,
    s: &OcrSettings,
    gate: &Arc<OcrGate>,
    now: DateTime<Utc>,
) -> Result<IntakeAnswer, AppError> {
    let deadline = Instant::now() + s.timeout;
    let dir = tempfile::tempdir().map_err(|e| AppError::Internal(format!("temp dir: {e}")))?;
    let mut pass: Option<GatePass> = None;
    let mut ocr_of = |image: &Path, work: &Path| -> Result<Page, AppError> {
        if pass.is_none() {
            pass = Some(gate.try_enter().ok_or_else(busy)?);
            ocr::check_tesseract(s, work, deadline).map_err(|e| failure(e, s))?;
        }
        let began = Instant::now();
        let found = ocr::ocr_image(s, image, work, deadline).map_err(|e| failure(e, s))?;
        Ok(Page {
            text: found.text.clone(),
            ocr: Some(found),
            seconds: Some(began.elapsed().as_secs_f32()),
        })
    };
    let pages = match kind {
        FileKind::Pdf => {
            let n = ocr::page_count(s, path, dir.path(), deadline).map_err(|e| failure(e, s))?;
            if n > s.max_pages {
                return Err(failure(
                    ReadFailure::TooManyPages {
                        pages: n,
                        max: s.max_pages,
                    },
                    s,
                ));
            }
            let layer =
                ocr::text_layer(s, path, n, dir.path(), deadline).map_err(|e| failure(e, s))?;
            let mut pages = Vec::with_capacity(n);
            for (i, text) in layer.into_iter().enumerate() {
                let letters = text.chars().filter(|c| c.is_alphabetic()).count();
                if letters >= MIN_LAYER_LETTERS {
                    pages.push(Page {
                        text,
                        ocr: None,
                        seconds: None,
                    });
                } else {
                    let image = ocr::render_page(s, path, i + 1, dir.path(), deadline)
                        .map_err(|e| failure(e, s))?;
                    pages.push(ocr_of(&image, dir.path())?);
                    let _ = std::fs::remove_file(&image);
                }
            }
            pages
        }
        FileKind::Png | FileKind::Jpeg => vec![ocr_of(path, dir.path())?],
        _ => {
            return Err(AppError::invalid(
                "file",
                "intake reads PDF, PNG and JPEG files only",
            ))
        }
    };
    Ok(assemble(pages, now))
}

/// The pages joined into one text, read, and the OCR's confidence applied.
fn assemble(pages: Vec<Page>, now: DateTime<Utc>) -> IntakeAnswer {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    let mut offset = 0usize;
    for p in &pages {
        starts.push(offset);
        text.push_str(&p.text);
        text.push('\n');
        offset += p.text.chars().count() + 1;
    }
    let page_at = |at: usize| starts.iter().rposition(|s| *s <= at).unwrap_or(0);
    // The OCR's confidence for a span: the mean over its words (None on a text layer).
    let ocr_conf = |span: [usize; 2]| -> Option<f32> {
        let p = page_at(span[0]);
        let words = &pages.get(p)?.ocr.as_ref()?.words;
        let base = starts[p];
        let hits: Vec<f32> = words
            .iter()
            .filter(|(a, b, _)| base + a < span[1].max(span[0] + 1) && base + b > span[0])
            .map(|(_, _, c)| *c)
            .collect();
        (!hits.is_empty()).then(|| hits.iter().sum::<f32>() / hits.len() as f32)
    };
    let mut found = intake::extract(&text);
    for letter in &mut found.letters {
        let ocr_dated = letter
            .dated
            .as_ref()
            .is_some_and(|d| ocr_conf(d.span).is_some());
        for mut f in letter.fields_mut() {
            if let Some(c) = ocr_conf(f.span) {
                f.cap_confidence(c);
            }
        }
        if ocr_dated {
            repair_dated(letter, now);
        }
    }
    for stamp in &mut found.receipt_stamps {
        if let Some(c) = ocr_conf(stamp.span) {
            stamp.confidence = stamp.confidence.min(c);
            stamp.uncertain |= stamp.confidence < intake::UNCERTAIN_BELOW;
        }
    }
    let firsts: Vec<usize> = found
        .letters
        .iter()
        .map(|l| l.start().map_or(0, page_at))
        .collect();
    let n = pages.len();
    for (k, letter) in found.letters.iter_mut().enumerate() {
        letter.pages = Some(letter_pages(&firsts, k, n));
    }
    let any_ocr = pages.iter().any(|p| p.ocr.is_some());
    IntakeAnswer {
        source: if any_ocr { "ocr" } else { "text_layer" },
        pages: pages
            .into_iter()
            .enumerate()
            .map(|(i, p)| PageView {
                page: i + 1,
                source: if p.ocr.is_some() { "ocr" } else { "text_layer" },
                text: p.text,
                seconds: p.seconds,
            })
            .collect(),
        letters: found.letters,
        receipt_stamps: found.receipt_stamps,
    }
}

/// How many years before now an OCR'd letter date is taken without question.
const RECENT_YEARS: i32 = 5;

/// An OCR'd letter date that cannot be (unreadable, implausible, or older than
/// [`RECENT_YEARS`]) gets a `suggested` reading with confusable digits changed, nearest to the
/// year of the dates the letter cites (else this year); it stays `uncertain` for the clerk.
fn repair_dated(letter: &mut LetterFields, now: DateTime<Utc>) {
    let this_year = now.year();
    let acceptable = |d: NaiveDate| {
        plausible("dated", DateKind::Dated, d, now).is_ok() && d.year() >= this_year - RECENT_YEARS
    };
    let cited: Vec<i32> = letter
        .enclosures
        .iter()
        .chain(letter.references.iter())
        .filter_map(|c| c.value.as_ref()?.dated)
        .filter(|d| acceptable(*d))
        .map(|d| d.year())
        .collect();
    let year = cited.iter().max().copied().unwrap_or(this_year);
    let Some(f) = letter.dated.as_mut() else {
        return;
    };
    if f.value.is_some_and(acceptable) {
        return;
    }
    f.uncertain = true;
    if let Some((d, tie)) = repair_date(&f.raw, year, acceptable) {
        f.suggested = Some(d);
        f.confidence = f.confidence.min(if tie { 0.4 } else { 0.6 });
    }
}

/// `[first, last]` (from 1) of letter `k`: from its own first page to the page before the next
/// letter's (or that page itself when both start on it), the last letter to the end.
fn letter_pages(firsts: &[usize], k: usize, n: usize) -> [usize; 2] {
    let first = firsts[k];
    let last = match firsts.get(k + 1) {
        Some(next) if *next > first => next - 1,
        Some(_) => first,
        None => n.saturating_sub(1).max(first),
    };
    [first + 1, last + 1]
}

fn busy() -> AppError {
    AppError::Unavailable503 {
        code: "ocr_busy",
        message: "another file is being read by OCR; try again shortly".into(),
        retry_after: Some(BUSY_RETRY_SECONDS),
    }
}

/// What a reading failure means for the caller.
pub fn failure(e: ReadFailure, s: &OcrSettings) -> AppError {
    match e {
        ReadFailure::Missing { program, detail } => AppError::Unavailable503 {
            code: "ocr_unavailable",
            message: format!("{program} cannot be run ({detail}); text layers of PDFs are still read; {INSTALL_HINT}"),
            retry_after: None,
        },
        ReadFailure::TimedOut => AppError::Unprocessable {
            code: "ocr_timeout",
            message: format!(
                "reading the file took longer than {} s and was stopped; send fewer pages or a smaller picture",
                s.timeout.as_secs()
            ),
        },
        ReadFailure::TooManyPages { pages, max } => AppError::Unprocessable {
            code: "too_many_pages",
            message: format!("the file has {pages} pages; at most {max} are read from one file"),
        },
        ReadFailure::Unreadable(why) => AppError::invalid("file", why),
        ReadFailure::Io(why) => AppError::Internal(format!("reading a letter file: {why}")),
    }
}

#[cfg(test)]
mod tests {
    use super::letter_pages;

    #[test]
    fn each_letter_runs_to_the_page_before_the_next() {
        let firsts = [0, 2, 2, 4];
        assert_eq!(letter_pages(&firsts, 0, 6), [1, 2]);
        assert_eq!(letter_pages(&firsts, 1, 6), [3, 3]);
        assert_eq!(letter_pages(&firsts, 2, 6), [3, 4]);
        assert_eq!(letter_pages(&firsts, 3, 6), [5, 6]);
    }
}
