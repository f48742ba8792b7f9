//! Group commit: the writer threads of the process take work from one queue (`queue.rs`) and
//! run what is waiting (up to [`max_batch`] requests) in one transaction on a write connection,
//! each request inside its own SAVEPOINT, so a failing request rolls back only its own writes —
//! and the numbers it took — while the others commit. Every caller gets its answer only after
//! the commit that holds its work. Reads never wait for it (WAL on SQLite, MVCC on PostgreSQL);
//! other processes writing the same database get their turn between batches, which stay short
//! (bounded in count).
//!
//! On SQLite there is one writer (one write connection); the batch turns a commit per request
//! into a commit per batch. On PostgreSQL a few writers (`SARABAN_DB_WRITERS`) commit side by
//! side, each batch saving its requests their own `BEGIN`, `COMMIT` and WAL flush; two batches
//! running at once never take work of the same office (nor of offices sharing a count shard of
//! the distribution index), so they never wait on each other for one office's counter, audit
//! chain or counts (docs/performance.md).

use crate::db::checkpoint::Checkpoints;
use crate::db::connection::{db_run, AnyConnection, Manager};
use crate::error::AppError;
use crate::metrics::names;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::Pool;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

mod queue;
use queue::{Queue, Queued};

/// Most requests committed by one SQLite transaction.
pub const MAX_BATCH_SQLITE: usize = 64;

/// Most requests committed by one PostgreSQL transaction. Each request waits for the whole batch
/// it joins, which on PostgreSQL runs a round trip per statement: over 10,000 receipts on the
/// bench machine 8 gave the best throughput and tail together, over 20,000 it was on a par with
/// 4 (docs/performance.md, Run I). It also keeps a batch far below
/// the 64 subtransactions a backend tracks in shared memory (each request's savepoint is one).
pub const MAX_BATCH_POSTGRES: usize = 8;

/// Most requests one transaction of this backend's writer commits.
pub fn max_batch(sqlite: bool) -> usize {
    if sqlite {
        MAX_BATCH_SQLITE
    } else {
        MAX_BATCH_POSTGRES
    }
}

/// One request's work, type-erased for the queue.
trait Work: Send {
    /// Runs the request in a savepoint of the batch's transaction; `false` when it panicked or
    /// a savepoint statement failed, either of which leaves the transaction's state unknown.
    fn run(&mut self, conn: &mut AnyConnection) -> bool;
    /// Answers the caller once the batch's commit is known.
    fn finish(self: Box<Self>, commit: &Result<(), AppError>);
}

struct Job<T, F> {
    f: Option<F>,
    result: Option<Result<T, AppError>>,
    reply: tokio::sync::oneshot::Sender<Result<T, AppError>>,
}

impl<T, F> Work for Job<T, F>
where
    T: Send,
    F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send,
{
    fn run(&mut self, conn: &mut AnyConnection) -> bool {
        let Some(f) = self.f.take() else {
            return true;
        };
        if let Err(e) = savepoint(conn, Savepoint::Open) {
            self.result = Some(Err(e));
            return false;
        }
        let done = catch_unwind(AssertUnwindSafe(|| f(conn)));
        let (result, sound) = match done {
            Ok(Ok(value)) => (Ok(value), savepoint(conn, Savepoint::Keep).is_ok()),
            // The request's writes (and the numbers it took) go; the batch goes on.
            Ok(Err(e)) => (Err(e), savepoint(conn, Savepoint::Undo).is_ok()),
            Err(_) => (
                Err(AppError::Internal("a write request panicked".into())),
                false,
            ),
        };
        self.result = Some(result);
        sound
    }

    fn finish(self: Box<Self>, commit: &Result<(), AppError>) {
        let answer = match (commit, self.result) {
            (Ok(()), Some(result)) => result,
            (Ok(()), None) => Err(AppError::Internal("a write request never ran".into())),
            (Err(e), _) => Err(again(e)),
        };
        // The caller may have gone (a dropped request); nothing to tell then.
        let _ = self.reply.send(answer);
    }
}

/// What happens to a request's savepoint.
#[derive(Clone, Copy)]
enum Savepoint {
    Open,
    /// The request succeeded. SQLite releases the savepoint, which keeps the stack of open
    /// savepoints (each checked on every page a later request writes) one deep. PostgreSQL
    /// leaves it to the commit: releasing would only cost a round trip, a released
    /// subtransaction counting against the backend's 64 like an open one.
    Keep,
    /// The request failed: its writes are rolled back.
    Undo,
}

/// The savepoint statements, of fixed text so each connection prepares them once (diesel's own
/// `transaction` sends its savepoints as plain text, parsed again on every request).
fn savepoint(conn: &mut AnyConnection, step: Savepoint) -> Result<(), AppError> {
    use crate::db::fixed::fixed;
    let sqlite = matches!(conn, AnyConnection::Sqlite(_));
    let text: &'static [&'static str] = match (step, sqlite) {
        (Savepoint::Open, _) => &["SAVEPOINT saraban_request"],
        (Savepoint::Keep, true) => &["RELEASE SAVEPOINT saraban_request"],
        (Savepoint::Keep, false) => return Ok(()),
        (Savepoint::Undo, _) => &["ROLLBACK TO SAVEPOINT saraban_request"],
    };
    let q = fixed::<()>(text, Vec::new());
    db_run!(conn, |c| diesel::RunQueryDsl::execute(q, c))?;
    if let (Savepoint::Undo, true) = (step, sqlite) {
        let q = fixed::<()>(&["RELEASE SAVEPOINT saraban_request"], Vec::new());
        db_run!(conn, |c| diesel::RunQueryDsl::execute(q, c))?;
    }
    Ok(())
}

/// The same failure for every request of a batch whose transaction could not commit.
fn again(e: &AppError) -> AppError {
    match e {
        AppError::Busy => AppError::Busy,
        AppError::Unavailable => AppError::Unavailable,
        other => AppError::Internal(format!("the write transaction failed: {other}")),
    }
}

/// Closes the queue when the last [`Writer`] goes.
struct Handle(Arc<Queue<Box<dyn Work>>>);

impl Drop for Handle {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// The way to this process's writer threads, which all take their batches from one queue
/// (`queue.rs`).
#[derive(Clone)]
pub struct Writer {
    handle: Arc<Handle>,
}

impl Writer {
    /// Starts `writers` writer threads on the write pool (one on SQLite, which has one write
    /// connection); `checkpoints` hears of their commits.
    pub fn start(
        pool: Pool<Manager>,
        sqlite: bool,
        writers: usize,
        checkpoints: Checkpoints,
    ) -> Result<Writer, AppError> {
        let writers = if sqlite { 1 } else { writers.max(1) };
        let queue = Arc::new(Queue::new(writers));
        for me in 0..writers {
            let (pool, queue, checkpoints) = (pool.clone(), queue.clone(), checkpoints.clone());
            std::thread::Builder::new()
                .name(format!("saraban-db-writer-{me}"))
                .spawn(move || run(&pool, &queue, me, max_batch(sqlite), &checkpoints))
                .map_err(|e| AppError::Internal(format!("cannot start the writer: {e}")))?;
        }
        Ok(Writer {
            handle: Arc::new(Handle(queue)),
        })
    }

    /// Runs `f` in the next batch that may take `office`'s work (`queue::Key`), and waits
    /// (without holding a thread) for the commit that holds it.
    pub async fn write<T, F>(&self, office: Option<i64>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let work: Box<dyn Work> = Box::new(Job {
            f: Some(f),
            result: None,
            reply,
        });
        let depth = self
            .handle
            .0
            .push(queue::key(office), work)
            .ok_or(AppError::Unavailable)?;
        metrics::gauge!(names::DB_WRITER_QUEUE).set(depth as f64);
        answer.await.unwrap_or(Err(AppError::Unavailable))
    }
}

/// A writer thread: a batch whenever work it may take waits, until every [`Writer`] is gone
/// and the queue is empty.
fn run(
    pool: &Pool<Manager>,
    queue: &Queue<Box<dyn Work>>,
    me: usize,
    max_batch: usize,
    checkpoints: &Checkpoints,
) {
    let _gone = Gone(queue);
    while let Some((mut batch, left)) = queue.take(me, max_batch) {
        metrics::gauge!(names::DB_WRITER_QUEUE).set(left as f64);
        metrics::histogram!(names::DB_WRITER_BATCH).record(batch.len() as f64);
        let holding = Holding {
            queue,
            keys: batch.iter().map(|q| q.key).collect(),
        };
        let commit = commit_batch(pool, &mut batch);
        drop(holding);
        if commit.is_ok() {
            checkpoints.after_commit();
        }
        for q in batch {
            q.work.finish(&commit);
        }
        // SQLite: a long log is checkpointed here, after the batch was answered, not inside
        // its COMMIT (`checkpoint.rs`).
        if commit.is_ok() && checkpoints.writer_due() {
            if let Ok(mut conn) = pool.get() {
                checkpoints.writer_checkpoint(&mut conn);
            }
        }
    }
}

/// The keys of a running batch, let go when it is done — or when its thread unwinds, so the
/// other writers still take those offices' work.
struct Holding<'a> {
    queue: &'a Queue<Box<dyn Work>>,
    keys: Vec<queue::Key>,
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        self.queue.let_go(&self.keys);
    }
}

/// Tells the queue that its writer thread has ended, however it ended.
struct Gone<'a>(&'a Queue<Box<dyn Work>>);

impl Drop for Gone<'_> {
    fn drop(&mut self) {
        self.0.writer_gone();
    }
}

/// `BEGIN` (`IMMEDIATE` on SQLite), every request in its savepoint, `COMMIT`.
fn commit_batch(pool: &Pool<Manager>, batch: &mut [Queued<Box<dyn Work>>]) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let got = pool.get();
    metrics::histogram!(names::DB_POOL_WAIT, "pool" => "write")
        .record(started.elapsed().as_secs_f64());
    let mut conn = got?;
    match &mut *conn {
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        AnyConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    let mut sound = true;
    for q in batch.iter_mut() {
        sound &= q.work.run(&mut conn);
    }
    // What the batch recorded reaches the search index in this transaction, once for all.
    let indexed = if sound {
        super::backend::index_queued_letters(&mut conn)
    } else {
        Ok(())
    };
    if let Err(e) = indexed {
        // Nothing of the batch commits unindexed.
        if let Err(rb) = db_run!(
            &mut *conn,
            |c| AnsiTransactionManager::rollback_transaction(c)
        ) {
            tracing::error!(error = %rb, "rollback after a failed search indexing failed");
        }
        return Err(e.into());
    }
    if !sound {
        // A panic may have left its savepoint open: nothing of this batch is committed. The
        // pool sees the connection still inside a transaction and closes it (`has_broken`),
        // which rolls everything back; the next batch opens a fresh one.
        return Err(AppError::Internal(
            "a request of this write batch failed unexpectedly; nothing was saved".into(),
        ));
    }
    match db_run!(&mut *conn, |c| AnsiTransactionManager::commit_transaction(
        c
    )) {
        Ok(()) => Ok(()),
        Err(e) => {
            if let Err(rb) = db_run!(
                &mut *conn,
                |c| AnsiTransactionManager::rollback_transaction(c)
            ) {
                tracing::error!(error = %rb, "rollback after a failed commit failed");
            }
            Err(e.into())
        }
    }
}
