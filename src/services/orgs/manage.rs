//! Creating, changing and listing offices.

use crate::services::db_time;

use crate::services::views::OrgView;

use crate::db::models::org;
use crate::db::models::org::OrgFields;
use crate::db::AnyConnection;
use crate::domain::letter_code;
use crate::domain::validate;
use crate::domain::Actor;
use crate::domain::CircularSeries;
use crate::domain::OrgKind;
use crate::error::AppError;
use crate::services::paging::Page;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgRequest {
    pub code: Option<String>,
    pub name: String,
    /// ministry, department, division, province, provincial_office, district, local_body, unit, external
    pub kind: String,
    pub parent_id: Option<i64>,
    /// The whole prefix before the slash, e.g. `ปจ 0017.2`.
    pub letter_code: Option<String>,
    pub email: Option<String>,
    /// Telephone number(s) as written: digits (Thai or Arabic), spaces, `+ - ( ) , / .` and
    /// `ต่อ` for an extension; at least 9 digits.
    pub phone: Option<String>,
    /// `own` (default) or `shared` with the dispatch series.
    pub circular_series: Option<String>,
    /// Take dispatch numbers from this office's series.
    pub series_owner_id: Option<i64>,
    /// The e-CMS organisation ID (unique), matched against ReceiverParty on e-CMS import.
    #[serde(default)]
    pub ecms_id: Option<String>,
}

/// `PATCH`: every field optional; `null` clears an optional field.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgPatch {
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub code: Option<Option<String>>,
    pub name: Option<String>,
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub parent_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub letter_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub phone: Option<Option<String>>,
    pub circular_series: Option<String>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub series_owner_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::services::double_option")]
    pub ecms_id: Option<Option<String>>,
}

/// Checks a request and turns it into row fields.
pub fn validate_fields(
    conn: &mut AnyConnection,
    req: &OrgRequest,
    self_id: Option<i64>,
) -> Result<OrgFields, AppError> {
    let kind = OrgKind::choose("kind", Some(&req.kind), OrgKind::Unit)?;
    let circular_series = CircularSeries::choose(
        "circular_series",
        req.circular_series.as_deref(),
        CircularSeries::Own,
    )?;
    let code = validate::optional_text("code", req.code.as_deref())?;
    let letter_code =
        letter_code::check("letter_code", req.letter_code.as_deref())?.map(|c| c.canonical);
    let email = match req.email.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(e) => Some(validate::email("email", e)?),
        None => None,
    };
    for (field, id) in [
        ("parent_id", req.parent_id),
        ("series_owner_id", req.series_owner_id),
    ] {
        if let Some(id) = id {
            if Some(id) == self_id {
                return Err(AppError::invalid(
                    field,
                    format!("{field} may not be the office itself"),
                ));
            }
            if org::find(conn, id)?.is_none() {
                return Err(AppError::invalid(
                    field,
                    format!("{field} {id} is not a known office"),
                ));
            }
        }
    }
    if let (Some(me), Some(parent)) = (self_id, req.parent_id) {
        if org::ancestors(conn, parent)?.contains(&me) {
            return Err(AppError::invalid(
                "parent_id",
                "an office cannot be placed under its own descendant",
            ));
        }
    }
    Ok(OrgFields {
        code,
        name: validate::text("name", &req.name)?,
        kind: kind.as_str().to_string(),
        parent_id: req.parent_id,
        letter_code,
        email,
        circular_series: circular_series.as_str().to_string(),
        series_owner_id: req.series_owner_id,
        phone: validate::phone("phone", req.phone.as_deref())?,
    })
}

fn code_taken(
    conn: &mut AnyConnection,
    code: Option<&str>,
    self_id: Option<i64>,
) -> Result<(), AppError> {
    if let Some(code) = code {
        if let Some(existing) = org::find_by_code(conn, code)? {
            if Some(existing.id) != self_id {
                return Err(AppError::Conflict {
                    code: "code_taken",
                    message: format!("another office already has code {code}"),
                    extra: Some(("existing_id", existing.id.into())),
                });
            }
        }
    }
    Ok(())
}

pub fn create(
    conn: &mut AnyConnection,
    actor: &Actor,
    req: &OrgRequest,
    now: DateTime<Utc>,
) -> Result<OrgView, AppError> {
    actor.require_admin()?;
    let fields = validate_fields(conn, req, None)?;
    code_taken(conn, fields.code.as_deref(), None)?;
    let id = org::insert(conn, &fields, db_time(now))?;
    set_ecms_id(conn, id, req.ecms_id.as_deref())?;
    let view = get_unchecked(conn, id)?;
    let after = serde_json::to_value(&view).map_err(|e| AppError::Internal(e.to_string()))?;
    let event = crate::db::audit::Event {
        action: "org_created",
        target_type: "org",
        target_id: Some(id),
        after: Some(after),
        ..Default::default()
    };
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(view)
}

pub fn patch(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    patch: &OrgPatch,
    now: DateTime<Utc>,
) -> Result<OrgView, AppError> {
    let current = org::find(conn, id)?.ok_or(AppError::not_found("org"))?;
    actor.require_admin()?;
    let merged = OrgRequest {
        code: patch.code.clone().unwrap_or(current.code),
        name: patch.name.clone().unwrap_or(current.name),
        kind: patch.kind.clone().unwrap_or(current.kind.into()),
        parent_id: patch.parent_id.unwrap_or(current.parent_id),
        letter_code: patch.letter_code.clone().unwrap_or(current.letter_code),
        email: patch.email.clone().unwrap_or(current.email),
        phone: patch.phone.clone().unwrap_or(current.phone),
        circular_series: Some(
            patch
                .circular_series
                .clone()
                .unwrap_or(current.circular_series.into()),
        ),
        series_owner_id: patch.series_owner_id.unwrap_or(current.series_owner_id),
        ecms_id: patch.ecms_id.clone().unwrap_or(current.ecms_id),
    };
    let fields = validate_fields(conn, &merged, Some(id))?;
    code_taken(conn, fields.code.as_deref(), Some(id))?;
    let before = serde_json::to_value(get_unchecked(conn, id)?).ok();
    org::update(conn, id, &fields, db_time(now))?;
    set_ecms_id(conn, id, merged.ecms_id.as_deref())?;
    let view = get_unchecked(conn, id)?;
    let event = crate::db::audit::Event {
        action: "org_changed",
        target_type: "org",
        target_id: Some(id),
        before,
        after: serde_json::to_value(&view).ok(),
        ..Default::default()
    };
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(view)
}

pub fn get_unchecked(conn: &mut AnyConnection, id: i64) -> Result<OrgView, AppError> {
    let mut view = [org::find(conn, id)?
        .map(OrgView::from)
        .ok_or(AppError::not_found("org"))?];
    crate::services::exchange::peers::name_peers(conn, &mut view)?;
    let [view] = view;
    Ok(view)
}

/// Sets the e-CMS organisation ID; 409 `ecms_id_taken` when another office has it.
fn set_ecms_id(conn: &mut AnyConnection, id: i64, ecms_id: Option<&str>) -> Result<(), AppError> {
    let ecms_id = validate::optional_text("ecms_id", ecms_id)?;
    if let Some(e) = ecms_id.as_deref() {
        if let Some(other) = org::find_by_ecms_id(conn, e)?.filter(|o| o.id != id) {
            return Err(AppError::Conflict {
                code: "ecms_id_taken",
                message: format!("office {} already has e-CMS ID {e}", other.id),
                extra: Some(("existing_id", other.id.into())),
            });
        }
    }
    org::set_ecms_id(conn, id, ecms_id.as_deref())?;
    Ok(())
}

/// The directory is readable by every signed-in user: clerks need it to address letters.
pub fn list(
    conn: &mut AnyConnection,
    parent_id: Option<i64>,
    kind: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page<OrgView>, AppError> {
    if let Some(k) = kind {
        if OrgKind::parse(k).is_none() {
            return Err(AppError::invalid(
                "kind",
                format!("kind must be one of: {}", OrgKind::choices()),
            ));
        }
    }
    let after = crate::services::paging::position(cursor)?;
    let (rows, total) = org::list(conn, parent_id, kind, after, limit)?;
    let next_cursor = crate::services::paging::after_last(&rows, limit, |o| o.id);
    let mut items: Vec<OrgView> = rows.into_iter().map(OrgView::from).collect();
    crate::services::exchange::peers::name_peers(conn, &mut items)?;
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
