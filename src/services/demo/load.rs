//! `serve --demo`: the seed chain that started the project, loaded into an empty database.
//!
//! OPDC issues `นร ๑๒๐๗/๕๐๙` (30 April 2569) to Prachinburi; the hall logs it as ๔๗๒๐ on
//! 5 May 2569 and routes it to the provincial office (๒๑๙๗), which routes it to its strategy
//! group (๗๘๓). The group issues the circular `ปจ ๐๐๑๗.๒/ว ๒๓๒๓` forwarding it to the seven
//! districts, the PAO and the two town municipalities; อำเภอเมืองปราจีนบุรี logs it as ๓๖๕๔
//! on 8 May 2569, and two districts pass it on to the local bodies in their area. One district
//! acknowledges; one municipality answers "not related" to the copy it already had.
//! Opening numbers make the real numbers come out of the ordinary numbering code.

use crate::services::demo;

use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::Role;
use crate::error::AppError;
use crate::services::users;
use chrono::{DateTime, Utc};

pub const SUBJECT: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติของประเทศไทยในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด (Open Government Partnership)";
pub const L2_ADDRESSEE: &str = "หัวหน้าส่วนราชการทุกส่วนราชการ หัวหน้าหน่วยงานรัฐวิสาหกิจทุกหน่วยงาน นายอำเภอทุกอำเภอ นายกองค์การบริหารส่วนจังหวัดปราจีนบุรี นายกเทศมนตรีเมืองปราจีนบุรี และนายกเทศมนตรีเมืองหนองกิ้ง";

/// The sign-in password of every demo user (documented in docs/web.md; demo data only).
pub const DEMO_PASSWORD: &str = "saraban-demo";

/// One demo user, as printed by `serve --demo`.
pub struct DemoUser {
    pub name: String,
    pub role: String,
    pub office: String,
    pub token: String,
    /// For the web pages' sign-in.
    pub password: String,
}

/// Loads the demo if the database has no offices yet; `None` if it already had some.
pub fn load(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
) -> Result<Option<Vec<DemoUser>>, AppError> {
    if !org::list(conn, None, None, 0, 1)?.0.is_empty() {
        return Ok(None);
    }
    let root = users::accounts::create(
        conn,
        &users::accounts::NewUser {
            name: "admin",
            role: "admin",
            org_id: None,
            password: Some(DEMO_PASSWORD),
        },
        now,
    )?;
    let mut made = vec![DemoUser {
        name: root.name,
        role: "admin".into(),
        office: "ทุกหน่วยงาน".into(),
        token: root.token,
        password: DEMO_PASSWORD.into(),
    }];
    let admin = Actor {
        user_id: root.id,
        name: "admin".into(),
        role: Role::Admin,
        org_id: None,
        scope: Vec::new(),
    };
    let dir = demo::orgs::create(conn, &admin, now)?;
    demo::chain::run(conn, &admin, &dir, now)?;
    let mueang = dir.districts[0];
    for (name, org_id, label) in [
        ("opdc.clerk", dir.opdc, "สำนักงาน ก.พ.ร."),
        ("pcb.clerk", dir.hall, "ศาลากลางจังหวัดปราจีนบุรี"),
        ("pcb.strategy.clerk", dir.strategy_group, "กลุ่มงานยุทธศาสตร์ฯ"),
        ("mueang.clerk", mueang, "ที่ว่าการอำเภอเมืองปราจีนบุรี"),
        // Still has the province's circular waiting in its inbox.
        ("bansang.clerk", dir.districts[3], "ที่ว่าการอำเภอบ้านสร้าง"),
    ] {
        let new = users::accounts::NewUser {
            name,
            role: "clerk",
            org_id: Some(org_id),
            password: Some(DEMO_PASSWORD),
        };
        let u = users::accounts::create(conn, &new, now)?;
        made.push(DemoUser {
            name: u.name,
            role: "clerk".into(),
            office: label.into(),
            token: u.token,
            password: DEMO_PASSWORD.into(),
        });
    }
    Ok(Some(made))
}
