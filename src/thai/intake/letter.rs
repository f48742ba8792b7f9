//! The fields of one letter, read from its lines `[from, to)`.

use super::cite::{citation, number_end};
use super::lines::{gather, Line, ADDRESSEE, ENCLOSURE, REFERENCE, SUBJECT};
use super::spelling::ocr_fixed;
use super::{parts, Field, LetterFields};
use crate::thai::date::parse_thai_date;
use crate::thai::date::MONTHS_ABBR;
use crate::thai::date::MONTHS_FULL;
use crate::thai::letter_no;
use crate::thai::letter_no::ParseStatus;
use crate::thai::normalize::is_gap;
use std::collections::BTreeSet;

/// The `ที่ <number>` line of a letter, split from a memo's `วันที่ …` on the same line.
pub fn number_part<'a>(line: &Line<'a>) -> Option<(&'a str, Option<(usize, usize)>)> {
    let t = line.trimmed();
    // OCR often drops the vowel or the tone mark, or the space after them: `ที ปจ …`,
    // `ทนร …` are taken when a whole number follows.
    let slip = t
        .strip_prefix('ท')
        .map(|r| r.trim_start_matches(crate::thai::normalize::is_mark))
        .filter(|r| {
            let n = r.trim_matches(is_gap);
            let parsed = letter_no::parse(n);
            parsed.parse_status == ParseStatus::Ok
                && n.chars()
                    .take_while(|c| crate::thai::normalize::is_consonant(*c))
                    .count()
                    == 2
        });
    let rest = t.strip_prefix("ที่").or(slip)?;
    if rest.starts_with(|c: char| {
        !(is_gap(c) || c == ':' || c == '.' || crate::thai::normalize::is_consonant(c))
    }) {
        return None;
    }
    let date_at = rest.find("วันที่");
    let mut number = rest.get(..date_at.unwrap_or(rest.len()))?;
    if letter_no::parse(number).parse_status == ParseStatus::Opaque {
        // The letterhead or the date may share the line: keep only the number.
        let lead = number.len()
            - number
                .trim_start_matches(|c: char| is_gap(c) || matches!(c, ':' | '.' | ','))
                .len();
        let end = number_end(number.get(lead..)?)?;
        // A speck OCR put before the number (`ที่.ปจ …`) is left out.
        let speck = number.get(..lead)?.contains(['.', ',']);
        number = number.get(if speck { lead } else { 0 }..lead + end)?;
        if letter_no::parse(number).parse_status == ParseStatus::Opaque {
            return None;
        }
    }
    let base = t.len() - rest.len();
    Some((number, date_at.map(|d| (base + d, t.len()))))
}

/// Line numbers where letters start: the first `ที่ <number>` line, and each later one with a
/// letter's head below it (a date line, `เรื่อง`, `เรียน` or `ถึง` within a few lines), so that
/// a number at the start of a body line on a following page starts nothing.
pub fn starts(lines: &[Line]) -> Vec<usize> {
    let heads = (0..lines.len()).filter(|i| number_part(&lines[*i]).is_some());
    heads
        .enumerate()
        .filter(|(k, i)| *k == 0 || opens_letter(lines, *i))
        .map(|(_, i)| i)
        .collect()
}

/// Lines looked at above a later letter's `ที่` line for the top of its head.
const ABOVE_LINES: usize = 5;

/// The first line of the letter whose `ที่` line is `at`: a memo's `บันทึกข้อความ` and
/// `ส่วนราชการ` lines and urgency or secrecy marks just above it belong to it, not to the
/// letter before (a stack of letters read as one text).
pub fn head_top(lines: &[Line], at: usize) -> usize {
    let mut top = at;
    let mut seen = 0;
    for k in (0..at).rev() {
        let l = &lines[k];
        if l.is_blank() {
            continue;
        }
        seen += 1;
        if seen > ABOVE_LINES {
            break;
        }
        let t = l.trimmed();
        if t.starts_with("บันทึกข้อความ")
            || l.after_label(&["ส่วนราชการ"]).is_some()
            || super::parts::is_mark(t)
        {
            top = k;
        }
    }
    top
}

/// Lines looked at below a `ที่` line for the rest of a letter's head.
const HEAD_LINES: usize = 8;

fn opens_letter(lines: &[Line], at: usize) -> bool {
    lines
        .iter()
        .skip(at + 1)
        .filter(|l| !l.is_blank())
        .take(HEAD_LINES)
        .any(|l| {
            let t = l.trimmed();
            l.after_label(&SUBJECT).is_some()
                || l.after_label(&ADDRESSEE).is_some()
                || (t.chars().count() <= 40 && parse_thai_date(t).date.is_some())
        })
}

fn mentions_month(t: &str) -> bool {
    MONTHS_FULL
        .iter()
        .chain(MONTHS_ABBR.iter())
        .any(|m| t.contains(m))
}

pub fn field(line: &Line, part: &str, value: Option<String>, confidence: f32) -> Field<String> {
    Field::new(part, value, confidence, line.span_of(part))
}

/// Reads one letter. `used` holds the stamp lines, which are never letter fields.
pub fn read(
    text: &str,
    lines: &[Line],
    from: usize,
    to: usize,
    used: &BTreeSet<usize>,
) -> LetterFields {
    let mut f = LetterFields::default();
    let own: Vec<usize> = (from..to.min(lines.len()))
        .filter(|i| !used.contains(i))
        .collect();
    let head = own
        .iter()
        .copied()
        .find(|i| number_part(&lines[*i]).is_some());
    let subject_at = own
        .iter()
        .copied()
        .find(|i| head.is_none_or(|h| *i > h) && lines[*i].after_label(&SUBJECT).is_some());

    if let Some(h) = head {
        read_number_line(&lines[h], &mut f);
    }
    // Without a number line (OCR garbled it) the date is looked for above the subject.
    if f.dated.is_none() && (head.is_some() || subject_at.is_some()) {
        f.dated = date_below_head(lines, &own, head, subject_at.unwrap_or(to));
    }
    if let Some(i) = subject_at {
        f.subject = Some(subject_field(text, lines, i));
    }
    f.addressee = addressee_field(text, lines, &own, head);
    read_enclosures_and_references(text, lines, &own, head, &mut f);
    parts::body_citations(lines, &own, head, &mut f);
    parts::marks(lines, &own, subject_at, &mut f);
    f.from = parts::memo_from(lines, &own).or_else(|| parts::letterhead(lines, &own));
    parts::signature(lines, &own, &mut f);
    f.email = email_field(lines, &own);
    f
}

/// The number, its urgency prefix and a date on the same line.
fn read_number_line(line: &Line, f: &mut LetterFields) {
    if let Some((number, inline_date)) = number_part(line) {
        let t = line.trimmed();
        let raw = number.trim_matches(is_gap);
        let parsed = letter_no::parse(raw);
        let confidence = match parsed.parse_status {
            ParseStatus::Ok => 0.95,
            ParseStatus::Partial => 0.7,
            _ => 0.6,
        };
        let mut nf = Field::new(raw, Some(parsed.clone()), confidence, line.span_of(raw));
        nf.uncertain = parsed.parse_status != ParseStatus::Ok;
        if let Some(level) = parsed.urgency {
            f.urgency = Some(Field::new(
                raw,
                Some(level.to_string()),
                0.8,
                line.span_of(raw),
            ));
        }
        f.number = Some(nf);
        if let Some((a, b)) = inline_date {
            let part = t.get(a..b).unwrap_or_default();
            f.dated = Some(date_field(line, part));
        }
    }
}

/// The first line between the number line and `end` that reads as a date.
fn date_below_head(
    lines: &[Line],
    own: &[usize],
    head: Option<usize>,
    end: usize,
) -> Option<Field<chrono::NaiveDate>> {
    let text_of = |i: usize| lines.get(i).map(|l| l.trimmed()).unwrap_or_default();
    own.iter()
        .copied()
        .filter(|i| head.is_none_or(|h| *i > h) && *i < end)
        .find(|i| {
            let t = text_of(*i);
            let arabic = crate::thai::digits::to_arabic_digits(t);
            // `ก.พ.` is also in `สำนักงาน ก.พ.ร.`: a month needs a number beside it.
            (mentions_month(&arabic) && arabic.chars().any(|c| c.is_ascii_digit()))
                || parse_thai_date(t).date.is_some()
        })
        .map(|i| date_field(&lines[i], lines[i].trimmed()))
}

/// The subject from its label on line `i`, with an OCR fix suggested.
fn subject_field(text: &str, lines: &[Line], i: usize) -> Field<String> {
    let first = lines[i].after_label(&SUBJECT).unwrap_or_default();
    let (value, raw, span) = gather(lines, i, first, 3, text);
    let fixed = ocr_fixed(&value);
    let mut sf = Field::new(
        &raw,
        Some(value),
        if fixed.is_some() { 0.6 } else { 0.9 },
        span,
    );
    sf.suggested = fixed;
    sf
}

/// The first addressee line after the number line.
fn addressee_field(
    text: &str,
    lines: &[Line],
    own: &[usize],
    head: Option<usize>,
) -> Option<Field<String>> {
    let i = own
        .iter()
        .copied()
        .filter(|i| head.is_none_or(|h| *i > h))
        .find(|i| addressee(&lines[*i]).is_some())?;
    let first = addressee(&lines[i]).unwrap_or_default();
    let (value, raw, span) = gather(lines, i, first, 4, text);
    let fixed = ocr_fixed(&value);
    let mut f = Field::new(
        &raw,
        Some(value),
        if fixed.is_some() { 0.6 } else { 0.85 },
        span,
    );
    f.suggested = fixed;
    Some(f)
}

/// The enclosure (สิ่งที่ส่งมาด้วย) and reference (อ้างถึง) lines after the number line.
fn read_enclosures_and_references(
    text: &str,
    lines: &[Line],
    own: &[usize],
    head: Option<usize>,
    f: &mut LetterFields,
) {
    for i in own.iter().copied().filter(|i| head.is_none_or(|h| *i > h)) {
        for (labels, list) in [
            (&ENCLOSURE[..], &mut f.enclosures),
            (&REFERENCE[..], &mut f.references),
        ] {
            if let Some(first) = lines[i].after_label(labels) {
                let (value, raw, span) = gather(lines, i, first, 6, text);
                let c = citation(&value);
                let confidence = if c.number.is_some() { 0.85 } else { 0.6 };
                list.push(Field::new(&raw, Some(c), confidence, span));
            }
        }
    }
}

/// The first word that looks like an e-mail address.
fn email_field(lines: &[Line], own: &[usize]) -> Option<Field<String>> {
    own.iter().find_map(|i| {
        let word = lines[*i]
            .trimmed()
            .split(is_gap)
            .find(|w| w.contains('@') && w.contains('.'))?;
        let word = word.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';'));
        Some(field(&lines[*i], word, Some(word.to_string()), 0.9))
    })
}

fn date_field(line: &Line, part: &str) -> Field<chrono::NaiveDate> {
    let p = parse_thai_date(part);
    let ok = p.date.is_some() && !p.uncertain;
    let mut df = Field::new(part, p.date, if ok { 0.9 } else { 0.3 }, line.span_of(part));
    df.uncertain = !ok;
    df
}

fn addressee<'a>(line: &Line<'a>) -> Option<&'a str> {
    let t = line.trimmed();
    let (label, rest) = ADDRESSEE
        .iter()
        .find_map(|l| super::lines::strip_label(t, l).map(|rest| (*l, rest)))?;
    if rest.starts_with("มา") || (label == "ถึง" && !rest.starts_with(is_gap)) {
        return None;
    }
    let value = rest.trim_start_matches(|c: char| is_gap(c) || c == ':');
    (!value.is_empty()).then_some(value)
}
