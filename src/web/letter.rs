//! `GET /letters/{id}`: the letter's fields, references, the chain as a tree (who received
//! it, under which number, who passed it on as what) and the recipient's answer buttons.

use super::{format, render, PageError, Signed};
use crate::domain::DeliveryStatus;
use crate::models::delivery;
use crate::services::distribution::{self, Hop, TreeFilter};
use crate::services::references::{self, ReferenceView};
use crate::services::{views::LetterView, visibility};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;

/// Tree lines drawn on the letter page; the dashboard has the full lists.
const TREE_LINES: usize = 500;

pub struct Line {
    pub depth: usize,
    pub name: String,
    pub kind: &'static str,
    pub via: &'static str,
    pub letter_id: i64,
    pub letter_number: String,
    pub status: String,
    pub status_label: &'static str,
    pub receipt: Option<String>,
    pub note: Option<String>,
    pub status_note: Option<String>,
    pub overdue: bool,
}

pub struct Open {
    pub delivery_id: i64,
    pub office: String,
}

pub struct Reference {
    pub letter_id: i64,
    pub relation: &'static str,
    pub number: String,
    pub dated: String,
}

#[derive(Template)]
#[template(path = "letter.html", config = "src/web/askama.toml")]
struct LetterPage {
    chrome: super::Chrome,
    l: LetterView,
    dated: String,
    due: String,
    urgency: &'static str,
    secrecy: &'static str,
    urgent: bool,
    secret: bool,
    references: Vec<Reference>,
    lines: Vec<Line>,
    hidden_lines: usize,
    open: Vec<Open>,
    issuer_side: bool,
    can_forward: bool,
}

fn relation(code: &str) -> &'static str {
    match code {
        "forwards" => "ส่งต่อหนังสือ",
        "cites" => "อ้างถึง",
        "replies_to" => "ตอบหนังสือ",
        "supersedes" => "แทนหนังสือ",
        _ => "เกี่ยวข้องกับ",
    }
}

fn flatten(hops: &[Hop], depth: usize, out: &mut Vec<Line>, hidden: &mut usize) {
    for h in hops {
        if out.len() >= TREE_LINES {
            *hidden += 1;
        } else {
            out.push(Line {
                depth: depth.min(8),
                name: h.recipient.name.clone(),
                kind: format::kind(&h.recipient.kind),
                via: if h.via == "route" {
                    "ส่งต่อภายใน"
                } else {
                    "ส่งหนังสือ"
                },
                letter_id: h.letter.id,
                letter_number: h.letter.number.clone(),
                status_label: format::status(&h.status),
                status: h.status.clone(),
                receipt: h.receipt.as_ref().map(|r| r.stamp.clone()),
                note: h.note.clone(),
                status_note: h.status_note.clone(),
                overdue: h.overdue,
            });
        }
        flatten(&h.children, depth + 1, out, hidden);
    }
}

fn reference(r: ReferenceView) -> Reference {
    Reference {
        letter_id: r.letter_id,
        relation: relation(&r.relation),
        number: r.number,
        dated: format::opt_date(r.dated),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let actor = s.actor.clone();
    let now = state.clock.now();
    let (letter, refs, dist, open, issuer_side, received) = state
        .db
        .read(move |c| {
            let letter = visibility::visible_letter(c, &actor, id)?;
            let issuer_side = visibility::is_issuer_side(&actor, &letter);
            let refs = references::of_letter(c, id)?;
            let dist = distribution::distribution(c, &actor, id, &TreeFilter::default(), now)?;
            let mine: Vec<_> = delivery::for_letter(c, id)?
                .into_iter()
                .filter(|d| actor.can_act_for(d.recipient_id))
                .collect();
            let received = crate::models::receipt::any_at(c, id, &actor.scope)?;
            let open = mine
                .into_iter()
                .filter(|d| {
                    d.status == DeliveryStatus::Pending.as_str()
                        || d.status == DeliveryStatus::Received.as_str()
                })
                .map(|d| Open {
                    delivery_id: d.id,
                    office: d.recipient_name,
                })
                .collect::<Vec<_>>();
            Ok((
                LetterView::from(letter),
                refs,
                dist,
                open,
                issuer_side,
                received,
            ))
        })
        .await?;
    let mut lines = Vec::new();
    let mut hidden_lines = 0;
    flatten(&dist.hops, 0, &mut lines, &mut hidden_lines);
    render(&LetterPage {
        chrome: s.chrome("inbox"),
        dated: format::opt_date(letter.dated),
        due: format::opt_date(letter.due_date),
        urgency: format::urgency(&letter.urgency),
        secrecy: format::secrecy(&letter.secrecy),
        urgent: letter.urgency != "normal",
        secret: letter.secrecy != "normal",
        references: refs.into_iter().map(reference).collect(),
        lines,
        hidden_lines,
        open,
        can_forward: received && !issuer_side && s.actor.org_id.is_some(),
        issuer_side,
        l: letter,
    })
}
