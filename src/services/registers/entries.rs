//! The rows of the receipt and dispatch registers, built from receipts, letters and
//! reservations with a few batched queries.

use crate::clock::to_bangkok;
use crate::db::models::delivery;
use crate::db::models::external_recipient;
use crate::db::models::letter;
use crate::db::models::org::Org;
use crate::db::models::receipt;
use crate::db::models::reservation;
use crate::db::AnyConnection;
use crate::domain::LetterKind;
use crate::domain::RegisterSeries;
use crate::domain::SeriesKind;
use crate::error::AppError;
use crate::services::registers::list::RegisterItem;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How many recipient names the การปฏิบัติ column spells out before "และอีก n".
const NAMES_SHOWN: usize = 3;

fn incoming_series(l: &letter::Letter) -> RegisterSeries {
    if l.kind == LetterKind::Directive {
        RegisterSeries::Directive
    } else if l.circular {
        RegisterSeries::Circular
    } else {
        RegisterSeries::Ordinary
    }
}

fn outgoing_series(series: Option<&str>) -> RegisterSeries {
    match series.and_then(SeriesKind::parse) {
        Some(SeriesKind::Circular) => RegisterSeries::Circular,
        Some(SeriesKind::Directive) => RegisterSeries::Directive,
        _ => RegisterSeries::Ordinary,
    }
}

fn names(list: &[String]) -> Option<String> {
    match list.len() {
        0 => None,
        n if n <= NAMES_SHOWN => Some(format!("ส่ง {}", list.join(", "))),
        n => Some(format!(
            "ส่ง {} และอีก {} หน่วยงาน",
            list[..NAMES_SHOWN].join(", "),
            n - NAMES_SHOWN
        )),
    }
}

/// The clerk's remarks, and for a letter registered twice the number it repeats.
fn remarks(r: &receipt::Receipt, numbers: &HashMap<i64, i64>) -> Option<String> {
    let repeat = r.duplicate_of.map(|d| match numbers.get(&d) {
        Some(n) => format!("ซ้ำกับเลขรับ {n}"),
        None => "ลงรับซ้ำ".to_string(),
    });
    match (r.remarks.clone(), repeat) {
        (Some(text), Some(rep)) => Some(format!("{text}; {rep}")),
        (text, rep) => text.or(rep),
    }
}

/// The receipt register: one row per receipt, in number order. การปฏิบัติ is what the clerk
/// wrote, or else where the letter was routed.
pub fn receipts(
    conn: &mut AnyConnection,
    office: &Org,
    year_be: i64,
) -> Result<Vec<RegisterItem>, AppError> {
    let rows = receipt::register_rows(conn, office.id, year_be)?;
    let ids: Vec<i64> = rows.iter().map(|(r, _)| r.id).collect();
    let mut routed: HashMap<i64, Vec<String>> = HashMap::new();
    for d in delivery::routed_from(conn, &ids)? {
        if let Some(r) = d.source_receipt_id {
            routed.entry(r).or_default().push(d.recipient_name);
        }
    }
    let numbers: HashMap<i64, i64> = rows.iter().map(|(r, _)| (r.id, r.number)).collect();
    let mut items: Vec<RegisterItem> = rows
        .into_iter()
        .map(|(r, l)| RegisterItem {
            number: r.number,
            series: incoming_series(&l).as_str().into(),
            registered_on: r.received_on,
            letter_number: l.number_raw.clone(),
            letter_date: l.dated,
            from: l.from_name.clone(),
            to: if l.addressee.is_empty() {
                office.name.clone()
            } else {
                l.addressee.clone()
            },
            subject: l.subject.clone(),
            action: r
                .action
                .clone()
                .or_else(|| routed.get(&r.id).and_then(|n| names(n))),
            remarks: remarks(&r, &numbers),
            status: "active".into(),
            receipt_id: Some(r.id),
            letter_id: None,
        })
        .collect();
    crate::services::registers::cancel::mark(conn, &mut items)?;
    Ok(items)
}

/// The dispatch register: the office's numbered letters and its reserved numbers, by series
/// then number. A reservation still unused shows as reserved while its year runs and as
/// cancelled once the year is over (void, never reissued).
pub fn dispatches(
    conn: &mut AnyConnection,
    office: &Org,
    year_be: i64,
    now: DateTime<Utc>,
) -> Result<Vec<RegisterItem>, AppError> {
    let letters = letter::dispatch_rows(conn, office.id, year_be)?;
    let ids: Vec<i64> = letters.iter().map(|l| l.id).collect();
    let sent = sent_to(conn, &ids)?;
    let mut items: Vec<RegisterItem> = letters
        .into_iter()
        .filter_map(|l| letter_item(l, &sent))
        .collect();
    let current_year = crate::clock::bangkok_year_be(now);
    for r in reservation::unused_in(conn, office.id, year_be)? {
        items.push(reservation_item(office, r, current_year));
    }
    let order = |s: &str| match s {
        "ordinary" => 0,
        "circular" => 1,
        _ => 2,
    };
    items.sort_by_key(|i| (order(&i.series), i.number));
    crate::services::registers::cancel::mark(conn, &mut items)?;
    Ok(items)
}

/// The names each letter was dispatched to: offices by dispatch, then outside recipients.
fn sent_to(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, AppError> {
    let mut sent: HashMap<i64, Vec<String>> = HashMap::new();
    for d in delivery::for_letters(conn, ids)? {
        if d.via == crate::domain::Via::Dispatch {
            sent.entry(d.letter_id).or_default().push(d.recipient_name);
        }
    }
    for e in external_recipient::for_letters(conn, ids)? {
        sent.entry(e.letter_id).or_default().push(e.name);
    }
    Ok(sent)
}

/// The row of a numbered letter; none for a letter without a running number.
fn letter_item(l: letter::Letter, sent: &HashMap<i64, Vec<String>>) -> Option<RegisterItem> {
    let number = l.running_number?;
    let registered_on = l
        .issued_at
        .map(|t| to_bangkok(t.and_utc()).date())
        .or(l.dated)
        .unwrap_or_else(|| to_bangkok(l.created_at.and_utc()).date());
    Some(RegisterItem {
        number,
        series: outgoing_series(l.series.as_deref()).as_str().into(),
        registered_on,
        letter_number: l.number_raw,
        letter_date: l.dated,
        from: l.from_name,
        to: l.addressee,
        subject: l.subject,
        action: sent.get(&l.id).and_then(|n| names(n)),
        remarks: None,
        status: "active".into(),
        receipt_id: None,
        letter_id: Some(l.id),
    })
}

/// The row of an unused reservation: reserved while its year runs, cancelled after.
fn reservation_item(office: &Org, r: reservation::Reservation, current_year: i64) -> RegisterItem {
    let series = r.series;
    let void = r.year_be < current_year;
    RegisterItem {
        number: r.number,
        series: outgoing_series(Some(r.series.as_str())).as_str().into(),
        registered_on: to_bangkok(r.created_at.and_utc()).date(),
        letter_number: crate::services::registers::reservations::print(
            office,
            series,
            series == SeriesKind::Circular,
            r.number,
            r.year_be,
        ),
        letter_date: None,
        from: office.name.clone(),
        to: String::new(),
        subject: String::new(),
        action: None,
        remarks: Some(if void {
            format!("ยกเลิก: เลขจองที่ไม่ได้ใช้ภายในปี {} ({})", r.year_be, r.note)
        } else {
            format!("จองเลข: {}", r.note)
        }),
        status: if void { "cancelled" } else { "reserved" }.into(),
        receipt_id: None,
        letter_id: None,
    }
}
