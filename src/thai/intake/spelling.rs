//! Spelling OCR gets wrong in letters' heads: known slips, and words whose vowel and tone
//! marks OCR loses, offered in their spelling.

/// OCR slips seen in real scans, and what they stand for.
const OCR_FIXES: [(&str, &str); 3] = [
    ("ขอบความอนุเคราะห์", "ขอความอนุเคราะห์"),
    ("ขอกความอนุเคราะห์", "ขอความอนุเคราะห์"),
    ("ขอความอนุเคราะท์", "ขอความอนุเคราะห์"),
];

/// Words of letters' heads that OCR often gives with a vowel or tone mark lost or changed
/// (`ผู้วาราชการ`, `สานักงาน`); a stretch of text with the same letters is given their spelling.
const LEXICON: [&str; 24] = [
    "ผู้ว่าราชการจังหวัด",
    "ที่ว่าการอำเภอ",
    "ศาลากลางจังหวัด",
    "องค์การบริหารส่วน",
    "หัวหน้าส่วนราชการ",
    "สำนักงานเขตพื้นที่การศึกษา",
    "สาธารณสุขจังหวัด",
    "ผู้อำนวยการ",
    "ปลัดกระทรวง",
    "สำนักงาน",
    "นายอำเภอ",
    "ทุกอำเภอ",
    "ทุกจังหวัด",
    "ผู้ใหญ่บ้าน",
    "กำนัน",
    "เทศบาล",
    "นายกเทศมนตรี",
    "อธิบดี",
    "เลขาธิการ",
    "ขอความอนุเคราะห์",
    "ประชาสัมพันธ์",
    "ขอความร่วมมือ",
    "งบประมาณ",
    "ประจำปี",
];

/// The letters that stay when OCR loses marks: marks dropped, SARA AM read as SARA AA.
fn skeleton(c: char) -> Option<char> {
    match c {
        '\u{e33}' => Some('\u{e32}'),
        c if crate::thai::normalize::is_mark(c) => None,
        c => Some(c),
    }
}

/// `text` with every stretch spelled like a [`LEXICON`] word but for its marks given that word.
fn lexicon_fixed(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        if skeleton(chars[i]).is_some() {
            for word in LEXICON {
                let want: Vec<char> = word.chars().filter_map(skeleton).collect();
                let (mut j, mut k) = (i, 0);
                while j < chars.len() && k < want.len() {
                    match skeleton(chars[j]) {
                        None => j += 1,
                        Some(c) if c == want[k] => {
                            j += 1;
                            k += 1;
                        }
                        Some(_) => break,
                    }
                }
                while j < chars.len() && skeleton(chars[j]).is_none() {
                    j += 1;
                }
                if k == want.len() {
                    out.push_str(word);
                    i = j;
                    continue 'outer;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The text with known OCR slips corrected, when any was found.
pub fn ocr_fixed(text: &str) -> Option<String> {
    let mut out = lexicon_fixed(text);
    for (wrong, right) in OCR_FIXES {
        out = out.replace(wrong, right);
    }
    (out != text).then_some(out)
}
