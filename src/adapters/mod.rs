//! Adapters to the world outside the database: the content-addressed file store, the mail
//! transport, the CSV writer of exports (SMTP or `.eml` files). Blocking or async I/O, no business rules.

pub mod csv;
pub mod mail;
pub mod ocr;
pub mod store;
