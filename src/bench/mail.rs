//! P5: notices delivered per second to a local SMTP server (aiosmtpd, keeping what it gets in
//! a maildir, so that duplicates are counted by Message-ID), and its raw anchor: the same mails,
//! pre-built, sent by a lettre pool with the worker's concurrency to a sink of the same kind.

use super::setup::actor_named;
use super::BenchOptions;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;

use crate::config::mail::MailSettings;
use crate::services::deliveries::dispatch;
use crate::services::letters;
use crate::services::orgs;
use crate::services::users;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Smtp(Child);

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_smtp(maildir: &std::path::Path) -> Option<(Smtp, u16)> {
    let port = TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let smtp = Smtp(child);
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((smtp, port))
}

/// How many mails a maildir holds, and how many of them repeat a Message-ID already seen.
fn message_ids(maildir: &std::path::Path) -> (u64, u64) {
    let mut seen = std::collections::HashSet::new();
    let mut total = 0u64;
    let files = std::fs::read_dir(maildir.join("new")).into_iter().flatten();
    for entry in files.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        total += 1;
        let id = text
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            .map(|l| l[11..].trim().to_string())
            .unwrap_or_default();
        seen.insert(id);
    }
    (total, total - seen.len() as u64)
}

/// The raw anchor: the same mails, built beforehand, sent with the worker's concurrency.
async fn raw_rate(port: u16, messages: Vec<lettre::Message>) -> Result<f64, AppError> {
    use futures::StreamExt;
    use lettre::AsyncTransport;
    let smtp = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .pool_config(
            lettre::transport::smtp::PoolConfig::new()
                .max_size(crate::adapters::mail::SEND_CONCURRENCY as u32),
        )
        .build();
    let n = messages.len();
    let started = Instant::now();
    let sent = futures::stream::iter(messages)
        .map(|m| {
            let smtp = smtp.clone();
            async move { smtp.send(m).await.is_ok() }
        })
        .buffer_unordered(crate::adapters::mail::SEND_CONCURRENCY)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await;
    let secs = started.elapsed().as_secs_f64().max(1e-3);
    println!("P5 raw: {sent} of {n} pre-built mails in {secs:.1} s");
    Ok(sent as f64 / secs)
}

/// An office sending one circular to `n` local bodies with an address: `n` notices queued.
fn queue_notices(db: &Db, n: usize) -> Result<(), AppError> {
    let now = Clock::System.now();
    db.write_blocking(|c| {
        users::accounts::create(c, &users::accounts::NewUser { name: "mail-bench", role: "admin", org_id: None, password: None }, now)?;
        let admin = actor_named(c, "mail-bench")?;
        let make = |c: &mut crate::db::AnyConnection, code: String, name: String, email: Option<String>, letter: Option<&str>| {
            let req: orgs::manage::OrgRequest = serde_json::from_value(serde_json::json!({
                "code": code, "name": name, "kind": "local_body", "email": email, "letter_code": letter}))
            .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok::<i64, AppError>(orgs::manage::create(c, &admin, &req, now)?.id)
        };
        let sender = make(c, "MAILSENDER".into(), "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด".into(), None, Some("ปจ 0023"))?;
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            ids.push(make(c, format!("M{i:05}"), format!("เทศบาลตำบลทดสอบ {}", i + 1), Some(format!("saraban@t{i:05}.example.go.th")), None)?);
        }
        let letter: letters::issue::IssueLetterRequest = serde_json::from_value(serde_json::json!({
            "subject": "ขอเชิญประชุมชี้แจงแนวทางการจัดทำแผนพัฒนาท้องถิ่น", "addressee": "นายกเทศมนตรีตำบลทุกแห่ง", "circular": true}))
        .map_err(|e| AppError::Internal(e.to_string()))?;
        let letter = letters::issue::issue(c, &admin, sender, &letter, now)?;
        let req: dispatch::DispatchRequest = serde_json::from_value(serde_json::json!({"sender_id": sender, "recipient_ids": ids}))
            .map_err(|e| AppError::Internal(e.to_string()))?;
        dispatch::dispatch(c, &admin, letter.id, &req, now)?;
        Ok(())
    })?;
    Ok(())
}

pub async fn p5(
    db: &Db,
    opts: &BenchOptions,
    f: &mut super::figures::Figures,
) -> Result<(), AppError> {
    let dirs = tempfile::tempdir().map_err(|e| AppError::Internal(e.to_string()))?;
    let (maildir, raw_maildir) = (dirs.path().join("p5"), dirs.path().join("raw"));
    let (Some((_smtp, port)), Some((_raw_smtp, raw_port))) =
        (start_smtp(&maildir), start_smtp(&raw_maildir))
    else {
        println!("P5 skipped: python3 -m aiosmtpd is not available (pip install aiosmtpd)");
        return Ok(());
    };
    let n = opts.mails;
    queue_notices(db, n)?;
    let settings = MailSettings {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: "saraban@bench.example.go.th".into(),
        ..MailSettings::default()
    };
    let mailer = crate::adapters::mail::Mailer::new(&settings, "http://127.0.0.1:8080")
        .map_err(AppError::Internal)?;
    // The raw anchor's mails: the notices as the worker will build them, built now.
    let pending = db.read_blocking(|c| {
        let (mut pending, _) = crate::db::models::outbox::list(
            c,
            Some(crate::domain::notice::NoticeStatus::Pending),
            0,
            i64::try_from(n).unwrap_or(i64::MAX),
        )?;
        crate::services::notices::at_send::render_bodies(c, &mut pending)?;
        Ok(pending)
    })?;
    let messages: Vec<lettre::Message> = pending
        .iter()
        .filter_map(|notice| mailer.message(notice).ok())
        .collect();
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let outcome =
            crate::worker::process::process_due(db, &mailer, Clock::System.now(), 200).await?;
        sent += outcome.sent;
        if outcome.claimed == 0 {
            break;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "P5 notices delivered to a local SMTP server: {:.0}/s ({sent} of {n} in {secs:.1} s)",
        sent as f64 / secs
    );
    f.p5_per_s = Some((sent as f64 / secs).round());
    let (received, duplicates) = message_ids(&maildir);
    println!("P5 sink: {received} mails received, {duplicates} repeating a Message-ID");
    f.p5_duplicates = Some(duplicates);
    let raw = raw_rate(raw_port, messages).await?;
    println!(
        "P5 raw anchor: {raw:.0}/s; notices/raw = {:.2}",
        (sent as f64 / secs) / raw
    );
    f.p5_raw_per_s = Some(raw.round());
    Ok(())
}
