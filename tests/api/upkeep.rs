//! The upkeep after commits (`src/db/checkpoint.rs`): SQLite's log starts over under a steady
//! stream of writes, since the writer completes a checkpoint after answering once the log is
//! long; PostgreSQL's trigram pending lists are merged by `saraban_clean_pending_lists()`.

use crate::helpers::{postgres_for, TestDb};
use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::{QueryableByName, RunQueryDsl};
use saraban::db::{AnyConnection, DatabaseUrl, Db, DbOptions, WRITER_CHECKPOINT_FRAMES};
use saraban::error::AppError;

fn open(db: &TestDb) -> Db {
    let url = DatabaseUrl::parse(&db.url()).expect("database URL");
    Db::connect(url, &DbOptions::default()).expect("open the database")
}

#[test]
fn under_a_steady_stream_of_writes_the_sqlite_log_starts_over() {
    let tdb = TestDb::sqlite();
    let TestDb::Sqlite { path, .. } = &tdb else {
        unreachable!("TestDb::sqlite() is a SQLite file")
    };
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    ));
    let db = open(&tdb);
    db.write_blocking(|c| {
        c.batch_execute(
            "CREATE TABLE upkeep_scratch (b BLOB); INSERT INTO upkeep_scratch VALUES (NULL);",
        )?;
        Ok(())
    })
    .expect("scratch table");
    // Back-to-back writes of 64 KiB (16 pages and their b-tree) with no pause for a checkpoint
    // run beside them to complete: sixteen thresholds' worth of log in all.
    let writes = 16 * WRITER_CHECKPOINT_FRAMES / 16;
    for _ in 0..writes {
        db.write_blocking(|c| {
            c.batch_execute("UPDATE upkeep_scratch SET b = randomblob(65536)")?;
            Ok::<_, AppError>(())
        })
        .expect("write");
    }
    // The log file never shrinks: its length is the longest the log ever was. Had the log never
    // started over it would hold every write (sixteen thresholds and more). It starts over once
    // the writer has heard from the upkeep thread that the log passed the threshold, a gather
    // or more later when the tests beside this one keep that thread waiting for a core, so how
    // long it gets depends on the machine: about two thresholds alone on a fast one, 3.3 beside
    // the other tests. Six, three eighths of the whole, is the bound.
    let longest = std::fs::metadata(&wal).expect("the log").len();
    let bound = 6 * WRITER_CHECKPOINT_FRAMES * 4096;
    assert!(
        longest < bound,
        "the log grew to {longest} bytes over {writes} writes (bound {bound}): it did not start over"
    );
}

#[derive(QueryableByName)]
struct Merged {
    #[diesel(sql_type = BigInt)]
    merged: i64,
}

fn merge(c: &mut AnyConnection) -> Result<i64, AppError> {
    let AnyConnection::Postgres(pg) = c else {
        return Err(AppError::Internal("not PostgreSQL".into()));
    };
    Ok(
        diesel::sql_query("SELECT saraban_clean_pending_lists(true) AS merged")
            .get_result::<Merged>(pg)?
            .merged,
    )
}

#[test]
fn postgres_pending_lists_are_merged_by_the_upkeep_function() {
    let Some(admin) = postgres_for("PostgreSQL pending-list merge") else {
        return;
    };
    let tdb = TestDb::postgres(&admin);
    let db = open(&tdb);
    // Let the upkeep round that opening the database asks for pass (it merges after a second).
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let (before, after) = db
        .write_blocking(|c| {
            c.batch_execute(
                "INSERT INTO letters (origin, from_name, number_raw, number_canonical, circular, \
                 subject, addressee, kind, urgency, secrecy, created_at) \
                 SELECT 'recorded', 'สำนักงานจังหวัดปราจีนบุรี', 'ปจ 0017.2/ว ' || i, \
                 'ปจ0017.2/ว' || i, true, \
                 'การประเมินส่วนราชการตามมาตรการปรับปรุงประสิทธิภาพ ครั้งที่ ' || i, \
                 'ผู้ว่าราชการจังหวัด', 'external', 'normal', 'normal', now() \
                 FROM generate_series(1, 200) AS i",
            )?;
            // In the same transaction, so no upkeep round can merge them first.
            Ok((merge(c)?, merge(c)?))
        })
        .expect("merge");
    assert!(
        before > 0,
        "200 new letters left no pending-list page to merge"
    );
    assert_eq!(after, 0, "a merged pending list still had pages");
}
