//! Conversion between Thai digits (U+0E50..U+0E59) and ASCII digits.

/// Which digit set to render numbers in. Offices configure this; Thai digits
/// are the default for official letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    #[default]
    Thai,
    Arabic,
}

const THAI_ZERO: u32 = 0x0E50;

/// `๐`-`๙`.
pub fn is_thai_digit(c: char) -> bool {
    ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// Maps ASCII `0`-`9` to Thai `๐`-`๙`; every other character is unchanged.
pub fn to_thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(THAI_ZERO + (c as u32 - '0' as u32)).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Maps Thai `๐`-`๙` to ASCII `0`-`9`; every other character is unchanged.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars().map(arabic_digit).collect()
}

/// Renders the ASCII or Thai digits of `s` in the requested digit set.
pub fn render(s: &str, digits: Digits) -> String {
    match digits {
        Digits::Thai => to_thai_digits(s),
        Digits::Arabic => to_arabic_digits(s),
    }
}

/// Returns the ASCII digit for a Thai digit, or `c` itself otherwise.
pub(crate) fn arabic_digit(c: char) -> char {
    if ('\u{0E50}'..='\u{0E59}').contains(&c) {
        char::from_u32('0' as u32 + (c as u32 - THAI_ZERO)).unwrap_or(c)
    } else {
        c
    }
}
