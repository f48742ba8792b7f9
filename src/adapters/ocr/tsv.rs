//! Tesseract's TSV output laid out as text the way `pdftotext -layout` lays out a text layer:
//! one line per printed line, a space where words stand apart, a run of spaces where a column
//! gap is (the `ที่` line and the office address beside it), indentation kept roughly, and a
//! blank line where a printed line is skipped. Each word keeps its confidence and its place in
//! the text.

use super::OcrText;

/// Words read with less confidence than this (in %) are specks and smudges, not text.
const NOISE: f32 = 20.0;
/// A line whose mean confidence is below this (in %) is noise as a whole: on the evaluation
/// scans printed lines read 86 % and more, specks and dotted rules 60 % and less.
const NOISE_LINE: f32 = 70.0;
/// Spaces standing for a column gap; intake splits a line at 4 or more.
const COLUMN_GAP: &str = "        ";

/// One word (for Thai, mostly one letter) of Tesseract's TSV: its line, box, confidence (%).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// (block, paragraph, line)
    pub key: (u32, u32, u32),
    pub left: i64,
    pub top: i64,
    pub width: i64,
    pub height: i64,
    pub conf: f32,
    pub text: String,
}

/// The words of a TSV, specks left out.
pub fn parse(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 12 || c[0] != "5" {
                return None;
            }
            let n = |i: usize| c[i].trim().parse::<i64>().ok();
            let text = c[11..].join("\t").trim().to_string();
            let conf = c[10].trim().parse::<f32>().ok()?;
            if text.is_empty() || conf < NOISE {
                return None;
            }
            let key = (
                u32::try_from(n(2)?).ok()?,
                u32::try_from(n(3)?).ok()?,
                u32::try_from(n(4)?).ok()?,
            );
            Some(Word {
                key,
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                conf,
                text,
            })
        })
        .collect()
}

fn median(mut v: Vec<i64>) -> i64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(20).max(4)
}

/// Lays out the words of one page. Never fails: unreadable input gives empty text.
pub fn layout(tsv: &str) -> OcrText {
    layout_words(parse(tsv))
}

/// Lays out words in their order.
pub fn layout_words(words: Vec<Word>) -> OcrText {
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if line[0].key == w.key => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines.retain(|l| l.iter().map(|w| w.conf).sum::<f32>() / l.len() as f32 >= NOISE_LINE);
    // The height of a letter of body text, the unit of every gap below.
    let h = median(lines.iter().flatten().map(|w| w.height).collect());
    // Specks in a row are lower than letters.
    lines.retain(|l| median(l.iter().map(|w| w.height).collect()) * 2 >= h);
    let page_left = lines
        .iter()
        .filter_map(|l| l.iter().map(|w| w.left).min())
        .min()
        .unwrap_or(0);
    let mut out = OcrText::default();
    let mut chars = 0usize;
    let mut last_bottom: Option<i64> = None;
    for line in &lines {
        let top = line.iter().map(|w| w.top).min().unwrap_or(0);
        let bottom = line.iter().map(|w| w.top + w.height).max().unwrap_or(0);
        if let Some(b) = last_bottom {
            if top - b > h * 3 / 2 {
                out.text.push('\n');
                chars += 1;
            }
        }
        last_bottom = Some(bottom);
        let left = line.iter().map(|w| w.left).min().unwrap_or(page_left);
        // A Thai letter is about half as wide as it is high: indentation in letters.
        let indent = usize::try_from((left - page_left) * 2 / h.max(1)).unwrap_or(0);
        push(&mut out.text, &mut chars, &" ".repeat(indent));
        let mut right: Option<i64> = None;
        for w in line {
            if let Some(r) = right {
                let gap = w.left - r;
                if gap > h * 5 / 2 {
                    push(&mut out.text, &mut chars, COLUMN_GAP);
                } else if gap * 20 > h * 11 {
                    push(&mut out.text, &mut chars, " ");
                }
            }
            right = Some(right.map_or(w.left + w.width, |r| r.max(w.left + w.width)));
            let start = chars;
            push(&mut out.text, &mut chars, &w.text);
            out.words.push((start, chars, w.conf / 100.0));
        }
        out.text.push('\n');
        chars += 1;
    }
    let (text, map) = crate::thai::normalize::compose_sara_am(&out.text);
    let at = |i: usize| map.get(i).copied().unwrap_or(0);
    OcrText {
        text,
        words: out
            .words
            .iter()
            .map(|(a, b, c)| (at(*a), at(*b), *c))
            .collect(),
    }
}

fn push(text: &mut String, chars: &mut usize, s: &str) {
    text.push_str(s);
    *chars += s.chars().count();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, word: u32, left: i64, top: i64, w: i64, conf: f32, text: &str) -> String {
        format!("5\t1\t1\t1\t{line}\t{word}\t{left}\t{top}\t{w}\t20\t{conf}\t{text}")
    }

    #[test]
    fn words_apart_get_a_space_columns_a_run_of_spaces_and_noise_is_dropped() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_string(),
            row(1, 1, 100, 100, 40, 95.0, "ที่"),
            row(1, 2, 160, 100, 40, 90.0, "มท"),
            row(1, 3, 600, 100, 200, 80.0, "กระทรวง"),
            row(2, 1, 100, 125, 30, 10.0, "~"),
            row(3, 1, 600, 200, 30, 30.0, "@"),
            row(4, 1, 130, 300, 60, 90.0, "เรื่อง"),
        ]
        .join("\n");
        let found = layout(&tsv);
        assert_eq!(found.text, "ที่ มท        กระทรวง\n\n   เรื่อง\n");
        assert_eq!(found.words.len(), 4);
        let (a, b, conf) = found.words[2];
        let word: String = found.text.chars().skip(a).take(b - a).collect();
        assert_eq!((word.as_str(), conf), ("กระทรวง", 0.8));
    }
}
