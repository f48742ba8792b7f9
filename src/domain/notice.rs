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
