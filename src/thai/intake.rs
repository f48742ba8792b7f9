//! Intake: reading register fields out of a letter's text as pasted or OCR'd.
//!
//! The text may hold several letters (a circular with an enclosed copy) and receipt stamps
//! anywhere. Each letter starts at a `ที่ <number>` line; its fields are looked for between
//! that line and the next one (the first letter also owns the lines above it). Every field
//! keeps the raw text it came from, its character span in the input, a confidence in 0..1
//! and an `uncertain` flag meaning "a person should check this". Extraction never fails:
//! what cannot be read is left out or kept raw with a null value.

mod cite;
mod letter;
mod lines;
mod parts;
pub mod repair;
mod spelling;
mod stamps;

use chrono::NaiveDate;
use serde::Serialize;

use super::letter_no::LetterNumber;

/// One extracted value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field<T> {
    /// The text as it stands in the input (OCR errors included).
    pub raw: String,
    /// The reading of `raw`; `None` when it could not be read.
    pub value: Option<T>,
    /// A corrected reading offered for known OCR slips (e.g. `ขอบความ` → `ขอความ`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested: Option<T>,
    pub confidence: f32,
    pub uncertain: bool,
    /// `[start, end)` in Unicode characters of the input.
    pub span: [usize; 2],
}

/// Below this confidence a field is `uncertain`.
pub const UNCERTAIN_BELOW: f32 = 0.7;

impl<T> Field<T> {
    fn new(raw: &str, value: Option<T>, confidence: f32, span: [usize; 2]) -> Self {
        let uncertain = value.is_none() || confidence < UNCERTAIN_BELOW;
        Field {
            raw: raw.to_string(),
            value,
            suggested: None,
            confidence,
            uncertain,
            span,
        }
    }
}

/// A letter cited or enclosed: the text, and its number and date when they can be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub text: String,
    pub number: Option<LetterNumber>,
    pub dated: Option<NaiveDate>,
    pub dated_raw: Option<String>,
}

/// The register fields of one letter found in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LetterFields {
    pub number: Option<Field<LetterNumber>>,
    /// The letter date (ISO, CE). A garbled date is `value: null`, `uncertain: true`.
    pub dated: Option<Field<NaiveDate>>,
    /// When the date could not be read: the days it must lie between, from the receipt
    /// stamps on this letter and on the letters it encloses or cites (seed L2: 5–8 May 2569).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dated_bounds: Option<DateBounds>,
    pub subject: Option<Field<String>>,
    pub addressee: Option<Field<String>>,
    /// The issuing office: the memo's `ส่วนราชการ` line or the letterhead.
    pub from: Option<Field<String>>,
    /// `normal` is never reported; `urgent`, `very_urgent`, `most_urgent`.
    pub urgency: Option<Field<String>>,
    /// `confidential`, `secret`, `top_secret`.
    pub secrecy: Option<Field<String>>,
    pub enclosures: Vec<Field<Citation>>,
    /// `อ้างถึง` lines, then numbers cited in the body.
    pub references: Vec<Field<Citation>>,
    pub signer: Option<Field<String>>,
    pub signer_position: Option<Field<String>>,
    /// ส่วนราชการเจ้าของเรื่อง: the drafting unit printed under the signature.
    pub owner_unit: Option<Field<String>>,
    pub email: Option<Field<String>>,
    /// `[first, last]`: the pages (from 1) of the file this letter covers; files only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<[usize; 2]>,
}

/// A field seen without its value: where it came from and how sure the reading is.
pub struct FieldMut<'a> {
    pub span: [usize; 2],
    pub raw: &'a str,
    pub confidence: &'a mut f32,
    pub uncertain: &'a mut bool,
}

impl<T> Field<T> {
    fn as_mut(&mut self) -> FieldMut<'_> {
        FieldMut {
            span: self.span,
            raw: &self.raw,
            confidence: &mut self.confidence,
            uncertain: &mut self.uncertain,
        }
    }
}

impl LetterFields {
    /// Every field of the letter, whatever its type.
    pub fn fields_mut(&mut self) -> Vec<FieldMut<'_>> {
        let mut out = Vec::new();
        macro_rules! one {
            ($($f:ident),*) => { $(if let Some(f) = self.$f.as_mut() { out.push(f.as_mut()); })* };
        }
        one!(
            number,
            dated,
            subject,
            addressee,
            from,
            urgency,
            secrecy,
            signer,
            signer_position,
            owner_unit,
            email
        );
        out.extend(self.enclosures.iter_mut().map(Field::as_mut));
        out.extend(self.references.iter_mut().map(Field::as_mut));
        out
    }

    /// Where the letter starts in the text: its number, else its first field.
    pub fn start(&self) -> Option<usize> {
        let number = self.number.as_ref().map(|n| n.span[0]);
        let mut clone = self.clone();
        number.or_else(|| clone.fields_mut().iter().map(|f| f.span[0]).min())
    }
}

impl FieldMut<'_> {
    /// Lowers the confidence to `other` (e.g. the OCR's for the span) when that is lower; an
    /// unsure reading becomes `uncertain`.
    pub fn cap_confidence(&mut self, other: f32) {
        if other < *self.confidence {
            *self.confidence = other;
        }
        if *self.confidence < UNCERTAIN_BELOW {
            *self.uncertain = true;
        }
    }
}

/// The earliest and latest days an unreadable letter date can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateBounds {
    pub not_before: Option<NaiveDate>,
    pub not_after: Option<NaiveDate>,
}

/// A receipt stamp (ตรารับหนังสือ): office, number, date and time as stamped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptStamp {
    /// The label as printed: `เลขรับที่`, `รับที่`, `เลขที่`, …
    pub label: String,
    /// The office line printed above the stamp, when there is one.
    pub office: Option<String>,
    pub number: u64,
    pub date: Option<NaiveDate>,
    pub date_raw: Option<String>,
    /// `HH:MM`, or `None` when the time was left blank.
    pub time: Option<String>,
    /// Which of `letters` the stamp sits on (by position in the text).
    pub letter_index: Option<usize>,
    pub confidence: f32,
    pub uncertain: bool,
    pub span: [usize; 2],
}

/// Everything read from one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Intake {
    /// In the order they appear; the first is normally the letter being registered.
    pub letters: Vec<LetterFields>,
    pub receipt_stamps: Vec<ReceiptStamp>,
}

/// Reads register fields from a letter's text. Never panics and never fails.
pub fn extract(text: &str) -> Intake {
    let lines = lines::split(text);
    let (mut receipt_stamps, consumed) = stamps::find(&lines);
    let mut starts = letter::starts(&lines);
    let mut previous: Option<usize> = None;
    for start in starts.iter_mut() {
        if let Some(p) = previous {
            *start = letter::head_top(&lines, *start).max(p + 1);
        }
        previous = Some(*start);
    }
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    if starts.is_empty() {
        bounds.push((0, lines.len()));
    } else {
        for (i, start) in starts.iter().enumerate() {
            let from = if i == 0 { 0 } else { *start };
            let to = starts.get(i + 1).copied().unwrap_or(lines.len());
            bounds.push((from, to));
        }
    }
    let mut letters = Vec::new();
    for (from, to) in &bounds {
        let fields = letter::read(text, &lines, *from, *to, &consumed);
        if fields != LetterFields::default() {
            letters.push(fields);
        }
    }
    for stamp in &mut receipt_stamps {
        let line = lines
            .iter()
            .position(|l| l.start <= stamp.span[0] && stamp.span[0] <= l.end());
        stamp.letter_index = line.and_then(|n| bounds.iter().position(|(a, b)| *a <= n && n < *b));
        if letters.len() < bounds.len() {
            stamp.letter_index = None;
        }
    }
    for i in 0..letters.len() {
        let unread = letters[i].dated.as_ref().is_some_and(|d| d.value.is_none());
        if unread {
            letters[i].dated_bounds = bounds_of(&letters, &receipt_stamps, i);
        }
    }
    Intake {
        letters,
        receipt_stamps,
    }
}

/// A letter is written after the letters it encloses or cites were dated and received, and
/// before it is received itself.
fn bounds_of(letters: &[LetterFields], stamps: &[ReceiptStamp], i: usize) -> Option<DateBounds> {
    let received = |k: usize| stamps.iter().filter(move |s| s.letter_index == Some(k));
    let not_after = received(i).filter_map(|s| s.date).min();
    let cited: Vec<&Citation> = letters[i]
        .enclosures
        .iter()
        .chain(letters[i].references.iter())
        .filter_map(|f| f.value.as_ref())
        .collect();
    let mut earliest: Vec<NaiveDate> = cited.iter().filter_map(|c| c.dated).collect();
    for (k, other) in letters.iter().enumerate() {
        let number = other.number.as_ref().and_then(|n| n.value.as_ref());
        let is_cited = number.is_some_and(|n| {
            cited.iter().any(|c| {
                c.number
                    .as_ref()
                    .is_some_and(|m| m.canonical == n.canonical)
            })
        });
        if k != i && is_cited {
            earliest.extend(received(k).filter_map(|s| s.date));
        }
    }
    let not_before = earliest.into_iter().max();
    (not_before.is_some() || not_after.is_some()).then_some(DateBounds {
        not_before,
        not_after,
    })
}
