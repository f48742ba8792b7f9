//! The receipt stamp (ตรารับหนังสือ, แบบที่ ๑๒): เลขรับ, วันที่, เวลา.

use crate::thai::date::format_date_short;

use crate::thai::date::format_time;
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use chrono::{NaiveDate, NaiveTime};

/// The stamp's three fields as its lines: `เลขรับที่ ๓๖๕๔`, `วันที่ ๘ พ.ค. ๒๕๖๙`, `เวลา ๑๐.๓๐ น.`
/// (`เวลา` alone when no time was recorded, left for the clerk's pen).
pub fn stamp_lines(
    number: i64,
    on: NaiveDate,
    time: Option<NaiveTime>,
    digits: Digits,
) -> [String; 3] {
    let mut at = "เวลา".to_string();
    if let Some(t) = time {
        at.push(' ');
        at.push_str(&format_time(t, digits));
    }
    [
        format!("เลขรับที่ {}", render(&number.to_string(), digits)),
        format!("วันที่ {}", format_date_short(on, digits)),
        at,
    ]
}

/// `เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา ๑๐.๓๐ น.`; with no time the เวลา field stays blank.
pub fn stamp_text(number: i64, on: NaiveDate, time: Option<NaiveTime>, digits: Digits) -> String {
    stamp_lines(number, on, time, digits).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_reads_like_the_district_stamp() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 8).expect("date");
        let at = NaiveTime::from_hms_opt(10, 30, 0).expect("time");
        assert_eq!(
            stamp_text(3654, on, Some(at), Digits::Thai),
            "เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา ๑๐.๓๐ น."
        );
    }

    #[test]
    fn stamp_lines_are_the_fields_of_the_printed_stamp() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 5).expect("date");
        let at = NaiveTime::from_hms_opt(9, 5, 0).expect("time");
        assert_eq!(
            stamp_lines(4720, on, Some(at), Digits::Thai),
            ["เลขรับที่ ๔๗๒๐", "วันที่ ๕ พ.ค. ๒๕๖๙", "เวลา ๐๙.๐๕ น."]
        );
    }

    #[test]
    fn stamp_without_time_leaves_the_time_blank() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 5).expect("date");
        assert_eq!(
            stamp_text(4720, on, None, Digits::Thai),
            "เลขรับที่ ๔๗๒๐ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา"
        );
    }
}
