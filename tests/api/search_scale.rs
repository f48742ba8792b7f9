//! Search at scale: past the first thousand results by keyset, `total` capped at 1,000, date
//! filters, short queries bounded to the newest 10,000 letters, receipt numbers of the caller's
//! registers, and the caller's receipt and delivery status on each result. Both backends.

use crate::chain;
use crate::helpers::{assert_error, spawn_app, spawn_app_at, TestApp};
use crate::web_helpers::{web_user, WebClient};
use chrono::NaiveDate;
use diesel::prelude::*;
use reqwest::StatusCode;
use saraban::db::models::letter::NewLetter;
use saraban::db::schema::{letter_readers, letters, orgs};
use saraban::domain::{Actor, Role};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// More letters than `total` counts, so that paging past the cap is exercised for real.
const MANY: usize = 1_030;
const WORD: &str = "ภัยแล้ง";

/// The `i`th letter's date: shuffled over ten years (2016–2025); every 97th has none.
fn dated(i: usize) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2016, 1, 1)?;
    (!i.is_multiple_of(97)).then(|| first + chrono::Duration::days(((i * 7919) % 3650) as i64))
}

fn letter(i: usize, recorded_by: i64) -> NewLetter {
    let now = chrono::Utc::now().naive_utc();
    NewLetter {
        origin: "recorded".into(),
        issuer_id: None,
        from_name: "กรมป้องกันและบรรเทาสาธารณภัย".into(),
        recorded_by_org_id: Some(recorded_by),
        number_raw: format!("มท 0617/ว {i}"),
        number_canonical: format!("มท 0617/ว {i}"),
        running_number: None,
        circular: true,
        series_org_id: None,
        series: None,
        year_be: None,
        dated: dated(i),
        dated_raw: None,
        subject: format!("การป้องกันและแก้ไขปัญหา{WORD} ครั้งที่ {i}"),
        addressee: "ผู้ว่าราชการจังหวัดทุกจังหวัด".into(),
        kind: "external".into(),
        urgency: "normal".into(),
        secrecy: "normal".into(),
        issued_at: None,
        due_date: None,
        created_by: None,
        created_at: now,
    }
}

/// Inserts letters in bulk (multi-row statements), as an import would.
fn load(app: &TestApp, rows: Vec<NewLetter>) {
    app.db
        .write_blocking(move |c| Ok(saraban::db::backend::insert_letters_bulk(c, &rows)?))
        .expect("bulk load");
}

async fn page(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, v) = app.get(&format!("/api/v1/search?{query}"), token).await;
    assert_eq!(status, StatusCode::OK, "{query}: {v}");
    v
}

/// Every page of a search, following `next_cursor`: the (date, id) of each item in order.
async fn all_pages(app: &TestApp, token: &str, query: &str) -> Vec<(Option<String>, i64)> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("{query}&cursor={c}"),
            None => query.to_string(),
        };
        let p = page(app, token, &q).await;
        for item in p["items"].as_array().expect("items") {
            let d = item["dated"].as_str().map(str::to_string);
            seen.push((d, item["letter_id"].as_i64().expect("id")));
        }
        match p["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return seen,
        }
    }
}

/// Newest first: a known date before an unknown one, then the later date, then the higher id.
fn newest_first(a: &(Option<String>, i64), b: &(Option<String>, i64)) -> bool {
    match (&a.0, &b.0) {
        (Some(x), Some(y)) => x > y || (x == y && a.1 > b.1),
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => a.1 > b.1,
    }
}

/// Percent-encodes a query value.
fn q(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_search_pages_past_a_thousand_newest_first_and_counts_up_to_a_thousand() {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let other = app
        .org(json!({"name": "ศาลากลางจังหวัดชลบุรี", "kind": "province", "letter_code": "ชบ"}))
        .await;
    let clerk = app.user("pcb-clerk", "clerk", Some(hall));
    load(&app, (0..MANY).map(|i| letter(i, hall)).collect());
    load(&app, (MANY..MANY + 40).map(|i| letter(i, other)).collect());

    let word = format!("q={}&limit=100", q(WORD));
    let first = page(&app, &clerk, &word).await;
    assert_eq!(first["total"], 1000);
    assert_eq!(first["total_capped"], true);
    assert_eq!(first["bounded_to"], Value::Null);
    for token in [&clerk, &app.admin_token] {
        let seen = all_pages(&app, token, &word).await;
        let expected = if *token == clerk { MANY } else { MANY + 40 };
        assert_eq!(
            seen.len(),
            expected,
            "every letter, once, past the first thousand"
        );
        let ids: BTreeSet<i64> = seen.iter().map(|s| s.1).collect();
        assert_eq!(ids.len(), expected);
        assert!(seen.windows(2).all(|w| newest_first(&w[0], &w[1])));
        assert!(
            seen.last().is_some_and(|s| s.0.is_none()),
            "unknown dates last"
        );
    }

    // พ.ศ. 2560 is 2017; from/to are inclusive ISO dates.
    let in_2017 = (0..MANY)
        .filter(|i| dated(*i).is_some_and(|d| d.format("%Y").to_string() == "2017"))
        .count();
    let p = page(&app, &clerk, &format!("{word}&year=2560")).await;
    assert_eq!(p["total"], in_2017 as i64);
    assert_eq!(p["total_capped"], false);
    let from = NaiveDate::from_ymd_opt(2024, 3, 1).expect("from");
    let to = NaiveDate::from_ymd_opt(2024, 3, 31).expect("to");
    let in_march = (0..MANY)
        .filter(|i| dated(*i).is_some_and(|d| d >= from && d <= to))
        .count();
    let march = all_pages(
        &app,
        &clerk,
        &format!("{word}&from=2024-03-01&to=2024-03-31"),
    )
    .await;
    assert_eq!(march.len(), in_march);
    assert!(march
        .iter()
        .all(|(d, _)| d.as_deref().is_some_and(|d| d.starts_with("2024-03"))));

    // Two letters: only the newest 10,000 letters are searched, and the answer says so.
    let short = page(&app, &clerk, &format!("q={}", q("ภั"))).await;
    assert_eq!(short["bounded_to"], 10000);
    assert_eq!(short["total"], 1000);

    for (query, status, code) in [
        ("year=2025", 422, "invalid_year"),
        ("year=2600", 422, "invalid_year"),
        ("year=abc", 400, "malformed_request"),
        ("from=2568-01-01", 422, "invalid_from"),
        ("from=2025-02-30", 422, "invalid_from"),
        ("from=1931-12-31", 422, "invalid_from"),
        ("from=2025-02-01&to=2025-01-31", 422, "invalid_to"),
        ("cursor=2025-01-01", 422, "invalid_cursor"),
    ] {
        let reply = app
            .get(&format!("/api/v1/search?{word}&{query}"), &clerk)
            .await;
        assert_error(&reply, status, code);
    }
}

/// The rows `letter_readers` keeps for one office equal what the visibility rule says.
fn readers_follow_the_rule(app: &TestApp) {
    crate::helpers::dispatch_readers_written(&app.db);
    app.db
        .read_blocking(|c| {
            let offices: Vec<i64> = orgs::table.select(orgs::id).load(c)?;
            for office in offices {
                let actor = Actor {
                    user_id: 0,
                    name: String::new(),
                    role: Role::Clerk,
                    org_id: Some(office),
                    scope: vec![office],
                };
                let rule: BTreeSet<i64> = letters::table
                    .filter(saraban::db::visibility::visible_to(&actor))
                    .select(letters::id)
                    .load::<i64>(c)?
                    .into_iter()
                    .collect();
                let kept: BTreeSet<i64> = letter_readers::table
                    .filter(letter_readers::org_id.eq(office))
                    .select(letter_readers::letter_id)
                    .load::<i64>(c)?
                    .into_iter()
                    .collect();
                assert_eq!(kept, rule, "office {office}");
            }
            Ok(())
        })
        .expect("readers");
}

fn item(p: &Value, letter: i64) -> &Value {
    p["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["letter_id"] == letter)
        .unwrap_or_else(|| panic!("letter {letter} in {p}"))
}

#[tokio::test]
async fn receipt_numbers_find_letters_and_results_show_my_receipt_and_status() {
    let app = spawn_app_at(chain::NOW).await;
    let c = chain::build(&app).await;
    readers_follow_the_rule(&app);

    // The hall's register (4720) and its units' (the provincial office's 2197).
    for query in ["4720", "๔๗๒๐", "รับ ๔๗๒๐", "2197"] {
        let p = page(&app, &c.hall_clerk, &format!("q={}", q(query))).await;
        assert_eq!(p["total"], 1, "{query}: {p}");
        assert_eq!(p["items"][0]["letter_id"], c.l1);
    }
    // Another office's register number finds nothing for the strategy group.
    let p = page(&app, &c.strat_clerk, &format!("q={}", q("รับ ๔๗๒๐"))).await;
    assert_eq!(p["total"], 0, "{p}");
    let p = page(&app, &c.strat_clerk, &format!("q={}", q("รับ ๗๘๓"))).await;
    assert_eq!(p["items"][0]["letter_id"], c.l1);

    let subject = format!("q={}", q("ภาครัฐระบบเปิด"));
    // The hall's own receipt comes before its units'.
    let hall = page(&app, &c.hall_clerk, &subject).await;
    let mine = &item(&hall, c.l1)["my_receipt"];
    assert_eq!(
        (mine["number"].as_i64(), mine["year_be"].as_i64()),
        (Some(4720), Some(2569))
    );
    assert_eq!(mine["id"], c.hall_receipt);
    assert!(
        mine.get("received_at").is_some(),
        "logged by date alone: null, but present"
    );
    assert_eq!(item(&hall, c.l1)["my_status"], "received");
    assert_eq!(item(&hall, c.l2)["my_receipt"], Value::Null);
    assert_eq!(item(&hall, c.l2)["my_status"], Value::Null);
    let strat = page(&app, &c.strat_clerk, &subject).await;
    assert_eq!(item(&strat, c.l1)["my_receipt"]["number"], 783);
    let mueang = page(&app, &c.mueang_clerk, &subject).await;
    assert_eq!(item(&mueang, c.l2)["my_receipt"]["number"], 3654);
    let nadi = page(&app, &c.nadi_clerk, &subject).await;
    assert_eq!(item(&nadi, c.l2)["my_receipt"], Value::Null);
    // Nadi acknowledged the circular by e-mail without logging it: a status, no receipt.
    assert_eq!(item(&nadi, c.l2)["my_status"], "acknowledged");

    // The page says the same in Thai.
    web_user(&app, "hall.web", "clerk", Some(c.hall));
    let mut web = WebClient::new(&app);
    web.sign_in("hall.web").await;
    let found = web.get(&format!("/search?{subject}")).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("รับ ๔๗๒๐/๒๕๖๙"), "{}", found.body);
    assert!(found.body.contains("ลงรับแล้ว"));
}

#[tokio::test]
async fn the_page_says_more_than_a_thousand() {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    load(&app, (0..MANY).map(|i| letter(i, hall)).collect());
    web_user(&app, "hall.web", "clerk", Some(hall));
    let mut web = WebClient::new(&app);
    web.sign_in("hall.web").await;
    let found = web.get(&format!("/search?q={}&year=2560", q(WORD))).await;
    assert!(found.body.contains("พบ ๑"), "{}", found.body);
    let found = web.get(&format!("/search?q={}", q(WORD))).await;
    assert!(found.body.contains("พบ มากกว่า ๑,๐๐๐ ฉบับ"), "{}", found.body);
    assert!(found.body.contains("cursor="));
    let short = web.get(&format!("/search?q={}", q("ภั"))).await;
    assert!(short.body.contains("ค้นเฉพาะหนังสือล่าสุด ๑๐,๐๐๐ ฉบับ"));
    // The year typed in Thai digits is a พ.ศ. year; a ค.ศ. year or letters come back in Thai
    // at the year field, never in English.
    let thai = web
        .get(&format!("/search?q={}&year={}", q(WORD), q("๒๕๖๐")))
        .await;
    assert!(thai.body.contains("พบ ๑"), "{}", thai.body);
    for (year, says) in [("2017", "ให้บวก ๕๔๓"), ("abc", "ต้องเป็นตัวเลข")]
    {
        let bad = web.get(&format!("/search?q={}&year={year}", q(WORD))).await;
        assert!(bad.body.contains("id=\"year-error\""), "{}", bad.body);
        assert!(bad.body.contains(says), "{year}: {}", bad.body);
        assert!(bad.body.contains("aria-invalid=\"true\""));
        assert!(!bad.body.contains("Buddhist"), "English on a Thai page");
    }
}

#[derive(QueryableByName)]
struct IndexCount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Indexes in the database, partitions' own included.
fn index_count(app: &TestApp) -> i64 {
    let sql = if app.db.url().is_sqlite() {
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index'"
    } else {
        "SELECT count(*) AS n FROM pg_indexes WHERE schemaname = current_schema()"
    };
    app.db
        .read_blocking(|c| Ok(diesel::sql_query(sql).get_result::<IndexCount>(c)?.n))
        .expect("index count")
}

#[tokio::test]
async fn a_bulk_load_puts_back_every_search_index_and_search_finds_its_letters() {
    let app = spawn_app().await;
    let hall = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let clerk = app.user("pcb-clerk", "clerk", Some(hall));
    let before = index_count(&app);
    let set_aside = app
        .db
        .write_blocking(|c| Ok(saraban::db::bulk::begin(c)?))
        .expect("begin");
    load(&app, (0..60).map(|i| letter(i, hall)).collect());
    app.db
        .write_blocking(move |c| Ok(saraban::db::bulk::finish(c, set_aside)?))
        .expect("finish");
    assert_eq!(index_count(&app), before, "every index, on every partition");
    let found = page(&app, &clerk, &format!("q={}&limit=100", q(WORD))).await;
    let expected = (0..60)
        .filter(|i| letter(*i, hall).subject.contains(WORD))
        .count();
    assert!(expected > 0);
    assert_eq!(found["total"], expected);
}
