//! PostgreSQL writes a dispatch's reader rows (the recipients' search index) after the dispatch
//! commits (docs/decisions/0011-dispatch-readers-after-commit.md). A recipient's search finds
//! the letter the moment it is delivered, while the rows are queued, half written and written,
//! and after logging its receipt meanwhile; another office never does; nothing is found twice.

use crate::helpers::{postgres_for, spawn_app_on, TestDb};
use diesel::sql_types::BigInt;
use diesel::{QueryableByName, RunQueryDsl};
use saraban::clock::Clock;
use saraban::db::{AnyConnection, Db};
use saraban::domain::Actor;
use saraban::services::deliveries::dispatch::{dispatch, DispatchRequest};
use saraban::services::receipts::record::{record, ReceiptRequest};
use saraban::services::search::find::{search, SearchParams};
use serde_json::json;

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(c: &mut AnyConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(c).expect("count").n
}

fn actor(c: &mut AnyConnection, name: &str) -> Actor {
    let user = saraban::db::models::user::find_by_name(c, name)
        .expect("user")
        .expect("user exists");
    saraban::db::models::user::load_actor(c, user).expect("actor")
}

/// The letters `who` finds with a word from the middle of the subject.
fn found(c: &mut AnyConnection, who: &Actor) -> (Vec<i64>, i64) {
    let params = SearchParams {
        q: Some("ภาคีเครือข่าย".into()),
        ..SearchParams::default()
    };
    let page = search(c, who, &params, Clock::System.now()).expect("search");
    (page.items.iter().map(|i| i.letter_id).collect(), page.total)
}

#[tokio::test]
async fn recipients_find_a_dispatched_letter_while_its_reader_rows_are_queued_and_after() {
    let Some(admin) = postgres_for("dispatch readers after commit") else {
        return;
    };
    let app = spawn_app_on(TestDb::postgres(&admin), Clock::System, |_| {}).await;
    let hall = app
        .org(json!({"code": "P25", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ"}))
        .await;
    let mut districts = Vec::new();
    for (i, name) in ["เมืองปราจีนบุรี", "กบินทร์บุรี", "ศรีมหาโพธิ"].iter().enumerate()
    {
        let id = app
            .org(
                json!({"code": format!("P25D0{}", i + 1), "name": format!("ที่ว่าการอำเภอ{name}"),
                        "kind": "district", "parent_id": hall}),
            )
            .await;
        app.user(&format!("district-{i}"), "clerk", Some(id));
        districts.push(id);
    }
    let chonburi = app
        .org(json!({"code": "P20", "name": "ศาลากลางจังหวัดชลบุรี", "kind": "province", "letter_code": "ชบ"}))
        .await;
    app.user("hall-clerk", "clerk", Some(hall));
    app.user("chonburi-clerk", "clerk", Some(chonburi));
    let (status, letter) = app
        .post(
            "/api/v1/letters",
            &app.user("hall-recorder", "clerk", Some(hall)),
            json!({"number": "ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "dated": "2026-05-03",
                   "subject": "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด",
                   "from_name": "จังหวัดปราจีนบุรี", "addressee": "นายอำเภอทุกอำเภอ"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{letter}");
    let letter_id = letter["id"].as_i64().expect("letter id");
    // Let the upkeep round that the last write asked for pass (it starts after a second). The
    // dispatch below runs on a connection of its own, which asks for none.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;

    let mut c = app.db.standalone_connection().expect("connection");
    let hall_clerk = actor(&mut c, "hall-clerk");
    let readers: Vec<Actor> = (0..3)
        .map(|i| actor(&mut c, &format!("district-{i}")))
        .collect();
    let outsider = actor(&mut c, "chonburi-clerk");
    let req = DispatchRequest {
        sender_id: hall,
        recipient_ids: districts.clone(),
        ..DispatchRequest::default()
    };
    let sent = Db::transaction_on(&mut c, |c| {
        dispatch(c, &hall_clerk, letter_id, &req, Clock::System.now())
    })
    .expect("dispatch");
    let ids: Vec<String> = districts.iter().map(i64::to_string).collect();
    let rows_sql = format!(
        "SELECT count(*) AS n FROM letter_readers WHERE letter_id = {letter_id} AND org_id IN ({})",
        ids.join(", ")
    );

    // Queued: no reader row yet, and every recipient finds the letter once.
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM reader_backlog"), 1);
    assert_eq!(count(&mut c, &rows_sql), 0);
    for who in &readers {
        assert_eq!(found(&mut c, who), (vec![letter_id], 1));
    }
    assert_eq!(found(&mut c, &outsider), (vec![], 0));

    // The first district logs its copy while the dispatch is queued: its row is left to the
    // queue (no second writer of the key), and it still finds the letter once.
    let first = sent
        .deliveries
        .iter()
        .find(|d| d.recipient_id == districts[0])
        .expect("the first district's delivery");
    let logged = ReceiptRequest {
        delivery_id: Some(first.id),
        ..ReceiptRequest::default()
    };
    Db::transaction_on(&mut c, |c| {
        record(c, &readers[0], districts[0], &logged, Clock::System.now())
    })
    .expect("receipt");
    assert_eq!(count(&mut c, &rows_sql), 0);
    assert_eq!(found(&mut c, &readers[0]), (vec![letter_id], 1));

    // Two deliveries' rows written: the mark moves, and still each recipient finds it once.
    assert_eq!(
        count(
            &mut c,
            "SELECT saraban_index_dispatch_readers(2)::bigint AS n"
        ),
        1
    );
    assert_eq!(count(&mut c, &rows_sql), 2);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) AS n FROM reader_backlog WHERE done_through > 0"
        ),
        1
    );
    for who in &readers {
        assert_eq!(found(&mut c, who), (vec![letter_id], 1));
    }

    // Written: the queue is empty and the rows are there.
    let AnyConnection::Postgres(pg) = &mut c else {
        unreachable!("a PostgreSQL test database")
    };
    saraban::db::index_dispatch_readers(pg).expect("index the queued dispatches");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM reader_backlog"), 0);
    assert_eq!(count(&mut c, &rows_sql), 3);
    for who in &readers {
        assert_eq!(found(&mut c, who), (vec![letter_id], 1));
    }
    assert_eq!(found(&mut c, &outsider), (vec![], 0));
}
