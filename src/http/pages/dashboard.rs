//! `GET /letters/{id}/dashboard` (and `/pending.csv`): per level progress of a letter's
//! distribution, the offices still pending and a timeline. Everything comes from one call of
//! the distribution service (batched queries), so a national circular stays fast.

use super::timeline::{self, Segment, Timeline};
use super::{format, render, PageError, Signed};
use crate::domain::DeliveryStatus;
use crate::services::distribution;
use crate::services::distribution::show::Counts;
use crate::services::distribution::show::DistributionView;
use crate::services::distribution::show::Hop;
use crate::services::distribution::show::TreeFilter;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// Pending offices listed on the page; the CSV has them all.
const PENDING_SHOWN: usize = 300;
/// The order of the levels, top down.
const LEVELS: [&str; 9] = [
    "ministry",
    "department",
    "division",
    "province",
    "provincial_office",
    "district",
    "local_body",
    "unit",
    "external",
];

#[derive(Debug, Clone, Deserialize)]
pub struct DashboardQuery {
    /// Only pending offices of this kind.
    pub kind: Option<String>,
    /// Only pending offices whose name holds this text.
    pub q: Option<String>,
}

pub struct Level {
    pub label: &'static str,
    pub total: String,
    pub received: String,
    pub acknowledged: String,
    pub forwarded: String,
    pub not_related: String,
    pub pending: String,
    pub overdue: String,
    pub has_overdue: bool,
    pub segments: Vec<Segment>,
    pub kind: String,
}

/// A recipient that got no e-mail notice, and why.
pub struct Unmailed {
    pub name: String,
    pub why: String,
}

pub struct PendingOffice {
    pub name: String,
    pub kind: &'static str,
    pub via: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html", config = "src/http/pages/askama.toml")]
struct DashboardPage {
    chrome: super::Chrome,
    letter_id: i64,
    number: String,
    subject: String,
    all: Level,
    levels: Vec<Level>,
    pending: Vec<PendingOffice>,
    pending_total: String,
    pending_hidden: usize,
    /// Recipients the notice did not reach by e-mail (no address, given up, never sent).
    unmailed: Vec<Unmailed>,
    unmailed_total: String,
    unmailed_hidden: usize,
    kind: String,
    q: String,
    timeline: Timeline,
}

fn level(label: &'static str, kind: &str, c: &Counts) -> Level {
    Level {
        label,
        total: format::thai(c.total),
        received: format::thai(c.received),
        acknowledged: format::thai(c.acknowledged),
        forwarded: format::thai(c.forwarded),
        not_related: format::thai(c.not_related),
        pending: format::thai(c.pending),
        overdue: format::thai(c.overdue),
        has_overdue: c.overdue > 0,
        segments: timeline::bar(c),
        kind: kind.to_string(),
    }
}

fn pending(hops: &[Hop], q: &DashboardQuery, out: &mut Vec<PendingOffice>) {
    for h in hops {
        let kind_ok = q
            .kind
            .as_deref()
            .filter(|k| !k.is_empty())
            .is_none_or(|k| k == h.recipient.kind.as_str());
        let name_ok =
            q.q.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .is_none_or(|t| h.recipient.name.contains(t));
        if h.status == DeliveryStatus::Pending && kind_ok && name_ok {
            out.push(PendingOffice {
                name: h.recipient.name.clone(),
                kind: format::kind(h.recipient.kind),
                via: h.letter.number.clone(),
                overdue: h.overdue,
            });
        }
        pending(&h.children, q, out);
    }
}

/// The hops whose e-mail notice did not go out, with the reason in Thai; each office once.
fn unmailed(hops: &[Hop], seen: &mut std::collections::HashSet<i64>, out: &mut Vec<Unmailed>) {
    use crate::domain::notice::NoticeStatus;
    for h in hops {
        let why = match &h.notice {
            None => Some("ไม่แจ้งทางอีเมล (หนังสือลับที่สุด)".to_string()),
            Some(n) if n.status == NoticeStatus::NoAddress => {
                Some("ไม่มีที่อยู่อีเมลของหน่วยงาน".to_string())
            }
            Some(n) if n.status == NoticeStatus::Dead => Some(format!(
                "ส่งไม่สำเร็จ{}",
                n.last_error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            )),
            Some(_) => None,
        };
        if let Some(why) = why {
            if seen.insert(h.recipient.id) {
                out.push(Unmailed {
                    name: h.recipient.name.clone(),
                    why,
                });
            }
        }
        unmailed(&h.children, seen, out);
    }
}

async fn load(state: &AppState, s: &Signed, id: i64) -> Result<DistributionView, PageError> {
    let actor = s.actor.clone();
    let now = state.clock.now();
    Ok(state
        .db
        .read(move |c| distribution::show::distribution(c, &actor, id, &TreeFilter::default(), now))
        .await?)
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let view = load(&state, &s, id).await?;
    let mut levels = Vec::new();
    for k in LEVELS {
        if let Some(c) = view.summary.by_kind.get(k) {
            levels.push(level(format::level(k), k, c));
        }
    }
    let mut all_pending = Vec::new();
    pending(&view.hops, &q, &mut all_pending);
    let pending_total = all_pending.len();
    all_pending.truncate(PENDING_SHOWN);
    let today = state.clock.today_bangkok();
    let start = view.letter.dated.unwrap_or(today);
    let mut no_mail = Vec::new();
    unmailed(&view.hops, &mut Default::default(), &mut no_mail);
    let unmailed_total = no_mail.len();
    no_mail.truncate(PENDING_SHOWN);
    render(&DashboardPage {
        // Following a letter's distribution is none of the menu's entries.
        chrome: s.chrome(""),
        letter_id: id,
        number: view.letter.number.clone(),
        subject: view.letter.subject.clone(),
        all: level("ทุกระดับ", "", &view.summary.counts),
        levels,
        pending_hidden: pending_total.saturating_sub(all_pending.len()),
        pending: all_pending,
        pending_total: format::thai(pending_total),
        unmailed_hidden: unmailed_total.saturating_sub(no_mail.len()),
        unmailed: no_mail,
        unmailed_total: format::thai(unmailed_total),
        kind: q.kind.clone().unwrap_or_default(),
        q: q.q.clone().unwrap_or_default(),
        timeline: timeline::timeline(&view.hops, start, today),
    })
}

/// The pending offices (after the same filters) as CSV, for follow-up calls.
pub async fn pending_csv(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let view = load(&state, &s, id).await?;
    let mut rows = Vec::new();
    pending(&view.hops, &q, &mut rows);
    let out = crate::adapters::csv::write(
        &["หน่วยงาน", "ประเภท", "หนังสือที่ส่งถึง", "เกินกำหนด"],
        rows.iter().map(|r| {
            vec![
                r.name.as_str(),
                r.kind,
                r.via.as_str(),
                if r.overdue { "ใช่" } else { "" },
            ]
        }),
    )?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"letter-{id}-pending.csv\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(out))
}
