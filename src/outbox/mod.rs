//! E-mail notices through a transactional outbox (docs/outbox.md):
//! [`enqueue`] in the caller's transaction, [`process`] claims, sends and marks,
//! [`worker`] loops, [`mailer`] talks SMTP or writes `.eml` files, [`reminders`] queues the
//! periodic digests of letters still waiting at an office.

pub mod ack;
pub mod admin;
pub mod cli;
pub mod digest;
pub mod enqueue;
pub mod mailer;
pub mod process;
pub mod reminders;
pub mod render;
pub mod settings;
pub mod worker;

pub use mailer::Mailer;
pub use process::{process_due, Outcome};
pub use reminders::{run_reminders, ReminderOutcome};
pub use settings::{MailSettings, Policy, ReminderSettings};
