//! The register as an Excel workbook (rust_xlsxwriter): the paper form's columns, BE dates,
//! A4 landscape page setup, the header row repeated on every printed page.

use crate::error::AppError;
use crate::services::registers::list::Register;
use crate::services::registers::list::RegisterItem;
use crate::services::registers::list::{cells, headers};
use crate::thai::digits::render;
use crate::thai::digits::Digits;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

fn fail(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
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
