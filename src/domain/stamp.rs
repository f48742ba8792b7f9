//! The receipt stamp (ตรารับหนังสือ, แบบที่ ๑๒): เลขรับ, วันที่, เวลา.

use crate::thai::date::format_date_short;

use crate::thai::date::format_time;
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use chrono::{NaiveDate, NaiveTime};

/// `เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา ๑๐.๓๐ น.`; with no time the เวลา field stays blank.
pub fn stamp_text(number: i64, on: NaiveDate, time: Option<NaiveTime>, digits: Digits) -> String {
    let mut text = format!(
        "เลขรับที่ {} วันที่ {} เวลา",
        render(&number.to_string(), digits),
        format_date_short(on, digits)
    );
    if let Some(t) = time {
        text.push(' ');
        text.push_str(&format_time(t, digits));
    }
    text
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
    fn stamp_without_time_leaves_the_time_blank() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 5).expect("date");
        assert_eq!(
            stamp_text(4720, on, None, Digits::Thai),
            "เลขรับที่ ๔๗๒๐ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา"
        );
    }
}
