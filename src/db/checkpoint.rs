//! Upkeep after commits, on a thread of its own so the writers seldom spend their turn on it.
//!
//! **SQLite**: after commits this thread copies the write-ahead log back into the database file
//! (`PRAGMA wal_checkpoint(PASSIVE)`, the kind SQLite's automatic checkpoint runs), so the
//! single writer seldom checkpoints itself.
//! The writer still checkpoints, but only past [`WRITER_AUTOCHECKPOINT_PAGES`]: by then this
//! thread has copied most of the log, and the writer's own checkpoint, run between its batches
//! when nothing new is being added, is the one that completes — which is what lets SQLite start
//! the log over from its beginning. With only this thread checkpointing, a busy writer always
//! added frames while it ran, the log never started over and grew by about 25 KiB a receipt.
//! Durability is unchanged: a commit is in the log before it is answered either way.
//!
//! **PostgreSQL**: this thread merges the pending lists of the trigram GIN indexes the requests
//! write (`saraban_clean_pending_lists()`, migration 2026-12-29-000001). Left alone, the insert
//! that fills a list to `gin_pending_list_limit` merges it inside its request, 30-140 ms during
//! which its writer's queue waits; merged every moment here, each merge is small and no request
//! waits for it. The entries are in the index either way: a pending list is searched too.

use super::connection::{AnyConnection, Manager};
use diesel::connection::SimpleConnection;
use diesel::r2d2::Pool;
use std::sync::mpsc::{self, SyncSender, TryRecvError, TrySendError};
use std::time::Duration;

/// SQLite's own threshold, kept by every other connection.
pub const SQLITE_AUTOCHECKPOINT_PAGES: u32 = 1000;

/// The write connection's own checkpoint threshold (SQLite's default is 1000 pages): the log
/// stays under about 16 MiB.
pub const WRITER_AUTOCHECKPOINT_PAGES: u32 = 4000;

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

/// Tells the upkeep thread that something was committed.
#[derive(Clone)]
pub struct Checkpoints {
    committed: SyncSender<()>,
}

impl Checkpoints {
    /// Starts the thread; it works with a connection of `pool` and ends when every
    /// [`Checkpoints`] is gone.
    pub fn start(pool: Pool<Manager>, sqlite: bool) -> std::io::Result<Checkpoints> {
        let (committed, commits) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("saraban-db-upkeep".into())
            .spawn(move || run(&pool, &commits, sqlite))?;
        Ok(Checkpoints { committed })
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

fn run(pool: &Pool<Manager>, commits: &mpsc::Receiver<()>, sqlite: bool) {
    let mut round: u64 = 0;
    while commits.recv().is_ok() {
        // Let the commits of the next moment join this round.
        std::thread::sleep(if sqlite { GATHER } else { GATHER_POSTGRES });
        let last = matches!(commits.try_recv(), Err(TryRecvError::Disconnected));
        upkeep(pool, round.is_multiple_of(READERS_EVERY));
        round += 1;
        if last {
            return;
        }
    }
}

/// SQLite: a passive checkpoint. PostgreSQL: the pending lists merged (the reader partitions'
/// too when `readers`).
fn upkeep(pool: &Pool<Manager>, readers: bool) {
    let done = pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut c| match &mut *c {
            AnyConnection::Sqlite(c) => c
                .batch_execute("PRAGMA wal_checkpoint(PASSIVE)")
                .map_err(|e| e.to_string()),
            AnyConnection::Postgres(c) => c
                .batch_execute(if readers {
                    "SELECT saraban_clean_pending_lists(true)"
                } else {
                    "SELECT saraban_clean_pending_lists(false)"
                })
                .map_err(|e| e.to_string()),
        });
    // Busy (another process is checkpointing), a pool timeout, or on PostgreSQL a role that does
    // not own the indexes: the next commit tries again, and inserts merge the lists themselves.
    if let Err(e) = done {
        tracing::debug!(error = %e, "upkeep skipped");
    }
}
