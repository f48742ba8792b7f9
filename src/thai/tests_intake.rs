//! Intake over real-looking letter texts: the seed scan, a memo, an urgent secret circular,
//! a stamped letter and stamps in their many shapes.

use super::intake::{extract, Intake, LetterFields};
use chrono::NaiveDate;
use proptest::prelude::*;

const SEED: &str = include_str!("../../tests/data/seed-letter-opdc-ogp.txt");

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn canonical(l: &LetterFields) -> Option<&str> {
    l.number
        .as_ref()?
        .value
        .as_ref()
        .map(|n| n.canonical.as_str())
}

fn text_of(f: &Option<super::intake::Field<String>>) -> Option<&str> {
    f.as_ref()?.value.as_deref()
}

#[test]
fn seed_scan_gives_both_letters_their_dates_and_four_stamps() {
    let found = extract(SEED);
    assert_eq!(found.letters.len(), 2);
    let (l2, l1) = (&found.letters[0], &found.letters[1]);
    assert_eq!(canonical(l2), Some("ปจ 0017.2/ว 2323"));
    assert_eq!(canonical(l1), Some("นร 1207/509"));
    let l2_date = l2.dated.as_ref().expect("L2 date line");
    assert_eq!((l2_date.value, l2_date.uncertain), (None, true));
    assert_eq!(l2_date.raw, "๓) พฤษภาคม ๒๕๖๙");
    let bounds = l2.dated_bounds.expect("bounds from the stamps");
    assert_eq!(
        (bounds.not_before, bounds.not_after),
        (date(2026, 5, 5), date(2026, 5, 8)),
        "after the province received L1, before the district received L2"
    );
    assert_eq!(l1.dated_bounds, None, "a readable date needs no bounds");
    assert_eq!(l1.dated.as_ref().and_then(|d| d.value), date(2026, 4, 30));
    let subject = l1.subject.as_ref().expect("subject");
    assert!(subject.raw.starts_with("ขอกความ"), "the OCR text is kept");
    assert!(subject.uncertain);
    assert_eq!(
        subject
            .suggested
            .as_deref()
            .map(|s| s.starts_with("ขอความอนุเคราะห์")),
        Some(true)
    );
    assert_eq!(text_of(&l1.addressee), Some("ผู้ว่าราชการจังหวัดปราจีนบุรี"));
    assert_eq!(text_of(&l2.from), Some("ศาลากลางจังหวัดปราจีนบุรี"));
    assert_eq!(
        text_of(&l1.signer_position),
        Some("รองเลขาธิการ ก.พ.ร. ปฏิบัติราชการแทน เลขาธิการ ก.พ.ร.")
    );
    assert_eq!(
        text_of(&l1.owner_unit),
        Some("กองพัฒนาระบบบริหารงานส่วนภูมิภาคและส่วนท้องถิ่น")
    );
    let stamps: Vec<(u64, Option<NaiveDate>, Option<usize>)> = found
        .receipt_stamps
        .iter()
        .map(|s| (s.number, s.date, s.letter_index))
        .collect();
    assert_eq!(
        stamps,
        vec![
            (3654, date(2026, 5, 8), Some(0)),
            (783, date(2026, 5, 5), Some(1)),
            (4720, date(2026, 5, 5), Some(1)),
            (2197, date(2026, 5, 5), Some(1)),
        ]
    );
}

#[test]
fn windows_line_endings_read_the_same() {
    let crlf = SEED.replace('\n', "\r\n");
    let (a, b) = (extract(SEED), extract(&crlf));
    assert_eq!(a.letters.len(), b.letters.len());
    assert_eq!(a.receipt_stamps.len(), b.receipt_stamps.len());
    assert_eq!(canonical(&b.letters[1]), Some("นร 1207/509"));
}

#[test]
fn internal_memo_with_number_and_date_on_one_line() {
    let memo = "บันทึกข้อความ\nส่วนราชการ  สำนักงานจังหวัดปราจีนบุรี กลุ่มงานอำนวยการ โทร. ๐ ๓๗๔๕ ๔๔๓๔\n\
                ที่ ปจ ๐๐๑๗.๑/๑๕๖          วันที่  ๑๒ มิถุนายน ๒๕๖๙\n\
                เรื่อง  ขออนุมัติเดินทางไปราชการ\nเรียน  ผู้ว่าราชการจังหวัดปราจีนบุรี\n";
    let l = &extract(memo).letters[0];
    assert_eq!(canonical(l), Some("ปจ 0017.1/156"));
    assert_eq!(l.dated.as_ref().and_then(|d| d.value), date(2026, 6, 12));
    assert_eq!(text_of(&l.from), Some("สำนักงานจังหวัดปราจีนบุรี กลุ่มงานอำนวยการ"));
    assert_eq!(text_of(&l.subject), Some("ขออนุมัติเดินทางไปราชการ"));
    assert_eq!(text_of(&l.addressee), Some("ผู้ว่าราชการจังหวัดปราจีนบุรี"));
}

const URGENT: &str = "ลับ\nด่วนที่สุด\n\
ที่ มท ๐๘๑๐.๕/ว ๖๑๗\n\
                         กรมส่งเสริมการปกครองท้องถิ่น\n\
                         ถนนนครราชสีมา เขตดุสิต กทม. ๑๐๓๐๐\n\
              ๑  พ.ค.  ๒๕๖๙\n\
เรื่อง  การเบิกจ่ายเงินอุดหนุนทั่วไป\n\
        ด้านการศึกษา\n\
เรียน  ผู้ว่าราชการจังหวัด ทุกจังหวัด\n\
อ้างถึง  หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท ๐๘๑๐.๕/ว ๑๒๓ ลงวันที่ ๑๕ มกราคม ๒๕๖๙\n\
สิ่งที่ส่งมาด้วย  บัญชีรายละเอียด จำนวน ๑ ชุด\n\n\
ตามหนังสือจังหวัดปราจีนบุรี ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓ ลงวันที่ ๗ พฤษภาคม ๒๕๖๙ แจ้งว่า\n";

#[test]
fn urgent_secret_circular_with_reference_enclosure_and_body_citation() {
    let l = &extract(URGENT).letters[0];
    assert_eq!(canonical(l), Some("มท 0810.5/ว 617"));
    assert_eq!(l.dated.as_ref().and_then(|d| d.value), date(2026, 5, 1));
    assert_eq!(text_of(&l.urgency), Some("most_urgent"));
    assert_eq!(text_of(&l.secrecy), Some("confidential"));
    assert_eq!(text_of(&l.from), Some("กรมส่งเสริมการปกครองท้องถิ่น"));
    assert_eq!(
        text_of(&l.subject),
        Some("การเบิกจ่ายเงินอุดหนุนทั่วไปด้านการศึกษา"),
        "a wrapped subject is joined without a space between Thai words"
    );
    let cited: Vec<(Option<String>, Option<NaiveDate>)> = l
        .references
        .iter()
        .filter_map(|r| r.value.as_ref())
        .map(|c| (c.number.as_ref().map(|n| n.canonical.clone()), c.dated))
        .collect();
    assert_eq!(
        cited,
        vec![
            (Some("มท 0810.5/ว 123".into()), date(2026, 1, 15)),
            (Some("ปจ 0017.2/ว 2323".into()), date(2026, 5, 7)),
        ]
    );
    assert!(
        l.references[1].uncertain,
        "a number in the body is only a hint"
    );
    assert_eq!(l.enclosures.len(), 1);
    let enclosure = l.enclosures[0].value.as_ref().expect("enclosure");
    assert_eq!(enclosure.text, "บัญชีรายละเอียด จำนวน ๑ ชุด");
    assert!(enclosure.number.is_none());
}

#[test]
fn stamped_letter_addressed_with_tueng_and_a_missing_number() {
    let text = "ที่ รย ๐๐๑๗.๒/-\nถึง  สำนักงานเขตพื้นที่การศึกษาประถมศึกษาระยอง เขต ๑\n\nบอกเรา ถึงรัฐ\n";
    let l = &extract(text).letters[0];
    let number = l.number.as_ref().expect("number");
    assert!(number.uncertain);
    assert_eq!(number.value.as_ref().and_then(|n| n.running_number), None);
    assert_eq!(
        text_of(&l.addressee),
        Some("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาระยอง เขต ๑")
    );
}

#[test]
fn stamps_in_other_shapes() {
    let one_line = extract("กลุ่มงานอำนวยการ\nรับที่ ๑๒๓ วันที่ ๒ มิ.ย. ๖๙ เวลา ๑๐.๓๐ น.\n");
    let s = &one_line.receipt_stamps[0];
    assert_eq!((s.number, s.date), (123, date(2026, 6, 2)));
    assert_eq!(s.time.as_deref(), Some("10:30"));
    assert_eq!(s.office.as_deref(), Some("กลุ่มงานอำนวยการ"));

    let arabic = extract("เลขรับ 5512\nวันที่ 8 พ.ค. 2569\nเวลา 14.05 น.\n");
    let s = &arabic.receipt_stamps[0];
    assert_eq!((s.number, s.date), (5512, date(2026, 5, 8)));
    assert_eq!(
        (s.time.as_deref(), s.office.as_deref()),
        (Some("14:05"), None)
    );

    let ocr = extract("เลขทะเบียนรับ....๙๘\nวันที่ ๓ ม.ค. ๒๕๗๐\nเวรา ๙.๐๕\n");
    let s = &ocr.receipt_stamps[0];
    assert_eq!((s.number, s.date), (98, date(2027, 1, 3)));
    assert_eq!(s.time.as_deref(), Some("09:05"), "เวรา is the OCR of เวลา");
}

#[test]
fn addresses_and_body_text_are_not_stamps() {
    let text = "สำนักงานเทศบาลเมืองปราจีนบุรี\nเลขที่ ๙๙ ถนนราษฎร์ดำเนิน\nเลขที่ ๑๒\nเรียนมาเพื่อทราบ\n";
    let found = extract(text);
    assert!(
        found.receipt_stamps.is_empty(),
        "{:?}",
        found.receipt_stamps
    );
    assert!(found.letters.iter().all(|l| l.addressee.is_none()));
}

#[test]
fn text_with_nothing_to_read_gives_nothing() {
    assert_eq!(extract(""), Intake::default());
    assert_eq!(extract("สวัสดีครับ\n\n"), Intake::default());
}

proptest! {
    #[test]
    fn extract_never_panics(s in "\\PC{0,400}") {
        let _ = extract(&s);
    }

    #[test]
    fn extract_never_panics_on_thai_letter_shapes(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("ที่ "), Just("ปจ ๐๐๑๗.๒/ว ๒๓๒๓"), Just("เรื่อง "), Just("เรียน "), Just("\n"),
                Just("รับที่ "), Just("วันที่ "), Just("๕ พ.ค. ๖๙"), Just("เวลา "), Just("("), Just(")"),
                Just("/"), Just("ลงวันที่ "), Just("สิ่งที่ส่งมาด้วย"), Just("อ้างถึง"), Just("ขอแสดงความนับถือ"),
                Just("ถนน"), Just("ก"), Just(" "), Just("\u{0E4D}"), Just("๑"),
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        let found = extract(&text);
        let n = text.chars().count();
        for s in &found.receipt_stamps {
            prop_assert!(s.span[0] <= s.span[1] && s.span[1] <= n);
        }
    }
}

#[test]
fn a_body_citation_keeps_only_the_cited_letter() {
    let l = &extract(URGENT).letters[0];
    assert_eq!(
        l.references[1].raw,
        "หนังสือจังหวัดปราจีนบุรี ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓ ลงวันที่ ๗ พฤษภาคม ๒๕๖๙"
    );
}

/// `pdftotext -layout` of a หนังสือภายนอก: the office and its address printed to the right of
/// the `ที่` line and below it, in a column of their own.
const LAYOUT: &str = "\
ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓                  ศาลากลางจังหวัดปราจีนบุรี
                                      ถนนราษฎรดำเนิน อำเภอเมือง
                                      ปราจีนบุรี
                                      ปจ ๒๕๐๐๐
                                    ๖ พฤษภาคม ๒๕๖๙
เรื่อง ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่ง
ชาติ
เรียน นายอำเภอทุกอำเภอ
          ข้าพเจ้าขอแจ้งว่า จังหวัดได้รับแจ้งจากสำนักงาน ก.พ.ร.
ที่ นร ๑๒๐๗/๕๐๙ ลงวันที่ ๓๐ เมษายน ๒๕๖๙ ให้ประชาสัมพันธ์
การจัดทำแผนต่อไป
";

#[test]
fn the_office_beside_the_number_line_is_the_issuer_not_its_address() {
    let found = extract(LAYOUT);
    assert_eq!(
        found.letters.len(),
        1,
        "a number opening a body line starts no letter"
    );
    let l = &found.letters[0];
    assert_eq!(canonical(l), Some("ปจ 0017.2/ว 2323"));
    assert_eq!(text_of(&l.from), Some("ศาลากลางจังหวัดปราจีนบุรี"));
    assert_eq!(l.dated.as_ref().and_then(|d| d.value), date(2026, 5, 6));
    assert_eq!(
        text_of(&l.subject),
        Some("ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติ")
    );
    assert_eq!(
        text_of(&l.addressee),
        Some("นายอำเภอทุกอำเภอ"),
        "the indented body paragraph is not part of the addressee"
    );
}

#[test]
fn ocr_slips_in_labels_and_a_memo_whose_office_runs_over() {
    let text = "บันทึกข้อความ\n\
ส่วนราชการ สำนักงานจังหวัดปราจีนบุรี กลุ่มงานยุทธศาสตร์และ\n\
ข้อมูลเพื่อการพัฒนาจังหวัด โทร. ๐ ๓๗๔๕ ๔๔๓๔\n\
ที ปจ ๐๐๑๗.๒/๗๘๙                    วันที ๑๙ สิงหาคม ๒๕๖๙\n\
เรือง ขออนุมัติเดินทางไปราชการ\n\
เรียน ผู้ว่าราชการจังหวัดปราจีนบุรี\n";
    let l = &extract(text).letters[0];
    assert_eq!(canonical(l), Some("ปจ 0017.2/789"));
    assert_eq!(l.dated.as_ref().and_then(|d| d.value), date(2026, 8, 19));
    assert_eq!(text_of(&l.subject), Some("ขออนุมัติเดินทางไปราชการ"));
    assert_eq!(
        text_of(&l.from),
        Some("สำนักงานจังหวัดปราจีนบุรี กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด")
    );
}
