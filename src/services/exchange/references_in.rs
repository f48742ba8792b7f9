//! The references a letter from outside carries (an exchange message's `references`, e-CMS
//! `ReferenceCorrespondence`), made into links of the recorded letter.
//!
//! A reference is matched by its canonical number and date to a letter the receiving office (or
//! one of its units) already sees; a reference to a letter it does not see is recorded here as
//! a minimal letter (origin `recorded`, recorded by the receiving office) so the อ้างถึง line
//! shows, as a receipt records a paper letter it has not seen by its number and date.

use crate::db::models::letter::{self, NewLetter};
use crate::db::models::letter_link;
use crate::db::models::org::{self, Org};
use crate::db::visibility;
use crate::db::AnyConnection;
use crate::domain::validate::{self, DateKind};
use crate::domain::{LetterKind, LinkRelation, Secrecy, Urgency};
use crate::error::AppError;
use crate::services::db_time;
use crate::services::exchange::message::ReferencePart;
use crate::services::letters::references::MAX_REFERENCES;
use crate::thai::letter_no;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// The จาก line of a referred letter known only by its number and date.
const UNKNOWN_SENDER: &str = "ไม่ระบุ (อ้างถึงในหนังสือที่รับทางอิเล็กทรอนิกส์)";
/// Its เรื่อง line when the reference names no subject.
const UNKNOWN_SUBJECT: &str = "ไม่ระบุเรื่อง";

fn invalid(message: impl Into<String>) -> AppError {
    AppError::invalid("reference", message)
}

/// Checks references before anything is stored: count, relation, number.
pub fn check(refs: &[ReferencePart]) -> Result<(), AppError> {
    if refs.len() > MAX_REFERENCES {
        return Err(invalid(format!(
            "at most {MAX_REFERENCES} references a letter"
        )));
    }
    for r in refs {
        if LinkRelation::parse(&r.relation).is_none() {
            return Err(invalid(format!(
                "relation must be one of: {}",
                LinkRelation::choices()
            )));
        }
        if r.number.trim().is_empty() || letter_no::canonical(&r.number).is_empty() {
            return Err(invalid("a reference names no letter number"));
        }
    }
    Ok(())
}

/// The letter a reference points to, as the receiving office sees it: one it already sees by
/// canonical number and date, else a minimal recorded letter.
fn target(
    conn: &mut AnyConnection,
    r: &ReferencePart,
    offices: &[i64],
    recipient: &Org,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let parsed = letter_no::parse(&r.number);
    let dated = r
        .dated
        .map(|d| validate::plausible("reference", DateKind::Dated, d, now))
        .transpose()?;
    for candidate in letter::all_by_identity(conn, &parsed.canonical, dated)? {
        if visibility::office_sees_letter(conn, offices, candidate)? {
            return Ok(candidate);
        }
    }
    let subject = Some(r.subject.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or(UNKNOWN_SUBJECT);
    let row = NewLetter {
        origin: "recorded".into(),
        issuer_id: None,
        from_name: UNKNOWN_SENDER.into(),
        recorded_by_org_id: Some(recipient.id),
        number_raw: validate::text("reference", &r.number)?,
        number_canonical: parsed.canonical,
        running_number: parsed.running_number.and_then(|n| i64::try_from(n).ok()),
        circular: parsed.circular,
        series_org_id: None,
        series: None,
        year_be: dated.map(|d| i64::from(chrono::Datelike::year(&d)) + 543),
        dated,
        dated_raw: None,
        subject: validate::text("reference", subject)?,
        addressee: String::new(),
        kind: LetterKind::External.as_str().into(),
        urgency: Urgency::Normal.as_str().into(),
        secrecy: Secrecy::Normal.as_str().into(),
        issued_at: None,
        due_date: None,
        created_by: None,
        created_at: db_time(now),
    };
    Ok(letter::insert(conn, &row)?)
}

/// Links the new letter `from` to each reference (a reference named twice is linked once).
pub fn link(
    conn: &mut AnyConnection,
    from: i64,
    refs: &[ReferencePart],
    recipient: &Org,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    check(refs)?;
    if refs.is_empty() {
        return Ok(());
    }
    let offices = org::office_and_units(conn, recipient.id)?;
    let mut seen = HashSet::new();
    for r in refs {
        let relation =
            LinkRelation::parse(&r.relation).ok_or_else(|| invalid("unknown relation"))?;
        let to = target(conn, r, &offices, recipient, now)?;
        if to != from && seen.insert((to, relation)) {
            letter_link::insert(conn, from, to, relation.as_str(), None, db_time(now))?;
        }
    }
    Ok(())
}
