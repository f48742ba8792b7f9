//! The HTTP client that talks to peer instances: reqwest (already the project's client, with
//! rustls and no OpenSSL), async on the worker's Tokio runtime. Transport only: what a message
//! means is decided by `services::exchange`.

use serde_json::Value;
use std::time::Duration;

/// What a peer made of one message.
#[derive(Debug)]
pub enum Sent {
    /// 2xx: the peer took it; its acknowledgement.
    Accepted(Value),
    /// A 4xx other than 408/429: the peer refuses this message for good.
    Refused { status: u16, body: String },
    /// No answer, 408, 429 or 5xx: try again later.
    Failed(String),
}

#[derive(Clone)]
pub struct PeerClient {
    http: reqwest::Client,
}

/// A peer's base URL with a path below it.
pub fn join(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

impl PeerClient {
    pub fn new(timeout: Duration) -> Result<PeerClient, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("saraban/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(PeerClient { http })
    }

    /// POSTs a signed envelope to the peer's `/exchange/v1/messages`.
    pub async fn send(&self, base: &str, envelope: &Value) -> Sent {
        let reply = self
            .http
            .post(join(base, "/exchange/v1/messages"))
            .json(envelope)
            .send()
            .await;
        let reply = match reply {
            Ok(r) => r,
            Err(e) => return Sent::Failed(format!("no answer from {base}: {e}")),
        };
        let status = reply.status().as_u16();
        let body = reply.text().await.unwrap_or_default();
        match status {
            200..=299 => match serde_json::from_str(&body) {
                Ok(v) => Sent::Accepted(v),
                Err(_) => Sent::Failed(format!("{base} answered {status} without JSON")),
            },
            408 | 429 => Sent::Failed(format!("{base} answered {status}")),
            400..=499 => Sent::Refused {
                status,
                body: body.chars().take(2000).collect(),
            },
            _ => Sent::Failed(format!(
                "{base} answered {status}: {}",
                body.chars().take(500).collect::<String>()
            )),
        }
    }

    /// GETs the peer's signed directory of offices.
    pub async fn directory(&self, base: &str) -> Result<Value, String> {
        let reply = self
            .http
            .get(join(base, "/exchange/v1/directory"))
            .send()
            .await
            .map_err(|e| format!("no answer from {base}: {e}"))?;
        let status = reply.status();
        if !status.is_success() {
            return Err(format!("{base} answered {status}"));
        }
        reply
            .json()
            .await
            .map_err(|e| format!("{base} sent no JSON directory: {e}"))
    }
}
