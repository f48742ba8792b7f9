//! Whitespace and search normalisation for Thai text.

use unicode_normalization::UnicodeNormalization;

use super::digits::to_arabic_digits;

/// True for characters that count as a word gap: Unicode whitespace (tab,
/// NBSP, ideographic space, ...) plus the invisible zero-width characters
/// that OCR and copy-paste leave behind.
pub(crate) fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Applies NFC, turns every run of whitespace or zero-width characters into a
/// single ASCII space and trims both ends.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_gap = false;
    for c in s.nfc() {
        if is_gap(c) {
            pending_gap = true;
            continue;
        }
        if pending_gap && !out.is_empty() {
            out.push(' ');
        }
        pending_gap = false;
        out.push(c);
    }
    out
}

/// Folds look-alikes that must not make a letter number new: compatibility forms (full-width
/// digits and letters, NFKC) become their plain forms and format characters (Unicode Cf: bidi
/// controls, zero-width characters, the soft hyphen, the byte-order mark) are dropped. Thai
/// letters are kept as they are (NFKC would split SARA AM).
pub fn fold_lookalikes(s: &str) -> String {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.general_category() == GeneralCategory::Format {
            continue;
        }
        if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            out.push(c);
        } else {
            out.extend(std::iter::once(c).nfkc());
        }
    }
    out
}

/// Builds a key for comparing and searching text: [`collapse_spaces`], ASCII
/// digits, NIKHAHIT + SARA AA (U+0E4D U+0E32, common in OCR output) folded to
/// SARA AM (U+0E33), and ASCII letters lowercased.
///
/// A tone mark written between the NIKHAHIT and the SARA AA is kept and moved
/// before the SARA AM, which is the standard order.
pub fn search_key(s: &str) -> String {
    let collapsed = to_arabic_digits(&collapse_spaces(s));
    compose_sara_am(&collapsed)
        .0
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Thai vowels above and below and tone marks (MAI HAN-AKAT, SARA I … PHINTHU, MAITAIKHU …
/// YAMAKKAN): OCR drops and adds them more than any other character.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{e31}' | '\u{e34}'..='\u{e3a}' | '\u{e47}'..='\u{e4e}')
}

fn is_tone_mark(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Thai consonants (U+0E01..U+0E2E).
pub(crate) fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// Thai letters, vowels and marks, excluding Thai digits and the baht sign.
pub(crate) fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E3A}').contains(&c) || ('\u{0E40}'..='\u{0E4E}').contains(&c)
}

/// Splits `s` after its longest prefix whose characters satisfy `pred`.
pub(crate) fn take_while(s: &str, pred: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s.find(|c: char| !pred(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// NIKHAHIT followed by SARA AA (`ํา`, common in OCR output), made the one character SARA AM
/// `ำ` (NFC leaves the pair alone); a tone mark written between the two is kept and moved
/// before the SARA AM, the standard order. Returns the text and, for each character of the
/// input and one past its end, its offset in the output.
pub fn compose_sara_am(s: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(chars.len() + 1);
    let mut n = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        if c == '\u{0E4D}' && next == Some('\u{0E32}') {
            map.extend([n, n]);
            out.push('\u{0E33}');
            (i, n) = (i + 2, n + 1);
        } else if c == '\u{0E4D}' && next.is_some_and(is_tone_mark) && after == Some('\u{0E32}') {
            map.extend([n, n, n + 1]);
            out.push(next.unwrap_or(c));
            out.push('\u{0E33}');
            (i, n) = (i + 3, n + 2);
        } else {
            map.push(n);
            out.push(c);
            (i, n) = (i + 1, n + 1);
        }
    }
    map.push(n);
    (out, map)
}

#[cfg(test)]
mod sara_am_tests {
    #[test]
    fn nikhahit_and_sara_aa_become_sara_am_and_offsets_follow() {
        let (text, map) = super::compose_sara_am("ดําเนิน อําเภอ");
        assert_eq!(text, "ดำเนิน อำเภอ");
        assert_eq!(map.len(), "ดําเนิน อําเภอ".chars().count() + 1);
        assert_eq!((map[1], map[2], map[3]), (1, 1, 2));
        assert_eq!(map.last().copied(), Some(text.chars().count()));
    }
}
