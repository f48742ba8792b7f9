//! Tests for digit conversion and normalisation.

use super::digits::{render, to_arabic_digits, to_thai_digits, Digits};
use super::normalize::{collapse_spaces, search_key};

#[test]
fn digits_round_trip() {
    assert_eq!(to_thai_digits("0123456789"), "๐๑๒๓๔๕๖๗๘๙");
    assert_eq!(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
    assert_eq!(to_thai_digits("นร 1207/509"), "นร ๑๒๐๗/๕๐๙");
    assert_eq!(to_arabic_digits("นร ๑๒๐๗/๕๐๙"), "นร 1207/509");
    assert_eq!(render("ว 12", Digits::Thai), "ว ๑๒");
    assert_eq!(render("ว ๑๒", Digits::Arabic), "ว 12");
    assert_eq!(Digits::default(), Digits::Thai);
}

#[test]
fn collapsing() {
    assert_eq!(
        collapse_spaces("  a\u{00A0}\u{00A0}b\tc\u{200B}d \n"),
        "a b c d"
    );
    assert_eq!(collapse_spaces("\u{200B}"), "");
    assert_eq!(collapse_spaces("ปจ\u{3000}0017"), "ปจ 0017");
    assert_eq!(collapse_spaces("e\u{0301}"), "\u{00E9}");
}

#[test]
fn search_keys() {
    assert_eq!(search_key("สำนักงาน"), "สำนักงาน");
    assert_eq!(search_key("ส\u{0E4D}\u{0E32}นักงาน"), "สำนักงาน");
    assert_eq!(search_key("น\u{0E49}\u{0E4D}\u{0E32}"), "น\u{0E49}\u{0E33}");
    assert_eq!(search_key("น\u{0E4D}\u{0E49}\u{0E32}"), "น\u{0E49}\u{0E33}");
    assert_eq!(search_key(" OGP\u{00A0} ๑๒ "), "ogp 12");
}
