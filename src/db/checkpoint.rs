//! SQLite checkpoints, mostly on a thread of their own. After commits this thread copies the
//! write-ahead log back into the database file (`PRAGMA wal_checkpoint(PASSIVE)`, the kind
//! SQLite's automatic checkpoint runs), so the single writer seldom spends its turn on it.
//!
//! The writer still checkpoints, but only past [`WRITER_AUTOCHECKPOINT_PAGES`]: by then this
//! thread has copied most of the log, and the writer's own checkpoint, run between its batches
//! when nothing new is being added, is the one that completes — which is what lets SQLite start
//! the log over from its beginning. With only this thread checkpointing, a busy writer always
//! added frames while it ran, the log never started over and grew by about 25 KiB a receipt.
//! Durability is unchanged: a commit is in the log before it is answered either way.

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

/// How long commits gather before a checkpoint (at most this much log waits to be copied,
/// a few thousand pages at the writer's full speed).
const GATHER: Duration = Duration::from_millis(100);

/// Tells the checkpoint thread that something was committed.
#[derive(Clone)]
pub struct Checkpoints {
    committed: SyncSender<()>,
}

impl Checkpoints {
    /// Starts the thread; it checkpoints with a connection of `pool` and ends when every
    /// [`Checkpoints`] is gone.
    pub fn start(pool: Pool<Manager>) -> std::io::Result<Checkpoints> {
        let (committed, commits) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("saraban-db-checkpoint".into())
            .spawn(move || run(&pool, &commits))?;
        Ok(Checkpoints { committed })
    }

    /// After a commit: a checkpoint follows soon (one for many commits).
    pub fn after_commit(&self) {
        match self.committed.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) => {}
            Err(TrySendError::Disconnected(())) => {
                tracing::error!("the checkpoint thread has stopped");
            }
        }
    }
}

fn run(pool: &Pool<Manager>, commits: &mpsc::Receiver<()>) {
    while commits.recv().is_ok() {
        // Let the commits of the next moment join this checkpoint.
        std::thread::sleep(GATHER);
        let last = matches!(commits.try_recv(), Err(TryRecvError::Disconnected));
        checkpoint(pool);
        if last {
            return;
        }
    }
}

fn checkpoint(pool: &Pool<Manager>) {
    let done = pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut c| match &mut *c {
            AnyConnection::Sqlite(c) => c
                .batch_execute("PRAGMA wal_checkpoint(PASSIVE)")
                .map_err(|e| e.to_string()),
            AnyConnection::Postgres(_) => Ok(()),
        });
    // Busy (another process is checkpointing) or a pool timeout: the next commit tries again.
    if let Err(e) = done {
        tracing::debug!(error = %e, "checkpoint skipped");
    }
}
