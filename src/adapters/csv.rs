//! The one CSV writer of every export (registers, the dashboard's pending offices): UTF-8 with
//! a byte-order mark (so spreadsheet programs read the Thai), CRLF line ends, and every cell
//! neutralised against formula injection.

use crate::error::AppError;

/// Writes a header and rows.
pub fn write<R, C>(header: &[&str], rows: R) -> Result<Vec<u8>, AppError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut out = start(header)?;
    out.extend(more(rows)?);
    Ok(out)
}

/// The start of a CSV written in parts: the byte-order mark and the header line.
pub fn start(header: &[&str]) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(more([header.to_vec()])?);
    Ok(out)
}

/// More lines of a CSV written in parts.
pub fn more<R, C>(rows: R) -> Result<Vec<u8>, AppError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut out = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
        for row in rows {
            w.write_record(row.iter().map(|c| spreadsheet_safe(c.as_ref())))
                .map_err(fail)?;
        }
        w.flush()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    }
    Ok(out)
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe, so text a sender
/// typed is shown, never executed: one that starts — after any spaces — with `=`, `+`, `-`,
/// `@` (or their full-width forms), or with a tab, CR or LF.
pub fn spreadsheet_safe(cell: &str) -> String {
    let first = cell.trim_start_matches(' ').chars().next();
    let risky = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠' | '\t' | '\r' | '\n')
    ) || matches!(cell.chars().next(), Some('\t' | '\r' | '\n'));
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "@SUM(A1:A2)",
            "+1",
            "-1+2",
            "  =1+1",
            "＝1+1",
            "\t=1",
            "\r=1",
        ] {
            assert!(spreadsheet_safe(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(spreadsheet_safe("อำเภอเมือง"), "อำเภอเมือง");
        assert_eq!(spreadsheet_safe("ปจ 0017.2/ว 2323"), "ปจ 0017.2/ว 2323");
    }

    #[test]
    fn output_has_bom_crlf_and_quotes() {
        let out = write(&["a", "b"], vec![vec!["=x", "ก,ข"]]).expect("valid");
        let text = String::from_utf8(out).expect("valid");
        assert_eq!(text, "\u{feff}a,b\r\n'=x,\"ก,ข\"\r\n");
    }
}
