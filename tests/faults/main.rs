//! Fault tests: the real server binary, killed, cut off from its database, run twice at once.
//! Each asserts on the data afterwards: nothing lost, nothing numbered twice.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

#[allow(dead_code)]
#[path = "../api/mail_sink.rs"]
mod mail_sink;
mod procs;

mod backup;
mod crash;
mod exchange;
mod instances;
mod mail;
mod outage;
mod parallel;
