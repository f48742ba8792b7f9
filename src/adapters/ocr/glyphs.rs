//! The glyphs of a digit run cut from a picture: a crop binarised with Otsu's threshold, its
//! connected ink, and glyphs that touch cut apart at their thinnest column.

use image::GrayImage;

/// Ink of a crop: `true` where darker than Otsu's threshold.
pub struct Ink {
    w: usize,
    h: usize,
    on: Vec<bool>,
}

pub fn crop(img: &GrayImage, x0: i64, y0: i64, x1: i64, y1: i64) -> Option<Ink> {
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
pub struct Glyph {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    pub pixels: Vec<(usize, usize)>,
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
    pub fn width(&self) -> usize {
        self.x1 - self.x0 + 1
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0 + 1
    }
}

pub fn components(ink: &Ink) -> Vec<Glyph> {
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
pub fn split_wide(glyphs: Vec<Glyph>) -> Vec<Glyph> {
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
