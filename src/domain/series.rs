//! Which number series a letter draws from, and how its number is written.

use super::{CircularSeries, LetterKind, SeriesKind};
use crate::thai::digits::Digits;
use crate::thai::letter_no;

/// The series an outgoing letter takes its running number from.
///
/// Directives (คำสั่ง) have their own yearly series; circulars (ว) have their own unless the
/// office shares its dispatch series with them.
pub fn series_for_letter(
    kind: LetterKind,
    circular: bool,
    circular_series: CircularSeries,
) -> SeriesKind {
    if kind == LetterKind::Directive {
        SeriesKind::Directive
    } else if circular && circular_series == CircularSeries::Own {
        SeriesKind::Circular
    } else {
        SeriesKind::Dispatch
    }
}

/// The `ที่` line of an outgoing letter: `<letter code>/<n>`, `<letter code>/ว <n>`, or
/// `<n>/<year_be>` for a directive.
pub fn letter_number(
    letter_code: &str,
    series: SeriesKind,
    circular: bool,
    running: u64,
    year_be: i64,
    digits: Digits,
) -> String {
    if series == SeriesKind::Directive {
        let text = format!("{running}/{year_be}");
        return crate::thai::digits::render(&text, digits);
    }
    letter_no::format_number(letter_code, circular, running, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circulars_use_their_own_series_unless_shared() {
        assert_eq!(
            series_for_letter(LetterKind::External, true, CircularSeries::Own),
            SeriesKind::Circular
        );
        assert_eq!(
            series_for_letter(LetterKind::External, true, CircularSeries::Shared),
            SeriesKind::Dispatch
        );
        assert_eq!(
            series_for_letter(LetterKind::Internal, false, CircularSeries::Own),
            SeriesKind::Dispatch
        );
        assert_eq!(
            series_for_letter(LetterKind::Directive, true, CircularSeries::Own),
            SeriesKind::Directive
        );
    }

    #[test]
    fn numbers_are_written_as_on_paper() {
        let seed = letter_number(
            "นร 1207",
            SeriesKind::Dispatch,
            false,
            509,
            2569,
            Digits::Thai,
        );
        assert_eq!(seed, "นร ๑๒๐๗/๕๐๙");
        let circ = letter_number(
            "ปจ 0017.2",
            SeriesKind::Circular,
            true,
            2323,
            2569,
            Digits::Arabic,
        );
        assert_eq!(circ, "ปจ 0017.2/ว 2323");
        let order = letter_number(
            "ปจ 0017",
            SeriesKind::Directive,
            false,
            15,
            2569,
            Digits::Thai,
        );
        assert_eq!(order, "๑๕/๒๕๖๙");
    }
}
