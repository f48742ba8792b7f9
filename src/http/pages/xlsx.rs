//! The register as an Excel workbook (rust_xlsxwriter): the paper form's columns, BE dates,
//! A4 landscape page setup, the header row repeated on every printed page.

use crate::error::AppError;
use crate::services::registers::list::Register;
use crate::services::registers::list::RegisterItem;
use crate::thai::date::format_date_short;
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

fn fail(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

pub fn headers(which: Register) -> [&'static str; 9] {
    let first = match which {
        Register::Receipt => "เลขทะเบียนรับ",
        Register::Dispatch => "เลขทะเบียนส่ง",
    };
    [
        first,
        "วันที่",
        "ที่",
        "ลงวันที่",
        "จาก",
        "ถึง",
        "เรื่อง",
        "การปฏิบัติ",
        "หมายเหตุ",
    ]
}

/// The cells of one register row as text, in the chosen digits (the number column aside).
pub fn cells(i: &RegisterItem, digits: Digits) -> [String; 8] {
    [
        format_date_short(i.registered_on, digits),
        render(&i.letter_number, digits),
        i.letter_date
            .map(|d| format_date_short(d, digits))
            .unwrap_or_default(),
        i.from.clone(),
        i.to.clone(),
        i.subject.clone(),
        render(i.action.as_deref().unwrap_or(""), digits),
        render(i.remarks.as_deref().unwrap_or(""), digits),
    ]
}

pub fn workbook(
    which: Register,
    title: &str,
    items: &[RegisterItem],
    digits: Digits,
) -> Result<Vec<u8>, AppError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let sheet = match which {
        Register::Receipt => "ทะเบียนหนังสือรับ",
        Register::Dispatch => "ทะเบียนหนังสือส่ง",
    };
    ws.set_name(sheet).map_err(fail)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_header(format!("&C{title}"));
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#EEF1F4");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    ws.write_string(0, 0, title).map_err(fail)?;
    for (c, h) in (0u16..).zip(headers(which)) {
        ws.write_string_with_format(1, c, h, &head).map_err(fail)?;
    }
    ws.set_repeat_rows(1, 1).map_err(fail)?;
    ws.set_freeze_panes(2, 0).map_err(fail)?;
    for (c, width) in (0u16..).zip([12.0, 14.0, 22.0, 14.0, 28.0, 28.0, 50.0, 30.0, 24.0]) {
        ws.set_column_width(c, width).map_err(fail)?;
    }
    for (r, i) in (2u32..).zip(items) {
        match digits {
            Digits::Arabic => ws.write_number_with_format(r, 0, i.number as f64, &cell),
            Digits::Thai => {
                ws.write_string_with_format(r, 0, render(&i.number.to_string(), digits), &cell)
            }
        }
        .map_err(fail)?;
        for (c, text) in (1u16..).zip(cells(i, digits)) {
            ws.write_string_with_format(r, c, text, &cell)
                .map_err(fail)?;
        }
    }
    wb.save_to_buffer().map_err(fail)
}
