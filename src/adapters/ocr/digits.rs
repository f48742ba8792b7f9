//! Thai digits read again. Tesseract 5.3's `tha` model confuses ๔–๙ (๘→๕, ๙→๕ or ๐๕, ๗→๓,
//! ๖→๒, ๔→๕) even on clean prints, so every run of digits it found (with a letter it put
//! between digits, e.g. `ฒ` for ๗) is cut from the picture, split into its glyphs (connected
//! ink, with glyphs that touch cut apart at the thinnest column) and each glyph matched
//! against the digits of the TLWG fonts (`digit_templates.rs`). The run becomes one word whose
//! confidence is the weakest glyph's margin between the best and the next digit.

use super::digit_templates::{GRID_H, GRID_W, TEMPLATES};
use super::glyphs::{components, crop, split_wide, Glyph};
use super::tsv::Word;
use crate::thai::digits::is_thai_digit;
use crate::thai::normalize::is_mark;
use image::GrayImage;

fn is_digits(t: &str) -> bool {
    !t.is_empty() && t.chars().all(is_thai_digit)
}

/// Reads every digit run of `words` again from `img` (the picture Tesseract read).
pub fn reread(img: &GrayImage, words: Vec<Word>) -> Vec<Word> {
    let runs = runs(&words);
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    for (start, end) in runs {
        out.extend(words[i..start].iter().cloned());
        let run = &words[start..end];
        match read_run(img, run) {
            Some(word) => out.push(word),
            None => out.extend(run.iter().cloned()),
        }
        i = end;
    }
    out.extend(words[i..].iter().cloned());
    out
}

/// Are `b` and the word before it, `a`, on one line and close enough to be one number?
fn near(a: &Word, b: &Word) -> bool {
    a.key == b.key && b.left - (a.left + a.width) < b.height.max(16) * 7 / 10
}

/// `[start, end)` of each run of digits; a short non-digit between a digit and a digit, `.`
/// or `/` is taken as a misread digit.
fn runs(words: &[Word]) -> Vec<(usize, usize)> {
    let sep = |k: usize| words.get(k).is_some_and(|w| w.text == "." || w.text == "/");
    let digit = |k: usize| words.get(k).is_some_and(|w| is_digits(&w.text));
    let close = |a: usize, b: usize| match (words.get(a), words.get(b)) {
        (Some(x), Some(y)) => near(x, y),
        _ => false,
    };
    let digitish = |k: usize| {
        let t = &words[k].text;
        if is_digits(t) {
            return true;
        }
        if t.chars().count() > 2 || t.chars().any(|c| ".,/-ว()".contains(c)) {
            return false;
        }
        let left = k > 0 && close(k - 1, k);
        let right = close(k, k + 1);
        if t.chars().any(is_mark) {
            // `ซ่` for ๗: a mark is taken only between two digits.
            return left && right && digit(k - 1) && digit(k + 1);
        }
        // Between digits, before `.` or `/`, or last before a gap.
        (left && digit(k - 1) && (!right || digit(k + 1) || sep(k + 1)))
            || (right && digit(k + 1) && left && sep(k - 1))
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for k in 0..words.len() {
        let joins = digitish(k) && k > 0 && close(k - 1, k) && start.is_some();
        if joins {
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, k));
        }
        if digitish(k) {
            start = Some(k);
        }
    }
    if let Some(s) = start {
        out.push((s, words.len()));
    }
    out
}

/// The digit a glyph is, and the confidence (0..1): how much better the best digit fits than
/// the next other digit.
fn classify(g: &Glyph) -> (char, f32) {
    let (w, h) = (g.width(), g.height());
    let mut ink = [0u32; GRID_W * GRID_H];
    let mut count = [0u32; GRID_W * GRID_H];
    let mut on = vec![false; w * h];
    for (x, y) in &g.pixels {
        on[(y - g.y0) * w + (x - g.x0)] = true;
    }
    for y in 0..h {
        for x in 0..w {
            let c = (y * GRID_H / h) * GRID_W + x * GRID_W / w;
            ink[c] += u32::from(on[y * w + x]);
            count[c] += 1;
        }
    }
    let cells: Vec<f32> = (0..GRID_W * GRID_H)
        .map(|i| (ink[i] * 255).checked_div(count[i]).unwrap_or(0) as f32)
        .collect();
    let aspect = w as f32 / h as f32;
    let mut best: [(f32, char); 10] = [(f32::MAX, '๐'); 10];
    for t in TEMPLATES {
        let d: f32 = cells
            .iter()
            .zip(t.cells.iter())
            .map(|(a, b)| (a - f32::from(*b)).powi(2))
            .sum::<f32>()
            / (GRID_W * GRID_H) as f32
            / (255.0 * 255.0)
            + 0.5 * (aspect - t.aspect).powi(2);
        let k = u32::from(t.digit).saturating_sub(0x0E50).min(9) as usize;
        if d < best[k].0 {
            best[k] = (d, t.digit);
        }
    }
    best.sort_by(|a, b| a.0.total_cmp(&b.0));
    let margin = if best[1].0 > 0.0 {
        1.0 - best[0].0 / best[1].0
    } else {
        0.0
    };
    (best[0].1, margin.clamp(0.0, 1.0))
}

/// The run read again, as one word; `None` when no glyph is found (the run is kept).
fn read_run(img: &GrayImage, run: &[Word]) -> Option<Word> {
    let x0 = run.iter().map(|w| w.left).min()?;
    let x1 = run.iter().map(|w| w.left + w.width).max()?;
    let y0 = run.iter().map(|w| w.top).min()?;
    let y1 = run.iter().map(|w| w.top + w.height).max()?;
    let (padx, pady) = (((y1 - y0) / 2).max(3), 3);
    let ink = crop(img, x0 - padx, y0 - pady, x1 + padx, y1 + pady)?;
    let glyphs = components(&ink);
    let tallest = glyphs.iter().map(Glyph::height).max()?;
    // The run's own columns inside the crop (which starts `padx` to the left of it).
    let (a, b) = (padx.min(x0) as usize, (padx.min(x0) + x1 - x0) as usize);
    let mut kept: Vec<Glyph> = glyphs
        .into_iter()
        .filter(|g| g.height() * 20 >= tallest * 9)
        .filter(|g| {
            let overlap = g.x1.min(b) as i64 - g.x0.max(a) as i64 + 1;
            overlap * 10 >= g.width() as i64 * 3
        })
        .collect();
    if kept.is_empty() {
        return None;
    }
    kept = split_wide(kept);
    kept.sort_by_key(|g| g.x0);
    let read: Vec<(char, f32)> = kept.iter().map(classify).collect();
    let text: String = read.iter().map(|r| r.0).collect();
    let conf = read.iter().map(|r| r.1).fold(1.0f32, f32::min);
    Some(Word {
        key: run[0].key,
        left: x0,
        top: y0,
        width: x1 - x0,
        height: y1 - y0,
        conf: ((0.55 + conf) * 100.0).min(99.0),
        text,
    })
}
