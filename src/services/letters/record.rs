//! A letter from outside (paper, e-mail) is recorded by its number and date as written.

use crate::services::db_time;

use crate::services::letters::issue::letter_exists;

use crate::db::models::letter;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::validate::DateKind;
use crate::domain::Actor;
use crate::domain::LetterKind;
use crate::domain::Secrecy;
use crate::domain::Urgency;
use crate::error::AppError;
use crate::services::views::LetterView;
use crate::thai::date::parse_thai_date;
use crate::thai::letter_no;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordLetterRequest {
    /// The `ที่` line exactly as written, e.g. `นร ๑๒๐๗/๕๐๙`.
    pub number: String,
    /// The letter date (CE, YYYY-MM-DD), when known.
    pub dated: Option<String>,
    /// The letter date as written, e.g. `๓๐ เมษายน ๒๕๖๙`; kept even when it cannot be read.
    pub dated_raw: Option<String>,
    pub subject: String,
    /// จาก: the sending office or person as written.
    pub from_name: String,
    /// The issuing office, when it is in the directory.
    pub issuer_id: Option<i64>,
    pub addressee: Option<String>,
    pub kind: Option<String>,
    pub urgency: Option<String>,
    pub secrecy: Option<String>,
}

/// The fields of a letter from outside, checked.
pub struct Checked {
    pub row: letter::NewLetter,
}

pub fn check(
    conn: &mut AnyConnection,
    actor: &Actor,
    req: &RecordLetterRequest,
    now: DateTime<Utc>,
) -> Result<Checked, AppError> {
    let raw = validate::text("number", &req.number)?;
    // Parsed from what was typed: look-alikes (a zero-width space inside the digits) fold away
    // instead of becoming the space `raw` keeps.
    let parsed = letter_no::parse(&req.number);
    let subject = validate::text("subject", &req.subject)?;
    let from_name = validate::text("from_name", &req.from_name)?;
    let addressee =
        validate::optional_text("addressee", req.addressee.as_deref())?.unwrap_or_default();
    let dated_raw = validate::optional_text("dated_raw", req.dated_raw.as_deref())?;
    let dated = letter_date(req, dated_raw.as_deref(), now)?;
    check_issuer(conn, req)?;
    let (kind, urgency, secrecy) = choices(req, parsed.urgency)?;
    Ok(Checked {
        row: letter::NewLetter {
            origin: "recorded".into(),
            issuer_id: req.issuer_id,
            from_name,
            recorded_by_org_id: actor.org_id,
            number_raw: raw,
            number_canonical: parsed.canonical,
            running_number: parsed.running_number.and_then(|n| i64::try_from(n).ok()),
            circular: parsed.circular,
            series_org_id: None,
            series: None,
            year_be: dated.map(|d| i64::from(chrono::Datelike::year(&d)) + 543),
            dated,
            dated_raw,
            subject,
            addressee,
            kind: kind.as_str().into(),
            urgency: urgency.as_str().into(),
            secrecy: secrecy.as_str().into(),
            issued_at: None,
            due_date: None,
            created_by: Some(actor.user_id),
            created_at: db_time(now),
        },
    })
}

/// The letter date: the `dated` given, else the written date when it reads without doubt.
fn letter_date(
    req: &RecordLetterRequest,
    dated_raw: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<NaiveDate>, AppError> {
    let dated: Option<NaiveDate> = match (req.dated.as_deref(), dated_raw) {
        (Some(d), _) => Some(validate::date("dated", d)?),
        (None, Some(r)) => {
            let p = parse_thai_date(r);
            if p.uncertain {
                None
            } else {
                p.date
            }
        }
        (None, None) => None,
    };
    let dated = dated
        .map(|d| validate::plausible("dated", DateKind::Dated, d, now))
        .transpose()?;
    Ok(dated)
}

/// A named issuer must be a known office.
fn check_issuer(conn: &mut AnyConnection, req: &RecordLetterRequest) -> Result<(), AppError> {
    if let Some(id) = req.issuer_id {
        if org::find(conn, id)?.is_none() {
            return Err(AppError::invalid(
                "issuer_id",
                format!("issuer_id {id} is not a known office"),
            ));
        }
    }
    Ok(())
}

/// Kind, urgency (by default the one the number carries) and secrecy.
fn choices(
    req: &RecordLetterRequest,
    number_urgency: Option<&str>,
) -> Result<(LetterKind, Urgency, Secrecy), AppError> {
    let kind = LetterKind::choose("kind", req.kind.as_deref(), LetterKind::External)?;
    let default_urgency = number_urgency
        .and_then(Urgency::parse)
        .unwrap_or(Urgency::Normal);
    let urgency = Urgency::choose("urgency", req.urgency.as_deref(), default_urgency)?;
    let secrecy = Secrecy::choose("secrecy", req.secrecy.as_deref(), Secrecy::Normal)?;
    Ok((kind, urgency, secrecy))
}

/// Records the letter; 409 `letter_exists` when its (canonical number, date) is known.
pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    req: &RecordLetterRequest,
    now: DateTime<Utc>,
) -> Result<LetterView, AppError> {
    if !(actor.is_admin() || actor.org_id.is_some_and(|o| actor.can_act_for(o))) {
        return Err(AppError::forbidden(
            "only a clerk, a head or an administrator may record letters",
        ));
    }
    let checked = check(conn, actor, req, now)?;
    if let Some(existing) =
        letter::find_by_identity(conn, &checked.row.number_canonical, checked.row.dated)?
    {
        // Never hand the id of a classified letter to an office that may not see it.
        if existing.secrecy.is_classified()
            && !crate::services::letters::visibility::can_see(conn, actor, &existing)?
        {
            return Err(AppError::conflict(
                "letter_exists",
                "a letter with this number and date is already recorded",
            ));
        }
        return Err(letter_exists(existing.id, &checked.row.number_canonical));
    }
    let id = letter::insert(conn, &checked.row)?;
    let event = crate::db::audit::Event {
        action: "letter_recorded",
        target_type: "letter",
        target_id: Some(id),
        office_id: checked.row.recorded_by_org_id.or(actor.org_id),
        before: None,
        after: Some(serde_json::json!({"number": checked.row.number_raw})),
    };
    crate::db::audit::by(conn, actor, event, now)?;
    letter::find(conn, id)?
        .map(LetterView::from)
        .ok_or_else(|| AppError::Internal("letter vanished after insert".into()))
}
