//! Two saraban instances as separate `serve` processes with databases of their own (on the
//! PostgreSQL pass, OPDC's instance on PostgreSQL and Prachinburi's on SQLite), exchanging
//! letters, status reports and e-CMS documents (docs/exchange.md).

mod ecms;
mod instance;
mod letters;
mod pair;
mod signatures;
