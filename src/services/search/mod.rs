//! Thai full-text search over the letters a caller may see.

pub mod find;
pub mod mine;
