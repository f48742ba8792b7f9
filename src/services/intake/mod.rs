//! Reading a letter the clerk pastes or scans into the fields of a receipt.

pub mod read;
