//! Where a letter went and where each copy stands, read from the distribution index
//! ([`crate::db::distribution`]): its summary, its hops page by page, and exports.

pub mod dashboard;
pub mod export;
mod items;
pub mod sent;
pub mod show;
mod summary;
