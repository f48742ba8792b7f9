//! An office's letter code: the part of its letter numbers before the slash (`ปจ 0017.2`),
//! checked against the letter-number grammar (SARABAN.md §f). The one rule for the API, the
//! pages and the imports.
//!
//! - complete: a letter code (รหัสตัวพยัญชนะ) and a 4- or 5-digit owner number
//!   (เลขประจำของเจ้าของเรื่อง), with optional sub-units and committee: `นร 1207`,
//!   `ปจ 0017.2`, `ปจ 51001`;
//! - incomplete, kept but marked: the letter code alone (`ปจ`), the owner number alone
//!   (`0017.2`), or an owner number of another length (`ปจ 17`); the office cannot issue
//!   numbered letters until it is completed;
//! - anything else is refused (`invalid_letter_code`).

use crate::domain::validate::{self, Invalid};
use crate::thai::letter_no::{self, ParseStatus};

/// A checked letter code, in canonical form (ASCII digits, single spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterCode {
    pub canonical: String,
    pub complete: bool,
}

/// Checks a letter code as typed; `None` and blank give `None`.
pub fn check(field: &'static str, raw: Option<&str>) -> Result<Option<LetterCode>, Invalid> {
    let Some(text) = validate::optional_text(field, raw)? else {
        return Ok(None);
    };
    if text.contains('/') {
        return Err(Invalid::new(
            field,
            format!("{field} is the part before the slash, e.g. ปจ 0017.2"),
        ));
    }
    let parsed = letter_no::parse(&format!("{text}/1"));
    let code = match (parsed.parse_status, parsed.prefix) {
        (ParseStatus::Ok, Some(prefix)) if parsed.urgency.is_none() => LetterCode {
            canonical: prefix,
            complete: true,
        },
        (ParseStatus::Partial, Some(prefix)) if parsed.urgency.is_none() => LetterCode {
            canonical: prefix,
            complete: false,
        },
        _ if letter_no::is_bare_code(&text) => LetterCode {
            canonical: text.trim().to_string(),
            complete: false,
        },
        _ => {
            return Err(Invalid::new(
                field,
                format!(
                    "{field} must be a letter code and an owner number, e.g. ปจ 0017.2 or นร 1207"
                ),
            ))
        }
    };
    Ok(Some(code))
}

/// Whether a stored letter code lets the office issue numbered letters.
pub fn is_complete(stored: Option<&str>) -> bool {
    matches!(
        check("letter_code", stored),
        Ok(Some(LetterCode { complete: true, .. }))
    )
}

/// What to tell the person who tries to issue from an office whose code is missing or
/// incomplete, in Thai and English: what to set, with an example.
pub fn missing_message(stored: Option<&str>) -> String {
    let now = match stored.filter(|s| !s.trim().is_empty()) {
        Some(s) => format!("ตอนนี้ตั้งไว้เพียง \"{s}\""),
        None => "ตอนนี้ยังไม่ได้ตั้ง".to_string(),
    };
    format!(
        "ออกเลขหนังสือไม่ได้: ให้ผู้ดูแลระบบตั้งรหัสหนังสือของหน่วยงานให้ครบ คือ รหัสตัวพยัญชนะ \
         ๒ ตัว ตามด้วยเลขประจำส่วนราชการ ๔ หรือ ๕ หลัก เช่น ปจ ๐๐๑๗.๒ ({now}). \
         This office's letter code must be a letter code and an owner number, e.g. ปจ 0017.2."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(raw: &str) -> Option<LetterCode> {
        check("letter_code", Some(raw)).expect(raw)
    }

    #[test]
    fn complete_codes() {
        for (raw, canonical) in [
            ("นร 1207", "นร 1207"),
            ("ปจ ๐๐๑๗.๒", "ปจ 0017.2"),
            ("ปจ  0017.2", "ปจ 0017.2"),
            ("ปจ 51001", "ปจ 51001"),
            ("ทส 0912.302", "ทส 0912.302"),
            ("รย 0012 (กอจ)", "รย 0012 (กอจ)"),
            ("ที่ มท 0810.5", "มท 0810.5"),
        ] {
            let c = of(raw).expect(raw);
            assert!(c.complete, "{raw}");
            assert_eq!(c.canonical, canonical);
        }
    }

    #[test]
    fn incomplete_codes_are_kept() {
        for (raw, canonical) in [("ปจ", "ปจ"), ("0017.2", "0017.2"), ("ปจ 17", "ปจ 17")]
        {
            let c = of(raw).expect(raw);
            assert!(!c.complete, "{raw}");
            assert_eq!(c.canonical, canonical);
        }
    }

    #[test]
    fn other_text_is_refused() {
        for raw in [
            "ปจ 0017/2",
            "hello",
            "ABC-12",
            "ปจ 0017 x",
            "ด่วน ปจ 0017",
            "17",
        ] {
            let e = check("letter_code", Some(raw)).expect_err(raw);
            assert_eq!(e.field, "letter_code");
        }
        assert_eq!(check("letter_code", Some("  ")), Ok(None));
    }

    #[test]
    fn completeness_of_stored_codes() {
        assert!(is_complete(Some("ปจ 0017")));
        assert!(!is_complete(Some("ปจ")));
        assert!(!is_complete(None));
        assert!(missing_message(Some("ปจ")).contains("\"ปจ\""));
    }
}
