//! P5: notices delivered per second to a local SMTP server (aiosmtpd, discarding what it gets).

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

fn start_smtp() -> Option<(Smtp, u16)> {
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
            "aiosmtpd.handlers.Sink",
        ])
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

pub async fn p5(
    db: &Db,
    opts: &BenchOptions,
    f: &mut super::figures::Figures,
) -> Result<(), AppError> {
    let Some((_smtp, port)) = start_smtp() else {
        println!("P5 skipped: python3 -m aiosmtpd is not available (pip install aiosmtpd)");
        return Ok(());
    };
    let now = Clock::System.now();
    let n = opts.mails;
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
    let settings = MailSettings {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: "saraban@bench.example.go.th".into(),
        ..MailSettings::default()
    };
    let mailer = crate::adapters::mail::Mailer::new(&settings, "http://127.0.0.1:8080")
        .map_err(AppError::Internal)?;
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
    Ok(())
}
