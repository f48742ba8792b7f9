//! Receipt stamps (ตรารับหนังสือ, แบบที่ ๑๒): an office line, `เลขรับที่ <n>`, `วันที่ <date>`,
//! `เวลา <time>`. Labels vary (`เลขรับที่`, `รับที่`, `เลขที่`), years may have two digits,
//! the time is often blank, and OCR adds dots, dashes and `เวรา` for `เวลา`.

use super::lines::{is_time_label, looks_like_office, Line};
use super::ReceiptStamp;
use crate::thai::date::parse_thai_date;
use crate::thai::date::parse_time;
use crate::thai::digits::to_arabic_digits;
use crate::thai::normalize::collapse_spaces;
use crate::thai::normalize::is_gap;
use std::collections::BTreeSet;

/// Longest first, so that `เลขรับที่` is not read as `เลขรับ`.
const LABELS: [&str; 6] = [
    "เลขทะเบียนรับที่",
    "เลขทะเบียนรับ",
    "เลขรับที่",
    "เลขรับ",
    "รับที่",
    "เลขที่",
];
/// How many lines below the number line the date and time may be.
const LOOKAHEAD: usize = 3;

fn is_noise(c: char) -> bool {
    is_gap(c) || matches!(c, '.' | '…' | ':' | '-' | '–' | '_')
}

/// Finds the stamps; also returns the line numbers they use (office, number, date, time), which
/// are then not read as letter fields.
pub fn find(lines: &[Line]) -> (Vec<ReceiptStamp>, BTreeSet<usize>) {
    let mut stamps = Vec::new();
    let mut used = BTreeSet::new();
    for (n, line) in lines.iter().enumerate() {
        if used.contains(&n) {
            continue;
        }
        let Some((stamp, parts)) = stamp_at(lines, n, line, &used) else {
            continue;
        };
        used.extend(parts.iter().copied());
        stamps.push(stamp);
    }
    (stamps, used)
}

/// Reads the stamp whose number line is `lines[n]`, with the line numbers it uses.
fn stamp_at(
    lines: &[Line],
    n: usize,
    line: &Line,
    used: &BTreeSet<usize>,
) -> Option<(ReceiptStamp, Vec<usize>)> {
    let (label, number, after) = label_and_number(line.trimmed())?;
    let mut parts = vec![n];
    let (mut date_raw, mut time_raw) = inline_date_time(after)?;
    look_below(lines, n, &mut date_raw, &mut time_raw, &mut parts);
    let parsed = date_raw.as_deref().map(parse_thai_date);
    let date = parsed.as_ref().and_then(|p| p.date);
    if date.is_none() && label == "เลขที่" {
        return None; // `เลขที่` alone is too common to be a stamp without its date
    }
    let time = time_raw.as_deref().and_then(|t| {
        let t = t.replacen("เวรา", "เวลา", 1);
        parse_time(t.trim_matches(is_noise))
    });
    let office_line = office_above(lines, n, used);
    if let Some((i, _)) = office_line {
        parts.push(i);
    }
    let span = span_of(lines, &parts, n);
    let date_ok = parsed
        .as_ref()
        .is_some_and(|p| p.date.is_some() && !p.uncertain);
    let confidence = match (date_ok, office_line.is_some()) {
        (true, true) => 0.9,
        (true, false) => 0.8,
        _ => 0.5,
    };
    let stamp = ReceiptStamp {
        label: label.to_string(),
        office: office_line.map(|(_, l)| collapse_spaces(l.trimmed())),
        number,
        date,
        date_raw: date_raw.map(|d| collapse_spaces(&d)),
        time: time.map(|t| t.format("%H:%M").to_string()),
        letter_index: None,
        confidence,
        uncertain: !date_ok,
        span,
    };
    Some((stamp, parts))
}

/// The stamp label a line starts with, the number after it and the rest of the line.
fn label_and_number(t: &str) -> Option<(&'static str, u64, &str)> {
    let label: &'static str = LABELS.iter().find(|l| t.starts_with(**l))?;
    let rest = t.get(label.len()..).unwrap_or_default();
    let rest = rest.trim_start_matches(is_noise);
    let digits_len = rest
        .find(|c: char| !(c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c)))
        .unwrap_or(rest.len());
    let number = rest
        .get(..digits_len)
        .and_then(|d| to_arabic_digits(d).parse::<u64>().ok())?;
    let after = rest
        .get(digits_len..)
        .unwrap_or_default()
        .trim_matches(is_gap);
    Some((label, number, after))
}

/// The date and time written on the number line itself; `None` when the rest of the line is
/// something else (`เลขที่ 99 ถนน…` is an address, not a stamp).
#[allow(clippy::type_complexity)]
fn inline_date_time(after: &str) -> Option<(Option<String>, Option<String>)> {
    let (mut date_raw, mut time_raw) = (None, None);
    if let Some(at) = after.find("วันที่") {
        let inline = after.get(at..).unwrap_or_default();
        match inline.find("เวลา") {
            Some(tp) => {
                date_raw = inline.get(..tp).map(str::to_string);
                time_raw = inline.get(tp..).map(str::to_string);
            }
            None => date_raw = Some(inline.to_string()),
        }
    } else if !after.is_empty() {
        return None;
    }
    Some((date_raw, time_raw))
}

/// Reads the date and time lines below the number line, up to `LOOKAHEAD` non-blank lines.
fn look_below(
    lines: &[Line],
    n: usize,
    date_raw: &mut Option<String>,
    time_raw: &mut Option<String>,
    parts: &mut Vec<usize>,
) {
    let mut k = n + 1;
    let mut seen = 0;
    while let Some(next) = lines.get(k) {
        if seen >= LOOKAHEAD {
            break;
        }
        if !next.is_blank() {
            seen += 1;
            let nt = next.trimmed();
            if date_raw.is_none() && (nt.starts_with("วันที่") || nt.starts_with("ลงวันที่"))
            {
                *date_raw = Some(nt.to_string());
                parts.push(k);
            } else if time_raw.is_none() && is_time_label(nt) {
                *time_raw = Some(nt.to_string());
                parts.push(k);
            } else {
                break;
            }
        }
        k += 1;
    }
}

/// The office line just above the number line, if it is free and looks like an office.
fn office_above<'a>(
    lines: &'a [Line<'a>],
    n: usize,
    used: &BTreeSet<usize>,
) -> Option<(usize, &'a Line<'a>)> {
    (0..n)
        .rev()
        .take(3)
        .map(|i| (i, &lines[i]))
        .find(|(_, l)| !l.is_blank())
        .filter(|(i, l)| !used.contains(i) && looks_like_office(l))
}

/// The text span from the first to the last line the stamp uses.
fn span_of(lines: &[Line], parts: &[usize], n: usize) -> [usize; 2] {
    let first = parts.iter().min().copied().unwrap_or(n);
    let last = parts.iter().max().copied().unwrap_or(n);
    [
        lines[first].span_of(lines[first].trimmed())[0],
        lines[last].span_of(lines[last].trimmed())[1],
    ]
}
