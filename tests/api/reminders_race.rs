//! Reminder passes that overlap (two instances on one database) and the command line.

use crate::email_setup::setup;
use crate::helpers::instant;
use crate::reminders::digests;
use saraban::config::mail::ReminderSettings;
use saraban::db::DatabaseUrl;
use saraban::db::Db;
use saraban::db::DbOptions;
use saraban::services::notices::reminders::run_reminders;
use saraban::services::notices::reminders::ReminderOutcome;
use serde_json::json;
use std::process::Command;
use std::sync::{Arc, Barrier};

#[tokio::test]
async fn two_instances_running_the_pass_at_once_queue_one_digest_per_office() {
    let s = setup(3).await;
    let to: Vec<i64> = s.offices.iter().map(|(id, _)| *id).collect();
    s.dispatch(json!({}), &to).await;
    let now = instant("2026-05-09T03:00:00Z");

    // A second instance: its own pools on the same database.
    let url = DatabaseUrl::parse(&s.app.test_db.url()).expect("url");
    let other = Db::connect(url, &DbOptions::default()).expect("second instance");
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<std::thread::JoinHandle<ReminderOutcome>> = [s.app.db.clone(), other]
        .into_iter()
        .map(|db| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                db.write_blocking(|c| run_reminders(c, now, &ReminderSettings::default()))
                    .expect("pass")
            })
        })
        .collect();
    let outcomes: Vec<ReminderOutcome> = runs
        .into_iter()
        .map(|r| r.join().expect("thread"))
        .collect();
    let queued: usize = outcomes.iter().map(|o| o.queued).sum();
    let skipped: usize = outcomes.iter().map(|o| o.already_reminded).sum();
    assert_eq!((queued, skipped), (3, 3), "{outcomes:?}");
    let mut rcpts: Vec<String> = digests(&s).into_iter().filter_map(|n| n.to_addr).collect();
    rcpts.sort();
    let mut expected: Vec<String> = s.offices.iter().map(|(_, e)| e.clone()).collect();
    expected.sort();
    assert_eq!(rcpts, expected, "one digest per office");
}

#[tokio::test]
async fn a_weekly_period_reminds_once_a_week() {
    let s = setup(1).await;
    s.dispatch(json!({}), &[s.offices[0].0]).await;
    let weekly = ReminderSettings {
        every_days: 7,
        ..ReminderSettings::default()
    };
    let mut reminded_on = Vec::new();
    for day in 9..=23 {
        let now = instant(&format!("2026-05-{day:02}T03:00:00Z"));
        let o = s
            .app
            .db
            .write_blocking(|c| run_reminders(c, now, &weekly))
            .expect("pass");
        if o.queued > 0 {
            reminded_on.push(day);
        }
    }
    // Periods of seven days counted from 1970-01-01 (a Thursday): 7–13, 14–20, 21–27 May.
    assert_eq!(reminded_on, [9, 14, 21]);
}

#[tokio::test]
async fn notices_remind_runs_one_pass_and_says_how_many_were_queued() {
    let s = setup(1).await;
    // Dispatched on 5 May 2026 by the test clock; the command uses the real clock, later.
    s.dispatch(json!({}), &[s.offices[0].0]).await;
    let remind = || {
        let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args(["--database-url", &s.app.test_db.url(), "notices", "remind"])
            .env_remove("SARABAN_REMIND_EVERY_DAYS")
            .env_remove("SARABAN_REMIND_AFTER_DAYS")
            .output()
            .expect("run saraban");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let first = remind();
    assert!(first.starts_with("queued 1 reminder digest(s)"), "{first}");
    let second = remind();
    assert!(
        second.starts_with("queued 0 reminder digest(s)") && second.contains("1 office(s) already"),
        "{second}"
    );
    assert_eq!(digests(&s).len(), 1);
}
