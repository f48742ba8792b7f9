//! Thai digits read again. Tesseract 5.3's `tha` model confuses ๔–๙ (๘→๕, ๙→๕ or ๐๕, ๗→๓,
//! ๖→๒, ๔→๕) even on clean prints, so every run of digits it found (with a letter it put
//! between digits, e.g. `ฒ` for ๗) is cut from the picture, split into its glyphs (connected
//! ink, with glyphs that touch cut apart at the thinnest column) and each glyph matched
//! against the digits of the TLWG fonts (`digit_templates.rs`). The run becomes one word whose
//! confidence is the weakest glyph's margin between the best and the next digit.

use super::digit_templates::{GRID_H, GRID_W, TEMPLATES};
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

/// Ink of a crop: `true` where darker than Otsu's threshold.
struct Ink {
    w: usize,
    h: usize,
    on: Vec<bool>,
}

fn crop(img: &GrayImage, x0: i64, y0: i64, x1: i64, y1: i64) -> Option<Ink> {
    let (iw, ih) = (i64::from(img.width()), i64::from(img.height()));
    let (x0, y0, x1, y1) = (x0.max(0), y0.max(0), x1.min(iw), y1.min(ih));
    if x1 - x0 < 2 || y1 - y0 < 2 {
        return None;
    }
    let (w, h) = (
        usize::try_from(x1 - x0).ok()?,
        usize::try_from(y1 - y0).ok()?,
    );
    let mut grey = Vec::with_capacity(w * h);
    for y in y0..y1 {
        for x in x0..x1 {
            grey.push(
                img.get_pixel(u32::try_from(x).ok()?, u32::try_from(y).ok()?)
                    .0[0],
            );
        }
    }
    let t = otsu(&grey);
    Some(Ink {
        w,
        h,
        on: grey.iter().map(|g| *g <= t).collect(),
    })
}

fn otsu(v: &[u8]) -> u8 {
    let mut hist = [0f64; 256];
    for g in v {
        hist[usize::from(*g)] += 1.0;
    }
    let total = v.len() as f64;
    let sum: f64 = hist.iter().enumerate().map(|(i, n)| i as f64 * n).sum();
    let (mut wb, mut sb, mut best, mut at) = (0.0, 0.0, 0.0, 128u8);
    for (t, n) in hist.iter().enumerate() {
        wb += n;
        if wb == 0.0 {
            continue;
        }
        let wf = total - wb;
        if wf == 0.0 {
            break;
        }
        sb += t as f64 * n;
        let (mb, mf) = (sb / wb, (sum - sb) / wf);
        let between = wb * wf * (mb - mf) * (mb - mf);
        if between > best {
            best = between;
            at = u8::try_from(t).unwrap_or(128);
        }
    }
    at
}

/// One glyph: its box in the crop and its pixels.
struct Glyph {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    pixels: Vec<(usize, usize)>,
}

impl Glyph {
    fn of(pixels: Vec<(usize, usize)>) -> Option<Glyph> {
        Some(Glyph {
            x0: pixels.iter().map(|p| p.0).min()?,
            x1: pixels.iter().map(|p| p.0).max()?,
            y0: pixels.iter().map(|p| p.1).min()?,
            y1: pixels.iter().map(|p| p.1).max()?,
            pixels,
        })
    }
    fn width(&self) -> usize {
        self.x1 - self.x0 + 1
    }
    fn height(&self) -> usize {
        self.y1 - self.y0 + 1
    }
}

fn components(ink: &Ink) -> Vec<Glyph> {
    let mut seen = vec![false; ink.on.len()];
    let mut out = Vec::new();
    for (start, on) in ink.on.iter().enumerate() {
        if !on || seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut pixels = Vec::new();
        while let Some(p) = stack.pop() {
            let (x, y) = (p % ink.w, p / ink.w);
            pixels.push((x, y));
            for ny in y.saturating_sub(1)..=(y + 1).min(ink.h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(ink.w - 1) {
                    let q = ny * ink.w + nx;
                    if ink.on[q] && !seen[q] {
                        seen[q] = true;
                        stack.push(q);
                    }
                }
            }
        }
        out.extend(Glyph::of(pixels));
    }
    out
}

/// Glyphs that touch (wider than one and a half digits) cut at their thinnest columns.
fn split_wide(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let mut heights: Vec<usize> = glyphs.iter().map(Glyph::height).collect();
    heights.sort_unstable();
    let h = heights.get(heights.len() / 2).copied().unwrap_or(1).max(1);
    let mut out = Vec::new();
    for g in glyphs {
        let w = g.width();
        if w * 2 <= h * 3 {
            out.push(g);
            continue;
        }
        let n = ((w as f64 / (0.95 * h as f64)).round() as usize).max(2);
        let mut cols = vec![0usize; w];
        for (x, _) in &g.pixels {
            cols[x - g.x0] += 1;
        }
        let mut bounds = vec![0];
        for k in 1..n {
            let ideal = k * w / n;
            let slack = w / (3 * n);
            let (lo, hi) = (
                ideal.saturating_sub(slack).max(1),
                (ideal + slack).min(w - 1),
            );
            let cut = (lo..=hi).min_by_key(|x| cols[*x]).unwrap_or(ideal);
            bounds.push(cut);
        }
        bounds.push(w);
        for pair in bounds.windows(2) {
            let part: Vec<(usize, usize)> = g
                .pixels
                .iter()
                .copied()
                .filter(|(x, _)| (pair[0]..pair[1]).contains(&(x - g.x0)))
                .collect();
            out.extend(Glyph::of(part));
        }
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
