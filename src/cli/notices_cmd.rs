//! The command-line side of the outbox: mail flags, `saraban worker`, `saraban notices …`
//! (including `notices remind`, one reminder pass now).

use crate::config::mail::MailSettings;

use crate::adapters::mail::Mailer;
use crate::clock::Clock;
use crate::config::mail::ReminderSettings;
use crate::db::Db;
use crate::error::AppError;
use crate::services::notices::admin;
use crate::worker::runner as worker;
use crate::worker::runner::WorkerConfig;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct MailArgs {
    /// smtp://host:port (plain), smtp://host:port?tls=required (STARTTLS) or smtps://host:port
    /// (TLS); user:password@ in the URL. Without it mails are written as .eml files.
    #[arg(long, env = "SARABAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of notices: the office's central mailbox, e.g. saraban@opdc.go.th
    #[arg(long, env = "SARABAN_MAIL_FROM", default_value = "saraban@localhost")]
    pub mail_from: String,
    /// Folder for .eml files when no SMTP URL is set.
    #[arg(long, env = "SARABAN_MAIL_DIR", default_value = "./outbox")]
    pub mail_dir: PathBuf,
    /// Base URL of links in mails (default: http:// + the bind address).
    #[arg(long, env = "SARABAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Attempts before a notice is dead.
    #[arg(long, env = "SARABAN_MAIL_MAX_ATTEMPTS", default_value_t = 8,
        value_parser = clap::value_parser!(i64).range(1..=100))]
    pub mail_max_attempts: i64,
    /// Seconds before the first retry of a failed notice; each further retry waits twice as long.
    #[arg(long, env = "SARABAN_MAIL_RETRY_SECONDS", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub mail_retry_seconds: u64,
    /// How often the worker looks for due notices when nothing nudges it.
    #[arg(long, env = "SARABAN_MAIL_POLL_SECONDS", default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub mail_poll_seconds: u64,
    /// How long a worker owns a claimed notice; a crashed worker's notices are retried after it.
    #[arg(long, env = "SARABAN_MAIL_LEASE_SECONDS", default_value_t = 600,
        value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub mail_lease_seconds: u64,
    /// At most this many notices a second (unset: as fast as the mail server takes them).
    #[arg(long, env = "SARABAN_MAIL_MAX_PER_SECOND")]
    pub mail_max_per_second: Option<std::num::NonZeroU32>,
    #[command(flatten)]
    pub remind: RemindArgs,
}

/// When offices are reminded of letters still waiting (docs/outbox.md, Reminders).
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Remind of deliveries still not acknowledged this many working days after they arrived
    /// (weekends and the calendar's holidays skipped).
    #[arg(long, env = "SARABAN_REMIND_AFTER_DAYS", default_value_t = 3,
        value_parser = clap::value_parser!(i64).range(1..=365))]
    pub remind_after_days: i64,
    /// One digest per office every this many days; 0 turns reminders off.
    #[arg(long, env = "SARABAN_REMIND_EVERY_DAYS", default_value_t = 1,
        value_parser = clap::value_parser!(i64).range(0..=365))]
    pub remind_every_days: i64,
    /// The worker sends the day's digests from this hour, Bangkok time (0-23).
    #[arg(long, env = "SARABAN_REMIND_HOUR", default_value_t = 8,
        value_parser = clap::value_parser!(u32).range(0..=23))]
    pub remind_hour: u32,
}

impl RemindArgs {
    pub fn settings(&self) -> ReminderSettings {
        ReminderSettings {
            after_days: self.remind_after_days,
            every_days: self.remind_every_days,
            from_hour: self.remind_hour,
            ..ReminderSettings::default()
        }
    }
}

impl MailArgs {
    pub fn settings(&self, worker: bool) -> MailSettings {
        let mut s = MailSettings {
            smtp_url: self.smtp_url.clone().filter(|u| !u.trim().is_empty()),
            from: self.mail_from.clone(),
            mail_dir: self.mail_dir.clone(),
            public_url: self.public_url.clone().filter(|u| !u.trim().is_empty()),
            worker,
            reminders: self.remind.settings(),
            max_per_second: self.mail_max_per_second,
            ..MailSettings::default()
        };
        s.policy.max_attempts = self.mail_max_attempts;
        s.policy.backoff_base = std::time::Duration::from_secs(self.mail_retry_seconds);
        s.poll_interval = std::time::Duration::from_secs(self.mail_poll_seconds);
        s.policy.lease = std::time::Duration::from_secs(self.mail_lease_seconds);
        s
    }
}

#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// List e-mail notices in id order; `--status dead` shows the ones given up on.
    List {
        #[arg(long, value_parser = ["pending", "sending", "sent", "failed", "dead", "no_address"])]
        status: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// One notice: its addresses, subject and text body. A delivery's notice keeps no body
    /// before it is sent: it is rendered when sent, and shown here as it would be rendered now.
    Show {
        /// The notice id.
        id: i64,
    },
    /// Send a failed, dead or address-less notice again (to the office's current address).
    Retry {
        /// The notice id.
        #[arg(required_unless_present = "dead", conflicts_with = "dead")]
        id: Option<i64>,
        /// Every dead notice.
        #[arg(long)]
        dead: bool,
    },
    /// Run one reminder pass now: queue a digest for each office with letters waiting that
    /// has not had one this period. A running worker sends them.
    Remind {
        #[command(flatten)]
        remind: RemindArgs,
    },
}

pub fn notices(db: &Db, command: NoticesCommand, clock: &Clock) -> Result<(), AppError> {
    match command {
        NoticesCommand::List { status, limit } => {
            let status = admin::parse_status(status.as_deref())?;
            let page =
                db.read_blocking(|c| admin::list(c, status, None, limit.clamp(1, 10_000)))?;
            let list = page.items;
            // The subject is stored with every notice; the body of a delivery's notice is
            // rendered when it is sent (`notices show ID` renders it now).
            println!("id\tstatus\tattempts\tto\tsent_at\tlast_error\tsubject");
            for n in &list {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    n.id,
                    n.status,
                    n.attempts,
                    n.to_addr.as_deref().unwrap_or("-"),
                    n.sent_at.map_or("-".into(), |t| t.to_rfc3339()),
                    n.last_error.as_deref().unwrap_or("-"),
                    n.subject
                );
            }
            println!("{} of {} notice(s)", list.len(), page.total);
            Ok(())
        }
        NoticesCommand::Show { id } => {
            let (n, on_demand) = db.read_blocking(|c| admin::show(c, id))?;
            println!("id: {}", n.id);
            println!("status: {}", n.status);
            println!("to: {}", n.to_addr.as_deref().unwrap_or("-"));
            println!("message-id: {}", n.local_part());
            println!(
                "sent_at: {}",
                n.sent_at
                    .map_or("-".into(), |t| crate::db::models::utc(t).to_rfc3339())
            );
            println!("subject: {}", n.subject);
            let body = match (on_demand, n.sent_at.is_some()) {
                (false, _) => "stored with the notice",
                (true, false) => "rendered when sent; shown as it would be rendered now",
                (true, true) => {
                    "rendered when it was sent and not kept; shown as it would be rendered now"
                }
            };
            println!("body: {body}");
            match n.body_text.as_deref() {
                Some(text) => println!("\n{text}"),
                None => println!("\n(no body: the delivery or letter is gone, or the letter is not announced by e-mail)"),
            }
            Ok(())
        }
        NoticesCommand::Retry { id, dead } => {
            let now = clock.now();
            if dead {
                let n = db.write_blocking(|c| admin::retry_dead(c, None, now))?;
                println!("queued {n} dead notice(s) again");
            } else if let Some(id) = id {
                let n = db.write_blocking(|c| admin::retry(c, None, id, now))?;
                println!(
                    "notice {} is {} (to {})",
                    n.id,
                    n.status,
                    n.to_addr.as_deref().unwrap_or("-")
                );
            }
            Ok(())
        }
        NoticesCommand::Remind { remind } => {
            let settings = remind.settings();
            if !settings.enabled() {
                println!("reminders are off (SARABAN_REMIND_EVERY_DAYS=0)");
                return Ok(());
            }
            let now = clock.now();
            let o = db.write_blocking(|c| {
                crate::services::notices::reminders::run_reminders(c, now, &settings)
            })?;
            println!(
                "queued {} reminder digest(s) listing {} letter(s); {} office(s) already reminded this period, {} without an e-mail address",
                o.queued, o.letters, o.already_reminded, o.no_address
            );
            Ok(())
        }
    }
}

/// `saraban worker`: sends due notices until interrupted (Ctrl-C or SIGTERM), then finishes
/// the mail in flight. Any number may run against one database.
pub async fn run_worker(
    db: Db,
    mail: MailSettings,
    files_dir: std::path::PathBuf,
) -> Result<(), AppError> {
    let public_url = mail
        .public_url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let mailer = Arc::new(Mailer::new(&mail, &public_url).map_err(AppError::Internal)?);
    let handle = worker::spawn(
        db,
        mailer,
        Clock::System,
        Arc::new(tokio::sync::Notify::new()),
        WorkerConfig {
            poll_interval: mail.poll_interval,
            batch: mail.batch,
            reminders: Some(mail.reminders.clone()),
            files_dir: Some(files_dir),
            // Nothing reads it here: this process serves no `/ready`.
            heartbeat: Arc::new(crate::state::Heartbeat::new(mail.poll_interval)),
        },
    );
    wait_for_stop_signal().await;
    tracing::info!("stopping: finishing the mail in flight");
    handle.shutdown().await;
    Ok(())
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
