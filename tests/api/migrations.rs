//! Both migration folders stay in step.

use crate::helpers::postgres_for;

use crate::helpers::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::BTreeSet;

fn names(dialect: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{dialect}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(&dir)
        .expect("migrations folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn both_dialects_have_the_same_migrations() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        for dialect in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = format!(
                    "{}/migrations/{dialect}/{name}/{file}",
                    env!("CARGO_MANIFEST_DIR")
                );
                assert!(std::path::Path::new(&path).exists(), "{path} is missing");
            }
        }
    }
}

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
}

/// Folds each backend's type names onto the portable set of docs/database.md.
fn portable(t: &str) -> &'static str {
    let t = t.to_ascii_lowercase();
    match t.as_str() {
        "integer" | "bigint" => "bigint",
        "text" | "character varying" => "text",
        "boolean" => "bool",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "date" => "date",
        _ => "other",
    }
}

#[test]
fn both_dialects_build_the_same_columns() {
    let Some(admin) = postgres_for("schema parity between SQLite and PostgreSQL") else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let sqlite_url = format!("sqlite://{}", dir.path().join("p.db").display());
    let pg = TestDb::postgres(&admin);
    let options = saraban::db::DbOptions::default();
    let sqlite_db = saraban::db::Db::connect(
        saraban::db::DatabaseUrl::parse(&sqlite_url).expect("url"),
        &options,
    )
    .expect("sqlite");
    let pg_db = saraban::db::Db::connect(
        saraban::db::DatabaseUrl::parse(&pg.url()).expect("url"),
        &options,
    )
    .expect("pg");

    let sqlite_cols: BTreeSet<(String, String, String, bool)> = sqlite_db
        .read_blocking(|c| {
            Ok(diesel::sql_query(
                "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
                 CAST(CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS BIGINT) AS nullable \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%' \
                   AND m.name NOT LIKE '%_fts%'",
            )
            .load::<Column>(c)?)
        })
        .expect("sqlite columns")
        .into_iter()
        .map(|c| (c.table_name, c.column_name, portable(&c.data_type).into(), c.nullable == 1))
        .collect();
    // `reader_backlog` is PostgreSQL's alone: its queue of dispatches whose search rows are
    // written after commit (docs/decisions/0011-dispatch-readers-after-commit.md).
    let pg_cols: BTreeSet<(String, String, String, bool)> = pg_db
        .read_blocking(|c| {
            Ok(diesel::sql_query(
                "SELECT table_name::text, column_name::text, data_type::text, \
                 CAST(CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS BIGINT) AS nullable \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                   AND table_name NOT LIKE '__diesel%' \
                   AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition) \
                   AND table_name <> 'reader_backlog'",
            )
            .load::<Column>(c)?)
        })
        .expect("pg columns")
        .into_iter()
        .map(|c| {
            (
                c.table_name,
                c.column_name,
                portable(&c.data_type).into(),
                c.nullable == 1,
            )
        })
        .collect();
    assert!(!sqlite_cols.is_empty());
    let only_sqlite: Vec<_> = sqlite_cols.difference(&pg_cols).collect();
    let only_pg: Vec<_> = pg_cols.difference(&sqlite_cols).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_pg:?}"
    );
    drop(pg_db);
}
