//! Logging a receipt (ลงรับ): one entry in the office's receipt register and its stamp.

use crate::services::db_time;

use crate::services::letters;

use crate::clock::from_bangkok;
use crate::clock::to_bangkok;
use crate::db::models::counter;
use crate::db::models::delivery;
use crate::db::models::letter;
use crate::db::models::org;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::validate::DateKind;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::domain::SeriesKind;
use crate::error::AppError;
use crate::services::letters::visibility;
use crate::services::views::ReceiptView;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptRequest {
    /// The delivery being received (from the inbox).
    pub delivery_id: Option<i64>,
    /// A letter already in the system.
    pub letter_id: Option<i64>,
    /// A letter from outside, matched by its number and date or recorded now.
    pub letter: Option<InlineLetter>,
    /// RFC 3339 with offset; or give `received_on` (and `received_time`). Default now.
    pub received_at: Option<String>,
    /// Bangkok-local date of receipt (CE, YYYY-MM-DD).
    pub received_on: Option<String>,
    /// Bangkok-local time `HH:MM`; without it the stamp leaves เวลา blank.
    pub received_time: Option<String>,
    /// การปฏิบัติ: where it went, what was done.
    pub action: Option<String>,
    pub remarks: Option<String>,
    /// Register it again although this office already holds a receipt of it.
    #[serde(default)]
    pub allow_duplicate: bool,
    /// The caller's own uploads (`POST /api/v1/uploads`) to attach to the letter with this
    /// receipt, in the same transaction.
    #[serde(default)]
    pub upload_ids: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineLetter {
    pub number: String,
    pub dated: Option<String>,
    pub dated_raw: Option<String>,
    pub subject: String,
    pub from_name: String,
    /// ถึง: to whom the letter is addressed, as written.
    #[serde(default)]
    pub addressee: Option<String>,
    /// normal, urgent, very_urgent or most_urgent; default: the one the number carries, else
    /// normal. A ด่วนที่สุด letter from outside sorts first in the inbox like any other.
    #[serde(default)]
    pub urgency: Option<String>,
    /// normal, confidential, secret or top_secret; default normal.
    #[serde(default)]
    pub secrecy: Option<String>,
}

/// When a letter was received, as the stamp records it.
struct Moment {
    at: Option<NaiveDateTime>,
    on: NaiveDate,
    time: Option<NaiveTime>,
}

fn moment(req: &ReceiptRequest, now: DateTime<Utc>) -> Result<Moment, AppError> {
    match (&req.received_at, &req.received_on) {
        (Some(_), Some(_)) => Err(AppError::invalid(
            "received_on",
            "give received_at, or received_on with an optional received_time, not both",
        )),
        (Some(at), None) => {
            if req.received_time.is_some() {
                return Err(AppError::invalid(
                    "received_time",
                    "received_time goes with received_on, not received_at",
                ));
            }
            let at = validate::instant("received_at", at)?;
            Ok(stamped_at(validate::plausible_instant(
                "received_at",
                DateKind::Received,
                at,
                now,
            )?))
        }
        (None, on) => {
            let on = match on {
                Some(d) => validate::plausible(
                    "received_on",
                    DateKind::Received,
                    validate::date("received_on", d)?,
                    now,
                )?,
                None if req.received_time.is_some() => to_bangkok(now).date(),
                None => return Ok(stamped_at(now)),
            };
            let time = req
                .received_time
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| validate::time_of_day("received_time", t))
                .transpose()?;
            Ok(Moment {
                at: time.map(|t| db_time(from_bangkok(on, t))),
                on,
                time,
            })
        }
    }
}

/// A receipt at an instant: the Bangkok date, and the time to the minute as stamps show it.
fn stamped_at(at: DateTime<Utc>) -> Moment {
    use chrono::Timelike;
    let local = to_bangkok(at);
    Moment {
        at: Some(db_time(at)),
        on: local.date(),
        time: NaiveTime::from_hms_opt(local.hour(), local.minute(), 0),
    }
}

/// The letter a receipt is for, and how it was found.
struct Resolved {
    letter_id: i64,
    /// The delivery to this office being received, if any.
    delivery: Option<delivery::Delivery>,
    /// Given by id, the delivery's exchange link (its sender hosted by a peer), read with it;
    /// `None` for a delivery found otherwise, whose link is looked up when it is received.
    link: Option<Option<crate::db::models::exchange_link::Link>>,
    /// Recorded by this very request: nothing can be addressed to it or registered of it yet.
    fresh: bool,
}

/// Which letter (and delivery) a receipt is for.
fn resolve_letter(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    req: &ReceiptRequest,
    now: DateTime<Utc>,
) -> Result<Resolved, AppError> {
    let given = [
        req.delivery_id.is_some(),
        req.letter_id.is_some(),
        req.letter.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(AppError::invalid(
            "letter",
            "give exactly one of delivery_id, letter_id or letter",
        ));
    }
    if let Some(id) = req.delivery_id {
        let (d, link) = crate::db::models::exchange_link::delivery_with_link(conn, id)?
            .filter(|(d, _)| d.recipient_id == org_id)
            .ok_or_else(|| {
                AppError::invalid(
                    "delivery_id",
                    format!("delivery {id} is not addressed to this office"),
                )
            })?;
        crate::services::exchange::withdraw::refuse_withdrawn(&d)?;
        return Ok(Resolved {
            letter_id: d.letter_id,
            delivery: Some(d),
            link: Some(link),
            fresh: false,
        });
    }
    if let Some(id) = req.letter_id {
        let l = letter::find(conn, id)?
            .ok_or_else(|| AppError::invalid("letter_id", format!("letter {id} is not known")))?;
        let pending = delivery::pending_for(conn, l.id, org_id)?;
        // By id only what reached this office: a letter delivered to it (or its units) or one it
        // already sees. A paper copy of anything else is recorded inline, by number and date.
        let offices = org::office_and_units(conn, org_id)?;
        if pending.is_none() && !crate::db::visibility::office_sees_letter(conn, &offices, l.id)? {
            return Err(AppError::forbidden(format!(
                "letter {id} was not sent to this office; record a paper copy by its number and date"
            )));
        }
        return Ok(Resolved {
            letter_id: l.id,
            delivery: pending,
            link: None,
            fresh: false,
        });
    }
    let inline = req
        .letter
        .as_ref()
        .ok_or_else(|| AppError::invalid("letter", "letter is missing"))?;
    let record = letters::record::RecordLetterRequest {
        number: inline.number.clone(),
        dated: inline.dated.clone(),
        dated_raw: inline.dated_raw.clone(),
        subject: inline.subject.clone(),
        from_name: inline.from_name.clone(),
        issuer_id: None,
        addressee: inline.addressee.clone(),
        kind: None,
        urgency: inline.urgency.clone(),
        secrecy: inline.secrecy.clone(),
    };
    let mut checked = letters::record::check(conn, actor, &record, now)?;
    checked.row.recorded_by_org_id = Some(org_id);
    match letter::find_by_identity(conn, &checked.row.number_canonical, checked.row.dated)? {
        Some(existing) => {
            let pending = delivery::pending_for(conn, existing.id, org_id)?;
            if pending.is_none() && !visibility::can_see(conn, actor, &existing)? {
                // Matching a classified letter by its number must not reveal it.
                if existing.secrecy.is_classified() {
                    return Err(AppError::forbidden(
                        "a classified letter is logged only by the offices it was sent to",
                    ));
                }
            }
            Ok(Resolved {
                letter_id: existing.id,
                delivery: pending,
                link: None,
                fresh: false,
            })
        }
        None => Ok(Resolved {
            letter_id: letter::insert(conn, &checked.row)?,
            delivery: None,
            link: None,
            fresh: true,
        }),
    }
}

pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    org_id: i64,
    req: &ReceiptRequest,
    now: DateTime<Utc>,
) -> Result<ReceiptView, AppError> {
    // An office a clerk may act for was read with the clerk's token, and offices are never
    // deleted: only an administrator's office, or one out of the caller's reach, is looked up,
    // so an unknown office still answers 404 before the 403.
    if actor.is_admin() || !crate::domain::access::can_act_for(actor, org_id) {
        org::find(conn, org_id)?.ok_or(AppError::not_found("org"))?;
    }
    actor.require_act_for(org_id)?;
    let when = moment(req, now)?;
    let action = validate::optional_text("action", req.action.as_deref())?;
    let remarks = validate::optional_text("remarks", req.remarks.as_deref())?;
    let Resolved {
        letter_id,
        delivery,
        link,
        fresh,
    } = resolve_letter(conn, actor, org_id, req, now)?;

    let year_be = i64::from(when.on.year()) + 543;
    // The series' row lock comes first: a simultaneous receipt in the same office waits here,
    // then sees the other's receipt below. The unique index on `receipts.delivery_id` is the
    // last word for anything this ordering does not serialise (receipts in different years).
    let number = counter::take_next(conn, org_id, SeriesKind::Receipt.as_str(), year_be)?;
    // A receipt of the delivery is also one of this office for the letter, so the delivery's own
    // is looked up only when there is an earlier one: it is the one the 409 names, and it may not
    // be repeated even with allow_duplicate.
    let earlier = if fresh {
        None
    } else {
        receipt::first_for(conn, org_id, letter_id)?
    };
    if let Some(existing) = &earlier {
        if let Some(d) = &delivery {
            if let Some(own) = receipt::for_delivery(conn, d.id)? {
                return Err(duplicate(own, false)?);
            }
        }
        if !req.allow_duplicate {
            return Err(duplicate(existing.clone(), true)?);
        }
    }
    let t = db_time(now);
    let row = receipt::NewReceipt {
        org_id,
        year_be,
        number,
        letter_id,
        delivery_id: delivery.as_ref().map(|d| d.id),
        received_at: when.at,
        received_on: when.on,
        received_time: when.time.map(|t| t.format("%H:%M").to_string()),
        action,
        remarks,
        duplicate_of: earlier.map(|e| e.id),
        created_by: Some(actor.user_id),
        created_at: t,
    };
    // The database refuses a second receipt of the delivery without an error (ON CONFLICT DO
    // NOTHING): a simultaneous first receipt makes this insert wait, then write nothing.
    let Some(saved) = crate::db::backend::insert_receipt_once(conn, &row)? else {
        let existing = match delivery.as_ref() {
            Some(d) => receipt::for_delivery(conn, d.id)?,
            None => None,
        };
        return Err(match existing {
            Some(existing) => duplicate(existing, false)?,
            None => {
                AppError::Internal("a receipt was refused without a receipt of its delivery".into())
            }
        });
    };
    let id = saved.id;
    if let Some(d) = &delivery {
        delivery::set_status(
            conn,
            d.id,
            DeliveryStatus::Pending,
            DeliveryStatus::Received,
            None,
            t,
        )?;
    }
    if !req.upload_ids.is_empty() {
        let l = letter::find(conn, letter_id)?
            .ok_or_else(|| AppError::Internal("the received letter vanished".into()))?;
        crate::services::files::pending::attach(conn, actor, &l, &req.upload_ids, now)?;
    }
    if let Some(d) = &delivery {
        // A letter from a peer: its sender learns the number, in this same transaction.
        let report = crate::services::exchange::message::ReceiptPart {
            number,
            year_be,
            received_at: saved.received_at.map(|a| a.and_utc().to_rfc3339()),
            received_on: saved.received_on,
            received_time: saved.received_time.clone(),
        };
        let state = "registered";
        match &link {
            Some(link) => crate::services::exchange::queue::status_of_link(
                conn,
                d,
                link.as_ref(),
                state,
                Some(report),
                None,
                now,
            )?,
            None => {
                crate::services::exchange::queue::status(conn, d, state, Some(report), None, now)?
            }
        }
    }
    let after = serde_json::json!({"number": number, "year_be": year_be, "letter_id": letter_id,
        "delivery_id": delivery.as_ref().map(|d| d.id)});
    let event = crate::db::audit::Event::new("receipt_recorded", "receipt", id, org_id, after);
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(ReceiptView::from(saved))
}

/// 409 `duplicate_receipt`, with the receipt already in the register.
fn duplicate(existing: receipt::Receipt, may_repeat: bool) -> Result<AppError, AppError> {
    let hint = if may_repeat {
        "; send allow_duplicate: true to register it again"
    } else {
        "; a delivery is registered once"
    };
    Ok(AppError::Conflict {
        code: "duplicate_receipt",
        message: format!(
            "this office already registered the letter as no. {}/{}{hint}",
            existing.number, existing.year_be
        ),
        extra: Some((
            "existing",
            serde_json::to_value(ReceiptView::from(existing))
                .map_err(|e| AppError::Internal(e.to_string()))?,
        )),
    })
}

/// A receipt, for its office (and the office's superiors' clerks through scope) or an admin.
pub fn get(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Result<ReceiptView, AppError> {
    let r = receipt::find(conn, id)?.ok_or(AppError::not_found("receipt"))?;
    if !actor.can_read_org(r.org_id) {
        return Err(AppError::forbidden(
            "this receipt belongs to another office's register",
        ));
    }
    let mut view = ReceiptView::from(r);
    view.stamped_file_id = super::stamp::latest_id(conn, id)?;
    Ok(view)
}
