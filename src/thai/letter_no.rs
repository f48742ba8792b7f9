//! Thai official letter numbers (`ที่ ปจ ๐๐๑๗.๒/ว ๒๓๒๓`).
//!
//! Grammar (SARABAN.md §f):
//!
//! ```text
//! letter_no := ["ที่"] [code " "] ["(" committee ") "] owner ["." part]* [" "? "(" committee ")"]
//!              "/" [seg "/"]* ["ว" ["."] [" "]] running
//! seg       := "(" committee ")" | "พิเศษ"
//! ```
//!
//! Parsing never fails. Input that does not follow the grammar is kept as an
//! `opaque` number whose canonical form is the cleaned input (look-alikes
//! folded: NFKC outside Thai, format characters dropped; NFC, ASCII digits,
//! single spaces, no leading `ที่`, urgency words removed).
//!
//! Status rules:
//! - `opaque`: the grammar does not match, or there is no letter code and the
//!   owner number is not 4 or 5 digits (`12/2569`, `15/2569`, `ABC-12-345`).
//! - `missing_number`: the grammar matches but the running number is a
//!   placeholder (`/-`, `/.`, trailing `/`, a bare `ว`).
//! - `partial`: the grammar matches but the letter code is missing
//!   (`0017.2/15`) or the owner number is not 4 or 5 digits.
//! - `ok`: everything else. Five-digit owners are local
//!   administrative bodies.

use super::digits::{render, to_arabic_digits, Digits};
use super::normalize::{
    collapse_spaces, fold_lookalikes, is_consonant, is_thai_letter, take_while,
};

/// How much of a letter number was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseStatus {
    Ok,
    Partial,
    Opaque,
    MissingNumber,
}

impl ParseStatus {
    /// The stored name: `ok`, `partial`, `opaque` or `missing_number`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ParseStatus::Ok => "ok",
            ParseStatus::Partial => "partial",
            ParseStatus::Opaque => "opaque",
            ParseStatus::MissingNumber => "missing_number",
        }
    }
}

/// A parsed letter number. `raw` is always the input exactly as given.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LetterNumber {
    pub raw: String,
    pub canonical: String,
    pub prefix: Option<String>,
    pub letter_code: Option<String>,
    pub owner: Option<String>,
    pub sub_units: Vec<String>,
    pub committee: Option<String>,
    pub series_tag: Option<String>,
    pub circular: bool,
    pub running_number: Option<u64>,
    pub urgency: Option<&'static str>,
    pub parse_status: ParseStatus,
}

/// Urgency words, strongest first so that longer words are removed first.
const URGENCY_WORDS: [(&str, &str); 3] = [
    ("ด่วนที่สุด", "most_urgent"),
    ("ด่วนมาก", "very_urgent"),
    ("ด่วน", "urgent"),
];
const SPECIAL_SERIES: &str = "พิเศษ";
const CIRCULAR_MARK: char = 'ว';

/// Parses a letter number. Never panics and never loses the input.
pub fn parse(raw: &str) -> LetterNumber {
    let (cleaned, urgency) = clean(raw);
    let Some(s) = parse_structure(&cleaned) else {
        return LetterNumber {
            raw: raw.to_string(),
            canonical: cleaned,
            prefix: None,
            letter_code: None,
            owner: None,
            sub_units: Vec::new(),
            committee: None,
            series_tag: None,
            circular: false,
            running_number: None,
            urgency,
            parse_status: ParseStatus::Opaque,
        };
    };
    let parse_status = if s.running.is_none() {
        ParseStatus::MissingNumber
    } else if s.code.is_none() || !matches!(s.owner.len(), 4 | 5) {
        ParseStatus::Partial
    } else {
        ParseStatus::Ok
    };
    let prefix = s.prefix();
    let segment = s.seg_committee.as_deref();
    LetterNumber {
        raw: raw.to_string(),
        canonical: compose(&prefix, segment, s.series, s.circular, s.running),
        prefix: Some(prefix),
        letter_code: s.code,
        owner: Some(s.owner),
        sub_units: s.sub_units,
        committee: s.seg_committee.or(s.head_committee),
        series_tag: s.series.map(str::to_string),
        circular: s.circular,
        running_number: s.running,
        urgency,
        parse_status,
    }
}

/// The canonical form of a letter number; equal to `parse(raw).canonical`.
pub fn canonical(raw: &str) -> String {
    parse(raw).canonical
}

/// Builds a number from a prefix (`นร 1207`, `ปจ 0017.2`) and a running
/// number, e.g. `นร ๑๒๐๗/๕๐๙` or `ปจ 0017.2/ว 2323`. The prefix is used as
/// given apart from whitespace collapsing and digit rendering.
pub fn format_number(prefix: &str, circular: bool, running: u64, digits: Digits) -> String {
    let prefix = collapse_spaces(prefix);
    render(
        &compose(&prefix, None, None, circular, Some(running)),
        digits,
    )
}

impl LetterNumber {
    /// Re-renders the number from its parts in the given digit set. Opaque
    /// numbers render their canonical string.
    pub fn format(&self, digits: Digits) -> String {
        let text = match (&self.prefix, self.parse_status) {
            (Some(prefix), status) if status != ParseStatus::Opaque => {
                // A committee written before the slash is already in the prefix.
                let segment = if prefix.contains('(') {
                    None
                } else {
                    self.committee.as_deref()
                };
                let series = self.series_tag.as_deref();
                compose(prefix, segment, series, self.circular, self.running_number)
            }
            _ => self.canonical.clone(),
        };
        render(&text, digits)
    }
}

fn compose(
    prefix: &str,
    committee: Option<&str>,
    series: Option<&str>,
    circular: bool,
    running: Option<u64>,
) -> String {
    let committee = committee.map(|c| format!("({c})/")).unwrap_or_default();
    let series = series.map(|t| format!("{t}/")).unwrap_or_default();
    let mark = if circular { "ว " } else { "" };
    let number = running.map_or_else(|| "-".to_string(), |n| n.to_string());
    format!("{prefix}/{committee}{series}{mark}{number}")
}

/// Canonical steps 1-3: NFC, ASCII digits, single spaces, urgency words
/// moved out, leading `ที่` removed. Repeats until stable so that the result
/// is a fixed point.
fn clean(raw: &str) -> (String, Option<&'static str>) {
    let mut s = to_arabic_digits(&collapse_spaces(&fold_lookalikes(raw)));
    let mut urgency: Option<&'static str> = None;
    loop {
        let before = s.clone();
        // Strongest first, so the first word found sets the level.
        for (word, level) in URGENCY_WORDS {
            if s.contains(word) {
                s = s.replace(word, " ");
                urgency = urgency.or(Some(level));
            }
        }
        s = to_arabic_digits(&collapse_spaces(&s));
        s = strip_leading_thi(&s);
        if s == before {
            return (s, urgency);
        }
    }
}

fn strip_leading_thi(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("ที่") {
        let first = rest.chars().next();
        if first.is_none() || first == Some(' ') || first == Some(':') || code_len(rest) > 0 {
            return rest.trim_start_matches([' ', ':']).to_string();
        }
    }
    s.to_string()
}

/// True when `s` is a letter code and nothing else (`ปจ`, `นร`): 2-3 Thai consonants.
pub fn is_bare_code(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && code_len(s) == s.chars().count()
}

/// Length in chars of a letter code at the start of `s`: 2-3 Thai
/// consonants followed by the end, a space, a digit or `(`. Zero if none.
fn code_len(s: &str) -> usize {
    let run = s.chars().take_while(|c| is_consonant(*c)).count();
    let next = s.chars().nth(run);
    let ends = next.is_none_or(|c| c == ' ' || c == '(' || c.is_ascii_digit());
    if (2..=3).contains(&run) && ends {
        run
    } else {
        0
    }
}

struct Structure {
    code: Option<String>,
    head_committee: Option<String>,
    committee_first: bool,
    owner: String,
    sub_units: Vec<String>,
    seg_committee: Option<String>,
    series: Option<&'static str>,
    circular: bool,
    running: Option<u64>,
}

impl Structure {
    fn prefix(&self) -> String {
        let code = self
            .code
            .as_ref()
            .map(|c| format!("{c} "))
            .unwrap_or_default();
        let owner = &self.owner;
        let parts: String = self.sub_units.iter().map(|p| format!(".{p}")).collect();
        match (&self.head_committee, self.committee_first) {
            (Some(c), true) => format!("{code}({c}) {owner}{parts}"),
            (Some(c), false) => format!("{code}{owner}{parts} ({c})"),
            (None, _) => format!("{code}{owner}{parts}"),
        }
    }
}

fn parse_structure(s: &str) -> Option<Structure> {
    let pieces: Vec<&str> = s.split('/').collect();
    let (head, rest) = pieces.split_first()?;
    let (tail, middle) = rest.split_last()?;
    let mut st = parse_head(head)?;
    if st.code.is_none() && !matches!(st.owner.len(), 4 | 5) {
        return None;
    }
    for seg in middle {
        let seg = seg.trim();
        if seg == SPECIAL_SERIES && st.series.is_none() {
            st.series = Some(SPECIAL_SERIES);
        } else if st.head_committee.is_none() && st.seg_committee.is_none() {
            let inner = seg.strip_prefix('(')?.strip_suffix(')')?;
            st.seg_committee = Some(committee(inner)?);
        } else {
            return None;
        }
    }
    let tail = tail.trim();
    let (circular, number) = match tail.strip_prefix(CIRCULAR_MARK) {
        Some(r) => (true, r.trim_start_matches(['.', ' '])),
        None => (false, tail),
    };
    st.circular = circular;
    st.running = if number
        .chars()
        .all(|c| matches!(c, '-' | '.' | '–' | '—' | '_'))
    {
        None
    } else if number.chars().all(|c| c.is_ascii_digit()) {
        Some(number.parse().ok()?)
    } else {
        return None;
    };
    Some(st)
}

fn committee(inner: &str) -> Option<String> {
    let inner = inner.trim();
    let valid = !inner.is_empty() && inner.chars().all(|c| is_thai_letter(c) || c == '.');
    valid.then(|| inner.to_string())
}

/// Reads `[code] [(committee)] owner[.part]* [(committee)]`.
fn parse_head(head: &str) -> Option<Structure> {
    let mut rest = head.trim();
    let mut code = None;
    let len = code_len(rest);
    if len > 0 {
        let (c, r) = rest.split_at(rest.char_indices().nth(len).map_or(rest.len(), |(i, _)| i));
        rest = r.trim_start();
        // An urgency word between two copies of the code leaves the code twice.
        while code_len(rest) == len && rest.starts_with(c) {
            rest = rest.get(c.len()..)?.trim_start();
        }
        code = Some(c.to_string());
    } else if rest.starts_with(is_consonant) {
        return None;
    }
    let mut head_committee = None;
    let mut committee_first = false;
    if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        head_committee = Some(committee(r.get(..close)?)?);
        committee_first = true;
        rest = r.get(close + 1..)?.trim_start();
    }
    let (owner, r) = take_while(rest, |c| c.is_ascii_digit());
    if owner.is_empty() {
        return None;
    }
    rest = r;
    let mut sub_units = Vec::new();
    while let Some(r) = rest.trim_start().strip_prefix('.') {
        let r = r.trim_start();
        let (digits, after_digits) = take_while(r, |c| c.is_ascii_digit());
        let (part, after) = if digits.is_empty() {
            take_while(r, is_thai_letter)
        } else {
            (digits, after_digits)
        };
        if part.is_empty() {
            return None;
        }
        sub_units.push(part.to_string());
        rest = after;
    }
    rest = rest.trim();
    if let Some(r) = rest.strip_prefix('(') {
        if head_committee.is_some() {
            return None;
        }
        let inner = r.strip_suffix(')')?;
        head_committee = Some(committee(inner)?);
        rest = "";
    }
    if !rest.is_empty() {
        return None;
    }
    Some(Structure {
        code,
        head_committee,
        committee_first,
        owner: owner.to_string(),
        sub_units,
        seg_committee: None,
        series: None,
        circular: false,
        running: None,
    })
}
