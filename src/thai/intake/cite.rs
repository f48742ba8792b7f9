//! Letter numbers and dates cited inside running text (`… ที่ นร ๑๒๐๗/๕๐๙ ลงวันที่ …`).

use super::Citation;
use crate::thai::date::parse_thai_date;
use crate::thai::letter_no;
use crate::thai::letter_no::LetterNumber;
use crate::thai::letter_no::ParseStatus;
use crate::thai::normalize::collapse_spaces;
use crate::thai::normalize::is_gap;
use crate::thai::normalize::is_thai_letter;

/// How far after `ที่` the slash of a number may be, in characters.
const MAX_PREFIX: usize = 30;
const DATE_LABELS: [&str; 3] = ["ลงวันที่", "ลว.", "ลว "];
const DATE_STOPS: [&str; 8] = ["จำนวน", "เรื่อง", "ซึ่ง", "ความว่า", "(", ",", "และ", "ที่ "];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// The end (byte offset) of a number whose text starts at `s`: up to the first `/`, then
/// committee segments, `พิเศษ/`, `ว`, and the running number or a `-` placeholder.
pub fn number_end(s: &str) -> Option<usize> {
    let slash = s
        .char_indices()
        .take(MAX_PREFIX)
        .find(|(_, c)| *c == '/')?
        .0;
    if s.get(..slash)?.contains('\n') {
        return None;
    }
    let mut i = slash + 1;
    let mut depth = 0usize;
    while let Some(c) = s.get(i..)?.chars().next() {
        let rest = s.get(i..)?;
        if depth == 0 && is_digit(c) {
            let run = rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len());
            return Some(i + run);
        }
        if depth == 0 && c == '-' {
            return Some(i + 1);
        }
        if depth == 0 && rest.starts_with("พิเศษ") {
            i += "พิเศษ".len();
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            'ว' | '.' | '/' | ' ' => {}
            c if depth > 0 && is_thai_letter(c) => {}
            _ => return None,
        }
        i += c.len_utf8();
    }
    None
}

/// Numbers written as `ที่ <number>` in `text`: byte range of the number and its parse.
/// Only readable numbers (not `opaque`) are returned.
pub fn numbers(text: &str) -> Vec<(usize, usize, LetterNumber)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("ที่") {
        let before = text.get(..at).and_then(|s| s.chars().last());
        if before.is_some_and(|c| !is_gap(c) && c != '(') {
            continue; // part of a word: สิ่งที่, ลงวันที่, ลำดับที่ …
        }
        let Some(rest) = text.get(at + "ที่".len()..) else {
            continue;
        };
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| is_gap(c) || c == ':')
                .len();
        let start = at + "ที่".len() + skip;
        let Some(len) = text.get(start..).and_then(number_end) else {
            continue;
        };
        let Some(raw) = text.get(start..start + len) else {
            continue;
        };
        let parsed = letter_no::parse(raw);
        if parsed.parse_status != ParseStatus::Opaque {
            out.push((start, start + len, parsed));
        }
    }
    out
}

/// The end of the year of a date at the start of `s`: the first digit run after a month name.
fn year_end(s: &str) -> Option<usize> {
    let mut seen_month = false;
    for (i, c) in s.char_indices() {
        if is_thai_letter(c) {
            seen_month = true;
        } else if seen_month && is_digit(c) {
            let rest = s.get(i..)?;
            return Some(i + rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len()));
        }
    }
    None
}

/// Where a citation that ends its number at `number_end` ends: after the date when a
/// `ลงวันที่ <date>` follows the number directly, else at the number.
pub fn extent(text: &str, number_end: usize) -> usize {
    let Some(after) = text.get(number_end..) else {
        return number_end;
    };
    let lead = after.len() - after.trim_start_matches(is_gap).len();
    let label = DATE_LABELS
        .iter()
        .find(|l| after.get(lead..).is_some_and(|a| a.starts_with(**l)));
    match label {
        Some(l) => {
            let from = number_end + lead + l.len();
            text.get(from..)
                .and_then(year_end)
                .map_or(number_end, |y| from + y)
        }
        None => number_end,
    }
}

/// Reads a citation: the first number in it and the date after `ลงวันที่`/`ลว.`.
pub fn citation(text: &str) -> Citation {
    let found = numbers(text).into_iter().next();
    let after = found.as_ref().map_or(0, |(_, end, _)| *end);
    let tail = text.get(after..).unwrap_or_default();
    let dated_raw = DATE_LABELS.iter().find_map(|label| {
        let at = tail.find(label)?;
        let rest = tail.get(at + label.len()..)?;
        let stop = DATE_STOPS
            .iter()
            .filter_map(|s| rest.find(s))
            .min()
            .unwrap_or(rest.len());
        let stop = year_end(rest).map_or(stop, |y| y.min(stop));
        let raw = rest
            .get(..stop)?
            .trim_matches(|c: char| is_gap(c) || c == '.');
        (!raw.is_empty()).then(|| collapse_spaces(raw))
    });
    let dated = dated_raw.as_deref().and_then(|r| {
        let p = parse_thai_date(r);
        p.date.filter(|_| !p.uncertain)
    });
    Citation {
        text: collapse_spaces(text),
        number: found.map(|(_, _, n)| n),
        dated,
        dated_raw,
    }
}
