//! Offices: the directory, its import, the national administrative units and the number series.

pub mod admin_units;
pub mod import;
pub mod manage;
pub mod series;
