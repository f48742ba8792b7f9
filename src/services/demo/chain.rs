//! The seed chain of the demo, run through the ordinary use cases as an administrator.

use crate::services::demo::load::L2_ADDRESSEE;

use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::deliveries;
use crate::services::deliveries::dispatch;
use crate::services::demo::load::SUBJECT;
use crate::services::demo::orgs::Directory;
use crate::services::letters;
use crate::services::letters::references;
use crate::services::orgs::series;
use crate::services::receipts;
use crate::services::referral;
use crate::services::views::LetterView;
use chrono::{DateTime, Utc};

fn opening(
    conn: &mut AnyConnection,
    admin: &Actor,
    org_id: i64,
    s: &str,
    next: i64,
) -> Result<(), AppError> {
    let req = series::SetSeriesRequest {
        year_be: 2569,
        next_number: next,
    };
    series::set_next(conn, admin, org_id, s, &req).map(|_| ())
}

fn receive(
    conn: &mut AnyConnection,
    admin: &Actor,
    org_id: i64,
    delivery_id: i64,
    on: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let req = receipts::record::ReceiptRequest {
        delivery_id: Some(delivery_id),
        received_on: Some(on.into()),
        ..Default::default()
    };
    Ok(receipts::record::record(conn, admin, org_id, &req, now)?.id)
}

fn route(
    conn: &mut AnyConnection,
    admin: &Actor,
    receipt_id: i64,
    to: i64,
    note: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let req = referral::refer::RouteRequest {
        to_org_id: to,
        note: Some(note.into()),
    };
    Ok(referral::refer::route(conn, admin, receipt_id, &req, now)?.id)
}

/// Issues a circular forwarding `upstream` from `office` on `day` (Bangkok).
fn forward(
    conn: &mut AnyConnection,
    admin: &Actor,
    office: i64,
    upstream: i64,
    addressee: &str,
    day: &str,
    now: DateTime<Utc>,
) -> Result<LetterView, AppError> {
    let req = letters::issue::IssueLetterRequest {
        subject: SUBJECT.into(),
        addressee: addressee.into(),
        circular: true,
        issued_at: Some(format!("{day}T10:00:00+07:00")),
        dated: Some(day.into()),
        due_date: Some("2026-05-29".into()),
        references: vec![references::ReferenceRequest {
            letter_id: upstream,
            relation: "forwards".into(),
        }],
        ..Default::default()
    };
    letters::issue::issue(conn, admin, office, &req, now)
}

fn send(
    conn: &mut AnyConnection,
    admin: &Actor,
    letter_id: i64,
    sender_id: i64,
    recipient_ids: Vec<i64>,
    groups: Vec<crate::services::deliveries::recipients::RecipientGroup>,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, AppError> {
    let req = dispatch::DispatchRequest {
        sender_id,
        recipient_ids,
        recipient_groups: groups,
        ..Default::default()
    };
    let sent = dispatch::dispatch(conn, admin, letter_id, &req, now)?;
    Ok(sent
        .deliveries
        .iter()
        .map(|d| (d.recipient_id, d.id))
        .collect())
}

fn delivery_to(sent: &[(i64, i64)], org_id: i64) -> Result<i64, AppError> {
    sent.iter()
        .find(|(r, _)| *r == org_id)
        .map(|(_, d)| *d)
        .ok_or_else(|| AppError::Internal(format!("demo: no delivery to office {org_id}")))
}

/// The demo's chain: OPDC's letter L1 down to the province's strategy group, the group's
/// circular L2 to the districts and local bodies, and the districts' circulars L3 to the local
/// bodies of their area.
pub fn run(
    conn: &mut AnyConnection,
    admin: &Actor,
    dir: &Directory,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    open_series(conn, admin, dir)?;
    let l1 = l1_down_to_the_group(conn, admin, dir, now)?;
    let l2 = l2_to_districts(conn, admin, dir, l1, now)?;
    l3_to_local_bodies(conn, admin, dir, l2, now)
}

/// The numbers the paper registers had reached when the demo starts.
fn open_series(conn: &mut AnyConnection, admin: &Actor, dir: &Directory) -> Result<(), AppError> {
    let mueang = dir.districts[0];
    opening(conn, admin, dir.opdc, "dispatch", 509)?;
    opening(conn, admin, dir.hall, "receipt", 4720)?;
    opening(conn, admin, dir.provincial_office, "receipt", 2197)?;
    opening(conn, admin, dir.strategy_group, "receipt", 783)?;
    opening(conn, admin, dir.strategy_group, "circular", 2323)?;
    opening(conn, admin, mueang, "receipt", 3654)?;
    Ok(())
}

/// OPDC issues L1 to the provincial hall, which routes it to the provincial office and on to the
/// strategy group; returns L1's id.
fn l1_down_to_the_group(
    conn: &mut AnyConnection,
    admin: &Actor,
    dir: &Directory,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let l1 = letters::issue::IssueLetterRequest {
        subject: SUBJECT.into(),
        addressee: "ผู้ว่าราชการจังหวัดปราจีนบุรี".into(),
        issued_at: Some("2026-04-30T09:00:00+07:00".into()),
        dated: Some("2026-04-30".into()),
        ..Default::default()
    };
    let l1 = letters::issue::issue(conn, admin, dir.opdc, &l1, now)?;
    let sent = send(conn, admin, l1.id, dir.opdc, vec![dir.hall], vec![], now)?;
    let hall_receipt = receive(
        conn,
        admin,
        dir.hall,
        delivery_to(&sent, dir.hall)?,
        "2026-05-05",
        now,
    )?;
    let to_po = route(
        conn,
        admin,
        hall_receipt,
        dir.provincial_office,
        "เรียน ผวจ. เพื่อโปรดทราบ มอบสำนักงานจังหวัดดำเนินการ",
        now,
    )?;
    let po_receipt = receive(conn, admin, dir.provincial_office, to_po, "2026-05-05", now)?;
    let to_group = route(
        conn,
        admin,
        po_receipt,
        dir.strategy_group,
        "มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ",
        now,
    )?;
    receive(conn, admin, dir.strategy_group, to_group, "2026-05-05", now)?;
    Ok(l1.id)
}

/// The strategy group forwards L1 as circular L2 to the districts and some local bodies; two
/// districts receive it and a third acknowledges it. Returns L2's id.
fn l2_to_districts(
    conn: &mut AnyConnection,
    admin: &Actor,
    dir: &Directory,
    l1: i64,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mueang = dir.districts[0];
    // The scan's date of L2 is garbled (between 5 and 8 May); the demo uses 7 May.
    let l2 = forward(
        conn,
        admin,
        dir.strategy_group,
        l1,
        L2_ADDRESSEE,
        "2026-05-07",
        now,
    )?;
    let districts = crate::services::deliveries::recipients::RecipientGroup {
        under_id: dir.hall,
        kind: "district".into(),
    };
    let direct = vec![dir.pao, dir.town_prachinburi, dir.town_nong_king];
    let sent = send(
        conn,
        admin,
        l2.id,
        dir.strategy_group,
        direct,
        vec![districts],
        now,
    )?;
    receive(
        conn,
        admin,
        mueang,
        delivery_to(&sent, mueang)?,
        "2026-05-08",
        now,
    )?;
    let kabin = dir.districts[1];
    receive(
        conn,
        admin,
        kabin,
        delivery_to(&sent, kabin)?,
        "2026-05-08",
        now,
    )?;
    let ack = deliveries::answer::AcknowledgeRequest {
        note: Some("รับทราบ".into()),
    };
    deliveries::answer::acknowledge(
        conn,
        admin,
        delivery_to(&sent, dir.districts[2])?,
        &ack,
        now,
    )?;
    Ok(l2.id)
}

/// The districts pass the circular on to the local bodies in their area; the town that had it
/// from the province directly refuses Mueang's copy.
fn l3_to_local_bodies(
    conn: &mut AnyConnection,
    admin: &Actor,
    dir: &Directory,
    l2: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mueang = dir.districts[0];
    let kabin = dir.districts[1];
    let mut to_town = None;
    for (district, day) in [(mueang, "2026-05-11"), (kabin, "2026-05-12")] {
        let l3 = forward(
            conn,
            admin,
            district,
            l2,
            "นายกองค์กรปกครองส่วนท้องถิ่นทุกแห่ง",
            day,
            now,
        )?;
        let locals = crate::services::deliveries::recipients::RecipientGroup {
            under_id: district,
            kind: "local_body".into(),
        };
        let sent = send(conn, admin, l3.id, district, vec![], vec![locals], now)?;
        if district == mueang {
            to_town = Some(delivery_to(&sent, dir.town_prachinburi)?);
        }
    }
    if let Some(d) = to_town {
        let reason = "ได้รับหนังสือฉบับนี้จากจังหวัดโดยตรงแล้ว";
        let req = deliveries::answer::RejectRequest {
            reason: reason.into(),
        };
        deliveries::answer::reject(conn, admin, d, &req, now)?;
    }
    Ok(())
}
