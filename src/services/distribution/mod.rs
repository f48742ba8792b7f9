//! Where a letter went: the distribution tree of a letter and its forwards, hop by hop.

mod hops;
pub mod show;
pub mod tree;
