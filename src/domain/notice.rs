//! The states of an e-mail notice in the outbox (see docs/outbox.md).

use super::text_enum::text_enum;

text_enum!(
    /// Where a notice stands: waiting, being sent under a lease, sent, waiting to retry,
    /// given up, or never sendable because the office has no e-mail address.
    NoticeStatus {
        Pending => "pending",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
        Dead => "dead",
        NoAddress => "no_address",
    }
);

impl NoticeStatus {
    pub fn label_th(self) -> &'static str {
        match self {
            NoticeStatus::Pending => "รอส่ง",
            NoticeStatus::Sending => "กำลังส่ง",
            NoticeStatus::Sent => "ส่งแล้ว",
            NoticeStatus::Failed => "ส่งไม่สำเร็จ รอส่งซ้ำ",
            NoticeStatus::Dead => "ส่งไม่สำเร็จ เลิกส่ง",
            NoticeStatus::NoAddress => "ไม่มีที่อยู่อีเมล",
        }
    }

    /// States a worker may pick up once due.
    pub const CLAIMABLE: [NoticeStatus; 3] = [
        NoticeStatus::Pending,
        NoticeStatus::Failed,
        NoticeStatus::Sending,
    ];

    /// States an administrator may send again.
    pub const RETRYABLE: [NoticeStatus; 3] = [
        NoticeStatus::Failed,
        NoticeStatus::Dead,
        NoticeStatus::NoAddress,
    ];
}

/// Placeholders in a stored notice body, filled when it is sent.
pub const PUBLIC_URL: &str = "{{public_url}}";
pub const ACK_TOKEN: &str = "{{ack_token}}";

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Fills the send-time placeholders. `token` is `None` only for a notice whose link was
/// already spent; the link then points at the sign-in page, and file links at the pages'
/// own downloads (which ask for sign-in).
pub fn fill(body: &str, public_url: &str, token: Option<&str>) -> String {
    let body = match token {
        Some(t) => body.replace(ACK_TOKEN, t),
        None => body
            .replace(&format!("/ack/{ACK_TOKEN}/files/"), "/files/")
            .replace(&format!("/ack/{ACK_TOKEN}"), "/"),
    };
    body.replace(PUBLIC_URL, public_url.trim_end_matches('/'))
}
