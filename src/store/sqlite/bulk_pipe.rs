//! A bulk fill on two cores (see bulk.rs): while the store's units of work build
//! the next stretch in memory, a second thread writes the last one, seals it and
//! commits it. The writing thread owns the connection that holds the batch's
//! transaction; the units of work read through a read-only connection of their
//! own, which sees what the file held before the fill (the roster, units,
//! categories, registers, counters not yet drawn): nothing a fill changes is read
//! from the file (the people and cases of the fill are answered from memory, see
//! `Bulk`). One stretch is written while the next is built, never more, so memory
//! holds two stretches at most. At the end the connection, its transaction still
//! open with the last stretch written and not sealed, comes back: what the fill
//! does afterwards (today's queue) and the batch's commit run on it as before, so
//! every row and every ledger entry is what one thread would have written.

use super::bulk_flush::Stretch;
use super::bulk_keys::Sorting;
use super::ledger_seal::{self, Fresh};
use crate::store::error::{Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

enum Job {
    /// Written, sealed and committed; a new transaction begun.
    Checkpoint(Stretch),
    /// Written and the keys sorted in, not sealed: the batch goes on. (The keys
    /// are sorted on their own thread while the stretch is written.)
    Last(Stretch, Sorting),
}

pub(super) struct Pipe {
    jobs: SyncSender<Job>,
    answers: Receiver<Result<Vec<Fresh>>>,
    /// Jobs sent and not answered yet.
    waiting: usize,
    worker: JoinHandle<Connection>,
}

/// A second connection to the file, for the units of work's reads.
pub(super) fn reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.set_prepared_statement_cache_capacity(256);
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")?;
    Ok(conn)
}

/// Seals the stretch (its fresh rows and anything noted), commits it and begins the
/// next transaction, as `batch_checkpoint` does on one thread.
fn checkpoint(conn: &Connection, fresh: &[Fresh], loading: bool) -> Result<()> {
    ledger_seal::seal_with(conn, false, fresh)?;
    // The stretches' commits need not wait for the disk: WAL with NORMAL survives
    // a crash of the program whole, and a power cut loses at most the last
    // stretches, never the file; the batch's own commit is FULL again. A loading
    // file syncs nothing until it is complete (loading.rs).
    let sync = if loading { "OFF" } else { "NORMAL" };
    conn.execute_batch(&format!(
        "COMMIT; PRAGMA synchronous = {sync}; BEGIN IMMEDIATE"
    ))?;
    ledger_seal::seal(conn, true)?;
    Ok(())
}

fn work(
    conn: Connection,
    loading: bool,
    jobs: Receiver<Job>,
    answers: mpsc::Sender<Result<Vec<Fresh>>>,
) -> Connection {
    let mut failed = false;
    for job in jobs {
        let done = if failed {
            Err(StoreError::Invalid(
                "the bulk fill stopped: an earlier stretch failed to be written".into(),
            ))
        } else {
            match job {
                Job::Checkpoint(stretch) => stretch
                    .write(&conn)
                    .and_then(|fresh| checkpoint(&conn, &fresh, loading))
                    .map(|()| Vec::new()),
                Job::Last(stretch, keys) => stretch
                    .write(&conn)
                    .and_then(|fresh| keys.write(&conn).map(|()| fresh)),
            }
        };
        failed |= done.is_err();
        if answers.send(done).is_err() {
            break;
        }
    }
    conn
}

impl Pipe {
    /// Starts the writing thread on `writer`; `loading`: the file is loading
    /// (loading.rs).
    pub(super) fn start(writer: Connection, loading: bool) -> Pipe {
        let (jobs, inbox) = mpsc::sync_channel(1);
        let (outbox, answers) = mpsc::channel();
        let worker = std::thread::spawn(move || work(writer, loading, inbox, outbox));
        Pipe {
            jobs,
            answers,
            waiting: 0,
            worker,
        }
    }

    /// Waits for what was sent before.
    fn settle(&mut self) -> Result<Vec<Fresh>> {
        let mut fresh = Vec::new();
        while self.waiting > 0 {
            self.waiting -= 1;
            let answer = self.answers.recv().map_err(|_| gone())?;
            fresh.extend(answer?);
        }
        Ok(fresh)
    }

    fn send(&mut self, job: Job) -> Result<()> {
        self.jobs.send(job).map_err(|_| gone())?;
        self.waiting += 1;
        Ok(())
    }

    /// Hands a stretch over once the one before it is committed.
    pub(super) fn checkpoint(&mut self, stretch: Stretch) -> Result<()> {
        self.settle()?;
        self.send(Job::Checkpoint(stretch))
    }

    /// Writes the last stretch and the keys, and gives the connection back with its
    /// transaction open, and where the last stretch's rows start.
    pub(super) fn finish(
        mut self,
        stretch: Stretch,
        keys: Sorting,
    ) -> (Connection, Result<Vec<Fresh>>) {
        let done = self
            .settle()
            .and_then(|_| self.send(Job::Last(stretch, keys)))
            .and_then(|()| self.settle());
        (self.close(), done)
    }

    /// Lets the writing thread finish what it was given and gives the connection back.
    pub(super) fn close(self) -> Connection {
        let Pipe { jobs, worker, .. } = self;
        drop(jobs);
        match worker.join() {
            Ok(conn) => conn,
            // The thread owned the connection; a panic there is a bug, as it would
            // be on this thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

fn gone() -> StoreError {
    StoreError::Invalid("the bulk fill's writing thread stopped".into())
}
