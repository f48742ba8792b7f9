//! Tesseract on one picture: its TSV output (every word with its box and confidence) laid
//! out again as text by [`super::tsv`].

use super::run::{io, run};
use super::{OcrText, ReadFailure};
use crate::config::ocr::OcrSettings;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Tesseract runs on one thread: on a small server, OpenMP's spinning threads cost more time
/// than they save (measured in docs/intake.md).
const THREADS: &str = "1";

/// Is Tesseract there, with the configured language?
pub fn check_tesseract(s: &OcrSettings, dir: &Path, deadline: Instant) -> Result<(), ReadFailure> {
    let out = dir.join("langs.txt");
    let mut cmd = Command::new(&s.tesseract);
    cmd.arg("--list-langs");
    run(&mut cmd, &s.tesseract, dir, Some(&out), deadline).map_err(|e| match e {
        ReadFailure::Unreadable(detail) => ReadFailure::Missing {
            program: s.tesseract.display().to_string(),
            detail,
        },
        other => other,
    })?;
    let langs = std::fs::read_to_string(&out).map_err(io)?;
    let wanted = s
        .language
        .split('+')
        .all(|l| langs.lines().any(|x| x.trim() == l));
    if wanted {
        Ok(())
    } else {
        Err(ReadFailure::Missing {
            program: s.tesseract.display().to_string(),
            detail: format!("the language data `{}` is not installed", s.language),
        })
    }
}

/// The text of a picture, read with page segmentation mode 4 (one column of lines of mixed
/// sizes: keeps the `ที่` line and the address beside it on one line, as a letter is laid out).
pub fn ocr_image(
    s: &OcrSettings,
    image: &Path,
    dir: &Path,
    deadline: Instant,
) -> Result<OcrText, ReadFailure> {
    let base = dir.join("ocr");
    let mut cmd = Command::new(&s.tesseract);
    cmd.arg(image)
        .arg(&base)
        .args(["-l", &s.language, "--psm", "4", "tsv"])
        .env("OMP_THREAD_LIMIT", THREADS);
    run(&mut cmd, &s.tesseract, dir, None, deadline)?;
    let tsv = std::fs::read_to_string(base.with_extension("tsv")).map_err(io)?;
    let words = super::tsv::parse(&tsv);
    // The digits are read again from the picture (digits.rs); a picture the image decoder
    // cannot open keeps Tesseract's reading.
    let picture = std::fs::read(image)
        .ok()
        .and_then(|bytes| image::load_from_memory(&bytes).ok());
    let words = match picture {
        Some(p) => super::digits::reread(&p.to_luma8(), words),
        None => words,
    };
    Ok(super::tsv::layout_words(words))
}
