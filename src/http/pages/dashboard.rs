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
const PENDING_SHOWN: i64 = 300;
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
    /// Every hop that has left pending: what the timeline's "n/m" counts.
    pub reached: String,
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

pub(super) fn level(label: &'static str, kind: &str, c: &Counts) -> Level {
    Level {
        label,
        total: format::thai(c.total),
        reached: format::thai(c.reached),
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

fn pending_office(h: &Hop) -> PendingOffice {
    PendingOffice {
        name: h.recipient.name.clone(),
        kind: format::kind(h.recipient.kind),
        via: h.letter.number.clone(),
        overdue: h.overdue,
    }
}

/// The pending hops the dashboard lists (its filters: kind and office name).
fn pending_filter(q: &DashboardQuery, limit: i64) -> TreeFilter {
    let given = |v: &Option<String>| v.clone().filter(|t| !t.trim().is_empty());
    TreeFilter {
        limit: Some(limit),
        status: Some(DeliveryStatus::Pending.as_str().to_string()),
        kind: given(&q.kind),
        q: given(&q.q),
        ..TreeFilter::default()
    }
}

/// Everything the page shows, read in one go.
struct Loaded {
    view: DistributionView,
    unmailed: Vec<distribution::dashboard::Unmailed>,
    reached: std::collections::BTreeMap<String, (i64, Vec<chrono::NaiveDate>)>,
}

async fn load(
    state: &AppState,
    s: &Signed,
    id: i64,
    q: &DashboardQuery,
) -> Result<Loaded, PageError> {
    let actor = s.actor.clone();
    let now = state.clock.now();
    let filter = pending_filter(q, PENDING_SHOWN);
    Ok(state
        .db
        .read(move |c| {
            let view = distribution::show::distribution(c, &actor, id, &filter, now)?;
            let unmailed = distribution::dashboard::unmailed(c, &actor, id, PENDING_SHOWN)?;
            let reached = distribution::dashboard::reached_days(c, &actor, id)?;
            Ok(Loaded {
                view,
                unmailed,
                reached,
            })
        })
        .await?)
}

/// The reason in Thai that a recipient got no e-mail.
fn why_unmailed(u: &distribution::dashboard::Unmailed) -> String {
    use crate::domain::notice::NoticeStatus;
    match u.status {
        None => "ไม่แจ้งทางอีเมล (หนังสือลับที่สุด)".to_string(),
        Some(NoticeStatus::NoAddress) => "ไม่มีที่อยู่อีเมลของหน่วยงาน".to_string(),
        Some(_) => format!(
            "ส่งไม่สำเร็จ{}",
            u.last_error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        ),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let Loaded {
        view,
        unmailed,
        reached,
    } = load(&state, &s, id, &q).await?;
    let mut levels = Vec::new();
    for k in LEVELS {
        if let Some(c) = view.summary.by_kind.get(k) {
            levels.push(level(format::level(k), k, c));
        }
    }
    let pending: Vec<PendingOffice> = view.hops.items.iter().map(pending_office).collect();
    let pending_total = usize::try_from(view.hops.total).unwrap_or(0);
    let today = state.clock.today_bangkok();
    let start = view.letter.dated.unwrap_or(today);
    let no_mail: Vec<Unmailed> = unmailed
        .iter()
        .map(|u| Unmailed {
            name: u.name.clone(),
            why: why_unmailed(u),
        })
        .collect();
    render(&DashboardPage {
        // Following a letter's distribution is none of the menu's entries.
        chrome: s.chrome(""),
        letter_id: id,
        number: view.letter.number.clone(),
        subject: view.letter.subject.clone(),
        all: level("ทุกระดับ", "", &view.summary.counts),
        levels,
        pending_hidden: pending_total.saturating_sub(pending.len()),
        pending,
        pending_total: format::thai(pending_total),
        unmailed_hidden: 0,
        unmailed_total: format::thai(no_mail.len()),
        unmailed: no_mail,
        kind: q.kind.clone().unwrap_or_default(),
        q: q.q.clone().unwrap_or_default(),
        timeline: timeline::timeline(reached, start, today),
    })
}

/// The pending offices (after the same filters) as CSV, for follow-up calls: each with its
/// telephone, e-mail address and due date.
pub async fn pending_csv(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let actor = s.actor.clone();
    let now = state.clock.now();
    let filter = pending_filter(&q, 1000);
    let rows = state
        .db
        .read(move |c| {
            let r = distribution::export::start(c, &actor, id, &filter, now)?;
            let mut hops = Vec::new();
            distribution::export::each_page(c, &actor, &r, |page, _| {
                hops.extend(page.iter().cloned());
                true
            })?;
            let ids: Vec<i64> = hops.iter().map(|h| h.recipient.id).collect();
            let contacts = crate::services::orgs::contacts(c, &ids)?;
            Ok((hops, contacts, r.letter.due_date))
        })
        .await?;
    let (hops, contacts, due) = rows;
    let due = format::opt_date(due);
    let out = crate::adapters::csv::write(
        &[
            "หน่วยงาน",
            "ประเภท",
            "หนังสือที่ส่งถึง",
            "โทรศัพท์",
            "อีเมล",
            "กำหนด",
            "เกินกำหนด",
        ],
        hops.iter().map(|h| {
            let (email, phone) = contacts.get(&h.recipient.id).cloned().unwrap_or_default();
            vec![
                h.recipient.name.clone(),
                format::kind(h.recipient.kind).to_string(),
                h.letter.number.clone(),
                phone.unwrap_or_default(),
                email.unwrap_or_default(),
                due.clone(),
                if h.overdue {
                    "ใช่".into()
                } else {
                    String::new()
                },
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
