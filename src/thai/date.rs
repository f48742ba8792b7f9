//! Buddhist Era dates and times as written in Thai official correspondence.
//!
//! Letters carry `๓๐ เมษายน ๒๕๖๙` (full month name); stamps, registers and
//! citations carry `๕ พ.ค. ๖๙` (abbreviated month, often a two-digit year).
//! Parsing is lenient and never fails: it keeps the raw text and reports
//! whether the result should be checked by a human.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::digits::{render, to_arabic_digits, Digits};
use super::normalize::collapse_spaces;

/// Buddhist Era year = Common Era year + 543 (for dates since 1941 CE, when
/// the Thai year started on 1 January).
pub const BE_OFFSET: i32 = 543;

/// Four-digit years below this are taken as CE rather than BE.
const MIN_BE_YEAR: i32 = 2400;

/// Converts a CE year to a BE year.
pub fn be_year(ce_year: i32) -> i32 {
    ce_year + BE_OFFSET
}

/// Converts a BE year to a CE year.
pub fn ce_year(be_year: i32) -> i32 {
    be_year - BE_OFFSET
}

/// Full month names, January first.
pub const MONTHS_FULL: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated month names, January first.
pub const MONTHS_ABBR: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// Spellings seen in the wild, compared after removing dots and spaces.
/// Colloquial short forms and common misspellings.
const MONTH_VARIANTS: [(&str, u32); 16] = [
    ("มกรา", 1),
    ("กุมภาพันธ", 2),
    ("กุมภา", 2),
    ("มีนา", 3),
    ("เมษา", 4),
    ("พฤษภา", 5),
    ("พฤศภาคม", 5),
    ("มิถุนา", 6),
    ("กรกฏาคม", 7),
    ("กรกฎา", 7),
    ("สิงหา", 8),
    ("กันยา", 9),
    ("ตุลา", 10),
    ("พฤษจิกายน", 11),
    ("พฤศจิกา", 11),
    ("ธันวา", 12),
];

/// Leading words that introduce a date and carry no information (`วันที`, `วันท`: OCR losing
/// the tone mark or the vowel, after the whole word is tried).
const DATE_PREFIXES: [&str; 9] = [
    "ลงวันที่",
    "ลว",
    "เมื่อวันที่",
    "ณ วันที่",
    "วันที่",
    "วัน ที่",
    "วันที",
    "วันท",
    "ณ",
];

const WEEKDAYS: [&str; 8] = [
    "จันทร์",
    "อังคาร",
    "พุธ",
    "พฤหัสบดี",
    "พฤหัส",
    "ศุกร์",
    "เสาร์",
    "อาทิตย์",
];

/// A date as written, with its lenient reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDate {
    /// The input exactly as given.
    pub raw: String,
    /// The CE calendar date, when one could be read.
    pub date: Option<NaiveDate>,
    /// True when a human should check the reading: nothing valid could be
    /// read from non-blank input, the year was a CE-looking four-digit year
    /// without `ค.ศ.`, or unexplained text followed the year.
    pub uncertain: bool,
}

/// Formats a letter date: day, full month name, BE year (`๓๐ เมษายน ๒๕๖๙`).
pub fn format_date_full(d: NaiveDate, digits: Digits) -> String {
    let text = format!(
        "{} {} {}",
        d.day(),
        month_name(&MONTHS_FULL, d.month()),
        be_year(d.year())
    );
    render(&text, digits)
}

/// Formats a register date: day, abbreviated month, four-digit BE year
/// (`๕ พ.ค. ๒๕๖๙`).
pub fn format_date_short(d: NaiveDate, digits: Digits) -> String {
    let text = format!(
        "{} {} {}",
        d.day(),
        month_name(&MONTHS_ABBR, d.month()),
        be_year(d.year())
    );
    render(&text, digits)
}

/// Formats a time as `HH.MM น.` with a two-digit hour (`๑๐.๓๐ น.`, `๐๙.๐๕ น.`).
pub fn format_time(t: NaiveTime, digits: Digits) -> String {
    render(&format!("{:02}.{:02} น.", t.hour(), t.minute()), digits)
}

fn month_name(names: &[&'static str; 12], month: u32) -> &'static str {
    let index = usize::try_from(month.saturating_sub(1)).unwrap_or(0);
    names.get(index).copied().unwrap_or("")
}

/// Reads a date leniently. Accepts Thai or Arabic digits, full or abbreviated
/// months (with or without dots, common misspellings), two- or four-digit BE
/// years, `พ.ศ.`/`ค.ศ.` before the year, leading `วันที่`, `ลงวันที่`, `ลว.`
/// or a weekday, stray dashes, ISO `yyyy-mm-dd` (CE) and `d/m/yyyy`.
/// Never panics; failures give `date: None, uncertain: true`. Blank input
/// gives `date: None, uncertain: false`.
pub fn parse_thai_date(raw: &str) -> ParsedDate {
    let text = to_arabic_digits(&collapse_spaces(raw));
    let body = strip_date_prefixes(&text);
    let (date, uncertain) = if body.is_empty() {
        (None, !text.is_empty())
    } else {
        match parse_iso(body)
            .or_else(|| parse_numeric(body))
            .or_else(|| parse_textual(body))
        {
            Some((d, unsure)) => (Some(d), unsure),
            None => (None, true),
        }
    };
    ParsedDate {
        raw: raw.to_string(),
        date,
        uncertain,
    }
}

fn is_noise(c: char) -> bool {
    matches!(c, ' ' | '-' | '–' | '—' | '.' | ':' | ',' | '…')
}

fn strip_date_prefixes(s: &str) -> &str {
    let mut rest = s.trim_start_matches(is_noise);
    loop {
        let before = rest.len();
        for prefix in DATE_PREFIXES {
            if let Some(r) = rest.strip_prefix(prefix) {
                rest = r;
                break;
            }
        }
        if let Some(r) = strip_weekday(rest) {
            rest = r;
        }
        rest = rest.trim_start_matches(is_noise);
        if rest.len() == before {
            return rest;
        }
    }
}

/// Strips `วัน<weekday>[ ][ที่]`, e.g. `วันพฤหัสบดีที่`.
fn strip_weekday(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("วัน")?.trim_start();
    let rest = WEEKDAYS
        .iter()
        .find_map(|w| rest.strip_prefix(w))?
        .trim_start();
    Some(rest.strip_prefix("ที่").unwrap_or(rest))
}

fn parse_iso(s: &str) -> Option<(NaiveDate, bool)> {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || !all_digits(y) || !short_number(m) || !short_number(d) {
        return None;
    }
    let mut year: i32 = y.parse().ok()?;
    // Some Thai systems write BE years in ISO shape.
    if year >= MIN_BE_YEAR {
        year = ce_year(year);
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?).map(|date| (date, false))
}

fn parse_numeric(s: &str) -> Option<(NaiveDate, bool)> {
    let parts: Vec<&str> = s.split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if !short_number(d) || !short_number(m) || !all_digits(y) {
        return None;
    }
    let (year, unsure) = resolve_year(y, false)?;
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?).map(|date| (date, unsure))
}

fn parse_textual(s: &str) -> Option<(NaiveDate, bool)> {
    let day_len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let day_text = s.get(..day_len)?;
    if !short_number(day_text) {
        return None;
    }
    let after_day = s.get(day_len..)?;
    let year_start = after_day.find(|c: char| c.is_ascii_digit())?;
    let middle = after_day.get(..year_start)?;
    let from_year = after_day.get(year_start..)?;
    let year_len = from_year
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(from_year.len());
    let year_text = from_year.get(..year_len)?;
    let tail = from_year.get(year_len..)?.trim_matches(is_noise);

    let key: String = middle.chars().filter(|c| *c != ' ' && *c != '.').collect();
    let (key, explicit_ce) = if let Some(k) = key.strip_suffix("คศ") {
        (k.to_string(), true)
    } else {
        (key.strip_suffix("พศ").unwrap_or(&key).to_string(), false)
    };
    let month = lookup_month(&key)?;
    let (year, unsure_year) = resolve_year(year_text, explicit_ce)?;
    let date = NaiveDate::from_ymd_opt(year, month, day_text.parse().ok()?)?;
    let unsure_tail = !(tail.is_empty() || tail.starts_with("เวลา") || parse_time(tail).is_some());
    Some((date, unsure_year || unsure_tail))
}

/// Returns the CE year and whether the reading is uncertain.
fn resolve_year(text: &str, explicit_ce: bool) -> Option<(i32, bool)> {
    let value: i32 = text.parse().ok()?;
    match text.len() {
        2 if !explicit_ce => Some((ce_year(2500 + value), false)),
        4 if explicit_ce => Some((value, false)),
        4 if value >= MIN_BE_YEAR => Some((ce_year(value), false)),
        4 => Some((value, true)),
        _ => None,
    }
}

fn lookup_month(key: &str) -> Option<u32> {
    let position = |names: &[&str; 12]| {
        names
            .iter()
            .position(|n| n.replace('.', "") == key)
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    position(&MONTHS_FULL)
        .or_else(|| position(&MONTHS_ABBR))
        .or_else(|| {
            MONTH_VARIANTS
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, m)| *m)
        })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn short_number(s: &str) -> bool {
    all_digits(s) && s.len() <= 2
}

/// Reads a time: `๑๐.๓๐ น.`, `10.30 น.`, `10:30`, `เวลา 9.05 นาฬิกา`, `10 น.`.
/// Blank or unreadable input gives `None`.
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    let text = to_arabic_digits(&collapse_spaces(raw));
    let mut s = text.trim();
    s = s.strip_prefix("เวลา").unwrap_or(s).trim();
    for suffix in ["นาฬิกา", "น.", "น"] {
        if let Some(r) = s.strip_suffix(suffix) {
            s = r.trim();
            break;
        }
    }
    let groups: Vec<&str> = s.split(['.', ':']).map(str::trim).collect();
    let (h, m) = match groups.as_slice() {
        [h] => (*h, "0"),
        [h, m] if m.len() == 2 => (*h, *m),
        _ => return None,
    };
    if !short_number(h) || !all_digits(m) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}
