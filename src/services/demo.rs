//! `serve --demo`: the seed chain that started the project, loaded into an empty database.
//!
//! OPDC issues `นร ๑๒๐๗/๕๐๙` dated 30 April 2569 to the provincial halls; Prachinburi's hall
//! logs it as ๔๗๒๐ on 5 May 2569 (no time on the stamp). Opening numbers are set so the real
//! numbers come out of the ordinary numbering code.

use super::{dispatch, issue_letter, orgs, receipts, series, users};
use crate::auth::Actor;
use crate::db::AnyConnection;
use crate::domain::Role;
use crate::error::AppError;
use crate::models::org;
use chrono::{DateTime, Utc};

pub const SUBJECT: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติของประเทศไทยในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด (Open Government Partnership)";

/// One demo user, as printed by `serve --demo`.
pub struct DemoUser {
    pub name: String,
    pub role: String,
    pub office: String,
    pub token: String,
}

#[allow(clippy::too_many_arguments)]
fn office(
    conn: &mut AnyConnection,
    admin: &Actor,
    code: &str,
    name: &str,
    kind: &str,
    parent_id: Option<i64>,
    letter_code: Option<&str>,
    email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let req = orgs::OrgRequest {
        code: Some(code.into()),
        name: name.into(),
        kind: kind.into(),
        parent_id,
        letter_code: letter_code.map(Into::into),
        email: email.map(Into::into),
        circular_series: None,
        series_owner_id: None,
    };
    Ok(orgs::create(conn, admin, &req, now)?.id)
}

/// Loads the demo if the database has no offices yet; `None` if it already had some.
pub fn load(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
) -> Result<Option<Vec<DemoUser>>, AppError> {
    if !org::list(conn, None, None, 0, 1)?.0.is_empty() {
        return Ok(None);
    }
    let mut made = Vec::new();
    let root = users::create(
        conn,
        &users::NewUser {
            name: "admin",
            role: "admin",
            org_id: None,
            password: None,
        },
        now,
    )?;
    made.push(DemoUser {
        name: root.name,
        role: "admin".into(),
        office: "ทุกหน่วยงาน".into(),
        token: root.token,
    });
    let admin = Actor {
        user_id: root.id,
        name: "admin".into(),
        role: Role::Admin,
        org_id: None,
        scope: Vec::new(),
    };
    let opdc = office(
        conn,
        &admin,
        "OPDC",
        "สำนักงาน ก.พ.ร.",
        "department",
        None,
        Some("นร 1207"),
        Some("saraban@opdc.go.th"),
        now,
    )?;
    let hall = office(
        conn,
        &admin,
        "P25",
        "ศาลากลางจังหวัดปราจีนบุรี",
        "province",
        None,
        Some("ปจ"),
        Some("saraban@prachinburi.go.th"),
        now,
    )?;

    let opening = |conn: &mut AnyConnection, org_id: i64, s: &str, next: i64| {
        series::set_next(
            conn,
            &admin,
            org_id,
            s,
            &series::SetSeriesRequest {
                year_be: 2569,
                next_number: next,
            },
        )
    };
    opening(conn, opdc, "dispatch", 509)?;
    opening(conn, hall, "receipt", 4720)?;

    let letter = issue_letter::issue(
        conn,
        &admin,
        opdc,
        &issue_letter::IssueLetterRequest {
            subject: SUBJECT.into(),
            addressee: "ผู้ว่าราชการจังหวัดปราจีนบุรี".into(),
            kind: None,
            circular: false,
            issued_at: Some("2026-04-30T09:00:00+07:00".into()),
            dated: Some("2026-04-30".into()),
            urgency: None,
            secrecy: None,
            due_date: None,
            ..Default::default()
        },
        now,
    )?;
    let sent = dispatch::dispatch(
        conn,
        &admin,
        letter.id,
        &dispatch::DispatchRequest {
            sender_id: opdc,
            recipient_ids: vec![hall],
            ..Default::default()
        },
        now,
    )?;
    receipts::record(
        conn,
        &admin,
        hall,
        &receipts::ReceiptRequest {
            delivery_id: sent.deliveries.first().map(|d| d.id),
            letter_id: None,
            letter: None,
            received_at: None,
            received_on: Some("2026-05-05".into()),
            received_time: None,
            action: Some("สำนักงานจังหวัด กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด".into()),
            remarks: None,
            allow_duplicate: false,
        },
        now,
    )?;

    for (name, role, org_id, label) in [
        ("opdc.clerk", "clerk", Some(opdc), "สำนักงาน ก.พ.ร."),
        ("pcb.clerk", "clerk", Some(hall), "ศาลากลางจังหวัดปราจีนบุรี"),
    ] {
        let u = users::create(
            conn,
            &users::NewUser {
                name,
                role,
                org_id,
                password: None,
            },
            now,
        )?;
        made.push(DemoUser {
            name: u.name,
            role: role.into(),
            office: label.into(),
            token: u.token,
        });
    }
    Ok(Some(made))
}
