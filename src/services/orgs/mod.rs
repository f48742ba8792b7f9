//! Offices: the directory, its import, the national administrative units and the number series.

pub mod admin_units;
pub mod import;
pub mod manage;
pub mod missing;
pub mod series;

/// The e-mail address of each of these offices (for follow-up lists).
pub fn contacts(
    conn: &mut crate::db::AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Option<String>>, crate::error::AppError> {
    Ok(crate::db::models::org::find_many(conn, ids)?
        .into_iter()
        .map(|o| (o.id, o.email))
        .collect())
}
