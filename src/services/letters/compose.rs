//! A new letter as a clerk composes it on one form (the new-letter page): the letter issued,
//! its scans stored, the files of the letter it forwards carried over, and the dispatch, all in
//! the caller's one transaction, so a failure leaves nothing behind and uses no number.

use crate::adapters::store::BlobStore;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::deliveries::dispatch::{self, DispatchRequest};
use crate::services::deliveries::recipient_choices::{self, Choices};
use crate::services::files::attach::{self, AttachRequest};
use crate::services::files::list as file_list;
use crate::services::files::upload::{self, Upload};
use crate::services::files::{FileAccess, FileView};
use crate::services::letters::issue::{self, IssueLetterRequest};
use crate::services::letters::visibility;
use crate::services::views::LetterView;
use chrono::{DateTime, Utc};

/// Everything the form sends.
pub struct Composition {
    pub letter: IssueLetterRequest,
    /// Scans received with the form, already in the file store.
    pub uploads: Vec<Upload>,
    /// Files of the forwarded letter to carry (ids the form offered).
    pub carry: Vec<i64>,
    /// Empty recipients: issue only, send later.
    pub send: DispatchRequest,
}

/// Issues, files and sends; returns the new letter's id.
pub fn compose(
    conn: &mut AnyConnection,
    store: &BlobStore,
    actor: &Actor,
    office: i64,
    c: Composition,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let letter = issue::issue(conn, actor, office, &c.letter, now)?;
    // Files before dispatching, so the notices already list them.
    for scan in c.uploads {
        upload::record(conn, store, actor, letter.id, scan, now)?;
    }
    for file_id in c.carry {
        let carry = AttachRequest {
            file_id,
            role: None,
            title: None,
        };
        attach::attach(conn, actor, letter.id, &carry, now)?;
    }
    if !c.send.recipient_ids.is_empty() || !c.send.recipient_groups.is_empty() {
        dispatch::dispatch(conn, actor, letter.id, &c.send, now)?;
    }
    Ok(letter.id)
}

/// What the form offers: the office's recipient choices and, when forwarding, the letter
/// forwarded with the files the actor may carry.
pub struct FormContext {
    pub choices: Choices,
    pub forwarding: Option<(LetterView, Vec<FileView>)>,
}

pub fn form_context(
    conn: &mut AnyConnection,
    actor: &Actor,
    office: i64,
    forward: Option<i64>,
) -> Result<FormContext, AppError> {
    let choices = recipient_choices::for_office(conn, office)?;
    let forwarding = match forward {
        Some(id) => {
            let l = visibility::visible_letter(conn, actor, id)?;
            let access = FileAccess::of(conn, actor, &l)?;
            let all = file_list::of_letters(conn, &[l.id])?;
            let files = access.filter(conn, all, |f| f.created_by)?;
            Some((LetterView::from(l), files))
        }
        None => None,
    };
    Ok(FormContext {
        choices,
        forwarding,
    })
}
