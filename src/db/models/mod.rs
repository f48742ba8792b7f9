//! One file per table: row structs and synchronous functions on `&mut AnyConnection`
//! returning `QueryResult`. No HTTP, no business rules beyond the table's own.

pub mod blob;
pub mod counter;
pub mod delivery;
pub mod exchange_inbox;
pub mod exchange_link;
pub mod exchange_outbox;
pub mod external_recipient;
pub mod holiday;
pub mod hop;
pub mod letter;
pub mod letter_file;
pub mod letter_link;
pub mod org;
pub mod outbox;
pub mod peer;
pub mod pending_upload;
pub mod receipt;
pub mod reminder_run;
pub mod reservation;
pub mod stamped_file;
pub mod user;
pub mod web_session;

/// `NaiveDateTime` in the database is always UTC.
pub fn utc(at: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    at.and_utc()
}
