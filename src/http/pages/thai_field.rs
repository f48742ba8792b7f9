//! The page side of form fields, in one place: dates and times as Thai clerks type them
//! (`๑๗ พ.ย. ๒๕๖๙`, `17/11/2569`, `17 พฤศจิกายน 2569`, `17/11/69`, ISO `2026-11-17`; `๑๐.๓๐ น.`,
//! `10:30`) read by the project's Thai parser into the ISO text the services take, and every
//! error a form can show as Thai text next to its field.
//!
//! The services still check what they get (the domain's one plausibility rule, unchanged); the
//! pages check every field first, so the clerk sees all errors at once.

use crate::domain::validate::{self, DateKind, Invalid};
use crate::error::AppError;
use crate::thai::date::{format_date_short, parse_thai_date, parse_time};
use crate::thai::digits::Digits;
use chrono::{DateTime, NaiveDate, Utc};

/// How a date is written back into a field: พ.ศ. with Thai digits (`๑๗ พ.ย. ๒๕๖๙`).
pub fn show_date(d: NaiveDate) -> String {
    format_date_short(d, Digits::Thai)
}

/// An ISO date as the services keep it, shown in its field as พ.ศ.; other text is kept.
pub fn show_iso(iso: &str) -> String {
    NaiveDate::parse_from_str(iso.trim(), "%Y-%m-%d")
        .map(show_date)
        .unwrap_or_else(|_| iso.to_string())
}

/// `yyyy-mm-dd` in Arabic digits: the API's form, passed on as written so that the service's
/// own check refuses a พ.ศ. year written in that shape.
fn iso_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Reads a date field: blank is `None`; otherwise the ISO date for the service, or the Thai
/// text of what is wrong (unreadable, an uncertain year, or outside the domain's window for
/// `kind`).
pub fn date(
    field: &'static str,
    kind: DateKind,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = if iso_shaped(t) {
        validate::date(field, t).map_err(|e| thai_text(&e))?
    } else {
        let p = parse_thai_date(t);
        match p.date {
            Some(d) if !p.uncertain => d,
            Some(d) => return Err(uncertain_year(field, d)),
            None => {
                return Err(format!(
                    "อ่าน{}ไม่ได้ ให้เขียนเช่น ๑๗ พ.ย. ๒๕๖๙ หรือ 17/11/2569",
                    label(field)
                ))
            }
        }
    };
    validate::plausible(field, kind, d, now).map_err(|e| thai_text(&e))?;
    Ok(Some(d.format("%Y-%m-%d").to_string()))
}

fn uncertain_year(field: &'static str, d: NaiveDate) -> String {
    format!(
        "{}: ไม่แน่ใจว่าเป็นปีใด ให้เขียนปี พ.ศ. เช่น {}",
        label(field),
        show_date(d)
    )
}

/// Reads a time field: blank is `None`; otherwise `HH:MM` for the service, or the Thai text.
pub fn time(field: &'static str, raw: &str) -> Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_time(t)
        .map(|v| Some(v.format("%H:%M").to_string()))
        .ok_or_else(|| format!("อ่าน{}ไม่ได้ ให้เขียนเช่น ๑๐.๓๐ น. หรือ 10:30", label(field)))
}

/// One field's error, in Thai.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub text: String,
}

/// The errors of one posted form: at most one per field, in the order found.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors {
    list: Vec<FieldError>,
    /// Errors that belong to no field of the form (a conflict, a delivery gone).
    pub general: Vec<String>,
}

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, text: impl Into<String>) {
        if self.get(field).is_none() {
            self.list.push(FieldError {
                field,
                text: text.into(),
            });
        }
    }

    /// Keeps a checked value, or notes its error.
    pub fn take<T>(&mut self, field: &'static str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(text) => {
                self.add(field, text);
                None
            }
        }
    }

    /// [`take`](Self::take) for a domain check.
    pub fn check<T>(&mut self, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e.field, thai_text(&e));
                None
            }
        }
    }

    /// A service's refusal: at its field when the form has that field, else above the form.
    pub fn refusal(&mut self, e: &AppError, form_fields: &[&'static str]) {
        match e {
            AppError::Invalid(i) if form_fields.contains(&i.field) => {
                self.add(i.field, thai_text(i))
            }
            AppError::Invalid(i) => self.general.push(thai_text(i)),
            other => self.general.push(app_text(other)),
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.text.as_str())
    }

    pub fn fields(&self) -> &[FieldError] {
        &self.list
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.general.is_empty()
    }

    /// The count of field errors, in Thai digits, for the summary above the form.
    pub fn count(&self) -> String {
        crate::thai::digits::render(&self.list.len().to_string(), Digits::Thai)
    }
}

/// Thai names of the fields the forms (and the services behind them) name.
const LABELS: &[(&str, &str)] = &[
    ("number", "เลขที่หนังสือ"),
    ("dated", "ลงวันที่"),
    ("dated_raw", "วันที่ตามที่เขียนในหนังสือ"),
    ("subject", "เรื่อง"),
    ("from_name", "จาก"),
    ("addressee", "เรียน (ถึง)"),
    ("received_on", "วันที่รับ"),
    ("received_time", "เวลารับ"),
    ("received_at", "วันเวลาที่รับ"),
    ("action", "การปฏิบัติ"),
    ("remarks", "หมายเหตุ"),
    ("due_date", "กำหนดดำเนินการ"),
    ("issued_at", "วันเวลาที่ออกหนังสือ"),
    ("kind", "ชนิดหนังสือ"),
    ("urgency", "ความเร่งด่วน"),
    ("secrecy", "ชั้นความลับ"),
    ("note", "บันทึก"),
    ("reason", "เหตุผลที่ไม่เกี่ยวข้อง"),
    ("year", "ปี พ.ศ."),
    ("q", "คำค้น"),
    ("title", "ชื่อไฟล์"),
];

/// The Thai name of a field (the code itself never reaches a page).
pub fn label(field: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("ข้อมูล", |(_, l)| l)
}

/// The Thai text of every error code that can reach a form page: `invalid_<field>` and the
/// conflict codes of the receipt and new-letter use cases (a unit test walks them).
pub const TEXTS: &[(&str, &str)] = &[
    ("invalid_number", "กรุณากรอกเลขที่หนังสือ เช่น ที่ นร ๑๒๐๗/ว ๗๗"),
    (
        "invalid_dated",
        "ลงวันที่ไม่ถูกต้อง ให้เขียนเช่น ๑๗ พ.ย. ๒๕๖๙ หรือ 17/11/2569",
    ),
    ("invalid_dated_raw", "วันที่ตามที่เขียนในหนังสือไม่ถูกต้อง"),
    ("invalid_subject", "กรุณากรอกเรื่อง"),
    ("invalid_from_name", "กรุณากรอกชื่อหน่วยงานผู้ส่ง (จาก)"),
    ("invalid_addressee", "กรุณากรอกผู้รับ (เรียน)"),
    (
        "invalid_received_on",
        "วันที่รับไม่ถูกต้อง ให้เขียนเช่น ๑๗ พ.ย. ๒๕๖๙ หรือ 17/11/2569",
    ),
    (
        "invalid_received_time",
        "เวลารับไม่ถูกต้อง ให้เขียนเช่น ๑๐.๓๐ น. หรือ 10:30",
    ),
    ("invalid_received_at", "วันเวลาที่รับไม่ถูกต้อง"),
    ("invalid_action", "การปฏิบัติมีอักขระที่บันทึกไม่ได้หรือยาวเกินไป"),
    ("invalid_remarks", "หมายเหตุมีอักขระที่บันทึกไม่ได้หรือยาวเกินไป"),
    (
        "invalid_due_date",
        "กำหนดดำเนินการไม่ถูกต้อง ให้เขียนเช่น ๑๗ พ.ย. ๒๕๖๙ หรือ 17/11/2569 หรือ ๕ วันทำการ (๑ ถึง ๒๖๐ วันทำการ)",
    ),
    ("invalid_issued_at", "วันเวลาที่ออกหนังสือไม่ถูกต้อง"),
    ("invalid_kind", "กรุณาเลือกชนิดหนังสือจากรายการ"),
    ("invalid_urgency", "กรุณาเลือกความเร่งด่วนจากรายการ"),
    ("invalid_secrecy", "กรุณาเลือกชั้นความลับจากรายการ"),
    ("invalid_letter", "ไม่พบหนังสือที่จะลงรับ กรุณากรอกรายละเอียดหนังสือ"),
    ("invalid_letter_id", "ไม่พบหนังสือฉบับนี้ในระบบ"),
    ("invalid_delivery_id", "หนังสือฉบับนี้ไม่ได้ส่งถึงหน่วยงานของท่าน"),
    ("invalid_issuer_id", "ไม่พบหน่วยงานผู้ออกหนังสือในทำเนียบ"),
    ("invalid_reference", "อ้างถึงหนังสือที่ไม่มีในระบบหรือท่านไม่มีสิทธิ์เห็น"),
    ("invalid_sender_id", "หน่วยงานผู้ส่งไม่ถูกต้อง"),
    ("invalid_recipient_ids", "กรุณาเลือกหน่วยงานผู้รับที่อยู่ในทำเนียบ"),
    ("invalid_recipient_groups", "กลุ่มหน่วยงานผู้รับไม่ถูกต้อง"),
    ("invalid_group", "กลุ่มหน่วยงานผู้รับไม่ถูกต้อง"),
    (
        "invalid_external_recipients",
        "ผู้รับภายนอกไม่ถูกต้อง (ชื่อหรืออีเมล)",
    ),
    ("invalid_file", "ไฟล์นี้ไม่ใช่ PDF, JPEG, PNG, DOCX หรือ XLSX"),
    ("invalid_file_id", "ไม่พบไฟล์ที่จะแนบ"),
    ("invalid_upload_ids", "ไฟล์ที่แนบไว้ไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"),
    (
        "upload_not_found",
        "ไฟล์ที่แนบไว้หมดอายุแล้ว (เกิน ๒๔ ชั่วโมง) หรือไม่ใช่ของท่าน กรุณาเลือกไฟล์ใหม่",
    ),
    ("invalid_role", "ประเภทไฟล์ไม่ถูกต้อง"),
    ("invalid_title", "ชื่อไฟล์ไม่ถูกต้อง"),
    ("invalid_series", "ชุดเลขไม่ถูกต้อง"),
    ("invalid_count", "จำนวนเลขที่จองไม่ถูกต้อง"),
    ("invalid_reserved_number", "เลขที่จองไว้ไม่ถูกต้อง"),
    ("invalid_note", "หมายเหตุการจองเลขไม่ถูกต้อง"),
    ("invalid_next_number", "เลขถัดไปไม่ถูกต้อง"),
    ("invalid_year_be", "ปี พ.ศ. ไม่ถูกต้อง"),
    // The receipt stamp on the letter's file.
    (
        "no_stampable_file",
        "หนังสือฉบับนี้ยังไม่มีไฟล์ตัวหนังสือ (PDF, PNG หรือ JPEG) ให้ประทับตรารับ",
    ),
    (
        "receipt_cancelled",
        "เลขรับนี้ถูกยกเลิกแล้ว จึงไม่ประทับตรารับลงบนหนังสือ",
    ),
    (
        "stamp_font_missing",
        "เครื่องแม่ข่ายยังไม่มีแบบอักษรสำหรับตรารับ (fonts-thai-tlwg) กรุณาแจ้งผู้ดูแลระบบ",
    ),
    (
        "encrypted_pdf",
        "ไฟล์ PDF ของหนังสือถูกตั้งรหัสผ่านไว้ จึงประทับตรารับลงในไฟล์ไม่ได้",
    ),
    (
        "unreadable_file",
        "อ่านไฟล์ของหนังสือไม่ได้ หรือไฟล์เสียหาย",
    ),
    (
        "file_too_complex",
        "ไฟล์ของหนังสือใหญ่หรือซับซ้อนเกินกว่าจะประทับตรารับได้",
    ),
    // Reading a letter's file (OCR).
    (
        "too_many_pages",
        "ไฟล์มีเกิน ๒๐ หน้า กรุณาแยกไฟล์ให้เหลือทีละฉบับ",
    ),
    (
        "ocr_timeout",
        "อ่านไฟล์ไม่ทันเวลา กรุณาลองไฟล์ที่มีหน้าน้อยลงหรือความละเอียดต่ำลง",
    ),
    (
        "ocr_busy",
        "ระบบกำลังอ่านไฟล์อื่นอยู่ กรุณาลองใหม่อีกครู่",
    ),
    (
        "ocr_unavailable",
        "เครื่องแม่ข่ายยังไม่ได้ติดตั้งโปรแกรมอ่านไฟล์ (Tesseract) กรุณาแจ้งผู้ดูแลระบบ",
    ),
    (
        "invalid_file",
        "อ่านไฟล์ไม่ได้: รับเฉพาะ PDF, PNG หรือ JPEG",
    ),
    (
        "invalid_year",
        "ปี พ.ศ. ไม่ถูกต้อง: พิมพ์ปีพุทธศักราช เช่น ๒๕๖๙ (ปี ค.ศ. ให้บวก ๕๔๓)",
    ),
    ("invalid_org", "หน่วยงานไม่ถูกต้อง"),
    (
        "duplicate_receipt",
        "หน่วยงานนี้เคยลงรับหนังสือฉบับนี้แล้ว หากต้องการลงรับซ้ำ ให้เลือก \"ลงรับซ้ำ\" แล้วบันทึกอีกครั้ง",
    ),
    ("letter_exists", "มีหนังสือเลขที่และวันที่นี้ในระบบแล้ว"),
    ("number_taken", "เลขนี้ถูกใช้แล้ว กรุณาลองอีกครั้ง"),
    (
        "letter_code_missing",
        "หน่วยงานยังไม่ได้ตั้งรหัสตัวพยัญชนะและเลขประจำส่วนราชการ (เช่น ปจ ๐๐๑๗) ให้ผู้ดูแลระบบตั้งก่อนออกเลข",
    ),
    ("reference_exists", "อ้างถึงหนังสือฉบับนี้แล้ว"),
    ("file_already_attached", "ไฟล์นี้แนบกับหนังสือแล้ว"),
    ("conflict", "ข้อมูลซ้ำกับที่มีอยู่แล้ว กรุณาตรวจสอบแล้วบันทึกอีกครั้ง"),
    ("idempotency_key_reused", "คำขอนี้ถูกส่งแล้วด้วยข้อมูลอื่น"),
];

/// The Thai text of an error code, when the table has one.
pub fn code_text(code: &str) -> Option<&'static str> {
    TEXTS.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

/// The Thai text of a field's refusal: the domain's checks by their kind (empty, too long,
/// control character, date window, พ.ศ. in ISO shape), else the field's entry in [`TEXTS`].
pub fn thai_text(e: &Invalid) -> String {
    let l = label(e.field);
    let m = e.message.as_str();
    if m.ends_with("must not be empty") {
        format!("กรุณากรอก{l}")
    } else if m.contains("is longer than") {
        format!(
            "{l}ยาวเกิน {} ตัวอักษร",
            crate::thai::digits::render(&validate::MAX_TEXT.to_string(), Digits::Thai)
        )
    } else if m.contains("control character") {
        format!("{l}มีอักขระควบคุมที่พิมพ์ลงทะเบียนไม่ได้ กรุณาพิมพ์ใหม่")
    } else if m.contains("looks like a Buddhist-Era year") {
        format!("{l}: ปีในรูปแบบ ปปปป-ดด-วว ต้องเป็น ค.ศ. ให้เขียนวันที่แบบไทยแทน เช่น ๑๗ พ.ย. ๒๕๖๙")
    } else if m.ends_with("is in the future") {
        format!("{l}ต้องไม่เป็นวันหรือเวลาในอนาคต")
    } else if m.ends_with("more than 366 days ahead") {
        format!("{l}ต้องไม่เกิน ๓๖๖ วันนับจากวันนี้")
    } else if m.ends_with("more than two years ahead") {
        format!("{l}ต้องไม่เกินสองปีนับจากวันนี้")
    } else if m.contains("before 1932-01-01") {
        format!("{l}ต้องไม่ก่อนวันที่ ๑ ม.ค. ๒๔๗๕")
    } else {
        code_text(&format!("invalid_{}", e.field))
            .map_or_else(|| format!("{l}ไม่ถูกต้อง"), str::to_string)
    }
}

/// The Thai text of any error a form answers with above its fields.
pub fn app_text(e: &AppError) -> String {
    match e {
        AppError::Invalid(i) => thai_text(i),
        other => code_text(&other.code())
            .map_or_else(|| format!("บันทึกไม่ได้ ({})", other.code()), str::to_string),
    }
}

#[cfg(test)]
#[path = "tests_thai_field.rs"]
mod tests;
