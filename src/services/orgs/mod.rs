//! Offices: the directory, its import, the national administrative units and the number series.

pub mod admin_units;
pub mod import;
pub mod manage;
pub mod missing;
pub mod series;

/// An office's e-mail address and telephone number, each if known.
pub type Contact = (Option<String>, Option<String>);

/// How to reach each of these offices (for follow-up lists).
pub fn contacts(
    conn: &mut crate::db::AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Contact>, crate::error::AppError> {
    Ok(crate::db::models::org::find_many(conn, ids)?
        .into_iter()
        .map(|o| (o.id, (o.email, o.phone)))
        .collect())
}
