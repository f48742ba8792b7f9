//! The mail worker: claims due notices with a lease, sends them outside any transaction and
//! marks them ([`process`]); [`runner`] loops, sleeps and runs the reminder passes and the
//! sweep of uploads never attached to a receipt ([`uploads`]).

pub mod exchange;
pub mod process;
pub mod runner;
pub mod uploads;
