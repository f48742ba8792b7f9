//! Thai labels and Buddhist-Era dates for the pages.

use crate::clock::to_bangkok;
use crate::domain::DeliveryStatus;
use crate::domain::OrgKind;
use crate::domain::Secrecy;
use crate::domain::Urgency;
use crate::thai::date::format_date_full;
use crate::thai::date::format_date_short;
use crate::thai::date::format_time;
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use chrono::{DateTime, NaiveDate, Utc};

pub fn date(d: NaiveDate) -> String {
    format_date_short(d, Digits::Thai)
}

pub fn date_long(d: NaiveDate) -> String {
    format_date_full(d, Digits::Thai)
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

/// Bangkok date and time of an instant: `๘ พ.ค. ๒๕๖๙ ๑๐.๓๐ น.`
pub fn instant(at: DateTime<Utc>) -> String {
    let local = to_bangkok(at);
    format!(
        "{} {}",
        format_date_short(local.date(), Digits::Thai),
        format_time(local.time(), Digits::Thai)
    )
}

pub fn thai(n: impl ToString) -> String {
    render(&n.to_string(), Digits::Thai)
}

pub fn urgency(u: Urgency) -> &'static str {
    u.label_th()
}

pub fn secrecy(s: Secrecy) -> &'static str {
    s.label_th()
}

pub fn kind(k: OrgKind) -> &'static str {
    k.label_th()
}

/// Plural-ish Thai names of the levels of a distribution (`code` is an office kind).
pub fn level(code: &str) -> &'static str {
    match code {
        "province" => "จังหวัด",
        "district" => "อำเภอ",
        "local_body" => "องค์กรปกครองส่วนท้องถิ่น",
        "unit" => "หน่วยงานภายใน",
        "provincial_office" => "ส่วนราชการประจำจังหวัด",
        other => OrgKind::parse(other).map_or("หน่วยงาน", OrgKind::label_th),
    }
}

pub fn status(s: DeliveryStatus) -> &'static str {
    match s {
        DeliveryStatus::Pending => "รอลงรับ",
        DeliveryStatus::Received => "ลงรับแล้ว",
        DeliveryStatus::Acknowledged => "รับทราบแล้ว",
        DeliveryStatus::NotRelated => "ไม่เกี่ยวข้อง",
    }
}

pub use crate::domain::files::human_size as file_size;

pub use crate::domain::files::kind_label as file_kind;

pub use crate::domain::files::role_label as file_role;
