//! Mail settings: the transport, the sender, links and the retry policy.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:port` (plain), `smtp://host:port?tls=required` (STARTTLS) or
    /// `smtps://host:port` (TLS), user and password in the URL. `None`: write `.eml` files.
    pub smtp_url: Option<String>,
    /// The `From` of every notice, e.g. `saraban@opdc.go.th` or `ระบบสารบรรณ <saraban@…>`.
    pub from: String,
    /// Where the file transport writes `.eml` files.
    pub mail_dir: PathBuf,
    /// Base of the links in notices; `None`: `http://` + the bound address.
    pub public_url: Option<String>,
    /// Run the outbox worker inside the HTTP server process.
    pub worker: bool,
    pub policy: Policy,
    /// How often an idle worker looks for due notices (nudges wake it sooner).
    pub poll_interval: Duration,
    /// Notices claimed per pass.
    pub batch: i64,
    /// Connect/command timeout of the SMTP client; keep it well below `policy.lease`.
    pub smtp_timeout: Duration,
    /// The reminder digests the worker queues (docs/outbox.md, Reminders).
    pub reminders: ReminderSettings,
    /// At most this many notices a second from this process (`SARABAN_MAIL_MAX_PER_SECOND`),
    /// to be gentle with a real mail server; `None`: as fast as the server takes them.
    pub max_per_second: Option<std::num::NonZeroU32>,
}

/// When offices are reminded of letters still waiting for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// A delivery still `pending` or `received` this many days after it arrived is reminded.
    pub after_days: i64,
    /// Length of a period in days: an office gets at most one digest a period. 0: no reminders.
    pub every_days: i64,
    /// The worker's pass waits until this Bangkok hour (0–23), so digests come with the
    /// working day rather than just after midnight.
    pub from_hour: u32,
    /// Letters listed in one digest; the subject still counts them all.
    pub max_listed: usize,
}

impl ReminderSettings {
    pub fn enabled(&self) -> bool {
        self.every_days > 0
    }
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            after_days: 3,
            every_days: 1,
            from_hour: 8,
            max_listed: 50,
        }
    }
}

/// When to retry and when to give up.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Attempts before a notice is `dead`.
    pub max_attempts: i64,
    /// Delay before the 2nd attempt; doubled each time after, up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// How long a claim lasts; a worker that dies mid-send loses the row after this.
    pub lease: Duration,
    /// How long an acknowledgement link works after the notice was sent.
    pub ack_ttl: Duration,
}

impl Policy {
    /// The wait after failed attempt number `attempts` (1-based): base·2^(attempts−1), capped.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.backoff_base
            .checked_mul(2u32.saturating_pow(exp))
            .unwrap_or(self.backoff_cap)
            .min(self.backoff_cap)
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_attempts: 8,
            backoff_base: Duration::from_secs(60),
            backoff_cap: Duration::from_secs(6 * 3600),
            lease: Duration::from_secs(10 * 60),
            ack_ttl: Duration::from_secs(60 * 24 * 3600),
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_url: None,
            from: "saraban@localhost".into(),
            mail_dir: PathBuf::from("./outbox"),
            public_url: None,
            worker: false,
            policy: Policy::default(),
            poll_interval: Duration::from_secs(15),
            batch: 100,
            smtp_timeout: Duration::from_secs(30),
            reminders: ReminderSettings::default(),
            max_per_second: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let p = Policy::default();
        assert_eq!(p.backoff(1), Duration::from_secs(60));
        assert_eq!(p.backoff(2), Duration::from_secs(120));
        assert_eq!(p.backoff(4), Duration::from_secs(480));
        assert_eq!(p.backoff(10), Duration::from_secs(6 * 3600));
        assert_eq!(p.backoff(1000), Duration::from_secs(6 * 3600));
        assert_eq!(p.backoff(0), Duration::from_secs(60));
    }
}
