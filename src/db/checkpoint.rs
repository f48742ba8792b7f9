//! Upkeep after commits, on a thread of its own so the writers seldom spend their turn on it.
//!
//! **SQLite**: after commits this thread copies the write-ahead log back into the database file
//! (`PRAGMA wal_checkpoint(PASSIVE)`, the kind SQLite's automatic checkpoint runs) and notes
//! how long the log is. Only a checkpoint run while nothing new is added completes, and only a
//! completed one lets SQLite start the log over from its beginning; under constant load that is
//! the writer's own. The write connection therefore has no automatic checkpoint (SQLite would
//! run it inside `COMMIT`, where the batch being committed and every request queued behind it
//! waited for its copying and three `fsync`s: the p99 of P1, docs/performance.md). Instead,
//! once this thread has seen the log past [`WRITER_CHECKPOINT_FRAMES`], the writer checkpoints
//! after it has answered its batch ([`Checkpoints::writer_checkpoint`]); by then this thread has
//! copied most of the log. With only this thread checkpointing, a busy writer always added
//! frames while it ran, the log never started over and grew by about 25 KiB a receipt.
//! Durability is unchanged: a commit is in the log before it is answered either way.
//!
//! **PostgreSQL**: this thread merges the pending lists of the trigram GIN indexes the requests
//! write (`saraban_clean_pending_lists()`, migration 2026-12-29-000001). Left alone, the insert
//! that fills a list to `gin_pending_list_limit` merges it inside its request, 30-140 ms during
//! which its writer's queue waits; merged every moment here, each merge is small and no request
//! waits for it. The entries are in the index either way: a pending list is searched too.
//! Before that, it writes the reader rows of dispatches queued in `reader_backlog`, a chunk of
//! deliveries a transaction (`saraban_index_dispatch_readers()`, migration 2026-12-31-000001,
//! docs/decisions/0011-dispatch-readers-after-commit.md); every saraban process does, so a
//! queue left by a command that ended is written by the next process that starts.

use super::connection::{AnyConnection, Manager};
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::Pool;
use diesel::sql_types::{BigInt, Integer};
use diesel::sqlite::SqliteConnection;
use diesel::{QueryResult, QueryableByName, RunQueryDsl};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TryRecvError, TrySendError};
use std::sync::Arc;
use std::time::Duration;

/// SQLite's own threshold, kept by every other connection.
pub const SQLITE_AUTOCHECKPOINT_PAGES: u32 = 1000;

/// The write connection has no automatic checkpoint: the writer runs its own after answering
/// (see the module's documentation).
pub const WRITER_AUTOCHECKPOINT_PAGES: u32 = 0;

/// The log's length, in pages, past which the writer checkpoints after its next commit (SQLite's
/// automatic threshold is 1000): the log stays under about 16 MiB plus what a moment adds.
pub const WRITER_CHECKPOINT_FRAMES: u64 = 4000;

/// How long commits gather before a checkpoint (at most this much log waits to be copied, a
/// few thousand pages at the writer's full speed).
const GATHER: Duration = Duration::from_millis(100);

/// PostgreSQL: how long commits gather before the pending lists are merged. A merge costs
/// about the same for a small list as for a large one (each distinct trigram is looked up in
/// the index once), so merging often costs much more CPU in all; a second's entries are about
/// half of the letters' 4 MB limit at the bench's full rate.
const GATHER_POSTGRES: Duration = Duration::from_secs(1);

/// PostgreSQL: the per-office reader partitions fill their lists about fifty times slower than
/// the letters' index (each gets its office's share), so they are merged every this many rounds.
const READERS_EVERY: u64 = 10;

/// PostgreSQL: deliveries whose reader rows one transaction of the upkeep writes: short
/// transactions, so the queue's locks and the search's view of it move on often.
const READER_CHUNK: i32 = 500;

/// Tells the upkeep thread that something was committed.
#[derive(Clone)]
pub struct Checkpoints {
    committed: SyncSender<()>,
    /// SQLite: the log's length in pages as the thread's last checkpoint found it (set to 0 by
    /// the writer's own checkpoint).
    log_frames: Arc<AtomicU64>,
}

impl Checkpoints {
    /// Starts the thread; it works with a connection of `pool` and ends when every
    /// [`Checkpoints`] is gone.
    pub fn start(pool: Pool<Manager>, sqlite: bool) -> std::io::Result<Checkpoints> {
        let (committed, commits) = mpsc::sync_channel(1);
        let log_frames = Arc::new(AtomicU64::new(0));
        let seen = log_frames.clone();
        std::thread::Builder::new()
            .name("saraban-db-upkeep".into())
            .spawn(move || run(&pool, &commits, sqlite, &seen))?;
        Ok(Checkpoints {
            committed,
            log_frames,
        })
    }

    /// Whether the log has grown past [`WRITER_CHECKPOINT_FRAMES`] (never on PostgreSQL).
    pub fn writer_due(&self) -> bool {
        self.log_frames.load(Ordering::Relaxed) >= WRITER_CHECKPOINT_FRAMES
    }

    /// After a commit on the write connection, and after its callers were answered: a
    /// checkpoint on that connection once the log has grown past [`WRITER_CHECKPOINT_FRAMES`]
    /// (a no-op otherwise, and on PostgreSQL). It completes, since nothing else writes while it
    /// runs, so the next commit starts the log over.
    pub fn writer_checkpoint(&self, conn: &mut AnyConnection) {
        if !self.writer_due() {
            return;
        }
        if let AnyConnection::Sqlite(c) = conn {
            match wal_checkpoint(c) {
                Ok(_) => self.log_frames.store(0, Ordering::Relaxed),
                Err(e) => tracing::debug!(error = %e, "writer checkpoint skipped"),
            }
        }
    }

    /// After a commit: the upkeep follows soon (once for many commits).
    pub fn after_commit(&self) {
        match self.committed.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) => {}
            Err(TrySendError::Disconnected(())) => {
                tracing::error!("the upkeep thread has stopped");
            }
        }
    }
}

fn run(pool: &Pool<Manager>, commits: &mpsc::Receiver<()>, sqlite: bool, log_frames: &AtomicU64) {
    let mut round: u64 = 0;
    while commits.recv().is_ok() {
        // Let the commits of the next moment join this round.
        std::thread::sleep(if sqlite { GATHER } else { GATHER_POSTGRES });
        let last = matches!(commits.try_recv(), Err(TryRecvError::Disconnected));
        upkeep(pool, round.is_multiple_of(READERS_EVERY), log_frames);
        round += 1;
        if last {
            return;
        }
    }
}

/// `PRAGMA wal_checkpoint(PASSIVE)`'s answer.
#[derive(QueryableByName)]
struct Checkpointed {
    /// Pages in the log.
    #[diesel(sql_type = BigInt)]
    log: i64,
}

/// A passive checkpoint: the log's length in pages (-1 when the file is not in WAL mode).
fn wal_checkpoint(c: &mut SqliteConnection) -> QueryResult<i64> {
    diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)")
        .get_result::<Checkpointed>(c)
        .map(|r| r.log)
}

#[derive(QueryableByName)]
struct Indexed {
    /// 1 when a queued dispatch was worked on, 0 when none was left.
    #[diesel(sql_type = Integer)]
    more: i32,
}

/// PostgreSQL: the reader rows of every queued dispatch, [`READER_CHUNK`] deliveries a
/// transaction, oldest dispatch first.
pub fn index_dispatch_readers(c: &mut PgConnection) -> QueryResult<()> {
    while diesel::sql_query("SELECT saraban_index_dispatch_readers($1) AS more")
        .bind::<Integer, _>(READER_CHUNK)
        .get_result::<Indexed>(c)?
        .more
        > 0
    {}
    Ok(())
}

/// SQLite: a passive checkpoint, noting the log's length. PostgreSQL: the pending lists merged
/// (the reader partitions' too when `readers`).
fn upkeep(pool: &Pool<Manager>, readers: bool, log_frames: &AtomicU64) {
    let done = pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut c| match &mut *c {
            AnyConnection::Sqlite(c) => wal_checkpoint(c)
                .map(|log| log_frames.store(u64::try_from(log).unwrap_or(0), Ordering::Relaxed))
                .map_err(|e| e.to_string()),
            AnyConnection::Postgres(c) => index_dispatch_readers(c)
                .and_then(|()| {
                    c.batch_execute(if readers {
                        "SELECT saraban_clean_pending_lists(true)"
                    } else {
                        "SELECT saraban_clean_pending_lists(false)"
                    })
                })
                .map_err(|e| e.to_string()),
        });
    // Busy (another process is checkpointing), a pool timeout, or on PostgreSQL a role that does
    // not own the indexes: the next commit tries again, and inserts merge the lists themselves.
    if let Err(e) = done {
        tracing::debug!(error = %e, "upkeep skipped");
    }
}
