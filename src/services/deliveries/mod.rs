//! Copies of a letter on their way to offices: dispatch, the inbox, answers (acknowledge, reject) and recipient lists.

pub mod answer;
pub mod dispatch;
pub mod inbox;
pub mod recipient_choices;
pub mod recipients;
