//! Example-based tests for letter number parsing and formatting.

use super::digits::Digits;
use super::letter_no::{canonical, format_number, parse, LetterNumber, ParseStatus};

/// Expected parse of one real-looking form.
struct Case {
    raw: &'static str,
    canonical: &'static str,
    code: Option<&'static str>,
    owner: Option<&'static str>,
    subs: Vec<&'static str>,
    committee: Option<&'static str>,
    circular: bool,
    running: Option<u64>,
    status: ParseStatus,
}

fn check(c: &Case) -> LetterNumber {
    let p = parse(c.raw);
    assert_eq!(p.raw, c.raw);
    assert_eq!(p.canonical, c.canonical, "canonical of {:?}", c.raw);
    assert_eq!(p.letter_code.as_deref(), c.code, "code of {:?}", c.raw);
    assert_eq!(p.owner.as_deref(), c.owner, "owner of {:?}", c.raw);
    assert_eq!(p.sub_units, c.subs, "sub-units of {:?}", c.raw);
    assert_eq!(
        p.committee.as_deref(),
        c.committee,
        "committee of {:?}",
        c.raw
    );
    assert_eq!(p.circular, c.circular, "circular of {:?}", c.raw);
    assert_eq!(p.running_number, c.running, "running of {:?}", c.raw);
    assert_eq!(p.parse_status, c.status, "status of {:?}", c.raw);
    assert_eq!(
        canonical(&p.canonical),
        p.canonical,
        "fixed point {:?}",
        c.raw
    );
    p
}

#[allow(clippy::too_many_arguments)]
fn ok(
    raw: &'static str,
    canonical: &'static str,
    code: &'static str,
    owner: &'static str,
    subs: &[&'static str],
    circular: bool,
    running: u64,
) -> Case {
    Case {
        raw,
        canonical,
        code: Some(code),
        owner: Some(owner),
        subs: subs.to_vec(),
        committee: None,
        circular,
        running: Some(running),
        status: ParseStatus::Ok,
    }
}

/// (raw, canonical, "code owner sub-units...", circular, running)
#[rustfmt::skip]
const PLAIN: [(&str, &str, &str, bool, u64); 22] = [
    ("ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ปจ 0017.2/ว 2323", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("นร ๑๒๐๗/๕๐๙", "นร 1207/509", "นร 1207", false, 509),
    ("ที่ นร ๑๒๐๗/๕๐๙", "นร 1207/509", "นร 1207", false, 509),
    ("รย 0017.2/ ว 9738", "รย 0017.2/ว 9738", "รย 0017 2", true, 9738),
    ("มท 0810.5/ว.617", "มท 0810.5/ว 617", "มท 0810 5", true, 617),
    ("มท 0810.5/ว617", "มท 0810.5/ว 617", "มท 0810 5", true, 617),
    ("มท ๐๘๑๐.๕/ว. ๖๑๗", "มท 0810.5/ว 617", "มท 0810 5", true, 617),
    ("ทส 0912.302/53", "ทส 0912.302/53", "ทส 0912 302", false, 53),
    ("อก 5106.3/ว 0310", "อก 5106.3/ว 310", "อก 5106 3", true, 310),
    ("นร 0505/00012", "นร 0505/12", "นร 0505", false, 12),
    ("มท 0810.2.002/ว 15", "มท 0810.2.002/ว 15", "มท 0810 2 002", true, 15),
    ("กษ 0201.ปจ/123", "กษ 0201.ปจ/123", "กษ 0201 ปจ", false, 123),
    ("กษ 0201 . ปจ / 123", "กษ 0201.ปจ/123", "กษ 0201 ปจ", false, 123),
    ("ปจ0017.2/ว2323", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ปจ\u{00A0}0017.2\t/\u{200B}ว 2323 ", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ปจ   ๐๐๑๗ . ๒ /ว   ๒๓๒๓", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ปจ 51001/๔๕", "ปจ 51001/45", "ปจ 51001", false, 45),
    ("ที่ปจ 0017.2/ว 2323", "ปจ 0017.2/ว 2323", "ปจ 0017 2", true, 2323),
    ("ปจ 0118/1", "ปจ 0118/1", "ปจ 0118", false, 1),
    ("กท 1403/ว 0", "กท 1403/ว 0", "กท 1403", true, 0),
];

#[test]
fn plain_forms() {
    for (raw, canonical, fields, circular, running) in PLAIN {
        let fields: Vec<&'static str> = fields.split(' ').collect();
        let p = check(&ok(
            raw,
            canonical,
            fields[0],
            fields[1],
            &fields[2..],
            circular,
            running,
        ));
        assert_eq!(p.urgency, None);
        assert_eq!(p.committee, None);
        assert_eq!(p.series_tag, None);
    }
}

fn committee_case(raw: &'static str, canonical: &'static str, owner: &'static str) -> Case {
    Case {
        committee: Some("สกศ"),
        ..ok(raw, canonical, "ศธ", owner, &[], true, 5)
    }
}

#[test]
fn committee_positions() {
    let c = Case {
        committee: Some("กอจ"),
        ..ok(
            "รย 0012/(กอจ)/ว 2",
            "รย 0012/(กอจ)/ว 2",
            "รย",
            "0012",
            &[],
            true,
            2,
        )
    };
    let p = check(&c);
    assert_eq!(p.prefix.as_deref(), Some("รย 0012"));
    check(&Case {
        raw: "รย ๐๐๑๒/ (กอจ) /ว ๒",
        ..c
    });
    let before = check(&committee_case(
        "ศธ (สกศ) 0401/ว 5",
        "ศธ (สกศ) 0401/ว 5",
        "0401",
    ));
    assert_eq!(before.prefix.as_deref(), Some("ศธ (สกศ) 0401"));
    check(&committee_case(
        "ศธ(สกศ)0401/ว 5",
        "ศธ (สกศ) 0401/ว 5",
        "0401",
    ));
    let after = check(&committee_case(
        "ศธ 0401 (สกศ)/ว 5",
        "ศธ 0401 (สกศ)/ว 5",
        "0401",
    ));
    assert_eq!(after.prefix.as_deref(), Some("ศธ 0401 (สกศ)"));
    check(&committee_case(
        "ศธ 0401(สกศ)/ว5",
        "ศธ 0401 (สกศ)/ว 5",
        "0401",
    ));
    check(&committee_case(
        "ศธ ๐๔๐๑ ( สกศ ) / ว ๕",
        "ศธ 0401 (สกศ)/ว 5",
        "0401",
    ));
    let dotted = parse("นร 1208 (ก.พ.ร.)/ว 7");
    assert_eq!(dotted.committee.as_deref(), Some("ก.พ.ร."));
    assert_eq!(dotted.parse_status, ParseStatus::Ok);
}

#[test]
fn special_series() {
    let p = parse("มท 0808.2/พิเศษ/ว 5");
    assert_eq!(p.canonical, "มท 0808.2/พิเศษ/ว 5");
    assert_eq!(p.series_tag.as_deref(), Some("พิเศษ"));
    assert_eq!(p.running_number, Some(5));
    assert!(p.circular);
    let both = parse("รย 0012 / (กอจ) / พิเศษ / ว ๑๒");
    assert_eq!(both.canonical, "รย 0012/(กอจ)/พิเศษ/ว 12");
    assert_eq!(both.committee.as_deref(), Some("กอจ"));
    assert_eq!(both.series_tag.as_deref(), Some("พิเศษ"));
}

#[test]
fn missing_numbers() {
    for (raw, canon, circular) in [
        ("รย 0017.2/-", "รย 0017.2/-", false),
        ("รย ๐๐๑๗.๒/.", "รย 0017.2/-", false),
        ("รย 0017.2/", "รย 0017.2/-", false),
        ("รย 0017.2/ว", "รย 0017.2/ว -", true),
        ("รย 0017.2/ว.", "รย 0017.2/ว -", true),
        ("รย 0017.2/ว -", "รย 0017.2/ว -", true),
    ] {
        let p = parse(raw);
        assert_eq!(p.canonical, canon, "{raw}");
        assert_eq!(p.running_number, None, "{raw}");
        assert_eq!(p.circular, circular, "{raw}");
        assert_eq!(p.parse_status, ParseStatus::MissingNumber, "{raw}");
        assert_eq!(p.parse_status.as_str(), "missing_number");
        assert_eq!(p.owner.as_deref(), Some("0017"));
    }
}

#[test]
fn no_letter_code_is_partial() {
    let p = parse("0017.2/15");
    assert_eq!(p.canonical, "0017.2/15");
    assert_eq!(p.letter_code, None);
    assert_eq!(p.owner.as_deref(), Some("0017"));
    assert_eq!(p.running_number, Some(15));
    assert_eq!(p.parse_status, ParseStatus::Partial);
    assert_eq!(p.parse_status.as_str(), "partial");
    assert_eq!(parse("นร 12/5").parse_status, ParseStatus::Partial);
}

#[test]
fn urgency_is_split_out() {
    let cases = [
        ("ปจ ด่วนที่สุด ปจ 0017.2/ว 2323", "most_urgent"),
        ("ด่วนที่สุด ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "most_urgent"),
        ("ด่วนมาก ปจ 0017.2/ว 2323", "very_urgent"),
        ("ปจ 0017.2/ว 2323 ด่วน", "urgent"),
        ("ด่วน ด่วนมาก ปจ 0017.2/ว 2323", "very_urgent"),
    ];
    for (raw, level) in cases {
        let p = parse(raw);
        assert_eq!(p.canonical, "ปจ 0017.2/ว 2323", "{raw}");
        assert_eq!(p.urgency, Some(level), "{raw}");
        assert_eq!(p.letter_code.as_deref(), Some("ปจ"));
        assert_eq!(p.parse_status, ParseStatus::Ok);
    }
    assert_eq!(parse("ปจ 0017.2/ว 2323").urgency, None);
}

#[test]
fn opaque_forms_keep_text() {
    for (raw, canon) in [
        ("ABC-12-345", "ABC-12-345"),
        ("  12/2569 ", "12/2569"),
        ("๑๕/๒๕๖๙", "15/2569"),
        ("ที่ว่าการอำเภอ", "ที่ว่าการอำเภอ"),
        ("ปจ 0017.2", "ปจ 0017.2"),
        (
            "ปจ 0017.2/ว 2323 ลว. 5 พ.ค. 69",
            "ปจ 0017.2/ว 2323 ลว. 5 พ.ค. 69",
        ),
        (
            "ปจ 0017.2/99999999999999999999999",
            "ปจ 0017.2/99999999999999999999999",
        ),
        ("No. 45/2026", "No. 45/2026"),
        ("๔๗๒๐", "4720"),
        ("", ""),
        ("   ", ""),
    ] {
        let p = parse(raw);
        assert_eq!(p.canonical, canon, "{raw:?}");
        assert_eq!(p.parse_status, ParseStatus::Opaque, "{raw:?}");
        assert_eq!(p.parse_status.as_str(), "opaque");
        assert_eq!(p.running_number, None, "{raw:?}");
        assert_eq!(p.prefix, None);
        assert_eq!(p.format(Digits::Arabic), canon);
    }
}

#[test]
fn status_names() {
    assert_eq!(ParseStatus::Ok.as_str(), "ok");
    assert_eq!(ParseStatus::Partial.as_str(), "partial");
    assert_eq!(ParseStatus::Opaque.as_str(), "opaque");
    assert_eq!(ParseStatus::MissingNumber.as_str(), "missing_number");
}

#[test]
fn thai_and_arabic_forms_agree() {
    assert_eq!(canonical("ปจ ๐๐๑๗.๒/ว ๒๓๒๓"), canonical("ปจ 0017.2/ว 2323"));
    assert_eq!(canonical("นร ๑๒๐๗/๕๐๙"), canonical("นร 1207/509"));
    assert_eq!(
        canonical("รย ๐๐๑๒/(กอจ)/ว ๒"),
        canonical("รย 0012/(กอจ)/ว 2")
    );
}

#[test]
fn format_number_examples() {
    assert_eq!(
        format_number("นร 1207", false, 509, Digits::Thai),
        "นร ๑๒๐๗/๕๐๙"
    );
    assert_eq!(
        format_number("ปจ 0017.2", true, 2323, Digits::Arabic),
        "ปจ 0017.2/ว 2323"
    );
    assert_eq!(
        format_number("ปจ ๐๐๑๗.๒", true, 2323, Digits::Thai),
        "ปจ ๐๐๑๗.๒/ว ๒๓๒๓"
    );
    assert_eq!(
        format_number("รย 0012/(กอจ)", true, 2, Digits::Arabic),
        "รย 0012/(กอจ)/ว 2"
    );
}

#[test]
fn format_re_renders_parts() {
    let p = parse("ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(p.format(Digits::Thai), "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(p.format(Digits::Arabic), "ปจ 0017.2/ว 2323");
    for raw in [
        "รย 0012/(กอจ)/ว 2",
        "ศธ (สกศ) 0401/ว 5",
        "ศธ 0401 (สกศ)/ว 5",
        "มท 0808.2/พิเศษ/ว 5",
        "รย 0017.2/-",
        "0017.2/15",
    ] {
        let p = parse(raw);
        assert_eq!(p.format(Digits::Arabic), p.canonical, "{raw}");
        let again = parse(&p.format(Digits::Thai));
        assert_eq!(
            LetterNumber {
                raw: p.raw.clone(),
                ..again
            },
            p,
            "{raw}"
        );
    }
}

#[test]
fn look_alikes_fold_to_the_known_number() {
    let known = canonical("ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(known, "ปจ 0017.2/ว 2323");
    for raw in [
        // Full-width digits and solidus.
        "ปจ ００１７.２／ว ２３２３",
        // Bidi controls around and inside.
        "\u{202B}ปจ 0017.2/ว 2323\u{202C}",
        "ปจ 0017.2/\u{200F}ว 2323",
        "\u{2067}ปจ ๐๐๑๗.๒/ว ๒๓๒๓\u{2069}",
        // A zero-width space, a word joiner, a soft hyphen, a byte-order mark.
        "ปจ 0017.2/ว 23\u{200B}23",
        "ปจ 00\u{2060}17.2/ว 2323",
        "ปจ 0017.2/ว 2\u{00AD}323",
        "\u{FEFF}ปจ 0017.2/ว 2323",
    ] {
        let p = parse(raw);
        assert_eq!(p.canonical, known, "{raw:?}");
        assert_eq!(p.raw, raw, "the raw text is kept as typed");
    }
    // Thai letters are not decomposed (NFKC would split SARA AM).
    assert!(canonical("ที่ กำ 0001/1").contains('ำ'));
}
