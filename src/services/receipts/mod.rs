//! Receipts: logging a letter into an office's receipt register.

pub mod record;
pub mod stamp;
