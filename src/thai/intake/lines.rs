//! Lines of the input with their character offsets, and the label tests intake relies on.

use crate::thai::digits::to_arabic_digits;
use crate::thai::normalize::collapse_spaces;
use crate::thai::normalize::is_gap;
use crate::thai::normalize::is_mark;
use crate::thai::normalize::is_thai_letter;

/// One line of the input. `start` is its offset in characters; `text` excludes the newline.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// Offset in characters just past the line's last character.
    pub fn end(&self) -> usize {
        self.start + self.text.chars().count()
    }

    /// The line without surrounding whitespace.
    pub fn trimmed(&self) -> &'a str {
        self.text.trim_matches(is_gap)
    }

    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// The character span of `part`, which must be a sub-slice of this line's text.
    pub fn span_of(&self, part: &str) -> [usize; 2] {
        let base = self.text.as_ptr() as usize;
        let at = (part.as_ptr() as usize).saturating_sub(base);
        let before = self.text.get(..at).map_or(0, |s| s.chars().count());
        let start = self.start + before;
        [start, start + part.chars().count()]
    }

    /// The text after `label` at the start of the line (spaces, dots and colons skipped).
    pub fn after_label(&self, labels: &[&str]) -> Option<&'a str> {
        let t = self.trimmed();
        labels.iter().find_map(|label| {
            strip_label(t, label)
                .map(|r| r.trim_start_matches(|c: char| is_gap(c) || c == ':' || c == '.'))
        })
    }
}

/// Spaces that part two columns printed on one line: `pdftotext -layout` and the OCR layout
/// both keep the office address to the right of the `ที่` line, and a memo's `วันที่` to the
/// right of its number, apart by a run of spaces.
pub const COLUMN_GAP: usize = 4;

/// Splits the input into lines (LF or CRLF), and each line into its columns: a run of
/// [`COLUMN_GAP`] spaces or more inside a line starts a new [`Line`] on the same row.
pub fn split(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        columns(line, start, &mut out);
        start += raw.chars().count() + 1;
    }
    out
}

/// Pushes the columns of one printed line (the first keeps the leading spaces).
fn columns<'a>(line: &'a str, start: usize, out: &mut Vec<Line<'a>>) {
    let lead = line.len() - line.trim_start_matches(is_gap).len();
    let mut from = 0; // byte where the current column starts
    let mut run = 0; // spaces in the current run
    let mut run_at = 0; // byte where the run started
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' {
            if run == 0 {
                run_at = i;
            }
            run += if c == '\t' { COLUMN_GAP } else { 1 };
            continue;
        }
        if run >= COLUMN_GAP && i > lead && run_at > from {
            push_column(line, start, from, run_at, out);
            from = i;
        }
        run = 0;
    }
    push_column(line, start, from, line.len(), out);
}

fn push_column<'a>(line: &'a str, start: usize, from: usize, to: usize, out: &mut Vec<Line<'a>>) {
    let before = line.get(..from).map_or(0, |s| s.chars().count());
    if let Some(text) = line.get(from..to) {
        out.push(Line {
            start: start + before,
            text,
        });
    }
}

/// The rest of `t` after `label` at its start. A label of three or more base letters also
/// matches with its marks dropped or changed, as OCR gives it.
pub fn strip_label<'a>(t: &'a str, label: &str) -> Option<&'a str> {
    if let Some(rest) = t.strip_prefix(label) {
        return Some(rest);
    }
    let want: Vec<char> = label.chars().filter(|c| !is_mark(*c)).collect();
    if want.len() < 3 {
        return None;
    }
    let mut k = 0;
    for (i, c) in t.char_indices() {
        if is_mark(c) {
            continue;
        }
        if k == want.len() {
            return t.get(i..);
        }
        if c != want[k] {
            return None;
        }
        k += 1;
    }
    (k == want.len()).then(|| t.get(t.len()..).unwrap_or_default())
}

/// Labels that open a part of a letter; a multi-line field stops at any of them.
pub const SUBJECT: [&str; 1] = ["เรื่อง"];
pub const ADDRESSEE: [&str; 3] = ["กราบเรียน", "เรียน", "ถึง"];
pub const ENCLOSURE: [&str; 2] = ["สิ่งที่ส่งมาด้วย", "สิ่งที่แนบมาด้วย"];
pub const REFERENCE: [&str; 1] = ["อ้างถึง"];
const BODY_OPENERS: [&str; 9] = [
    "ด้วย",
    "ตามที่",
    "ตามหนังสือ",
    "เนื่องจาก",
    "เนื่องด้วย",
    "โดยที่",
    "จึง",
    "ขอแสดง",
    "ที่ ",
];

/// Does this line open a new part (so that a field running over lines ends before it)?
pub fn opens_part(line: &Line) -> bool {
    let t = line.trimmed();
    [
        &SUBJECT[..],
        &ADDRESSEE[..],
        &ENCLOSURE[..],
        &REFERENCE[..],
        &BODY_OPENERS[..],
    ]
    .iter()
    .flat_map(|set| set.iter())
    .any(|label| strip_label(t, label).is_some())
}

/// The lines of a field: the first line's value, then following lines that are neither blank
/// nor the start of another part, up to `max` lines in all. Returns the joined value and the
/// raw text with its span.
pub fn gather<'a>(
    lines: &[Line<'a>],
    at: usize,
    first: &'a str,
    max: usize,
    text: &'a str,
) -> (String, String, [usize; 2]) {
    let mut value = collapse_spaces(first);
    let Some(head) = lines.get(at) else {
        return (value, first.to_string(), [0, 0]);
    };
    let [start, mut end] = head.span_of(first.trim_end_matches(is_gap));
    // A following line indented past where the value starts is a new paragraph (the body).
    let value_col = start - head.start;
    for line in lines.iter().skip(at + 1).take(max.saturating_sub(1)) {
        if line.is_blank() || opens_part(line) || indent(line) > value_col + 1 {
            break;
        }
        let next = collapse_spaces(line.trimmed());
        let glue = match (value.chars().last(), next.chars().next()) {
            (Some(a), Some(b)) if is_thai_letter(a) && is_thai_letter(b) => "",
            _ => " ",
        };
        value = format!("{value}{glue}{next}");
        end = line.span_of(line.trimmed())[1];
    }
    let raw: String = text
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    (without_trailing_specks(&value), raw, [start, end])
}

/// `value` without the last words that hold no letter or digit (`: ๊`, `|`: OCR specks).
fn without_trailing_specks(value: &str) -> String {
    let mut words: Vec<&str> = value.split(' ').collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| !w.chars().any(|c| c.is_alphanumeric() && !is_mark(c)))
    {
        words.pop();
    }
    words.join(" ")
}

/// Spaces before the text of a line.
fn indent(line: &Line) -> usize {
    line.text.chars().take_while(|c| is_gap(*c)).count()
}

/// An office name printed on its own line: Thai, no digits, not a label or a date.
pub fn looks_like_office(line: &Line) -> bool {
    let t = line.trimmed();
    let n = t.chars().count();
    let starts_thai = t.chars().next().is_some_and(is_thai_letter);
    starts_thai
        && (3..=90).contains(&n)
        && !to_arabic_digits(t).chars().any(|c| c.is_ascii_digit())
        && !opens_part(line)
        && !is_time_label(t)
        && !t.starts_with("วันที่")
        && !t.starts_with('(')
}

/// `เวลา`, and `เวรา` as OCR often reads it.
pub fn is_time_label(t: &str) -> bool {
    t.starts_with("เวลา") || t.starts_with("เวรา")
}

/// An address line under a letterhead: a road, a postcode or Bangkok.
pub fn looks_like_address(t: &str) -> bool {
    let digits = to_arabic_digits(t);
    let postcode = digits
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 5);
    t.contains("ถนน") || t.contains("ถ.") || t.contains("กทม") || t.contains("กรุงเทพ") || postcode
}
