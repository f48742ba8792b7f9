//! The Core 2 migration reverts and re-applies cleanly on both backends.

use crate::helpers::postgres_for;

use crate::helpers::TestDb;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::MigrationHarness;
use saraban::db::migrations::POSTGRES;
use saraban::db::migrations::SQLITE;

#[test]
fn the_latest_migration_reverts_and_reapplies_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("revert.db");
    let mut c = SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    c.run_pending_migrations(SQLITE).expect("up");
    c.revert_last_migration(SQLITE).expect("down");
    assert_eq!(c.run_pending_migrations(SQLITE).expect("up again").len(), 1);
}

#[test]
fn the_latest_migration_reverts_and_reapplies_on_postgres() {
    let Some(url) = postgres_for("migration revert") else {
        return;
    };
    let db = TestDb::postgres(&url);
    let mut c = saraban::db::connect_postgres(&db.url()).expect("postgres");
    c.run_pending_migrations(POSTGRES).expect("up");
    c.revert_last_migration(POSTGRES).expect("down");
    assert_eq!(
        c.run_pending_migrations(POSTGRES).expect("up again").len(),
        1
    );
}
