//! `saraban orgs import`: upserts offices by code, in one transaction.
//!
//! Two formats: the directory CSV `code,name,kind,parent_code,letter_code,email[,phone]` (UTF-8,
//! optional BOM; a parent may come before or after its children, or already be in the
//! database), and Thailand's administrative units (`th_admin_units`), turned into a national
//! directory. Re-importing the same file changes nothing.

use crate::db::models::org;
use crate::db::models::org::Org;
use crate::db::models::org::OrgFields;
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::domain::OrgKind;
use crate::error::AppError;
use crate::services::db_time;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// One office to upsert, as in the directory CSV.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub parent_code: Option<String>,
    #[serde(default)]
    pub letter_code: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Offices of the file whose letter code is incomplete (`ปจ`) or absent: they cannot
    /// issue numbered letters until one is set.
    pub code_incomplete: usize,
    pub code_absent: usize,
}

impl ImportCounts {
    /// The summary the CLI prints: what changed, then how many offices need a letter code.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "created {}, updated {}, unchanged {}",
            self.created, self.updated, self.unchanged
        );
        let need = self.code_incomplete + self.code_absent;
        if need > 0 {
            s.push_str(&format!(
                "\n{need} offices need a letter code with an owner number, e.g. ปจ 0017 \
                 ({} incomplete, {} without one)",
                self.code_incomplete, self.code_absent
            ));
        }
        s
    }
}

pub fn strip_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data)
}

/// Reads the directory CSV.
pub fn parse_rows(data: &[u8]) -> Result<Vec<Row>, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(strip_bom(data));
    let mut rows = Vec::new();
    for (i, rec) in reader.deserialize::<Row>().enumerate() {
        let row = rec.map_err(|e| AppError::invalid("csv", format!("line {}: {e}", i + 2)))?;
        rows.push(row);
    }
    Ok(rows)
}

fn line_error(i: usize, e: impl std::fmt::Display) -> AppError {
    AppError::invalid("csv", format!("line {}: {e}", i + 2))
}

/// The row's own fields, checked, without its parent.
fn fields_of(row: &Row, existing: Option<&Org>) -> Result<OrgFields, AppError> {
    let code = validate::text("code", &row.code)?;
    let kind = OrgKind::parse(&row.kind).ok_or_else(|| {
        AppError::invalid(
            "kind",
            format!("kind must be one of: {}", OrgKind::choices()),
        )
    })?;
    let email = match row.email.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(e) => Some(validate::email("email", e)?),
        None => None,
    };
    Ok(OrgFields {
        code: Some(code),
        name: validate::text("name", &row.name)?,
        kind: kind.as_str().into(),
        parent_id: existing.and_then(|e| e.parent_id),
        letter_code: crate::domain::letter_code::check("letter_code", row.letter_code.as_deref())?
            .map(|c| c.canonical),
        email,
        circular_series: existing.map_or_else(|| "own".into(), |e| e.circular_series.into()),
        series_owner_id: existing.and_then(|e| e.series_owner_id),
        phone: validate::phone("phone", row.phone.as_deref())?,
    })
}

fn same(existing: &Org, f: &OrgFields) -> bool {
    existing.name == f.name
        && existing.kind.as_str() == f.kind
        && existing.parent_id == f.parent_id
        && existing.letter_code == f.letter_code
        && existing.email == f.email
        && existing.phone == f.phone
}

/// Upserts every row; `progress(done, total)` is called as rows are processed.
pub fn import_rows(
    conn: &mut AnyConnection,
    rows: &[Row],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportCounts, AppError> {
    let t = db_time(now);
    let mut by_code: HashMap<String, Org> = org::all_with_code(conn)?
        .into_iter()
        .filter_map(|o| o.code.clone().map(|c| (c, o)))
        .collect();
    let total = rows.len() * 2;
    let plan = create_missing(conn, rows, &mut by_code, t, &mut |i| progress(i + 1, total))?;
    let counts = place_and_update(conn, rows, plan, &by_code, t, &mut |i| {
        progress(rows.len() + i + 1, total)
    })?;
    if counts.created + counts.updated > 0 {
        audit_import(conn, &counts, now)?;
    }
    Ok(counts)
}

/// A row's office after pass 1: its id, the office as it was, and the row's checked fields.
struct Planned {
    id: i64,
    existing: Option<Org>,
    fields: OrgFields,
}

/// Pass 1: every office exists, so parents may be named before or after their children.
fn create_missing(
    conn: &mut AnyConnection,
    rows: &[Row],
    by_code: &mut HashMap<String, Org>,
    t: chrono::NaiveDateTime,
    done: &mut dyn FnMut(usize),
) -> Result<Vec<Planned>, AppError> {
    let mut plan = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let existing = by_code.get(row.code.trim()).cloned();
        let fields = fields_of(row, existing.as_ref()).map_err(|e| line_error(i, e))?;
        let id = match &existing {
            Some(e) => e.id,
            None => {
                let id = org::insert(
                    conn,
                    &OrgFields {
                        parent_id: None,
                        ..fields.clone()
                    },
                    t,
                )?;
                let created = org::find(conn, id)?
                    .ok_or_else(|| AppError::Internal("imported office vanished".into()))?;
                by_code.insert(row.code.trim().to_string(), created);
                id
            }
        };
        plan.push(Planned {
            id,
            existing,
            fields,
        });
        done(i);
    }
    Ok(plan)
}

/// Pass 2: parents, then what changed.
fn place_and_update(
    conn: &mut AnyConnection,
    rows: &[Row],
    plan: Vec<Planned>,
    by_code: &HashMap<String, Org>,
    t: chrono::NaiveDateTime,
    done: &mut dyn FnMut(usize),
) -> Result<ImportCounts, AppError> {
    let mut parent_of: HashMap<i64, Option<i64>> =
        by_code.values().map(|o| (o.id, o.parent_id)).collect();
    let mut counts = ImportCounts::default();
    for (i, (row, planned)) in rows.iter().zip(plan).enumerate() {
        let Planned {
            id,
            existing,
            mut fields,
        } = planned;
        fields.parent_id = parent_id(row, by_code)
            .map_err(|code| line_error(i, format!("unknown parent_code {code}")))?;
        parent_of.insert(id, fields.parent_id);
        if creates_cycle(&parent_of, id) {
            return Err(line_error(
                i,
                "an office cannot be placed under its own descendant",
            ));
        }
        match fields.letter_code.as_deref() {
            None => counts.code_absent += 1,
            code if !crate::domain::letter_code::is_complete(code) => counts.code_incomplete += 1,
            _ => {}
        }
        match existing {
            None => {
                org::update(conn, id, &fields, t)?;
                counts.created += 1;
            }
            Some(e) if same(&e, &fields) => counts.unchanged += 1,
            Some(_) => {
                org::update(conn, id, &fields, t)?;
                counts.updated += 1;
            }
        }
        done(i);
    }
    Ok(counts)
}

/// The id of the row's parent office; `Err(code)` for a parent code nobody has.
fn parent_id<'a>(row: &'a Row, by_code: &HashMap<String, Org>) -> Result<Option<i64>, &'a str> {
    match row
        .parent_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => Ok(Some(by_code.get(code).ok_or(code)?.id)),
        None => Ok(None),
    }
}

/// One entry for the batch (the directory has thousands of rows): what changed, by count.
fn audit_import(
    conn: &mut AnyConnection,
    counts: &ImportCounts,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = crate::db::audit::Event {
        action: "orgs_imported",
        target_type: "org",
        after: Some(
            serde_json::json!({"created": counts.created, "updated": counts.updated,
            "unchanged": counts.unchanged, "code_incomplete": counts.code_incomplete,
            "code_absent": counts.code_absent}),
        ),
        ..Default::default()
    };
    crate::db::audit::record(conn, None, &event, now)?;
    Ok(())
}

fn creates_cycle(parent_of: &HashMap<i64, Option<i64>>, start: i64) -> bool {
    let mut current = parent_of.get(&start).copied().flatten();
    let mut steps = 0;
    while let Some(p) = current {
        if p == start || steps > parent_of.len() {
            return true;
        }
        current = parent_of.get(&p).copied().flatten();
        steps += 1;
    }
    false
}

/// The directory CSV in one call (used by tests and the CLI).
pub fn import(
    conn: &mut AnyConnection,
    data: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportCounts, AppError> {
    let rows = parse_rows(data)?;
    import_rows(conn, &rows, now, &mut |_, _| {})
}
