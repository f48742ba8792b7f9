//! Checked value types and rules of the correspondence domain. Pure: no database, no HTTP.

mod text_enum;

pub mod enums;
pub mod notice;
pub mod series;
pub mod stamp;
pub mod validate;

pub use enums::{
    CircularSeries, DeliveryStatus, LetterKind, OrgKind, Role, Secrecy, SeriesKind, Urgency, Via,
};
