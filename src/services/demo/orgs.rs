//! The demo directory: OPDC, Prachinburi's hall with its nested registers, the seven
//! districts, the PAO, the two town municipalities of the seed and a few local bodies.
//!
//! District letter codes follow the `<prov> <DD>18` pattern of the domain guide, which is
//! unverified for Prachinburi, and the local bodies are examples: demo data, not a directory.

use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::orgs;
use chrono::{DateTime, Utc};

/// The ids of the demo offices the seed chain uses.
pub struct Directory {
    pub opdc: i64,
    pub hall: i64,
    pub provincial_office: i64,
    pub strategy_group: i64,
    /// In the order of [`DISTRICTS`].
    pub districts: Vec<i64>,
    pub pao: i64,
    pub town_prachinburi: i64,
    pub town_nong_king: i64,
}

/// (code, name, letter code) of the seven districts, อำเภอเมืองปราจีนบุรี first.
pub const DISTRICTS: [(&str, &str, &str); 7] = [
    ("P25-D01", "ที่ว่าการอำเภอเมืองปราจีนบุรี", "ปจ 0118"),
    ("P25-D02", "ที่ว่าการอำเภอกบินทร์บุรี", "ปจ 0218"),
    ("P25-D03", "ที่ว่าการอำเภอนาดี", "ปจ 0318"),
    ("P25-D06", "ที่ว่าการอำเภอบ้านสร้าง", "ปจ 0618"),
    ("P25-D07", "ที่ว่าการอำเภอประจันตคาม", "ปจ 0718"),
    ("P25-D08", "ที่ว่าการอำเภอศรีมหาโพธิ", "ปจ 0818"),
    ("P25-D09", "ที่ว่าการอำเภอศรีมโหสถ", "ปจ 0918"),
];

struct Office<'a> {
    code: &'a str,
    name: &'a str,
    kind: &'a str,
    parent_id: Option<i64>,
    letter_code: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
}

fn add(
    conn: &mut AnyConnection,
    admin: &Actor,
    o: Office<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let req = orgs::manage::OrgRequest {
        code: Some(o.code.into()),
        name: o.name.into(),
        kind: o.kind.into(),
        parent_id: o.parent_id,
        letter_code: o.letter_code.map(Into::into),
        email: o.email.map(Into::into),
        phone: o.phone.map(Into::into),
        circular_series: None,
        series_owner_id: None,
        ecms_id: None,
    };
    Ok(orgs::manage::create(conn, admin, &req, now)?.id)
}

fn unit<'a>(code: &'a str, name: &'a str, kind: &'a str, parent: i64, lc: &'a str) -> Office<'a> {
    Office {
        code,
        name,
        kind,
        parent_id: Some(parent),
        letter_code: Some(lc),
        email: None,
        phone: None,
    }
}

pub fn create(
    conn: &mut AnyConnection,
    admin: &Actor,
    now: DateTime<Utc>,
) -> Result<Directory, AppError> {
    let opdc = add(
        conn,
        admin,
        Office {
            code: "OPDC",
            name: "สำนักงาน ก.พ.ร.",
            kind: "department",
            parent_id: None,
            letter_code: Some("นร 1207"),
            email: Some("saraban@opdc.go.th"),
            // Example numbers for the demo, not a directory.
            phone: Some("0 2356 9999"),
        },
        now,
    )?;
    let hall = add(
        conn,
        admin,
        Office {
            code: "P25",
            name: "ศาลากลางจังหวัดปราจีนบุรี",
            kind: "province",
            parent_id: None,
            // The hall's central registry is run by the provincial office's administration
            // group in many provinces (`<prov> 0017.1`); assumed here, unverified for Prachinburi.
            letter_code: Some("ปจ 0017.1"),
            email: Some("saraban@prachinburi.go.th"),
            phone: Some("0 3745 4001"),
        },
        now,
    )?;
    // Nested registers inside the province: the hall's clerks act for both (kind unit).
    let po = unit("P25-PO", "สำนักงานจังหวัดปราจีนบุรี", "unit", hall, "ปจ 0017");
    let provincial_office = add(conn, admin, po, now)?;
    let name = "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด";
    let sg = unit("P25-PO-2", name, "unit", provincial_office, "ปจ 0017.2");
    let strategy_group = add(conn, admin, sg, now)?;
    let mut districts = Vec::new();
    for (code, name, lc) in DISTRICTS {
        districts.push(add(
            conn,
            admin,
            unit(code, name, "district", hall, lc),
            now,
        )?);
    }
    let pao_name = "องค์การบริหารส่วนจังหวัดปราจีนบุรี";
    let pao = add(
        conn,
        admin,
        unit("P25-PAO", pao_name, "local_body", hall, "ปจ 51001"),
        now,
    )?;
    let (mueang, kabin) = (districts[0], districts[1]);
    let town = unit(
        "P25-M01",
        "เทศบาลเมืองปราจีนบุรี",
        "local_body",
        mueang,
        "ปจ 52101",
    );
    let town_prachinburi = add(conn, admin, town, now)?;
    // The scan's second town (OCR "หนองกิ้ง", unverified): placed under the hall, since the
    // district it belongs to is not known.
    let ocr_town = unit(
        "P25-M02",
        "เทศบาลเมืองหนองกิ้ง",
        "local_body",
        hall,
        "ปจ 52102",
    );
    let town_nong_king = add(conn, admin, ocr_town, now)?;
    let locals = [
        ("P25-L01", "องค์การบริหารส่วนตำบลดงพระราม", mueang, "ปจ 70101"),
        ("P25-L02", "องค์การบริหารส่วนตำบลบ้านพระ", mueang, "ปจ 70102"),
        ("P25-L03", "องค์การบริหารส่วนตำบลโนนห้อม", mueang, "ปจ 70103"),
        ("P25-L04", "องค์การบริหารส่วนตำบลบ่อทอง", kabin, "ปจ 70201"),
        ("P25-L05", "องค์การบริหารส่วนตำบลวังดาล", kabin, "ปจ 70202"),
        (
            "P25-L06",
            "องค์การบริหารส่วนตำบลท่าตูม",
            districts[5],
            "ปจ 70601",
        ),
    ];
    for (code, name, parent, lc) in locals {
        add(conn, admin, unit(code, name, "local_body", parent, lc), now)?;
    }
    Ok(Directory {
        opdc,
        hall,
        provincial_office,
        strategy_group,
        districts,
        pao,
        town_prachinburi,
        town_nong_king,
    })
}
