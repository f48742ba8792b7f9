//! JSON API handlers under `/api/v1`: parse, call one use case, answer JSON.

pub mod audit;
pub mod cancel;
pub mod deliveries;
pub mod distribution;
pub mod ecms;
pub mod files;
pub mod holidays;
pub mod home;
pub mod inbox;
pub mod intake;
pub mod letters;
pub mod list;
pub mod notices;
pub mod org_letters;
pub mod orgs;
pub mod receipts;
pub mod registers;
pub mod reservations;
pub mod search;
pub mod uploads;
pub mod users;
