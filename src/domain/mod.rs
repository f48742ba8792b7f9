//! Checked value types and rules of the correspondence domain. Pure: no database, no HTTP.

mod text_enum;

pub mod access;
pub mod actor;
pub mod calendar;
pub mod credentials;
pub mod ecms;
pub mod enums;
pub mod files;
pub mod letter_code;
pub mod notice;
pub mod series;
pub mod stamp;
pub mod validate;

pub use actor::Actor;
pub use enums::{
    CircularSeries, DeliveryStatus, ExchangeState, LetterKind, LinkRelation, OrgKind,
    RegisterSeries, Role, Secrecy, SendMethod, SeriesKind, Urgency, Via,
};
