//! The smaller parts of a letter: urgency and secrecy marks, issuer, signature block and
//! numbers cited in the body.

use super::cite::{citation, extent, numbers};
use super::letter::{field, number_part};
use super::lines::{
    is_time_label, looks_like_address, looks_like_office, opens_part, Line, ENCLOSURE, REFERENCE,
};
use super::{Field, LetterFields};
use crate::thai::normalize::collapse_spaces;
use crate::thai::normalize::is_gap;
use crate::thai::normalize::is_thai_letter;

const URGENCY: [(&str, &str); 3] = [
    ("ด่วนที่สุด", "most_urgent"),
    ("ด่วนมาก", "very_urgent"),
    ("ด่วน", "urgent"),
];
const SECRECY: [(&str, &str); 3] = [
    ("ลับที่สุด", "top_secret"),
    ("ลับมาก", "secret"),
    ("ลับ", "confidential"),
];
const CLOSINGS: [&str; 3] = ["ขอแสดงความนับถือ", "ขอแสดงความเคารพ", "ขอแสดงความนับถืออย่างสูง"];
const MEMO_FROM: [&str; 1] = ["ส่วนราชการ"];
const PHONE: [&str; 4] = ["โทร", "โทรศัพท์", "โทรสาร", "ไปรษณีย์อิเล็กทรอนิกส์"];
/// How many lines below a letterhead its address may be.
const ADDRESS_LOOKAHEAD: usize = 3;

/// A mark's letters without spaces and without the vowel and tone marks OCR drops
/// (`ด่วนทีสุด` is `ด่วนที่สุด`).
fn mark_key(t: &str) -> String {
    t.chars()
        .filter(|c| !is_gap(*c) && !crate::thai::normalize::is_mark(*c))
        .collect()
}

/// An urgency or secrecy word alone on its line.
pub fn is_mark(t: &str) -> bool {
    let key = mark_key(t);
    URGENCY
        .iter()
        .chain(SECRECY.iter())
        .any(|(w, _)| key == mark_key(w))
}

/// Urgency and secrecy words printed on a line of their own above the subject.
pub fn marks(lines: &[Line], own: &[usize], subject_at: Option<usize>, f: &mut LetterFields) {
    for i in own
        .iter()
        .copied()
        .filter(|i| subject_at.is_none_or(|s| *i < s))
    {
        let line = &lines[i];
        let t = line.trimmed();
        let key = mark_key(t);
        for (word, level) in URGENCY {
            if key == mark_key(word) && f.urgency.is_none() {
                f.urgency = Some(field(line, t, Some(level.to_string()), 0.9));
            }
        }
        for (word, level) in SECRECY {
            if key == mark_key(word) && f.secrecy.is_none() {
                f.secrecy = Some(field(line, t, Some(level.to_string()), 0.9));
            }
        }
    }
}

/// An internal memo's `ส่วนราชการ <office>` line, up to its `โทร` (on the next line when the
/// office's name runs over).
pub fn memo_from(lines: &[Line], own: &[usize]) -> Option<Field<String>> {
    own.iter().enumerate().find_map(|(k, i)| {
        let line = &lines[*i];
        let value = line.after_label(&MEMO_FROM)?;
        let head = value
            .split("โทร")
            .next()
            .unwrap_or(value)
            .trim_matches(is_gap);
        if head.is_empty() {
            return None;
        }
        let mut f = field(line, head, Some(collapse_spaces(head)), 0.9);
        let next = own.get(k + 1).map(|j| &lines[*j]);
        let runs_over = !value.contains("โทร")
            && next.is_some_and(|n| !n.is_blank() && !opens_part(n) && number_part(n).is_none());
        if let (true, Some(n)) = (runs_over, next) {
            let t = n.trimmed();
            let rest = t.split("โทร").next().unwrap_or(t).trim_matches(is_gap);
            if !rest.is_empty() {
                let glue = match (head.chars().last(), rest.chars().next()) {
                    (Some(a), Some(b)) if is_thai_letter(a) && is_thai_letter(b) => "",
                    _ => " ",
                };
                f.value = Some(format!(
                    "{}{glue}{}",
                    collapse_spaces(head),
                    collapse_spaces(rest)
                ));
                f.span[1] = n.span_of(rest)[1];
                f.raw = format!("{head}\n{rest}");
            }
        }
        Some(f)
    })
}

/// The letterhead: an office line with an address (road, postcode, Bangkok) just below it.
pub fn letterhead(lines: &[Line], own: &[usize]) -> Option<Field<String>> {
    own.iter().enumerate().find_map(|(k, i)| {
        let line = &lines[*i];
        if !looks_like_office(line) || number_part(line).is_some() || is_mark(line.trimmed()) {
            return None;
        }
        let below = own
            .iter()
            .skip(k + 1)
            .map(|j| &lines[*j])
            .filter(|l| !l.is_blank())
            .take(ADDRESS_LOOKAHEAD);
        let mut below = below.peekable();
        below.peek()?;
        let t = line.trimmed();
        if !below.any(|l| looks_like_address(l.trimmed())) {
            return None;
        }
        // A long name runs over onto the lines above its address.
        let mut value = collapse_spaces(t);
        let mut f = field(line, t, None, 0.7);
        for j in own.iter().skip(k + 1).take(2) {
            let next = &lines[*j];
            let n = next.trimmed();
            if next.is_blank()
                || starts_like_address(n)
                || opens_part(next)
                || is_time_label(n)
                || n.chars().count() > 60
            {
                break;
            }
            let glue = match (value.chars().last(), n.chars().next()) {
                (Some(a), Some(b)) if is_thai_letter(a) && is_thai_letter(b) => "",
                _ => " ",
            };
            value = format!("{value}{glue}{}", collapse_spaces(n));
            f.raw = format!("{}\n{n}", f.raw);
            f.span[1] = next.span_of(n)[1];
        }
        f.suggested = super::spelling::ocr_fixed(&value);
        f.confidence = if f.suggested.is_some() { 0.6 } else { 0.7 };
        f.uncertain = f.suggested.is_some();
        f.value = Some(value);
        Some(f)
    })
}

/// A line that begins an address: a road, lane, house number, village, sub-district,
/// district, or a postcode or Bangkok anywhere in it.
fn starts_like_address(t: &str) -> bool {
    const OPENERS: [&str; 9] = [
        "ถนน",
        "ถ.",
        "ซอย",
        "เลขที่",
        "หมู่",
        "ตำบล",
        "อำเภอ",
        "เขต",
        "แขวง",
    ];
    OPENERS.iter().any(|o| t.starts_with(o)) || looks_like_address(t) && !t.contains("ถนน")
}

/// The signer `(name)` under the closing, the position below it (with `ปฏิบัติราชการแทน …`),
/// then the drafting unit down to the phone line.
pub fn signature(lines: &[Line], own: &[usize], f: &mut LetterFields) {
    let Some(close) = own
        .iter()
        .position(|i| CLOSINGS.iter().any(|c| lines[*i].trimmed().starts_with(c)))
    else {
        return;
    };
    let mut rest = own
        .iter()
        .skip(close + 1)
        .copied()
        .filter(|i| !lines[*i].is_blank())
        .peekable();
    let Some(name_at) = rest.next() else { return };
    let name = lines[name_at].trimmed();
    if name.starts_with('(') && name.ends_with(')') {
        let inner = name
            .trim_matches(|c| c == '(' || c == ')')
            .trim_matches(is_gap);
        f.signer = Some(field(
            &lines[name_at],
            inner,
            Some(collapse_spaces(inner)),
            0.8,
        ));
    } else {
        return;
    }
    let Some(pos_at) = rest.next() else { return };
    let pos_line = &lines[pos_at];
    let mut position = collapse_spaces(pos_line.trimmed());
    let mut span = pos_line.span_of(pos_line.trimmed());
    let mut raw = pos_line.trimmed().to_string();
    if position.ends_with("ปฏิบัติราชการแทน") {
        if let Some(next) = rest.next() {
            let nl = &lines[next];
            position = format!("{position} {}", collapse_spaces(nl.trimmed()));
            raw = format!("{raw}\n{}", nl.trimmed());
            span[1] = nl.span_of(nl.trimmed())[1];
        }
    }
    f.signer_position = Some(Field::new(&raw, Some(position), 0.8, span));
    let unit: Vec<usize> = rest
        .take_while(|i| {
            let t = lines[*i].trimmed();
            !PHONE.iter().any(|p| t.starts_with(p)) && looks_like_office(&lines[*i])
        })
        .take(3)
        .collect();
    if let (Some(a), Some(b)) = (unit.first(), unit.last()) {
        let value = unit
            .iter()
            .map(|i| collapse_spaces(lines[*i].trimmed()))
            .collect::<Vec<_>>()
            .join(" ");
        let span = [
            lines[*a].span_of(lines[*a].trimmed())[0],
            lines[*b].span_of(lines[*b].trimmed())[1],
        ];
        let raw = unit
            .iter()
            .map(|i| lines[*i].trimmed())
            .collect::<Vec<_>>()
            .join("\n");
        f.owner_unit = Some(Field::new(&raw, Some(value), 0.7, span));
    }
}

/// Numbers cited in the body (`ตามหนังสือ … ที่ … ลงวันที่ …`), after the references.
pub fn body_citations(lines: &[Line], own: &[usize], head: Option<usize>, f: &mut LetterFields) {
    for i in own.iter().copied().filter(|i| Some(*i) != head) {
        let line = &lines[i];
        if line.after_label(&ENCLOSURE).is_some() || line.after_label(&REFERENCE).is_some() {
            continue;
        }
        // Continuation lines of enclosures and references are already read.
        let in_block = f
            .enclosures
            .iter()
            .chain(f.references.iter())
            .any(|e| e.span[0] <= line.start && line.start <= e.span[1]);
        if in_block || opens_part(line) && line.trimmed().starts_with("ที่ ") {
            continue;
        }
        let t = line.trimmed();
        for (start, end, number) in numbers(t) {
            if number.parse_status != crate::thai::letter_no::ParseStatus::Ok {
                continue;
            }
            let from = t
                .get(..start)
                .and_then(|s| s.rfind("หนังสือ"))
                .unwrap_or(start);
            let part = t.get(from..extent(t, end)).unwrap_or(t);
            let c = citation(part);
            let span = line.span_of(part);
            f.references.push(Field::new(part, Some(c), 0.5, span));
        }
    }
}
