//! Sending one notice: SMTP through a pooled lettre transport, or `.eml` files in a folder.
//!
//! Nothing here touches the database; the caller holds no transaction or connection.

use crate::config::mail::MailSettings;
use crate::config::mail::Policy;
use crate::db::models::outbox::Notice;
use crate::domain::notice::{escape_html, fill};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `<message-id>.eml` file per notice; a resend overwrites the same file.
    Files(PathBuf),
}

/// How many notices one process sends at once (the SMTP pool holds as many connections).
pub const SEND_CONCURRENCY: usize = 24;

/// Everything a worker needs to turn outbox rows into mail.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    domain: String,
    public_url: String,
    pub policy: Policy,
    /// Paces sending to `SARABAN_MAIL_MAX_PER_SECOND`, when set.
    pace: Option<Pace>,
}

type Pace = governor::DefaultDirectRateLimiter;

/// Why a send failed; `permanent` (a 5xx answer, a bad address) means retrying is useless.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
}

impl SendError {
    fn permanent(message: impl Into<String>) -> Self {
        SendError {
            message: message.into(),
            permanent: true,
        }
    }

    fn transient(message: impl Into<String>) -> Self {
        SendError {
            message: message.into(),
            permanent: false,
        }
    }
}

impl Mailer {
    /// Builds the transport. Must run inside a Tokio runtime (the SMTP pool starts a task).
    pub fn new(settings: &MailSettings, public_url: &str) -> Result<Mailer, String> {
        let from: Mailbox = settings.from.parse().map_err(|e| {
            format!(
                "SARABAN_MAIL_FROM {:?} is not a mail address: {e}",
                settings.from
            )
        })?;
        let domain = from.email.domain().to_string();
        let transport = match settings.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => {
                let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SARABAN_SMTP_URL is not usable: {e}"))?;
                Transport::Smtp(
                    builder
                        .timeout(Some(settings.smtp_timeout))
                        .pool_config(PoolConfig::new().max_size(SEND_CONCURRENCY as u32))
                        .build(),
                )
            }
            None => Transport::Files(settings.mail_dir.clone()),
        };
        Ok(Mailer {
            transport,
            from,
            domain,
            public_url: public_url.trim_end_matches('/').to_string(),
            policy: settings.policy.clone(),
            // A burst of one: an even rate, never a second's worth at once.
            pace: settings.max_per_second.map(|n| {
                governor::RateLimiter::direct(
                    governor::Quota::per_second(n).allow_burst(std::num::NonZeroU32::MIN),
                )
            }),
        })
    }

    /// For logs: where mail goes, without credentials.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP (SARABAN_SMTP_URL)".into(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// The `Message-ID` header of a notice: its stored local part at the sender's domain.
    pub fn message_id(&self, notice: &Notice) -> String {
        format!("<{}@{}>", notice.local_part(), self.domain)
    }

    /// The complete mail of a notice, with the stored Message-ID. A notice rendered at send
    /// time must have been rendered first (`services::notices::at_send::render_bodies`).
    pub fn message(&self, notice: &Notice) -> Result<Message, SendError> {
        let to_text = notice
            .to_addr
            .as_deref()
            .ok_or_else(|| SendError::permanent("the notice has no address"))?;
        let to: Mailbox = to_text
            .parse()
            .map_err(|e| SendError::permanent(format!("bad address {to_text:?}: {e}")))?;
        // A delivery's notice is rendered just before sending (`services::notices::at_send`);
        // one still without a body has nothing that may be sent.
        let body = notice.body_text.as_deref().ok_or_else(|| {
            SendError::permanent(
                "the notice has no body: its delivery or letter is gone, or the letter is not announced by e-mail",
            )
        })?;
        let token = notice.ack_token.as_deref();
        let text = fill(body, &self.public_url, token);
        let builder = Message::builder()
            .message_id(Some(self.message_id(notice)))
            .from(self.from.clone())
            .to(to)
            .subject(notice.subject.clone());
        let built = match &notice.body_html {
            Some(html) => {
                let html = fill(html, &escape_html(&self.public_url), token);
                builder.multipart(
                    MultiPart::alternative()
                        .singlepart(self.part(ContentType::TEXT_PLAIN, text))
                        .singlepart(self.part(ContentType::TEXT_HTML, html)),
                )
            }
            None => builder.singlepart(self.part(ContentType::TEXT_PLAIN, text)),
        };
        built.map_err(|e| SendError::permanent(format!("cannot build the mail: {e}")))
    }

    /// A body part. Files get 8-bit UTF-8 bodies so the Thai text reads as-is in an editor
    /// (lettre only picks 8bit for lines under 76 bytes, a dozen Thai letters); SMTP gets
    /// lettre's own choice (base64), which every relay accepts.
    fn part(&self, content_type: ContentType, text: String) -> SinglePart {
        let body = match self.transport {
            Transport::Files(_) => eight_bit(&text).unwrap_or_else(|| Body::new(text)),
            Transport::Smtp(_) => Body::new(text),
        };
        SinglePart::builder().header(content_type).body(body)
    }

    /// Sends one notice. At-least-once: the same notice may be sent again after a crash,
    /// always with the same Message-ID.
    pub async fn send(&self, notice: &Notice) -> Result<(), SendError> {
        let message = self.message(notice)?;
        if let Some(pace) = &self.pace {
            pace.until_ready().await;
        }
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| SendError {
                message: format!("SMTP: {e}"),
                permanent: e.is_permanent(),
            }),
            Transport::Files(dir) => {
                let dir = dir.clone();
                let name = format!("{}.eml", notice.local_part());
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_eml(&dir, &name, &bytes))
                    .await
                    .map_err(|e| SendError::transient(format!("file writer stopped: {e}")))?
            }
        }
    }
}

/// The text with CRLF line ends as an 8bit body; `None` if a line is too long for RFC 5322.
fn eight_bit(text: &str) -> Option<Body> {
    let crlf: String = text.lines().map(|l| format!("{l}\r\n")).collect();
    let fits = crlf
        .split("\r\n")
        .all(|l| l.len() <= 998 && !l.contains(['\r', '\0']));
    fits.then(|| Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit))
}

/// Writes through a temporary name and renames, so a reader never sees half a mail.
fn write_eml(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<(), SendError> {
    let fail =
        |e: std::io::Error| SendError::transient(format!("cannot write {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, dir.join(name)).map_err(fail)
}
