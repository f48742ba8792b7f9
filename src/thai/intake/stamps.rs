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
        let t = line.trimmed();
        let Some(label) = LABELS.iter().find(|l| t.starts_with(**l)) else {
            continue;
        };
        let rest = t.get(label.len()..).unwrap_or_default();
        let rest = rest.trim_start_matches(is_noise);
        let digits_len = rest
            .find(|c: char| !(c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c)))
            .unwrap_or(rest.len());
        let Some(number) = rest
            .get(..digits_len)
            .and_then(|d| to_arabic_digits(d).parse::<u64>().ok())
        else {
            continue;
        };
        let after = rest
            .get(digits_len..)
            .unwrap_or_default()
            .trim_matches(is_gap);
        let mut parts = vec![n];
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
            continue; // `เลขที่ 99 ถนน…` is an address, not a stamp
        }
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
                    date_raw = Some(nt.to_string());
                    parts.push(k);
                } else if time_raw.is_none() && is_time_label(nt) {
                    time_raw = Some(nt.to_string());
                    parts.push(k);
                } else {
                    break;
                }
            }
            k += 1;
        }
        let parsed = date_raw.as_deref().map(parse_thai_date);
        let date = parsed.as_ref().and_then(|p| p.date);
        if date.is_none() && *label == "เลขที่" {
            continue; // `เลขที่` alone is too common to be a stamp without its date
        }
        let time = time_raw.as_deref().and_then(|t| {
            let t = t.replacen("เวรา", "เวลา", 1);
            parse_time(t.trim_matches(is_noise))
        });
        let office_line = (0..n)
            .rev()
            .take(3)
            .map(|i| (i, &lines[i]))
            .find(|(_, l)| !l.is_blank())
            .filter(|(i, l)| !used.contains(i) && looks_like_office(l));
        if let Some((i, _)) = office_line {
            parts.push(i);
        }
        let first = parts.iter().min().copied().unwrap_or(n);
        let last = parts.iter().max().copied().unwrap_or(n);
        let span = [
            lines[first].span_of(lines[first].trimmed())[0],
            lines[last].span_of(lines[last].trimmed())[1],
        ];
        let date_ok = parsed
            .as_ref()
            .is_some_and(|p| p.date.is_some() && !p.uncertain);
        let confidence = match (date_ok, office_line.is_some()) {
            (true, true) => 0.9,
            (true, false) => 0.8,
            _ => 0.5,
        };
        used.extend(parts.iter().copied());
        stamps.push(ReceiptStamp {
            label: (*label).to_string(),
            office: office_line.map(|(_, l)| collapse_spaces(l.trimmed())),
            number,
            date,
            date_raw: date_raw.map(|d| collapse_spaces(&d)),
            time: time.map(|t| t.format("%H:%M").to_string()),
            letter_index: None,
            confidence,
            uncertain: !date_ok,
            span,
        });
    }
    (stamps, used)
}
