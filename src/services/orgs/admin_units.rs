//! Thailand's administrative units as a national directory: a provincial hall per province,
//! a district office per district and — an approximation — one local body per sub-district.

use crate::services::orgs::import::strip_bom;

use crate::error::AppError;
use crate::services::orgs::import::Row;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The 77 province letter codes (รหัสตัวพยัญชนะ), `province_th,letter_code`.
const PROVINCE_CODES: &str = include_str!("../../data/province-codes.csv");

/// The header that identifies the format.
pub const HEADER: &str =
    "province_code,province_th,district_code,district_th,subdistrict_code,subdistrict_th";

#[derive(Debug, Deserialize)]
struct Unit {
    province_code: String,
    province_th: String,
    district_code: String,
    district_th: String,
    subdistrict_code: String,
    subdistrict_th: String,
}

pub fn looks_like(data: &[u8]) -> bool {
    strip_bom(data).starts_with(HEADER.as_bytes())
}

fn letter_codes() -> HashMap<String, String> {
    PROVINCE_CODES
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(p, c)| (p.trim().to_string(), c.trim().to_string()))
        .collect()
}

/// Rows for `import_rows`, parents first: provinces under `under_code`, their districts, and
/// one local body per sub-district.
pub fn rows(data: &[u8], under_code: &str) -> Result<Vec<Row>, AppError> {
    let codes = letter_codes();
    let mut reader = csv::Reader::from_reader(strip_bom(data));
    let mut provinces: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut districts: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut locals: Vec<Row> = Vec::new();
    for (i, rec) in reader.deserialize::<Unit>().enumerate() {
        let u = rec.map_err(|e| AppError::invalid("csv", format!("line {}: {e}", i + 2)))?;
        let bangkok = u.province_code == "10";
        let letter = codes.get(&u.province_th).cloned();
        provinces
            .entry(u.province_code.clone())
            .or_insert_with(|| (u.province_th.clone(), letter.clone()));
        districts
            .entry(u.district_code.clone())
            .or_insert_with(|| (u.district_th.clone(), u.province_code.clone()));
        locals.push(Row {
            code: format!("L{}", u.subdistrict_code),
            name: if bangkok {
                format!("แขวง{}", u.subdistrict_th)
            } else {
                format!("องค์กรปกครองส่วนท้องถิ่นตำบล{}", u.subdistrict_th)
            },
            kind: "local_body".into(),
            parent_code: Some(format!("D{}", u.district_code)),
            letter_code: None,
            email: None,
            phone: None,
        });
    }
    let mut out: Vec<Row> = Vec::with_capacity(provinces.len() + districts.len() + locals.len());
    for (code, (name, letter)) in &provinces {
        out.push(Row {
            code: format!("P{code}"),
            name: if code == "10" {
                "ศาลาว่าการกรุงเทพมหานคร".into()
            } else {
                format!("ศาลากลางจังหวัด{name}")
            },
            kind: "province".into(),
            parent_code: Some(under_code.to_string()),
            letter_code: letter.clone(),
            email: None,
            phone: None,
        });
    }
    for (code, (name, province)) in &districts {
        let letter = provinces.get(province).and_then(|(_, l)| l.clone());
        // `<province> 0<DD>18`: the district administration's owner number seen in one
        // province (SARABAN.md §h); an approximation elsewhere.
        let ordinal = &code[code.len().saturating_sub(2)..];
        out.push(Row {
            code: format!("D{code}"),
            name: if province == "10" {
                format!("สำนักงานเขต{name}")
            } else {
                format!("ที่ว่าการอำเภอ{name}")
            },
            kind: "district".into(),
            parent_code: Some(format!("P{province}")),
            letter_code: letter.map(|l| format!("{l} {ordinal}18")),
            email: None,
            phone: None,
        });
    }
    out.extend(locals);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prachinburi_becomes_a_hall_with_districts_and_local_bodies() {
        let data = format!("{HEADER}\n25,ปราจีนบุรี,2501,เมืองปราจีนบุรี,250101,หน้าเมือง\n25,ปราจีนบุรี,2501,เมืองปราจีนบุรี,250102,รอบเมือง\n25,ปราจีนบุรี,2502,กบินทร์บุรี,250201,กบินทร์\n");
        assert!(looks_like(data.as_bytes()));
        let rows = rows(data.as_bytes(), "MOI").expect("rows");
        assert_eq!(rows.len(), 1 + 2 + 3);
        assert_eq!(rows[0].code, "P25");
        assert_eq!(rows[0].name, "ศาลากลางจังหวัดปราจีนบุรี");
        assert_eq!(rows[0].letter_code.as_deref(), Some("ปจ"));
        assert_eq!(rows[0].parent_code.as_deref(), Some("MOI"));
        assert_eq!(rows[1].code, "D2501");
        assert_eq!(rows[1].letter_code.as_deref(), Some("ปจ 0118"));
        assert_eq!(rows[5].code, "L250201");
        assert_eq!(rows[5].parent_code.as_deref(), Some("D2502"));
        assert_eq!(letter_codes().len(), 77);
    }
}
