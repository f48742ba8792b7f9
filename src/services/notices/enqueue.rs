//! Writing notices into the outbox, on the caller's connection and inside its transaction:
//! if the dispatch rolls back, its notices never existed.
//!
//! A row is small: the address, the subject, the acknowledgement token and the states. The
//! bodies are rendered when the notice is sent (`services::notices::at_send`,
//! docs/decisions/0009-notices-rendered-at-send-time.md), so a national circular's
//! transaction writes thousands of short rows and renders nothing per delivery.

use crate::db::models::delivery::Delivery;
use crate::db::models::letter;
use crate::db::models::org;
use crate::db::models::outbox::NewNotice;
use crate::db::AnyConnection;
use crate::domain::credentials::token;
use crate::domain::files::human_size;
use crate::domain::files::kind_label;
use crate::domain::files::role_label;
use crate::domain::notice::NoticeStatus;
use crate::domain::Secrecy;
use crate::error::AppError;
use crate::services::notices::render;
use crate::services::notices::render::NoticeFile;
use chrono::{DateTime, Utc};
use rand::RngCore;
use std::collections::HashMap;

pub const TEMPLATE_NOTICE: &str = "notice";

/// One notice per delivery, to the recipient office's central mailbox. Offices without an
/// address get a `no_address` row, so the gap is visible. Top-secret letters (ลับที่สุด) are
/// never announced by e-mail. Returns the ids of the new rows.
pub fn notices_for(
    conn: &mut AnyConnection,
    deliveries: &[Delivery],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> = deliveries.iter().map(|d| d.recipient_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let offices = org::find_many(conn, &ids)?;
    notices_to(conn, deliveries, &offices, now)
}

/// [`notices_for`] with the recipient offices already at hand: a dispatch has just read every
/// one of them, and a national circular's are thousands. An office missing from `offices` is
/// one without an address.
pub fn notices_to(
    conn: &mut AnyConnection,
    deliveries: &[Delivery],
    offices: &[org::Org],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, AppError> {
    let t = now.naive_utc();
    let mut letter_ids: Vec<i64> = deliveries.iter().map(|d| d.letter_id).collect();
    letter_ids.sort_unstable();
    letter_ids.dedup();
    // The subject is the letter's alone: made once a letter, not once a delivery. `None`:
    // a top-secret letter, never announced.
    let subjects: HashMap<i64, Option<String>> = letter::find_many(conn, &letter_ids)?
        .iter()
        .map(|l| {
            let subject = (l.secrecy != Secrecy::TopSecret).then(|| render::subject(l));
            (l.id, subject)
        })
        .collect();
    let orgs: HashMap<i64, &org::Org> = offices.iter().map(|o| (o.id, o)).collect();
    let mut rows = Vec::with_capacity(deliveries.len());
    for d in deliveries {
        let subject = subjects
            .get(&d.letter_id)
            .ok_or_else(|| AppError::Internal(format!("delivery {} has no letter", d.id)))?;
        let Some(subject) = subject else {
            continue;
        };
        let to_addr = orgs
            .get(&d.recipient_id)
            .and_then(|o| o.email.as_deref())
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string);
        let (status, ack) = match to_addr {
            Some(_) => {
                let raw = token::generate();
                let hash = token::hash(&raw);
                (NoticeStatus::Pending, Some((raw, hash)))
            }
            None => (NoticeStatus::NoAddress, None),
        };
        let (ack_token, ack_token_hash) = ack.unzip();
        rows.push(NewNotice {
            message_id: random_part(),
            template: TEMPLATE_NOTICE.into(),
            delivery_id: Some(d.id),
            to_addr,
            subject: subject.clone(),
            body_text: None,
            body_html: None,
            status: status.as_str().into(),
            attempts: 0,
            next_attempt_at: t,
            ack_token,
            ack_token_hash,
            ack_expires_at: None,
            created_at: t,
        });
    }
    // One multi-row statement per thousand notices, not one round trip each.
    Ok(crate::db::backend::insert_notices(conn, &rows)?)
}

/// The live files of these letters, as notices list them.
pub(super) fn notice_files(
    conn: &mut AnyConnection,
    letter_ids: &[i64],
) -> Result<HashMap<i64, Vec<NoticeFile>>, AppError> {
    let mut out: HashMap<i64, Vec<NoticeFile>> = HashMap::new();
    for f in crate::services::files::list::of_letters(conn, letter_ids)? {
        out.entry(f.letter_id).or_default().push(NoticeFile {
            id: f.id,
            role: role_label(&f.role),
            about: format!("{}, {}", kind_label(&f.media_type), human_size(f.size)),
            name: f.title.unwrap_or(f.file_name),
        });
    }
    Ok(out)
}

/// 64 random bits in hex: the part of the Message-ID nobody can guess.
pub(super) fn random_part() -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
