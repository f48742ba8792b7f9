//! Reminder digests: one mail per office listing the letters still waiting for it, at most
//! once per period (docs/outbox.md, Reminders). A pass runs in one write transaction; each
//! office's period is claimed by a unique row before its digest is written, so two workers
//! running the pass at once queue one digest between them.

use crate::services::notices::digest;

use crate::clock::{from_bangkok, to_bangkok};
use crate::config::mail::ReminderSettings;
use crate::db::backend;
use crate::db::models::delivery::Delivery;
use crate::db::models::letter::Letter;
use crate::db::models::org;
use crate::db::models::outbox;
use crate::db::models::outbox::NewNotice;
use crate::db::models::reminder_run;
use crate::db::schema::deliveries;
use crate::db::schema::letters;
use crate::db::AnyConnection;
use crate::db::Db;
use crate::domain::calendar;
use crate::domain::notice::NoticeStatus;
use crate::domain::DeliveryStatus;
use crate::domain::Secrecy;
use crate::error::AppError;
use crate::services::notices::digest::Item;
use crate::services::notices::render;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const TEMPLATE_REMINDER: &str = "reminder";

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReminderOutcome {
    /// Digests written into the outbox.
    pub queued: usize,
    /// Letters those digests count.
    pub letters: usize,
    /// Offices with letters waiting that already had this period's digest.
    pub already_reminded: usize,
    /// Offices with letters waiting but no e-mail address.
    pub no_address: usize,
}

/// The first Bangkok date of the period holding `today`: periods are `every_days` long,
/// counted from 1970-01-01, so every instance agrees on them. Daily: `today` itself.
pub fn period_key(today: NaiveDate, every_days: i64) -> String {
    let every = every_days.max(1);
    let epoch = NaiveDate::default(); // 1970-01-01
    let days = (today - epoch).num_days();
    (epoch + Duration::days(days - days.rem_euclid(every))).to_string()
}

/// One pass at `now` on `conn`, which the caller holds in a write transaction
/// ([`Db::write_blocking`]). Offices are taken in id order, so concurrent passes on
/// PostgreSQL wait for each other on the same keys in the same order and never deadlock.
pub fn run_reminders(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    settings: &ReminderSettings,
) -> Result<ReminderOutcome, AppError> {
    let mut outcome = ReminderOutcome::default();
    if !settings.enabled() {
        return Ok(outcome);
    }
    let t = now.naive_utc();
    let today = to_bangkok(now).date();
    let key = period_key(today, settings.every_days);
    let waiting = waiting(conn, today, settings.after_days)?;
    let mut by_office: BTreeMap<i64, Vec<(Delivery, Letter)>> = BTreeMap::new();
    for (d, l) in waiting {
        by_office.entry(d.recipient_id).or_default().push((d, l));
    }
    let senders = by_office.values().flatten().map(|(d, _)| d.sender_id);
    let orgs = org::by_id(conn, by_office.keys().copied().chain(senders))?;
    for (org_id, rows) in by_office {
        let Some(office) = orgs.get(&org_id) else {
            continue;
        };
        let Some(to_addr) = office
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            outcome.no_address += 1;
            continue;
        };
        if !backend::claim_reminder_run(conn, org_id, &key, t)? {
            outcome.already_reminded += 1;
            continue;
        }
        let mut items = items(&rows, &orgs, today);
        let total = items.len();
        items.truncate(settings.max_listed.max(1));
        let mail = digest::digest(&office.name, &items, total);
        let id = outbox::insert(
            conn,
            &NewNotice {
                message_id: crate::services::notices::enqueue::random_part(),
                template: TEMPLATE_REMINDER.into(),
                delivery_id: None,
                to_addr: Some(to_addr.to_string()),
                subject: mail.subject,
                body_text: Some(mail.text),
                body_html: Some(mail.html),
                status: NoticeStatus::Pending.as_str().into(),
                attempts: 0,
                next_attempt_at: t,
                ack_token: None,
                ack_token_hash: None,
                ack_expires_at: None,
                created_at: t,
            },
        )?;
        reminder_run::set_notice(conn, org_id, &key, id)?;
        outcome.queued += 1;
        outcome.letters += total;
    }
    Ok(outcome)
}

/// [`run_reminders`] in its own write transaction on a blocking thread (the worker's way).
pub async fn remind(
    db: &Db,
    now: DateTime<Utc>,
    settings: ReminderSettings,
) -> Result<ReminderOutcome, AppError> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || db.write_blocking(|c| run_reminders(c, now, &settings)))
        .await
        .map_err(|e| AppError::Internal(format!("blocking task: {e}")))?
}

/// Deliveries waiting at their office: `pending` past the letter's due date, or `pending` or
/// `received` and delivered `after_days` working days ago or more (weekends and holidays
/// skipped; the delivery day itself not counted). Top-secret letters never appear.
fn waiting(
    conn: &mut AnyConnection,
    today: NaiveDate,
    after_days: i64,
) -> Result<Vec<(Delivery, Letter)>, AppError> {
    let n = u32::try_from(after_days.clamp(0, i64::from(calendar::MAX_WORKING_DAYS))).unwrap_or(0);
    let calendar = crate::services::holidays::calendar_before(conn, today, n)?;
    let last_day = calendar.working_days_back(today, n);
    let cutoff = from_bangkok(last_day + Duration::days(1), NaiveTime::MIN).naive_utc();
    let pending = DeliveryStatus::Pending.as_str();
    let open = [pending, DeliveryStatus::Received.as_str()];
    Ok(deliveries::table
        .inner_join(letters::table)
        .filter(deliveries::status.eq_any(open))
        .filter(deliveries::withdrawn_at.is_null())
        .filter(letters::secrecy.ne(Secrecy::TopSecret.as_str()))
        .filter(
            deliveries::created_at.lt(cutoff).or(deliveries::status
                .eq(pending)
                .and(letters::due_date.lt(today))),
        )
        .order((deliveries::recipient_id, deliveries::id))
        .select((Delivery::as_select(), Letter::as_select()))
        .load(conn)?)
}

/// The digest lines of one office: each letter once, overdue first, then the longest waiting.
fn items(
    rows: &[(Delivery, Letter)],
    orgs: &HashMap<i64, org::Org>,
    today: NaiveDate,
) -> Vec<Item> {
    let mut seen = HashSet::new();
    let mut items: Vec<Item> = rows
        .iter()
        .filter(|(_, l)| seen.insert(l.id))
        .map(|(d, l)| Item {
            secrecy: l.secrecy,
            number: l.number_raw.clone(),
            dated: render::letter_date(l),
            subject: l.subject.clone(),
            sender: orgs
                .get(&d.sender_id)
                .map_or_else(String::new, |o| o.name.clone()),
            days_waiting: (today - to_bangkok(d.created_at.and_utc()).date())
                .num_days()
                .max(0),
            due_date: l.due_date,
            overdue: d.status == DeliveryStatus::Pending
                && l.due_date.is_some_and(|due| due < today),
        })
        .collect();
    // Stable: equal ones stay in delivery order.
    items.sort_by_key(|i| std::cmp::Reverse((i.overdue, i.days_waiting)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_daily_period_is_the_day_itself() {
        assert_eq!(period_key(date("2026-05-09"), 1), "2026-05-09");
        assert_eq!(period_key(date("2026-05-09"), 0), "2026-05-09");
    }

    #[test]
    fn longer_periods_start_on_a_date_shared_by_every_day_in_them() {
        let start = date("2026-05-01");
        let keys: HashSet<String> = (0..28)
            .map(|d| {
                let day = start + Duration::days(d);
                let key = date(&period_key(day, 7));
                assert!(key <= day && (day - key).num_days() < 7, "{day} in {key}");
                key.to_string()
            })
            .collect();
        assert_eq!(
            keys.len(),
            4 + usize::from(period_key(start, 7) != "2026-05-01")
        );
    }
}
