//! The working-day calendar: holidays by API and CLI, deadlines in working days, reminders
//! counted in working days.

use crate::email_setup::setup;
use crate::helpers::{assert_error, spawn_app_at};
use crate::reminders::pass;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::io::Write;
use std::process::Command;

#[tokio::test]
async fn admins_keep_the_holidays_and_everyone_reads_them_by_buddhist_year() {
    let app = spawn_app_at("2026-04-01T03:00:00Z").await;
    let office = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let clerk = app.user("clerk", "clerk", Some(office));
    let admin = app.admin_token.clone();
    let songkran = json!({"date": "2026-04-13", "name": "วันสงกรานต์"});
    let (status, added) = app.post("/api/v1/holidays", &admin, songkran.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["date_th"], "๑๓ เมษายน ๒๕๖๙");
    assert_error(
        &app.post("/api/v1/holidays", &admin, songkran.clone()).await,
        409,
        "holiday_exists",
    );
    assert_error(
        &app.post("/api/v1/holidays", &clerk, songkran).await,
        403,
        "forbidden",
    );
    let bad = json!({"date": "2569-04-13", "name": "x"});
    assert_error(
        &app.post("/api/v1/holidays", &admin, bad).await,
        422,
        "invalid_date",
    );

    let (status, list) = app.get("/api/v1/holidays?year=2569", &clerk).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list[0]["date"], "2026-04-13");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let (_, current) = app.get("/api/v1/holidays", &clerk).await;
    assert_eq!(current, list, "the current Buddhist-Era year by default");
    let (_, other) = app.get("/api/v1/holidays?year=2570", &clerk).await;
    assert_eq!(other, json!([]));
    assert_error(
        &app.get("/api/v1/holidays?year=26", &clerk).await,
        422,
        "invalid_year",
    );

    let path = "/api/v1/holidays/2026-04-13";
    assert_error(
        &app.send(Method::DELETE, path, Some(&clerk), None).await,
        403,
        "forbidden",
    );
    let (status, _) = app.send(Method::DELETE, path, Some(&admin), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_error(
        &app.send(Method::DELETE, path, Some(&admin), None).await,
        404,
        "holiday_not_found",
    );
}

#[tokio::test]
async fn a_deadline_in_working_days_skips_weekends_and_holidays_and_a_date_stays_as_written() {
    let app = spawn_app_at("2026-04-01T03:00:00Z").await;
    for (date, name) in [
        ("2026-04-13", "วันสงกรานต์"),
        ("2026-04-14", "วันสงกรานต์"),
        ("2026-04-15", "วันสงกรานต์"),
    ] {
        let (status, v) = app
            .post(
                "/api/v1/holidays",
                &app.admin_token,
                json!({"date": date, "name": name}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
    }
    let office = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207"}))
        .await;
    let clerk = app.user("clerk", "clerk", Some(office));
    let path = format!("/api/v1/orgs/{office}/letters");
    let letter = |due: &str| json!({"subject": "ขอรายงาน", "addressee": "ทุกจังหวัด", "dated": "2026-04-10", "due_date": due});
    // Friday 10 April + 5 working days: Thu 16, Fri 17, Mon 20, Tue 21, Wed 22.
    let (status, v) = app.post(&path, &clerk, letter("๕ วันทำการ")).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["due_date"], "2026-04-22");
    let (_, v) = app.post(&path, &clerk, letter("2026-04-14")).await;
    assert_eq!(
        v["due_date"], "2026-04-14",
        "a date on a holiday is kept as written"
    );
    assert_error(
        &app.post(&path, &clerk, letter("0 วันทำการ")).await,
        422,
        "invalid_due_date",
    );
    assert_error(
        &app.post(&path, &clerk, letter("999 วันทำการ")).await,
        422,
        "invalid_due_date",
    );
}

#[tokio::test]
async fn reminders_wait_working_days_not_calendar_days() {
    let s = setup(1).await;
    // Tuesday 5 May; Wednesday 6 and Thursday 7 are holidays in this test's calendar.
    for date in ["2026-05-06", "2026-05-07"] {
        let body = json!({"date": date, "name": "วันหยุดทดสอบ"});
        let (status, v) = s
            .app
            .post("/api/v1/holidays", &s.app.admin_token, body)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
    }
    s.dispatch(json!({"subject": "เรื่องรอรับทราบ"}), &[s.offices[0].0])
        .await;
    // Saturday 9 May: one working day (Friday 8) has passed; three calendar days would remind.
    s.app
        .clock
        .set(crate::helpers::instant("2026-05-09T03:00:00Z"));
    assert_eq!(pass(&s).queued, 0);
    // Tuesday 12 May: Friday 8, Monday 11, Tuesday 12.
    s.app
        .clock
        .set(crate::helpers::instant("2026-05-12T03:00:00Z"));
    assert_eq!(pass(&s).queued, 1);
}

#[tokio::test]
async fn the_cli_imports_a_cited_list_and_lists_a_year() {
    let app = spawn_app_at("2026-04-01T03:00:00Z").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("holidays.csv");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args(["--database-url", &app.test_db.url(), "holidays"])
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let write = |text: &str| {
        std::fs::File::create(&file)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("csv");
    };
    write("\u{feff}# source: a test list\ndate,name\n2026-04-13,วันสงกรานต์\n2026-04-14,วันสงกรานต์\n");
    let path = file.to_str().expect("path");
    assert_eq!(run(&["import", path]), "added 2, renamed 0, unchanged 0");
    write("date,name\n2026-04-13,วันสงกรานต์\n2026-04-14,วันครอบครัว\n");
    assert_eq!(run(&["import", path]), "added 0, renamed 1, unchanged 1");
    assert_eq!(
        run(&["list", "--year", "2569"]),
        "2026-04-13\t๑๓ เมษายน ๒๕๖๙\tวันสงกรานต์\n2026-04-14\t๑๔ เมษายน ๒๕๖๙\tวันครอบครัว"
    );
    write("date,name\n2026-04-15,วันสงกรานต์\n17/04/2569,x\n");
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args([
            "--database-url",
            &app.test_db.url(),
            "holidays",
            "import",
            path,
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_eq!(
        run(&["list", "--year", "2569"]).lines().count(),
        2,
        "a bad row changes nothing"
    );
}
