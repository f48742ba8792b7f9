//! Property tests.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::date::{be_year, ce_year, format_date_short, parse_thai_date};
use super::digits::{to_arabic_digits, to_thai_digits, Digits};
use super::letter_no::{canonical, parse, LetterNumber};

const CODES: [&str; 8] = ["ปจ", "นร", "มท", "รย", "อก", "ทส", "ศธ", "กท"];

/// Thai block characters, digits, ASCII punctuation and odd whitespace.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\u{0E00}-\u{0E7F}]",
        "[0-9/. ()\\-ว]",
        Just("ด่วน".to_string()),
        Just("ที่".to_string()),
        Just("พิเศษ".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{200B}".to_string()),
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// A well-formed number, written with random spacing.
fn well_formed() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(CODES.to_vec()),
        0u8..4,
        "[0-9]{4}",
        proptest::collection::vec(prop_oneof!["[0-9]{1,3}", Just("ปจ".to_string())], 0..3),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(0u64..100_000),
        proptest::sample::select(vec!["", " "]),
    )
        .prop_map(
            |(code, committee_at, owner, parts, series, circ, running, sp)| {
                let mut s = String::from(code);
                s.push(' ');
                if committee_at == 1 {
                    s.push_str("(กอจ) ");
                }
                s.push_str(&owner);
                for p in parts {
                    s.push_str(&format!("{sp}.{sp}{p}"));
                }
                if committee_at == 2 {
                    s.push_str(&format!("{sp}(ก.พ.ร.)"));
                }
                s.push_str(&format!("{sp}/{sp}"));
                if committee_at == 3 {
                    s.push_str("(สกศ)/");
                }
                if series {
                    s.push_str("พิเศษ/");
                }
                if circ {
                    s.push_str(&format!("ว{sp}"));
                }
                match running {
                    Some(n) => s.push_str(&n.to_string()),
                    None => s.push('-'),
                }
                s
            },
        )
}

fn same_value(a: &LetterNumber, b: &LetterNumber) -> bool {
    LetterNumber {
        raw: String::new(),
        ..a.clone()
    } == LetterNumber {
        raw: String::new(),
        ..b.clone()
    }
}

proptest! {
    #[test]
    fn parse_never_panics(s in messy_text()) {
        let p = parse(&s);
        prop_assert_eq!(p.raw, s);
    }

    #[test]
    fn parse_never_panics_any_string(s in any::<String>()) {
        let _ = parse(&s);
        let _ = parse_thai_date(&s);
        let _ = super::date::parse_time(&s);
    }

    #[test]
    fn digit_sets_agree(s in messy_text()) {
        prop_assert_eq!(canonical(&to_thai_digits(&s)), canonical(&to_arabic_digits(&s)));
    }

    #[test]
    fn canonical_is_idempotent(s in messy_text()) {
        let c = canonical(&s);
        prop_assert_eq!(canonical(&c), c.clone());
    }

    #[test]
    fn well_formed_round_trips(s in well_formed(), thai in any::<bool>()) {
        let p = parse(&s);
        prop_assert!(p.prefix.is_some(), "not parsed: {}", s);
        let digits = if thai { Digits::Thai } else { Digits::Arabic };
        let again = parse(&p.format(digits));
        prop_assert!(same_value(&p, &again), "{:?} vs {:?}", p, again);
        prop_assert_eq!(canonical(&p.canonical), p.canonical.clone());
        prop_assert_eq!(canonical(&to_thai_digits(&s)), p.canonical);
    }

    #[test]
    fn noise_around_well_formed_is_ignored(
        s in well_formed(),
        thi in any::<bool>(),
        urgency in proptest::sample::select(vec!["", "ด่วน ", "ด่วนมาก", "ด่วนที่สุด "]),
        gap in proptest::sample::select(vec![" ", "\u{00A0}", "\t", "\u{200B}"]),
    ) {
        let thi = if thi { "ที่" } else { "" };
        let noisy = format!("{urgency}{gap}{thi}{gap}{}{gap}", to_thai_digits(&s));
        let (clean, dirty) = (parse(&s), parse(&noisy));
        prop_assert_eq!(&dirty.canonical, &clean.canonical);
        prop_assert_eq!(dirty.parse_status, clean.parse_status);
        prop_assert_eq!(dirty.urgency.is_some(), !urgency.is_empty());
    }

    #[test]
    fn be_ce_symmetric(y in -100_000i32..100_000) {
        prop_assert_eq!(ce_year(be_year(y)), y);
        prop_assert_eq!(be_year(ce_year(y)), y);
    }

    #[test]
    fn short_date_round_trips(offset in 0i64..205_000, thai in any::<bool>()) {
        let start = NaiveDate::from_ymd_opt(1941, 1, 1).unwrap_or_default();
        let d = start + Duration::days(offset);
        prop_assume!(d <= NaiveDate::from_ymd_opt(2500, 12, 31).unwrap_or_default());
        let digits = if thai { Digits::Thai } else { Digits::Arabic };
        let p = parse_thai_date(&format_date_short(d, digits));
        prop_assert_eq!(p.date, Some(d));
        prop_assert!(!p.uncertain);
    }
}
