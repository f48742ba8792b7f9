//! The messages instances exchange (docs/exchange.md). Every message names the office that
//! sends it (hosted by the sending instance) and the one it is for (hosted by the receiver).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const LETTER: &str = "letter";
pub const STATUS: &str = "status";
pub const WITHDRAW: &str = "withdraw";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// letter, status or withdraw
    #[serde(rename = "type")]
    pub kind: String,
    /// Unique per sending instance; the same on every retry.
    pub message_id: String,
    /// RFC 3339; set afresh, and signed, at each attempt.
    pub sent_at: String,
    /// The code of the office sending (hosted by the sending instance).
    pub sender_office: String,
    /// The code of the office addressed (hosted by the receiving instance).
    pub recipient_office: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<LetterPart>,
    /// status and withdraw: the message_id of the letter message they are about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_message_id: Option<String>,
    /// status: delivered, registered, acknowledged or rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<ReceiptPart>,
    /// rejected / withdraw: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterPart {
    /// The `ที่` line as printed.
    pub number: String,
    pub dated: Option<NaiveDate>,
    pub dated_raw: Option<String>,
    pub subject: String,
    pub addressee: String,
    pub from_name: String,
    pub kind: String,
    pub urgency: String,
    pub secrecy: String,
    pub circular: bool,
    pub due_date: Option<NaiveDate>,
    #[serde(default)]
    pub references: Vec<ReferencePart>,
    #[serde(default)]
    pub files: Vec<FilePart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencePart {
    pub relation: String,
    pub number: String,
    pub dated: Option<NaiveDate>,
    pub subject: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePart {
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub role: String,
    pub title: Option<String>,
    pub file_name: String,
    /// The bytes, base64; added when the message is sent, not kept in the outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// The recipient's receipt: its own register number and stamp moment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptPart {
    pub number: i64,
    pub year_be: i64,
    pub received_at: Option<String>,
    pub received_on: NaiveDate,
    pub received_time: Option<String>,
}

/// A new message id: 128 random bits in hex.
pub fn new_id() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}
