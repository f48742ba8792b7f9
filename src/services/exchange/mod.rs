//! Exchange between saraban instances (docs/exchange.md): this instance's key, its peers and
//! their offices, signed messages out (queued in the caller's transaction, sent by the worker)
//! and in (checked before anything is stored), and the status reports that travel back.

pub mod directory;
pub mod ecms_export;
pub mod ecms_import;
pub mod ecms_xml;
pub mod envelope;
pub mod inbound;
pub mod keys;
pub mod message;
pub mod outgoing;
pub mod peers;
pub mod queue;
pub mod receive;
pub mod references_in;
pub mod report;
pub mod withdraw;

/// How far `sent_at` may lie from this instance's clock.
pub const MAX_SKEW_MINUTES: i64 = 15;
