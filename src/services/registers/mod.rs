//! Registers: listing the receipt and dispatch registers, reserving and cancelling numbers.

pub mod cancel;
pub mod entries;
pub mod list;
pub mod reservations;
