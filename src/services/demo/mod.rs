//! The demo data set: the whole seed chain from OPDC to the local bodies.

pub mod chain;
pub mod load;
pub mod orgs;
