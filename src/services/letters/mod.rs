//! Letters: issuing, recording a letter from outside, references between letters, the letters of an office, and who may see one.

pub mod issue;
pub mod list;
pub mod record;
pub mod references;
pub mod visibility;
