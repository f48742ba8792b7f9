//! Example-based tests for BE dates and times.

use chrono::{NaiveDate, NaiveTime};

use super::date::{
    be_year, ce_year, format_date_full, format_date_short, format_time, parse_thai_date,
    parse_time, BE_OFFSET, MONTHS_ABBR, MONTHS_FULL,
};
use super::digits::Digits;

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn hm(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

#[test]
fn year_conversion() {
    assert_eq!(BE_OFFSET, 543);
    assert_eq!(be_year(2026), 2569);
    assert_eq!(ce_year(2569), 2026);
    assert_eq!(ce_year(2484), 1941);
}

#[test]
fn month_tables() {
    assert_eq!(MONTHS_FULL[0], "มกราคม");
    assert_eq!(MONTHS_FULL[10], "พฤศจิกายน");
    assert_eq!(MONTHS_ABBR[3], "เม.ย.");
    assert_eq!(MONTHS_ABBR[11], "ธ.ค.");
}

#[test]
fn formatting() {
    let full = |d, digits| ymd(2026, 4, d).map(|d| format_date_full(d, digits));
    assert_eq!(full(30, Digits::Thai).as_deref(), Some("๓๐ เมษายน ๒๕๖๙"));
    assert_eq!(full(30, Digits::Arabic).as_deref(), Some("30 เมษายน 2569"));
    let short = |d, digits| ymd(2026, 5, d).map(|d| format_date_short(d, digits));
    assert_eq!(short(5, Digits::Thai).as_deref(), Some("๕ พ.ค. ๒๕๖๙"));
    assert_eq!(short(5, Digits::Arabic).as_deref(), Some("5 พ.ค. 2569"));
    let time = |h, m, digits| hm(h, m).map(|t| format_time(t, digits));
    assert_eq!(time(10, 30, Digits::Thai).as_deref(), Some("๑๐.๓๐ น."));
    assert_eq!(time(9, 5, Digits::Arabic).as_deref(), Some("09.05 น."));
}

/// Forms that read as a certain date.
const CERTAIN: [(&str, i32, u32, u32); 27] = [
    ("๓๐ เมษายน ๒๕๖๙", 2026, 4, 30),
    ("๕ พ.ค. ๖๙", 2026, 5, 5),
    ("- ๘ พ.ค. ๒๕๖๙", 2026, 5, 8),
    ("- 8 พ.ค. 2569", 2026, 5, 8),
    ("8 พ.ค. 2569", 2026, 5, 8),
    ("วันที่ ๕ พ.ค. ๖๙", 2026, 5, 5),
    ("วันที่... - ๘ พ.ค. ๒๕๖๙", 2026, 5, 8),
    ("ลงวันที่ ๓๐ เมษายน ๒๕๖๙", 2026, 4, 30),
    ("ลว. ๓๐ เม.ย. ๒๕๖๙", 2026, 4, 30),
    ("ลว ๓๐ เม.ย. ๖๙", 2026, 4, 30),
    ("๒๗ มกราคม ๒๕๖๙", 2026, 1, 27),
    ("๑ มีค. ๒๕๖๙", 2026, 3, 1),
    ("1 มี.ค.69", 2026, 3, 1),
    ("๑๕ พฤษจิกายน ๒๕๖๘", 2025, 11, 15),
    ("๑๕ พฤศจิกายน พ.ศ. ๒๕๖๘", 2025, 11, 15),
    ("๓๐ เมษายน พ.ศ.๒๕๖๙", 2026, 4, 30),
    ("2026-04-30", 2026, 4, 30),
    ("2569-04-30", 2026, 4, 30),
    ("30/04/2569", 2026, 4, 30),
    ("30/4/69", 2026, 4, 30),
    ("๒๙ ก.พ. ๒๕๖๗", 2024, 2, 29),
    ("๑ ม.ค. ๒๔๘๔", 1941, 1, 1),
    ("วันพฤหัสบดีที่ ๓๐ เมษายน ๒๕๖๙", 2026, 4, 30),
    ("๑๒ กรกฏาคม ๒๕๖๙", 2026, 7, 12),
    ("๕ พ.ค. ๖๙ เวลา ๑๐.๓๐ น.", 2026, 5, 5),
    ("๓ ธันวาคม ค.ศ. ๒๐๒๖", 2026, 12, 3),
    ("\u{00A0}๕\tพ.ค.\u{200B} ๖๙ ", 2026, 5, 5),
];

#[test]
fn certain_dates() {
    for (raw, y, m, d) in CERTAIN {
        let p = parse_thai_date(raw);
        assert_eq!(p.raw, raw);
        assert_eq!(p.date, ymd(y, m, d), "{raw}");
        assert!(!p.uncertain, "{raw}");
    }
}

#[test]
fn every_month_full_and_abbr() {
    for m in 1..=12u32 {
        let name = MONTHS_FULL[(m - 1) as usize];
        let abbr = MONTHS_ABBR[(m - 1) as usize];
        assert_eq!(
            parse_thai_date(&format!("1 {name} 2569")).date,
            ymd(2026, m, 1)
        );
        assert_eq!(
            parse_thai_date(&format!("1 {abbr} 69")).date,
            ymd(2026, m, 1)
        );
        let undotted = abbr.replace('.', "");
        assert_eq!(
            parse_thai_date(&format!("1 {undotted} 69")).date,
            ymd(2026, m, 1)
        );
    }
}

#[test]
fn uncertain_dates() {
    for raw in [
        "๓) พฤษภาคม ๒๕๖๙",
        "๓๑ เม.ย. ๒๕๖๙",
        "๓๐ ก.พ. ๒๕๖๙",
        "พฤษภาคม ๒๕๖๙",
        "๕ พ.ค.",
        "๕ ตุลาปี ๒๕๖๙",
        "๕ พ.ค. ๒๕๖",
        "hello",
        "2026-13-01",
        "-",
    ] {
        let p = parse_thai_date(raw);
        assert_eq!(p.date, None, "{raw}");
        assert!(p.uncertain, "{raw}");
        assert_eq!(p.raw, raw);
    }
}

#[test]
fn suspicious_but_read() {
    let p = parse_thai_date("5 พ.ค. 2026");
    assert_eq!(p.date, ymd(2026, 5, 5));
    assert!(p.uncertain);
    let p = parse_thai_date("๕ พ.ค. ๖๙ ๑๒๓ อะไร");
    assert_eq!(p.date, ymd(2026, 5, 5));
    assert!(p.uncertain);
}

#[test]
fn blank_date() {
    let p = parse_thai_date("  ");
    assert_eq!(p.date, None);
    assert!(!p.uncertain);
}

#[test]
fn times() {
    assert_eq!(parse_time("๑๐.๓๐ น."), hm(10, 30));
    assert_eq!(parse_time("10.30 น."), hm(10, 30));
    assert_eq!(parse_time("10:30"), hm(10, 30));
    assert_eq!(parse_time("เวลา ๙.๐๕ น."), hm(9, 5));
    assert_eq!(parse_time("14.00น."), hm(14, 0));
    assert_eq!(parse_time("10 น."), hm(10, 0));
    assert_eq!(parse_time("13.15 นาฬิกา"), hm(13, 15));
    assert_eq!(parse_time(""), None);
    assert_eq!(parse_time("เวลา"), None);
    assert_eq!(parse_time("25.00 น."), None);
    assert_eq!(parse_time("10.3"), None);
    assert_eq!(parse_time("10.60"), None);
    assert_eq!(parse_time("abc"), None);
}
