//! `GET /letters/{id}`: the letter's fields, references, the chain as a tree (who received
//! it, under which number, who passed it on as what) and the recipient's answer buttons.

use super::letter_files::FileLine;
use super::{flash, format, render_status, PageError, Signed};
use crate::domain::{Actor, Secrecy, Urgency, Via};
use crate::services::distribution::show::Hop;
use crate::services::files::FileView;
use crate::services::letters;
use crate::services::letters::page::OpenDelivery;
use crate::services::letters::references::ReferenceView;
use crate::services::views::LetterView;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;

pub struct Line {
    pub depth: usize,
    pub name: String,
    pub kind: &'static str,
    pub via: &'static str,
    pub letter_id: i64,
    pub letter_number: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub receipt: Option<String>,
    pub note: Option<String>,
    pub status_note: Option<String>,
    pub overdue: bool,
    pub files: Vec<HopFile>,
}

/// A file a hop received; `link` is the file to open, when the reader may open one.
pub struct HopFile {
    pub name: String,
    pub link: Option<i64>,
}

/// A file of a letter this one forwards, not yet carried by this one.
pub struct UpstreamFile {
    pub file: FileLine,
    pub letter_number: String,
}

pub struct Reference {
    pub letter_id: i64,
    pub relation: &'static str,
    pub number: String,
    pub dated: String,
}

#[derive(Template)]
#[template(path = "letter.html", config = "src/http/pages/askama.toml")]
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
    open: Vec<OpenDelivery>,
    issuer_side: bool,
    can_forward: bool,
    files: Vec<FileLine>,
    can_add_files: bool,
    /// Administrators may delete a file.
    can_delete_files: bool,
    upstream_files: Vec<UpstreamFile>,
    /// A refused answer, shown at its form's field.
    answer_error: Option<AnswerError>,
}

impl LetterPage {
    /// The refused answer's text when it belongs to this delivery's `field` form.
    fn answer_error_at(&self, delivery_id: &i64, field: &str) -> Option<&str> {
        self.answer_error
            .as_ref()
            .filter(|e| e.delivery_id == *delivery_id && e.field == field)
            .map(|e| e.text.as_str())
    }
}

/// An answer (รับทราบ / ไม่เกี่ยวข้อง) the service refused: which delivery's form, which field
/// (`ack` or `rej`, the inputs' id prefixes) and the Thai text.
pub struct AnswerError {
    pub delivery_id: i64,
    pub field: &'static str,
    pub text: String,
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

/// What drawing the tree's file links needs.
struct FileLinks<'a> {
    actor: &'a Actor,
    /// The page's own letter.
    letter_id: i64,
    files: HashMap<i64, &'a FileView>,
}

impl FileLinks<'_> {
    /// The files of hop `h` (below the hop to `parent`), each linked when the reader may open
    /// it: a file of this page's letter or one attached from it; or any file when the reader's
    /// office received the hop or passed it on.
    fn of(&self, h: &Hop, parent: Option<i64>) -> Vec<HopFile> {
        let near = self.actor.can_act_for(h.recipient.id)
            || parent.is_some_and(|p| self.actor.can_act_for(p));
        h.file_ids
            .iter()
            .filter_map(|id| self.files.get(id))
            .map(|f| {
                let own_source = f.source_file_id.filter(|s| {
                    self.files
                        .get(s)
                        .is_some_and(|x| x.letter_id == self.letter_id)
                });
                let link = if f.letter_id == self.letter_id || near {
                    Some(f.id)
                } else {
                    own_source
                };
                HopFile {
                    name: f.title.clone().unwrap_or_else(|| f.file_name.clone()),
                    link,
                }
            })
            .collect()
    }
}

/// The page's hops as indented lines; a hop's files are linked for the office above it too.
fn lines(hops: &[Hop], links: &FileLinks) -> Vec<Line> {
    let office_of: HashMap<i64, i64> = hops.iter().map(|h| (h.id, h.recipient.id)).collect();
    hops.iter()
        .map(|h| {
            let parent = h.parent_id.and_then(|p| office_of.get(&p).copied());
            Line {
                depth: usize::try_from(h.depth - 1).unwrap_or(0).min(8),
                name: h.recipient.name.clone(),
                kind: format::kind(h.recipient.kind),
                via: if h.via == Via::Route {
                    "ส่งต่อภายใน"
                } else {
                    "ส่งหนังสือ"
                },
                letter_id: h.letter.id,
                letter_number: h.letter.number.clone(),
                status_label: format::status(h.status),
                status: h.status.as_str(),
                receipt: h.receipt.as_ref().map(|r| r.stamp.clone()),
                note: h.note.clone(),
                status_note: h.status_note.clone(),
                overdue: h.overdue,
                files: links.of(h, parent),
            }
        })
        .collect()
}

fn reference(r: ReferenceView) -> Reference {
    Reference {
        letter_id: r.letter_id,
        relation: relation(r.relation.as_str()),
        number: r.number,
        dated: format::opt_date(r.dated),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let mut resp = page(&state, &s, id.into_inner(), flash::take(&req), None).await?;
    flash::forget(&req, &mut resp, state.settings.secure_cookies);
    Ok(resp)
}

/// The letter page, with a flash message or a refused answer at its field.
pub async fn page(
    state: &web::Data<AppState>,
    s: &Signed,
    id: i64,
    flash: Option<String>,
    answer_error: Option<AnswerError>,
) -> Result<HttpResponse, PageError> {
    let (actor, now) = (s.actor.clone(), state.clock.now());
    let p = state
        .db
        .read(move |c| letters::page::load(c, &actor, id, now))
        .await?;
    let dist = &p.distribution;
    let links = FileLinks {
        actor: &s.actor,
        letter_id: id,
        files: dist.files.iter().map(|f| (f.id, f)).collect(),
    };
    let lines = lines(&dist.hops.items, &links);
    let hidden_lines = usize::try_from(dist.hops.total)
        .unwrap_or(0)
        .saturating_sub(lines.len());
    let own_files = dist
        .files
        .iter()
        .filter(|f| f.letter_id == id)
        .map(FileLine::from)
        .collect();
    let letter = p.letter;
    // A letter the office sent is none of the menu's entries; one it received is the inbox's.
    let mut chrome = s.chrome(if p.issuer_side { "" } else { "inbox" });
    chrome.flash = flash;
    let status = if answer_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        &LetterPage {
            chrome,
            dated: format::opt_date(letter.dated),
            due: format::opt_date(letter.due_date),
            urgency: format::urgency(letter.urgency),
            secrecy: format::secrecy(letter.secrecy),
            urgent: letter.urgency != Urgency::Normal,
            secret: letter.secrecy != Secrecy::Normal,
            references: p.references.into_iter().map(reference).collect(),
            lines,
            hidden_lines,
            open: p.open,
            can_forward: p.received && !p.issuer_side && s.may_write(),
            files: own_files,
            can_add_files: p.can_add_files,
            can_delete_files: s.actor.is_admin(),
            upstream_files: p
                .upstream_files
                .iter()
                .map(|u| UpstreamFile {
                    file: FileLine::from(&u.file),
                    letter_number: u.letter_number.clone(),
                })
                .collect(),
            issuer_side: p.issuer_side,
            answer_error,
            l: letter,
        },
    )
}
