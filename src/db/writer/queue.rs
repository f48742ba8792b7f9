//! The one queue every writer thread takes its batches from. A writer takes the requests
//! waiting, in order, passing over only those whose [`Key`] another running batch holds: no
//! writer is idle while work it may take waits, and no request queues behind a busier writer.
//! (With a queue per writer, clients of a closed loop gathered on the slower one, and its
//! requests set PostgreSQL's p99: docs/performance.md, Run S.)

use crate::db::models::hop::SHARDS;
use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

/// What a request's writes may lock that another batch's could too. Two batches running side
/// by side never hold the same key, so they never wait on each other's rows, nor lock them in
/// opposite orders. An office's key covers its counter and audit chain, and the distribution
/// index's count shard its receipts move (`hop::SHARDS`, by recipient office).
pub type Key = i64;

/// The key of the writes with no office of their own (sign-in, administration, the worker's
/// bookkeeping): they run one batch at a time.
const NO_OFFICE: Key = -1;

/// The key of `office`'s writes.
pub fn key(office: Option<i64>) -> Key {
    office.map_or(NO_OFFICE, |o| o.rem_euclid(SHARDS))
}

/// A request waiting for, or running in, a batch.
pub struct Queued<W> {
    pub key: Key,
    pub work: W,
}

struct State<W> {
    waiting: VecDeque<Queued<W>>,
    /// Each key a running batch holds: the writer, and how many of its requests hold it.
    held: HashMap<Key, (usize, usize)>,
    /// No request will come any more: [`Queue::take`] ends once the queue is empty.
    closed: bool,
    /// Writer threads still taking batches.
    writers: usize,
}

/// The requests waiting and the keys the running batches hold.
pub struct Queue<W> {
    state: Mutex<State<W>>,
    /// Work was queued, a batch let go of its keys, or the queue was closed.
    changed: Condvar,
}

impl<W> Queue<W> {
    /// A queue for `writers` writer threads.
    pub fn new(writers: usize) -> Queue<W> {
        Queue {
            state: Mutex::new(State {
                waiting: VecDeque::new(),
                held: HashMap::new(),
                closed: false,
                writers,
            }),
            changed: Condvar::new(),
        }
    }

    /// Queues `work` under `key`; the number now waiting, or `None` when no writer is left to
    /// take it.
    pub fn push(&self, key: Key, work: W) -> Option<usize> {
        let depth = {
            let mut state = self.state.lock().ok()?;
            if state.writers == 0 {
                return None;
            }
            state.waiting.push_back(Queued { key, work });
            state.waiting.len()
        };
        self.changed.notify_one();
        Some(depth)
    }

    /// Writer `me`'s next batch: the requests waiting, in order, whose keys no other writer's
    /// running batch holds, up to `most`, with the number still waiting. It waits while there
    /// is none; `None` once the queue is closed and empty. The batch holds its keys until
    /// [`Queue::let_go`].
    pub fn take(&self, me: usize, most: usize) -> Option<(Vec<Queued<W>>, usize)> {
        let mut state = self.state.lock().ok()?;
        loop {
            let State { waiting, held, .. } = &mut *state;
            let mut batch = Vec::new();
            let mut i = 0;
            while i < waiting.len() && batch.len() < most {
                let key = waiting[i].key;
                if held.get(&key).is_some_and(|(writer, _)| *writer != me) {
                    i += 1;
                    continue;
                }
                held.entry(key).or_insert((me, 0)).1 += 1;
                batch.extend(waiting.remove(i));
            }
            if !batch.is_empty() {
                return Some((batch, waiting.len()));
            }
            if state.closed && state.waiting.is_empty() {
                return None;
            }
            state = self.changed.wait(state).ok()?;
        }
    }

    /// A batch is done: its `keys` are free for the other writers.
    pub fn let_go(&self, keys: &[Key]) {
        if let Ok(mut state) = self.state.lock() {
            for key in keys {
                if let Some((_, n)) = state.held.get_mut(key) {
                    *n -= 1;
                    if *n == 0 {
                        state.held.remove(key);
                    }
                }
            }
        }
        self.changed.notify_all();
    }

    /// A writer thread has ended. When it was the last (a bug killed the threads), what waits
    /// is dropped, so its callers are answered that the database is unavailable, and so is
    /// every request after it, rather than waiting for ever.
    pub fn writer_gone(&self) {
        let dropped = match self.state.lock() {
            Ok(mut state) => {
                state.writers = state.writers.saturating_sub(1);
                if state.writers == 0 {
                    state.closed = true;
                    std::mem::take(&mut state.waiting)
                } else {
                    VecDeque::new()
                }
            }
            Err(_) => VecDeque::new(),
        };
        drop(dropped);
        self.changed.notify_all();
    }

    /// No request will come any more; the writers end once they have taken what waits.
    pub fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
        }
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn works(batch: &[Queued<u32>]) -> Vec<u32> {
        batch.iter().map(|q| q.work).collect()
    }

    fn keys(batch: &[Queued<u32>]) -> Vec<Key> {
        batch.iter().map(|q| q.key).collect()
    }

    #[test]
    fn a_batch_takes_what_waits_in_order_up_to_its_bound() {
        let q = Queue::new(2);
        for (i, office) in [3, 4, 3, 5].into_iter().enumerate() {
            q.push(key(Some(office)), i as u32);
        }
        let (batch, left) = q.take(0, 3).expect("a batch");
        assert_eq!(works(&batch), [0, 1, 2]);
        assert_eq!(left, 1);
    }

    #[test]
    fn another_writer_passes_over_the_keys_a_running_batch_holds() {
        let q = Queue::new(2);
        q.push(key(Some(7)), 0);
        let (first, _) = q.take(0, 8).expect("a batch");
        // Office 7 again, office 7 + SHARDS (the same count shard), a write with no office,
        // another office.
        for (i, office) in [Some(7), Some(7 + SHARDS), None, Some(8)]
            .into_iter()
            .enumerate()
        {
            q.push(key(office), i as u32 + 1);
        }
        let (second, left) = q.take(1, 8).expect("a batch");
        assert_eq!(works(&second), [3, 4]);
        assert_eq!(left, 2);
        // The no-office write is now held by writer 1.
        q.let_go(&keys(&first));
        let (third, _) = q.take(0, 8).expect("a batch");
        assert_eq!(works(&third), [1, 2], "office 7's requests, still in order");
        q.push(key(None), 5);
        q.push(key(Some(9)), 6);
        let (fourth, _) = q.take(0, 8).expect("a batch");
        assert_eq!(works(&fourth), [6]);
        q.let_go(&keys(&second));
        let (fifth, _) = q.take(0, 8).expect("a batch");
        assert_eq!(works(&fifth), [5]);
    }

    #[test]
    fn a_writer_may_add_to_keys_it_holds_itself() {
        let q = Queue::new(2);
        q.push(key(Some(1)), 0);
        let (_first, _) = q.take(0, 8).expect("a batch");
        q.push(key(Some(1)), 1);
        let (second, _) = q.take(0, 8).expect("a batch");
        assert_eq!(works(&second), [1]);
    }

    #[test]
    fn a_waiting_writer_wakes_for_work_and_ends_when_closed() {
        let q = std::sync::Arc::new(Queue::new(2));
        let writer = {
            let q = q.clone();
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                while let Some((batch, _)) = q.take(0, 8) {
                    seen.extend(works(&batch));
                    q.let_go(&keys(&batch));
                }
                seen
            })
        };
        for i in 0..100 {
            q.push(key(Some(i64::from(i % 5))), i);
        }
        q.close();
        assert_eq!(
            writer.join().expect("the writer ends"),
            (0..100).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_writer_held_back_by_another_wakes_when_the_keys_are_let_go() {
        let q = std::sync::Arc::new(Queue::new(2));
        q.push(key(Some(2)), 0);
        let (first, _) = q.take(0, 8).expect("a batch");
        q.push(key(Some(2)), 1);
        let other = {
            let q = q.clone();
            std::thread::spawn(move || works(&q.take(1, 8).expect("a batch").0))
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        q.let_go(&keys(&first));
        assert_eq!(other.join().expect("the writer ends"), [1]);
    }

    #[test]
    fn when_the_last_writer_is_gone_nothing_waits_for_ever() {
        let q = Queue::new(2);
        q.push(key(Some(1)), 0_u32);
        q.writer_gone();
        assert!(q.push(key(Some(2)), 1).is_some(), "one writer is left");
        q.writer_gone();
        assert!(q.push(key(Some(3)), 2).is_none(), "no writer is left");
        assert!(q.take(0, 8).is_none(), "what waited was dropped");
    }
}
