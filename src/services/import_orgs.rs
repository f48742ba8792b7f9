//! `saraban orgs import FILE.csv`: upserts offices by code, in one transaction.
//!
//! Columns: `code,name,kind,parent_code,letter_code,email` (UTF-8, optional BOM). A parent may
//! come before or after its children in the file, or already be in the database.

use super::db_time;
use super::orgs::{validate_fields, OrgRequest};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::models::org::{self, OrgFields};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
struct Row {
    code: String,
    name: String,
    kind: String,
    #[serde(default)]
    parent_code: Option<String>,
    #[serde(default)]
    letter_code: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn parse_rows(data: &[u8]) -> Result<Vec<Row>, AppError> {
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(data);
    let mut rows = Vec::new();
    for (i, rec) in reader.deserialize::<Row>().enumerate() {
        let row = rec.map_err(|e| AppError::invalid("csv", format!("line {}: {e}", i + 2)))?;
        if row.code.is_empty() {
            return Err(AppError::invalid(
                "csv",
                format!("line {}: every office needs a code", i + 2),
            ));
        }
        rows.push(row);
    }
    Ok(rows)
}

fn same(existing: &org::Org, f: &OrgFields) -> bool {
    existing.code == f.code
        && existing.name == f.name
        && existing.kind == f.kind
        && existing.parent_id == f.parent_id
        && existing.letter_code == f.letter_code
        && existing.email == f.email
}

pub fn import(
    conn: &mut AnyConnection,
    data: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportCounts, AppError> {
    let rows = parse_rows(data)?;
    let t = db_time(now);
    let mut counts = ImportCounts::default();
    // Pass 1: every office exists (parents resolved later), so codes can refer forward.
    let mut ids = Vec::with_capacity(rows.len());
    let mut created = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let existing = org::find_by_code(conn, &row.code)?;
        let req = OrgRequest {
            code: Some(row.code.clone()),
            name: row.name.clone(),
            kind: row.kind.clone(),
            parent_id: None,
            letter_code: row.letter_code.clone().filter(|s| !s.is_empty()),
            email: row.email.clone().filter(|s| !s.is_empty()),
            circular_series: existing.as_ref().map(|e| e.circular_series.clone()),
            series_owner_id: existing.as_ref().and_then(|e| e.series_owner_id),
        };
        let mut fields = validate_fields(conn, &req, existing.as_ref().map(|e| e.id))
            .map_err(|e| AppError::invalid("csv", format!("line {}: {}", i + 2, e)))?;
        match existing {
            Some(e) => {
                fields.parent_id = e.parent_id;
                ids.push(e.id);
                created.push(false);
            }
            None => {
                ids.push(org::insert(conn, &fields, t)?);
                created.push(true);
            }
        }
    }
    // Pass 2: parents, then count what changed.
    for (i, row) in rows.iter().enumerate() {
        let parent_id = match row.parent_code.as_deref().filter(|c| !c.is_empty()) {
            Some(code) => Some(
                org::find_by_code(conn, code)?
                    .ok_or_else(|| {
                        AppError::invalid(
                            "csv",
                            format!("line {}: unknown parent_code {code}", i + 2),
                        )
                    })?
                    .id,
            ),
            None => None,
        };
        let existing = org::find(conn, ids[i])?
            .ok_or_else(|| AppError::Internal("imported office vanished".into()))?;
        let req = OrgRequest {
            code: Some(row.code.clone()),
            name: row.name.clone(),
            kind: row.kind.clone(),
            parent_id,
            letter_code: row.letter_code.clone().filter(|s| !s.is_empty()),
            email: row.email.clone().filter(|s| !s.is_empty()),
            circular_series: Some(existing.circular_series.clone()),
            series_owner_id: existing.series_owner_id,
        };
        let fields = validate_fields(conn, &req, Some(ids[i]))
            .map_err(|e| AppError::invalid("csv", format!("line {}: {}", i + 2, e)))?;
        if created[i] {
            org::update(conn, ids[i], &fields, t)?;
            counts.created += 1;
        } else if same(&existing, &fields) {
            counts.unchanged += 1;
        } else {
            org::update(conn, ids[i], &fields, t)?;
            counts.updated += 1;
        }
    }
    Ok(counts)
}
