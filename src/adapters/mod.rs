//! Adapters to the world outside the database: the content-addressed file store, the mail
//! transport, the CSV writer of exports (SMTP or `.eml` files), the receipt stamp drawn on a
//! letter's PDF or scan, Ed25519 signing over canonical JSON and the HTTP client that talks to
//! peer instances. Blocking or async I/O, no business rules.

pub mod csv;
pub mod mail;
pub mod ocr;
pub mod pdf_stamp;
pub mod peer_client;
pub mod signing;
pub mod store;
