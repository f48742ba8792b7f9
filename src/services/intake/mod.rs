//! Reading a letter the clerk pastes, uploads or scans into the fields of a receipt.

pub mod answer;
pub mod eval;
pub mod file;
pub mod read;
