//! `GET /letters/new` (with `?forward=` to pass on a received letter) and `POST /letters/new`:
//! issue a letter from my office and dispatch it to groups and single offices, in one
//! transaction through the same services as the API.

use super::letter_files::FileLine;
use super::letter_form::{self, LetterFields, Scans};
use super::thai_field::{self, FieldErrors};
use super::{flash, format, render_status, PageError, Signed};
use crate::domain::validate::{self, DateKind};
use crate::error::AppError;
use crate::http::files as files_http;
use crate::services::deliveries::dispatch::DispatchRequest;
use crate::services::deliveries::recipient_choices::Choices;
use crate::services::deliveries::recipients::RecipientGroup;
use crate::services::files::FileView;
use crate::services::letters::compose;
use crate::services::letters::issue::IssueLetterRequest;
use crate::services::letters::references::ReferenceRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub struct GroupChoice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct FileChoice {
    pub file: FileLine,
    pub checked: bool,
}

pub struct OfficeChoice {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "letter_new.html", config = "src/http/pages/askama.toml")]
struct NewLetterPage {
    chrome: super::Chrome,
    f: LetterFields,
    forwarding: Option<String>,
    groups: Vec<GroupChoice>,
    offices: Vec<OfficeChoice>,
    upstream_files: Vec<FileChoice>,
    /// Every error of the posted form: at its field, or above the form.
    errors: FieldErrors,
}

/// The letter being forwarded: its line on the form, its subject and its files.
struct Upstream {
    line: String,
    subject: String,
    files: Vec<FileView>,
}

#[derive(Deserialize)]
pub struct NewQuery {
    pub forward: Option<i64>,
}

fn page(
    s: &Signed,
    f: LetterFields,
    choices: Choices,
    upstream: Option<Upstream>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let (forwarding, upstream_files) = match upstream {
        Some(u) => (
            Some(u.line),
            u.files
                .iter()
                .map(|x| FileChoice {
                    checked: f.attach.contains(&x.id),
                    file: FileLine::from(x),
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    let groups = choices
        .groups
        .into_iter()
        .map(|g| {
            let value = format!("{}:{}", g.under_id, g.kind);
            GroupChoice {
                checked: f.groups.contains(&value),
                label: format!(
                    "{}ทั้งหมดใต้{} ({} แห่ง)",
                    format::level(&g.kind),
                    g.under_name,
                    format::thai(g.count)
                ),
                value,
            }
        })
        .collect();
    let offices = choices
        .offices
        .into_iter()
        .map(|o| OfficeChoice {
            checked: f.to.contains(&o.id),
            id: o.id,
            name: o.name,
            kind: format::kind(o.kind),
        })
        .collect();
    render_status(
        status,
        &NewLetterPage {
            chrome: s.chrome("new"),
            f,
            forwarding,
            groups,
            offices,
            upstream_files,
            errors,
        },
    )
}

/// The picker's choices and, when forwarding, the upstream letter.
async fn context(
    state: &AppState,
    s: &Signed,
    forward: Option<i64>,
) -> Result<(Choices, Option<Upstream>), PageError> {
    let office = s.office_id()?;
    let actor = s.actor.clone();
    let ctx = state
        .db
        .read(move |c| compose::form_context(c, &actor, office, forward))
        .await?;
    let upstream = ctx.forwarding.map(|(l, files)| Upstream {
        line: format!(
            "ส่งต่อหนังสือ {} ลงวันที่ {} เรื่อง {}",
            l.number,
            format::opt_date(l.dated),
            l.subject
        ),
        subject: l.subject,
        files,
    });
    Ok((ctx.choices, upstream))
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<NewQuery>,
) -> Result<HttpResponse, PageError> {
    s.writing_office()?;
    let (choices, upstream) = context(&state, &s, q.forward).await?;
    let mut f = LetterFields {
        forward: q.forward,
        ..Default::default()
    };
    if let Some(u) = &upstream {
        f.subject = u.subject.clone();
        // A forward carries the upstream letter's files unless the clerk unticks them.
        f.attach = u.files.iter().map(|x| x.id).collect();
    }
    page(
        &s,
        f,
        choices,
        upstream,
        FieldErrors::default(),
        StatusCode::OK,
    )
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn groups(values: &[String]) -> Result<Vec<RecipientGroup>, AppError> {
    values
        .iter()
        .map(|v| {
            let (id, kind) = v
                .split_once(':')
                .ok_or_else(|| AppError::invalid("group", "not a group"))?;
            Ok(RecipientGroup {
                under_id: id
                    .parse()
                    .map_err(|_| AppError::invalid("group", "not a group"))?,
                kind: kind.to_string(),
            })
        })
        .collect()
}

pub async fn create(
    state: web::Data<AppState>,
    s: Signed,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let (f, files) = letter_form::read(&state, &s, &req, payload).await?;
    s.check_csrf(&f.csrf_token)?;
    match letter_form::recognise(files).await {
        Ok(scans) => issue_and_send(state, s, f, scans).await,
        Err(e) => refill(&state, &s, f, e).await,
    }
}

/// The fields of the form a refusal can be shown at.
const FIELDS: &[&str] = &[
    "subject",
    "addressee",
    "kind",
    "urgency",
    "secrecy",
    "dated",
    "due_date",
];

/// The form again with the error, for what the clerk can correct (422, 409); else the error page.
async fn refill(
    state: &AppState,
    s: &Signed,
    f: LetterFields,
    e: AppError,
) -> Result<HttpResponse, PageError> {
    match e {
        AppError::Invalid(_) | AppError::Conflict { .. } => {
            let mut errors = FieldErrors::default();
            errors.refusal(&e, FIELDS);
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            refill_with(state, s, f, errors, status).await
        }
        e => Err(e.into()),
    }
}

async fn refill_with(
    state: &AppState,
    s: &Signed,
    f: LetterFields,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let (choices, upstream) = context(state, s, f.forward).await?;
    page(s, f, choices, upstream, errors, status)
}

/// The typed fields checked before the service: the dates read as Thai dates into ISO,
/// (dated, due date), or every error of the form.
fn checked_dates(
    f: &LetterFields,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Option<String>, Option<String>), FieldErrors> {
    let mut e = FieldErrors::default();
    e.check(validate::text("subject", &f.subject));
    e.check(validate::text("addressee", &f.addressee));
    let dated = e.take(
        "dated",
        thai_field::date("dated", DateKind::Dated, &f.dated, now),
    );
    // "N วันทำการ" goes to the service as typed: it counts from the letter date.
    let due = match crate::domain::calendar::parse_working_days(&f.due_date) {
        Some(_) => Some(Some(f.due_date.trim().to_string())),
        None => e.take(
            "due_date",
            thai_field::date("due_date", DateKind::Due, &f.due_date, now),
        ),
    };
    if !e.is_empty() {
        return Err(e);
    }
    Ok((dated.flatten(), due.flatten()))
}

async fn issue_and_send(
    state: web::Data<AppState>,
    s: Signed,
    f: LetterFields,
    scans: Scans,
) -> Result<HttpResponse, PageError> {
    let office = s.office_id()?;
    let (dated, due_date) = match checked_dates(&f, state.clock.now()) {
        Ok(d) => d,
        Err(errors) => {
            files_http::forget_unused(&state, scans.hashes()).await;
            return refill_with(&state, &s, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let req = IssueLetterRequest {
        subject: f.subject.clone(),
        addressee: f.addressee.clone(),
        kind: opt(&f.kind),
        circular: f.circular,
        dated,
        urgency: opt(&f.urgency),
        secrecy: opt(&f.secrecy),
        due_date,
        references: f
            .forward
            .map(|id| ReferenceRequest {
                letter_id: id,
                relation: "forwards".into(),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    };
    let send = DispatchRequest {
        sender_id: office,
        recipient_ids: f.to.clone(),
        recipient_groups: groups(&f.groups)?,
        ..Default::default()
    };
    let (actor, now) = (s.actor.clone(), state.clock.now());
    let carry = if f.forward.is_some() {
        f.attach.clone()
    } else {
        Vec::new()
    };
    let store = crate::adapters::store::BlobStore::new(state.settings.files_dir.clone());
    let hashes = scans.hashes();
    let composition = compose::Composition {
        letter: req,
        uploads: scans.uploads,
        carry,
        send,
    };
    let made = state
        .db
        .write(move |c| compose::compose(c, &store, &actor, office, composition, now))
        .await;
    match made {
        Ok(id) => {
            let text = issued_text(&state, id).await?;
            Ok(flash::redirect(
                &format!("/letters/{id}"),
                &text,
                state.settings.secure_cookies,
            ))
        }
        Err(e) => {
            files_http::forget_unused(&state, hashes).await;
            refill(&state, &s, f, e).await
        }
    }
}

/// The confirmation after ออกเลขและส่ง: the new letter's number and how many offices got it.
async fn issued_text(state: &AppState, id: i64) -> Result<String, PageError> {
    let (number, sent) = state
        .db
        .read(move |c| {
            let number = crate::db::models::letter::find(c, id)?
                .map(|l| l.number_raw)
                .unwrap_or_default();
            let sent = crate::db::models::delivery::for_letter(c, id)?.len();
            Ok((number, sent))
        })
        .await?;
    Ok(if sent == 0 {
        format!("ออกเลขแล้ว: หนังสือที่ {number} (ยังไม่ได้ส่งถึงหน่วยงานใด)")
    } else {
        format!(
            "ออกเลขและส่งแล้ว: หนังสือที่ {number} ส่งถึง {} หน่วยงาน",
            format::thai(sent)
        )
    })
}
