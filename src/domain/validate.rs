//! Checks on values a person typed. Each failure names the field, so the API can answer
//! `invalid_<field>`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// A value that parses but is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

/// Longest text accepted in a short field (names, numbers, subjects).
pub const MAX_TEXT: usize = 2000;

/// Refuses control characters other than tab and line ends (NUL, escape, DEL, C1 controls):
/// they cannot be printed on a register and PostgreSQL cannot even store NUL.
pub fn no_controls<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Invalid> {
    match value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        Some(c) => Err(Invalid::new(
            field,
            format!("{field} holds a control character (U+{:04X})", u32::from(c)),
        )),
        None => Ok(value),
    }
}

/// Trims, refuses empty and over-long text and control characters.
pub fn text(field: &'static str, value: &str) -> Result<String, Invalid> {
    let t = crate::thai::normalize::collapse_spaces(no_controls(field, value)?);
    if t.is_empty() {
        return Err(Invalid::new(field, format!("{field} must not be empty")));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(Invalid::new(
            field,
            format!("{field} is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(t)
}

/// An office's telephone number(s) as written (`0 3745 4001 ต่อ 12`, `๐ ๓๗๔๕ ๔๐๐๑`,
/// `+66 2 356 9999`): digits (Thai or Arabic), spaces, `+ - ( ) , / .`, and `ต่อ` or `โทร.`;
/// at least 9 digits. `None` and blank give `None`.
pub fn phone(field: &'static str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(text) = optional_text(field, value)? else {
        return Ok(None);
    };
    let rest = text
        .replace("ต่อ", "")
        .replace("โทร.", "")
        .replace("โทร", "");
    let digits = rest
        .chars()
        .filter(|c| c.is_ascii_digit() || ('๐'..='๙').contains(c))
        .count();
    let allowed = rest
        .chars()
        .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c) || " +-(),/.".contains(c));
    if !allowed || digits < 9 || text.chars().count() > 100 {
        return Err(Invalid::new(
            field,
            format!("{field} must be a telephone number, e.g. 0 3745 4001 ต่อ 12"),
        ));
    }
    Ok(Some(text))
}

/// Like [`text`], but `None` and blank give `None`.
pub fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => text(field, v).map(Some),
    }
}

/// An ISO 8601 calendar date (`2026-04-30`); `2026-02-31` is refused, and so is a year above
/// 2400 (a Buddhist-Era year written in ISO form). Plausibility is [`plausible`]'s.
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate, Invalid> {
    let d = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Invalid::new(
            field,
            format!("{field} must be a real date written YYYY-MM-DD (Christian Era)"),
        )
    })?;
    christian_era(field, d)
}

/// An RFC 3339 instant with an offset; one without an offset is refused, and so is a year
/// above 2400.
pub fn instant(field: &'static str, value: &str) -> Result<DateTime<Utc>, Invalid> {
    let at = DateTime::parse_from_rfc3339(value.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{field} must be an RFC 3339 instant with an offset, e.g. 2026-05-08T10:30:00+07:00"),
            )
        })?;
    christian_era(field, at.date_naive())?;
    Ok(at)
}

/// The highest Christian-Era year taken as such: พ.ศ. years run 543 ahead, so 2569 is 2026.
const LAST_CE_YEAR: i32 = 2400;

fn christian_era(field: &'static str, d: NaiveDate) -> Result<NaiveDate, Invalid> {
    use chrono::Datelike;
    if d.year() > LAST_CE_YEAR {
        return Err(Invalid::new(
            field,
            format!(
                "{field}: the year {} looks like a Buddhist-Era year (พ.ศ.); write the Christian-Era year {}",
                d.year(),
                d.year() - 543
            ),
        ));
    }
    Ok(d)
}

/// What a date is, for [`plausible`]: each kind has its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// When a letter was received: not after now (ten minutes of clock drift allowed).
    Received,
    /// A letter's date, a register date, an issue date: up to 366 days ahead.
    Dated,
    /// A due date: up to two years ahead.
    Due,
}

/// The earliest date taken: 1 January 1932 (พ.ศ. ๒๔๗๕), before any register kept here.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1932, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The one date-plausibility rule, used by the API, the pages and any import. `now` is the
/// present instant; dates are Bangkok dates (UTC+7, no daylight saving).
pub fn plausible(
    field: &'static str,
    kind: DateKind,
    d: NaiveDate,
    now: DateTime<Utc>,
) -> Result<NaiveDate, Invalid> {
    let bangkok = |at: DateTime<Utc>| (at + chrono::Duration::hours(7)).date_naive();
    let today = bangkok(now);
    let (latest, ahead) = match kind {
        DateKind::Received => (
            bangkok(now + chrono::Duration::minutes(10)),
            "in the future",
        ),
        DateKind::Dated => (
            today + chrono::Duration::days(366),
            "more than 366 days ahead",
        ),
        DateKind::Due => (
            today + chrono::Duration::days(731),
            "more than two years ahead",
        ),
    };
    christian_era(field, d)?;
    if d < earliest_date() {
        return Err(Invalid::new(
            field,
            format!("{field} is before 1932-01-01 (พ.ศ. ๒๔๗๕)"),
        ));
    }
    if d > latest {
        return Err(Invalid::new(field, format!("{field} is {ahead}")));
    }
    Ok(d)
}

/// [`plausible`] for an instant; a receipt may be at most ten minutes after now.
pub fn plausible_instant(
    field: &'static str,
    kind: DateKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Invalid> {
    if kind == DateKind::Received && at > now + chrono::Duration::minutes(10) {
        return Err(Invalid::new(field, format!("{field} is in the future")));
    }
    plausible(
        field,
        kind,
        (at + chrono::Duration::hours(7)).date_naive(),
        now,
    )?;
    Ok(at)
}

/// A clock time `HH:MM` (also `HH.MM`, as written on stamps).
pub fn time_of_day(field: &'static str, value: &str) -> Result<NaiveTime, Invalid> {
    let v = crate::thai::digits::to_arabic_digits(value.trim()).replace('.', ":");
    NaiveTime::parse_from_str(&v, "%H:%M")
        .map_err(|_| Invalid::new(field, format!("{field} must be a time written HH:MM")))
}

/// An e-mail address in its plain `local@domain` form.
pub fn email(field: &'static str, value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    let ok = v.len() <= 254
        && !v.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && matches!(v.split_once('@'), Some((local, domain)) if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
    if ok {
        Ok(v.to_string())
    } else {
        Err(Invalid::new(
            field,
            format!("{field} is not an e-mail address"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telephone_numbers_as_offices_write_them() {
        for ok in [
            "0 3745 4001",
            "๐ ๓๗๔๕ ๔๐๐๑ ต่อ ๑๒",
            "+66 2 356 9999",
            "037-454001, 037-454002",
            "โทร. 0 2356 9999",
        ] {
            assert_eq!(phone("phone", Some(ok)), Ok(Some(ok.to_string())), "{ok}");
        }
        for bad in ["1234", "call me", "0 3745 4001 x", "0<script>"] {
            assert!(phone("phone", Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(phone("phone", Some(" ")), Ok(None));
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(date("dated", "2026-02-31").is_err());
        assert_eq!(
            date("dated", "2026-04-30").map(|d| d.to_string()),
            Ok("2026-04-30".into())
        );
    }

    #[test]
    fn buddhist_era_years_in_iso_form_are_named() {
        let e = date("received_on", "2569-05-08").expect_err("refused");
        assert_eq!(e.field, "received_on");
        assert!(e.message.contains("Buddhist-Era") && e.message.contains("2026"));
        assert!(instant("issued_at", "2569-05-08T10:00:00+07:00").is_err());
        assert!(date("dated", "2400-01-01").is_ok());
    }

    #[test]
    fn dates_outside_their_window_are_refused() {
        let now = DateTime::parse_from_rfc3339("2026-05-08T03:00:00Z")
            .expect("valid")
            .with_timezone(&Utc);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid");
        let ok = |k, s: &str| plausible("x", k, d(s), now).is_ok();
        assert!(ok(DateKind::Received, "2026-05-08"));
        assert!(!ok(DateKind::Received, "2026-05-09"));
        assert!(ok(DateKind::Dated, "1932-01-01"));
        assert!(!ok(DateKind::Dated, "1931-12-31"));
        assert!(!ok(DateKind::Dated, "0001-01-01"));
        assert!(ok(DateKind::Dated, "2027-05-09"));
        assert!(!ok(DateKind::Dated, "2027-05-10"));
        assert!(ok(DateKind::Due, "2028-05-08"));
        assert!(!ok(DateKind::Due, "2028-05-10"));
        let later = |m| now + chrono::Duration::minutes(m);
        assert!(plausible_instant("r", DateKind::Received, later(9), now).is_ok());
        assert!(plausible_instant("r", DateKind::Received, later(11), now).is_err());
    }

    #[test]
    fn control_characters_are_refused_but_line_ends_kept() {
        assert!(text("subject", "เรื่อง\u{0}").is_err());
        assert!(text("subject", "a\u{1b}b").is_err());
        assert!(text("subject", "a\u{85}b").is_err());
        assert!(text("subject", "บรรทัด\r\nสอง\tสาม").is_ok());
    }

    #[test]
    fn instants_need_an_offset() {
        assert!(instant("received_at", "2026-05-08T10:30:00").is_err());
        assert!(instant("received_at", "2026-05-08T10:30:00+07:00").is_ok());
    }

    #[test]
    fn text_is_trimmed_and_never_empty() {
        assert_eq!(text("subject", "  เรื่อง  ทดสอบ "), Ok("เรื่อง ทดสอบ".into()));
        assert_eq!(text("subject", "   ").map_err(|e| e.field), Err("subject"));
        assert!(text("subject", &"ก".repeat(MAX_TEXT + 1)).is_err());
    }

    #[test]
    fn stamp_times_accept_thai_digits_and_dots() {
        assert_eq!(
            time_of_day("received_time", "๑๐.๓๐").map(|t| t.to_string()),
            Ok("10:30:00".into())
        );
        assert!(time_of_day("received_time", "25:00").is_err());
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(email("email", "saraban@opdc.go.th").is_ok());
        assert!(email("email", "not an email").is_err());
        assert!(email("email", "a@b").is_err());
    }
}
