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

/// Trims, refuses empty and over-long text.
pub fn text(field: &'static str, value: &str) -> Result<String, Invalid> {
    let t = crate::thai::normalize::collapse_spaces(value);
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

/// Like [`text`], but `None` and blank give `None`.
pub fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => text(field, v).map(Some),
    }
}

/// An ISO 8601 calendar date (`2026-04-30`); `2026-02-31` is refused.
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Invalid::new(
            field,
            format!("{field} must be a real date written YYYY-MM-DD (Christian Era)"),
        )
    })
}

/// An RFC 3339 instant with an offset; one without an offset is refused.
pub fn instant(field: &'static str, value: &str) -> Result<DateTime<Utc>, Invalid> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{field} must be an RFC 3339 instant with an offset, e.g. 2026-05-08T10:30:00+07:00"),
            )
        })
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
    fn impossible_dates_are_refused() {
        assert!(date("dated", "2026-02-31").is_err());
        assert_eq!(
            date("dated", "2026-04-30").map(|d| d.to_string()),
            Ok("2026-04-30".into())
        );
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
