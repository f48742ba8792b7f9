//! A real SMTP server for tests: Python's aiosmtpd writing a Maildir in a temporary folder.
//! Without aiosmtpd a test prints `SKIPPED (aiosmtpd missing)` and passes, unless `CI=true`.

use serde::Deserialize;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// One received mail, decoded by Python's `email` package (independent of lettre).
#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    pub to: String,
    /// The envelope recipient, as the server saw it (`X-RcptTo`).
    pub rcpt_to: Option<String>,
    pub from: String,
    pub subject: String,
    pub raw_subject: String,
    pub message_id: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

const DECODE: &str = r#"
import sys, json, email, mailbox, os
from email import policy
def one(data):
    m = email.message_from_bytes(data, policy=policy.default)
    raw = email.message_from_bytes(data, policy=policy.compat32)
    text = m.get_body(preferencelist=('plain',))
    html = m.get_body(preferencelist=('html',))
    return {"to": str(m['To']), "rcpt_to": m['X-RcptTo'], "from": str(m['From']),
            "subject": str(m['Subject']), "raw_subject": str(raw['Subject']),
            "message_id": str(m['Message-ID']),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None}
path = sys.argv[1]
if os.path.isdir(path):
    out = [one(msg.as_bytes()) for _, msg in mailbox.Maildir(path, factory=None, create=False).items()]
else:
    out = [one(open(path, 'rb').read())]
print(json.dumps(out, ensure_ascii=False))
"#;

/// Decodes a Maildir folder or one `.eml` file.
pub fn decode(path: &Path) -> Vec<Mail> {
    let out = Command::new("python3")
        .args(["-c", DECODE])
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "decoding mail failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("decoded mail JSON")
}

pub fn python_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn aiosmtpd_available() -> bool {
    Command::new("python3")
        .args(["-m", "aiosmtpd", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl SmtpSink {
    /// A running server on a free port, or `None` (after a loud SKIPPED) without aiosmtpd.
    pub fn start(test: &str) -> Option<SmtpSink> {
        if !aiosmtpd_available() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{test}: aiosmtpd is required under CI=true (pip install aiosmtpd)");
            }
            println!("SKIPPED (aiosmtpd missing): {test}");
            return None;
        }
        let mut sink = SmtpSink {
            port: free_port(),
            dir: tempfile::tempdir().expect("maildir"),
            child: None,
        };
        sink.resume();
        Some(sink)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("Maildir")
    }

    /// Starts (again) on the same port and Maildir, and waits until it accepts connections.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "already running");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.maildir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server: the port then refuses connections, like a mail server that is down.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every mail received so far, decoded.
    pub fn mails(&self) -> Vec<Mail> {
        if !self.maildir().join("new").exists() {
            return Vec::new();
        }
        decode(&self.maildir())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}
