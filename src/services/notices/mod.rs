//! E-mail notices: queued in the caller's transaction, rendered, listed and retried; the acknowledgement link; reminder digests.

pub mod ack;
pub mod admin;
pub mod at_send;
pub mod digest;
pub mod enqueue;
pub mod reminders;
pub mod render;
