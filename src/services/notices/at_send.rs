//! Rendering a delivery's notice when it is sent (docs/decisions/0009-notices-rendered-at-send-time.md).
//!
//! Its outbox row holds no body. Just before sending, the worker renders the mail from the
//! rows as they are then: the letter, the sending office's name, the recipient name kept with
//! the delivery and the letter's live files. A file added after the dispatch is listed, a
//! removed one is not. The bodies keep the send-time placeholders (`{{public_url}}`,
//! `{{ack_token}}`) that the mailer fills. A row with a stored body (a reminder digest, or a
//! notice queued before this rule) is left as stored.

use crate::db::models::delivery;
use crate::db::models::letter;
use crate::db::models::org;
use crate::db::models::outbox::Notice;
use crate::db::AnyConnection;
use crate::domain::Secrecy;
use crate::error::AppError;
use crate::services::notices::enqueue::notice_files;
use crate::services::notices::enqueue::TEMPLATE_NOTICE;
use crate::services::notices::render;
use std::collections::HashMap;

/// Whether the row's body is rendered when it is sent (it has none stored).
pub fn rendered_at_send(n: &Notice) -> bool {
    n.body_text.is_none()
}

/// Fills in the subject and bodies of the notices that have no stored body, reading the
/// current rows in a few statements for the whole batch. A notice whose delivery or letter is
/// gone, or whose letter is top secret, is left without a body: the mailer refuses to send it
/// (a permanent failure, so it ends `dead` and is audited).
pub fn render_bodies(conn: &mut AnyConnection, notices: &mut [Notice]) -> Result<(), AppError> {
    let delivery_ids: Vec<i64> = notices
        .iter()
        .filter(|n| rendered_at_send(n) && n.template == TEMPLATE_NOTICE)
        .filter_map(|n| n.delivery_id)
        .collect();
    if delivery_ids.is_empty() {
        return Ok(());
    }
    let deliveries: HashMap<i64, delivery::Delivery> = delivery::find_many(conn, &delivery_ids)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut letter_ids: Vec<i64> = deliveries.values().map(|d| d.letter_id).collect();
    letter_ids.sort_unstable();
    letter_ids.dedup();
    let letters: HashMap<i64, letter::Letter> = letter::find_many(conn, &letter_ids)?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let senders = org::by_id(conn, deliveries.values().map(|d| d.sender_id))?;
    let files = notice_files(conn, &letter_ids)?;
    for n in notices.iter_mut() {
        if !rendered_at_send(n) || n.template != TEMPLATE_NOTICE {
            continue;
        }
        let Some(d) = n.delivery_id.and_then(|id| deliveries.get(&id)) else {
            continue;
        };
        let Some(l) = letters.get(&d.letter_id) else {
            continue;
        };
        // Never announced by e-mail, whatever the row says.
        if l.secrecy == Secrecy::TopSecret {
            continue;
        }
        let sender = senders.get(&d.sender_id).map_or("", |o| o.name.as_str());
        let letter_files = files.get(&l.id).map_or(&[][..], Vec::as_slice);
        let mail = render::notice(l, sender, &d.recipient_name, letter_files);
        n.subject = mail.subject;
        n.body_text = Some(mail.text);
        n.body_html = Some(mail.html);
    }
    Ok(())
}
