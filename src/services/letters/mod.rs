//! Letters: issuing, recording a letter from outside, references between letters, the letters
//! of an office, who may see one, the new-letter form's composition and the letter's page.

pub mod compose;
pub mod issue;
pub mod list;
pub mod page;
pub mod record;
pub mod references;
pub mod visibility;
