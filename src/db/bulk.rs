//! Loading many letters at once (the benchmark's search set, an import from another system).
//!
//! The rows go through the same statements and triggers as any insert; what changes is when the
//! search indexes do their work. On PostgreSQL the non-unique indexes of `letters` and
//! `letter_readers` (the trigram GINs and the readers' date order) are dropped for the load and
//! built again once after it, as `CREATE INDEX` builds them, instead of row by row; unique
//! indexes and keys stay, so every constraint is checked as usual. On SQLite, whose search
//! tables are B-trees kept in key order, the loading connection holds them in a larger page
//! cache for the load, so a letter dated anywhere in ten years does not cost a read from disk.
//!
//! For a database nobody else uses while it loads: between [`begin`] and [`finish`] searches on
//! PostgreSQL scan, and a load that fails half-way leaves the indexes to be created again.

use crate::db::AnyConnection;
use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

/// The SQLite page cache of the loading connection during a load, in KiB (1 GiB).
const SQLITE_LOAD_CACHE_KIB: u32 = 1 << 20;
/// SQLite's own default page cache, in KiB, restored after the load.
const SQLITE_DEFAULT_CACHE_KIB: u32 = 2000;

/// What a load put aside and [`finish`] puts back.
#[derive(Debug, Default)]
pub struct BulkLoad {
    /// PostgreSQL: the definitions of the indexes dropped for the load.
    indexes: Vec<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    def: String,
}

/// Prepares the connection for a load; run [`finish`] when the rows are in.
pub fn begin(conn: &mut AnyConnection) -> QueryResult<BulkLoad> {
    match conn {
        AnyConnection::Sqlite(c) => {
            c.batch_execute(&format!("PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}"))?;
            Ok(BulkLoad::default())
        }
        AnyConnection::Postgres(c) => {
            let rows: Vec<IndexRow> = diesel::sql_query(
                "SELECT ic.relname::text AS name, pg_get_indexdef(i.indexrelid) AS def
                 FROM pg_index i
                 JOIN pg_class ic ON ic.oid = i.indexrelid
                 JOIN pg_class t ON t.oid = i.indrelid
                 WHERE t.relname IN ('letters', 'letter_readers')
                   AND t.relnamespace = current_schema()::regnamespace
                   AND NOT i.indisunique AND NOT i.indisprimary
                 ORDER BY ic.relname",
            )
            .load(c)?;
            for r in &rows {
                c.batch_execute(&format!("DROP INDEX {}", quote_ident(&r.name)))?;
            }
            Ok(BulkLoad {
                indexes: rows
                    .into_iter()
                    .map(|r| recreate_on_partitions(&r.def))
                    .collect(),
            })
        }
    }
}

/// Builds again what [`begin`] put aside.
pub fn finish(conn: &mut AnyConnection, load: BulkLoad) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            c.batch_execute(&format!("PRAGMA cache_size = -{SQLITE_DEFAULT_CACHE_KIB}"))
        }
        AnyConnection::Postgres(c) => {
            // A GIN over millions of rows builds much faster with room to sort in memory.
            c.batch_execute("SET LOCAL maintenance_work_mem = '512MB'")?;
            for def in &load.indexes {
                c.batch_execute(def)?;
            }
            Ok(())
        }
    }
}

/// A partitioned table's index is described `ON ONLY` the parent; built that way it would not
/// cover the partitions. Built on the parent, it is built on every partition.
fn recreate_on_partitions(def: &str) -> String {
    def.replacen(" ON ONLY ", " ON ", 1)
}

/// `name` as a PostgreSQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn partitioned_indexes_are_built_on_the_partitions() {
        assert_eq!(
            super::recreate_on_partitions(
                "CREATE INDEX letter_readers_date ON ONLY public.letter_readers USING btree (org_id)"
            ),
            "CREATE INDEX letter_readers_date ON public.letter_readers USING btree (org_id)"
        );
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(super::quote_ident("letters_trgm"), "\"letters_trgm\"");
        assert_eq!(super::quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
