//! The database handle: pools for both backends, and the only way code reaches a connection.
//!
//! `write` runs its closure in one transaction (on SQLite `BEGIN IMMEDIATE`, so another process
//! writing the same file makes us wait for the busy timeout instead of failing half-way);
//! `read` runs without one. Both run on the runtime's blocking pool, never on a runtime thread.

pub mod audit;
mod audit_head;
pub mod audit_sql;
pub mod backend;
pub mod backup;
pub mod bulk;
mod checkpoint;
pub mod connection;
pub mod distribution;
pub mod fixed;
pub mod fold;
pub mod migrations;
pub mod models;
pub mod schema;
pub mod search;
mod search_sql;
pub mod visibility;
pub mod writer;

pub use checkpoint::{index_dispatch_readers, WRITER_CHECKPOINT_FRAMES};
pub use connection::{connect_postgres, AnyConnection, DatabaseUrl};

use crate::error::AppError;
use connection::{Manager, SqliteOptions};
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::Pool;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct DbOptions {
    /// How long a request waits for a connection before answering 503.
    pub checkout_timeout: Duration,
    pub sqlite_busy_timeout_ms: u64,
    pub sqlite_synchronous: String,
    pub max_connections: u32,
    /// PostgreSQL: group-commit writer threads, each with a connection of the pool while it
    /// commits a batch (SQLite always has one).
    pub writers: usize,
}

impl DbOptions {
    /// A manager for `url` with these options, the given automatic checkpoint and temp store.
    fn manager(
        &self,
        url: &DatabaseUrl,
        autocheckpoint_pages: u32,
        temp_in_memory: bool,
    ) -> Manager {
        Manager {
            url: url.clone(),
            sqlite: SqliteOptions {
                busy_timeout_ms: self.sqlite_busy_timeout_ms,
                synchronous: self.sqlite_synchronous.clone(),
                autocheckpoint_pages,
                temp_in_memory,
            },
        }
    }
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            checkout_timeout: Duration::from_secs(3),
            sqlite_busy_timeout_ms: 5000,
            sqlite_synchronous: "NORMAL".into(),
            max_connections: 10,
            writers: 2,
        }
    }
}

#[derive(Clone)]
pub struct Db {
    url: DatabaseUrl,
    options: DbOptions,
    write: Pool<Manager>,
    read: Pool<Manager>,
    /// The group-commit writer threads of this process and their queue (`writer/`).
    writer: writer::Writer,
    /// The upkeep thread of this process after commits (`checkpoint.rs`): SQLite's checkpoints,
    /// PostgreSQL's GIN pending lists.
    checkpoints: checkpoint::Checkpoints,
}

impl Db {
    /// Opens the pools and runs pending migrations.
    pub fn connect(url: DatabaseUrl, options: &DbOptions) -> Result<Self, AppError> {
        let manager = |autocheckpoint_pages: u32, temp_in_memory: bool| {
            options.manager(&url, autocheckpoint_pages, temp_in_memory)
        };
        let build = |size: u32, manager: Manager| {
            Pool::builder()
                .max_size(size)
                .min_idle(Some(0))
                .connection_timeout(options.checkout_timeout)
                .build_unchecked(manager)
        };
        let (write, read) = if url.is_sqlite() {
            // One writer per process, which leaves most of the checkpointing to its own thread;
            // WAL lets readers run beside it.
            (
                build(1, manager(checkpoint::WRITER_AUTOCHECKPOINT_PAGES, true)),
                build(
                    options.max_connections.clamp(1, 8),
                    manager(checkpoint::SQLITE_AUTOCHECKPOINT_PAGES, false),
                ),
            )
        } else {
            let pool = build(
                options.max_connections.max(2),
                manager(checkpoint::SQLITE_AUTOCHECKPOINT_PAGES, false),
            );
            (pool.clone(), pool)
        };
        {
            let mut conn = write.get()?;
            migrations::run(&mut conn)
                .map_err(|e| AppError::Internal(format!("migrations: {e}")))?;
            in_transaction(&mut conn, |c| Ok(distribution::build_if_needed(c)?))?;
        }
        let checkpoints = checkpoint::Checkpoints::start(read.clone(), url.is_sqlite())
            .map_err(|e| AppError::Internal(format!("cannot start the upkeep thread: {e}")))?;
        checkpoints.after_commit();
        let writer = writer::Writer::start(
            write.clone(),
            url.is_sqlite(),
            options.writers,
            checkpoints.clone(),
        )?;
        Ok(Db {
            url,
            options: options.clone(),
            write,
            read,
            writer,
            checkpoints,
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Runs `f` in one write transaction of its own, blocking the calling thread (CLI, tests,
    /// the worker's bookkeeping). It takes the write connection between the writer's batches.
    pub fn write_blocking<T>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = checkout(&self.write, true)?;
        let done = in_transaction(&mut conn, f);
        if done.is_ok() {
            self.checkpoints.after_commit();
            self.checkpoints.writer_checkpoint(&mut conn);
        }
        // Each write commits on its own: a batch of one.
        metrics::histogram!(crate::metrics::names::DB_WRITER_BATCH).record(1.0);
        done
    }

    /// A connection of its own, outside the pools and this process's threads, with the same
    /// settings as theirs but SQLite's stock automatic checkpoint (every 1000 pages, inside the
    /// commit that passes them), as any program opening the database has; nothing merges
    /// PostgreSQL's pending lists beside it. For the bench's raw anchors, which measure the
    /// plain transaction; see docs/performance.md.
    pub fn standalone_connection(&self) -> Result<AnyConnection, AppError> {
        use diesel::r2d2::ManageConnection;
        let manager =
            self.options
                .manager(&self.url, checkpoint::SQLITE_AUTOCHECKPOINT_PAGES, false);
        manager
            .connect()
            .map_err(|e| AppError::Internal(format!("cannot open the database: {e}")))
    }

    /// Runs `f` in one transaction on `conn`, a connection of
    /// [`Db::standalone_connection`]: begun, the search index brought up to date, committed,
    /// or rolled back on any error, as every write of the service.
    pub fn transaction_on<T>(
        conn: &mut AnyConnection,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        in_transaction(conn, f)
    }

    /// Runs `f` without a transaction, blocking the calling thread.
    pub fn read_blocking<T>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = checkout(&self.read, false)?;
        f(&mut conn)
    }

    /// Runs `f` in a write transaction: it joins a writer's next batch (group commit: one
    /// transaction for the requests waiting, each in a savepoint of its own, `writer/`) and is
    /// answered after the commit that holds it. For a write with no office of its own (sign-in,
    /// administration, the worker's bookkeeping); an office's writes go through
    /// [`Db::write_for`].
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        self.writer.write(None, f).await
    }

    /// [`Db::write`] for the work of `office` (the register it numbers, the chain it audits
    /// into). Two batches running at once never both hold an office's work (`writer/queue.rs`),
    /// so they never wait on each other for one office's counter, audit chain or count shard,
    /// and on PostgreSQL several writers commit side by side without locking the same office's
    /// rows in opposite orders.
    pub async fn write_for<T: Send + 'static>(
        &self,
        office: Option<i64>,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        self.writer.write(office, f).await
    }

    /// [`Db::read_blocking`] on the runtime's blocking thread pool.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.read_blocking(f))
            .await
            .map_err(|e| AppError::Internal(format!("blocking pool: {e}")))?
    }
}

/// A pooled connection, with the wait recorded (and, for the write pool, the writers queued).
fn checkout(
    pool: &Pool<Manager>,
    writer: bool,
) -> Result<diesel::r2d2::PooledConnection<Manager>, AppError> {
    use crate::metrics::names;
    let queued = writer.then(|| metrics::gauge!(names::DB_WRITER_QUEUE));
    if let Some(q) = &queued {
        q.increment(1.0);
    }
    let started = std::time::Instant::now();
    let conn = pool.get();
    if let Some(q) = &queued {
        q.decrement(1.0);
    }
    metrics::histogram!(names::DB_POOL_WAIT, "pool" => if writer { "write" } else { "read" })
        .record(started.elapsed().as_secs_f64());
    Ok(conn?)
}

/// Begin (IMMEDIATE on SQLite), run, then commit, or roll back on any error.
fn in_transaction<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    match conn {
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        AnyConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    // SQLite: what the transaction recorded reaches the search index before it commits.
    let done = f(conn).and_then(|value| {
        backend::index_queued_letters(conn)?;
        Ok(value)
    });
    match done {
        Ok(value) => {
            let committed =
                connection::db_run!(conn, |c| AnsiTransactionManager::commit_transaction(c));
            committed?;
            Ok(value)
        }
        Err(e) => {
            let rolled_back =
                connection::db_run!(conn, |c| AnsiTransactionManager::rollback_transaction(c));
            if let Err(rb) = rolled_back {
                tracing::error!(error = %rb, "rollback failed");
            }
            Err(e)
        }
    }
}
