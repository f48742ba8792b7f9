//! An office issues a letter: the service takes the next number of the right series and
//! writes the `ที่` line from the office's letter code.

use crate::services::db_time;

use crate::clock::bangkok_year_be;
use crate::clock::to_bangkok;
use crate::db::audit::Event;
use crate::db::models::counter;
use crate::db::models::letter;
use crate::db::models::org;
use crate::db::models::reservation;
use crate::db::AnyConnection;
use crate::domain::letter_code;
use crate::domain::series::letter_number;
use crate::domain::series::series_for_letter;
use crate::domain::validate;
use crate::domain::validate::DateKind;
use crate::domain::Actor;
use crate::domain::LetterKind;
use crate::domain::Secrecy;
use crate::domain::SeriesKind;
use crate::domain::Urgency;
use crate::error::AppError;
use crate::services::views::LetterView;
use crate::thai::digits::Digits;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueLetterRequest {
    pub subject: String,
    /// เรียน: the addressee line.
    pub addressee: String,
    /// external (default), internal, stamped, directive, notice
    pub kind: Option<String>,
    /// A circular (หนังสือเวียน): numbered `ว <n>`.
    #[serde(default)]
    pub circular: bool,
    /// RFC 3339; default now. Lets a clerk back-enter a paper register.
    pub issued_at: Option<String>,
    /// The letter date (CE, YYYY-MM-DD); default the Bangkok date of `issued_at`.
    pub dated: Option<String>,
    /// normal (default), urgent, very_urgent, most_urgent
    pub urgency: Option<String>,
    /// normal (default), confidential, secret, top_secret
    pub secrecy: Option<String>,
    /// The deadline: a date (CE, YYYY-MM-DD), kept as written even on a holiday, or
    /// `"N วันทำการ"`, N working days after the letter date (weekends and holidays skipped).
    pub due_date: Option<String>,
    /// Older letters this one forwards, cites, replies to or supersedes.
    #[serde(default)]
    pub references: Vec<crate::services::letters::references::ReferenceRequest>,
    /// A number this office reserved earlier in the letter's series and year.
    pub reserved_number: Option<i64>,
}

pub fn issue(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    req: &IssueLetterRequest,
    now: DateTime<Utc>,
) -> Result<LetterView, AppError> {
    let office = org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    actor.require_act_for(org_id)?;
    let fields = check_request(conn, req, now)?;
    let targets = crate::services::letters::references::check(conn, actor, &req.references)?;
    let number = take_number(conn, &office, req, &fields, now)?;
    let year_be = number.year_be;
    let running = number.running;
    let (id, row) = insert_letter(conn, actor, &office, req, fields, number, now)?;
    let references =
        crate::services::letters::references::link_all(conn, actor, id, &targets, now)?;
    let after = serde_json::json!({"number": row.number_raw, "series": row.series,
        "year_be": year_be, "running_number": running, "secrecy": row.secrecy});
    crate::db::audit::by(
        conn,
        actor,
        Event::new("letter_issued", "letter", id, office.id, after),
        now,
    )?;
    let mut view = letter::find(conn, id)?
        .map(LetterView::from)
        .ok_or_else(|| AppError::Internal("letter vanished after insert".into()))?;
    view.references = Some(references);
    Ok(view)
}

/// The request's checked values.
struct Fields {
    subject: String,
    addressee: String,
    kind: LetterKind,
    urgency: Urgency,
    secrecy: Secrecy,
    issued_at: DateTime<Utc>,
    dated: chrono::NaiveDate,
    due_date: Option<chrono::NaiveDate>,
}

/// Checks the request's text, choices and dates.
fn check_request(
    conn: &mut AnyConnection,
    req: &IssueLetterRequest,
    now: DateTime<Utc>,
) -> Result<Fields, AppError> {
    let subject = validate::text("subject", &req.subject)?;
    let addressee = validate::text("addressee", &req.addressee)?;
    let kind = LetterKind::choose("kind", req.kind.as_deref(), LetterKind::External)?;
    let urgency = Urgency::choose("urgency", req.urgency.as_deref(), Urgency::Normal)?;
    let secrecy = Secrecy::choose("secrecy", req.secrecy.as_deref(), Secrecy::Normal)?;
    let issued_at = match req.issued_at.as_deref() {
        Some(v) => validate::plausible_instant(
            "issued_at",
            DateKind::Dated,
            validate::instant("issued_at", v)?,
            now,
        )?,
        None => now,
    };
    let dated = match req.dated.as_deref() {
        Some(v) => validate::plausible("dated", DateKind::Dated, validate::date("dated", v)?, now)?,
        None => to_bangkok(issued_at).date(),
    };
    let due_date = req
        .due_date
        .as_deref()
        .map(|v| crate::services::holidays::due_date(conn, v, dated, now))
        .transpose()?;
    Ok(Fields {
        subject,
        addressee,
        kind,
        urgency,
        secrecy,
        issued_at,
        dated,
        due_date,
    })
}

/// The number the letter takes, reserved or the next of its series.
struct Number {
    series: SeriesKind,
    series_org: i64,
    year_be: i64,
    running: i64,
    reserved: Option<reservation::Reservation>,
    printed: String,
    canonical: String,
}

/// Picks the series, claims the reserved number or takes the next one, and prints it.
fn take_number(
    conn: &mut AnyConnection,
    office: &org::Org,
    req: &IssueLetterRequest,
    fields: &Fields,
    now: DateTime<Utc>,
) -> Result<Number, AppError> {
    let kind = fields.kind;
    let issued_at = fields.issued_at;
    let circular_series = office.circular_series;
    let series = series_for_letter(kind, req.circular, circular_series);
    let stored = office.letter_code.as_deref();
    let letter_code = match (stored, series) {
        // Orders and rules are numbered without a letter code (คำสั่ง ที่ ๑๒/๒๕๖๙).
        (_, SeriesKind::Directive) => stored.unwrap_or_default().to_string(),
        (Some(code), _) if letter_code::is_complete(stored) => code.to_string(),
        _ => {
            return Err(AppError::conflict(
                "letter_code_missing",
                letter_code::missing_message(stored),
            ))
        }
    };
    let year_be = bangkok_year_be(issued_at);
    let series_org = crate::services::orgs::series::owner_of(office, series);
    let reserved = req
        .reserved_number
        .map(|n| {
            crate::services::registers::reservations::claim(
                conn, office.id, series_org, series, year_be, n, now,
            )
        })
        .transpose()?;
    let running = match &reserved {
        Some(r) => r.number,
        None => counter::take_next(conn, series_org, series.as_str(), year_be)?,
    };
    let running_u =
        u64::try_from(running).map_err(|_| AppError::Internal("negative number".into()))?;
    let printed = letter_number(
        &letter_code,
        series,
        req.circular,
        running_u,
        year_be,
        Digits::Thai,
    );
    let canonical = crate::thai::letter_no::canonical(&printed);
    Ok(Number {
        series,
        series_org,
        year_be,
        running,
        reserved,
        printed,
        canonical,
    })
}

/// Refuses a letter already recorded, inserts it and uses up its reserved number.
fn insert_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    office: &org::Org,
    req: &IssueLetterRequest,
    fields: Fields,
    number: Number,
    now: DateTime<Utc>,
) -> Result<(i64, letter::NewLetter), AppError> {
    let Number {
        series,
        series_org,
        year_be,
        running,
        reserved,
        printed,
        canonical,
    } = number;
    let Fields {
        subject,
        addressee,
        kind,
        urgency,
        secrecy,
        issued_at,
        dated,
        due_date,
    } = fields;
    if let Some(existing) = letter::find_by_identity(conn, &canonical, Some(dated))? {
        return Err(letter_exists(existing.id, &canonical));
    }
    let row = letter::NewLetter {
        origin: "issued".into(),
        issuer_id: Some(office.id),
        from_name: office.name.clone(),
        recorded_by_org_id: None,
        number_raw: printed,
        number_canonical: canonical,
        running_number: Some(running),
        circular: req.circular,
        series_org_id: Some(series_org),
        series: Some(series.as_str().to_string()),
        year_be: Some(year_be),
        dated: Some(dated),
        dated_raw: None,
        subject,
        addressee,
        kind: kind.as_str().into(),
        urgency: urgency.as_str().into(),
        secrecy: secrecy.as_str().into(),
        issued_at: Some(db_time(issued_at)),
        due_date,
        created_by: Some(actor.user_id),
        created_at: db_time(now),
    };
    let id = letter::insert(conn, &row)?;
    if let Some(r) = &reserved {
        if !reservation::use_for(conn, r.id, id)? {
            return Err(AppError::conflict(
                "number_taken",
                "the reserved number was used by another letter meanwhile",
            ));
        }
    }
    Ok((id, row))
}

pub fn letter_exists(existing_id: i64, canonical: &str) -> AppError {
    AppError::Conflict {
        code: "letter_exists",
        message: format!("a letter {canonical} with this date is already recorded"),
        extra: Some(("existing_id", existing_id.into())),
    }
}
