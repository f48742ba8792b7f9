//! Letter dates whose digits OCR misread. Thai OCR takes some digits for others (๘ for ๕, ๙ for
//! ๕ or ๓, ๖ for ๒, ๗ for ๓, ๔ for ๕, and the reverse); a date it gives that cannot be, or is
//! far from the letter's other dates, is read again with one or two such digits changed, and
//! the reading the calendar and the context like best is offered.

use crate::thai::date::parse_thai_date;
use chrono::{Datelike, NaiveDate};

/// Each Thai digit and the digits OCR gives in its place.
const CONFUSED: [(char, &str); 10] = [
    ('๐', "๖๑๙"),
    ('๑', "๐๗"),
    ('๒', "๖"),
    ('๓', "๗๙๖"),
    ('๔', "๕๓"),
    ('๕', "๔๘๙๖"),
    ('๖', "๒๐๕"),
    ('๗', "๓๑"),
    ('๘', "๕"),
    ('๙', "๕๓๐"),
];

fn others(c: char) -> &'static str {
    CONFUSED
        .iter()
        .find(|(d, _)| *d == c)
        .map_or("", |(_, o)| o)
}

/// `raw` with up to two of its Thai digits changed for digits OCR confuses them with, each
/// with the number of changes.
pub fn variants(raw: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = raw.chars().collect();
    let at: Vec<usize> = (0..chars.len())
        .filter(|i| !others(chars[*i]).is_empty())
        .collect();
    let mut out = Vec::new();
    for (k, i) in at.iter().enumerate() {
        for a in others(chars[*i]).chars() {
            let mut one = chars.clone();
            one[*i] = a;
            out.push((one.iter().collect(), 1));
            for j in at.iter().skip(k + 1) {
                for b in others(chars[*j]).chars() {
                    let mut two = one.clone();
                    two[*j] = b;
                    out.push((two.iter().collect(), 2));
                }
            }
        }
    }
    out
}

/// A better reading of a letter date `raw`, when its own reading is not `acceptable`: the
/// acceptable reading with the fewest changes whose year is nearest to `year` (the year the
/// context points at), and whether another reading was as good (then a person must choose).
pub fn repair_date(
    raw: &str,
    year: i32,
    acceptable: impl Fn(NaiveDate) -> bool,
) -> Option<(NaiveDate, bool)> {
    let mut found: Vec<(usize, i32, NaiveDate)> = variants(raw)
        .into_iter()
        .filter_map(|(text, changes)| {
            let p = parse_thai_date(&text);
            let d = p.date.filter(|d| !p.uncertain && acceptable(*d))?;
            Some((changes, (d.year() - year).abs(), d))
        })
        .collect();
    found.sort_by_key(|(changes, distance, d)| (*distance, *changes, *d));
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|f| seen.insert(f.2));
    let best = found.first()?;
    let tie = found
        .get(1)
        .is_some_and(|next| (next.1, next.0) == (best.1, best.0));
    Some((best.2, tie))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misread_year_is_read_again_near_the_context() {
        let ok = |d: NaiveDate| d.year() >= 2020 && d.year() <= 2027;
        let (d, tie) = repair_date("๒ พฤษภาคม ๒๕๒๙", 2026, ok).expect("a reading");
        assert_eq!(
            (d, tie),
            (NaiveDate::from_ymd_opt(2026, 5, 2).expect("date"), false)
        );
        assert_eq!(
            repair_date("๓๕ มีนาคม ๒๕๖๙", 2026, ok),
            None,
            "no digit OCR confuses makes ๓๕ a day: left to a person"
        );
        let (d, _) = repair_date("๑๔ มีนาคม ๒๕๒๙", 2026, ok).expect("a reading");
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 3, 14).expect("date"));
        assert!(repair_date("มีนาคม", 2026, ok).is_none());
    }
}
