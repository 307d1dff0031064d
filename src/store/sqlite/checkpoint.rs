//! Moving the WAL's pages into the file beside the desk, not inside its check-ins
//! (DESIGN.md, "Checkpoints"). SQLite's automatic checkpoint runs in the commit
//! that takes the WAL past 1000 pages: at a million people that is every dozenth
//! check-in, which then waits some 10 ms while a thousand scattered pages are
//! copied into the file and the file is synced. Here the desk's commits only
//! note how long the WAL has grown; past [`ASIDE_AT`] pages a thread of the
//! store, on a connection of its own, checkpoints while the desk goes on. The
//! commit that grows the WAL past [`INLINE_AT`] (the thread has fallen behind, or
//! could not be started) still checkpoints itself, so the WAL stays bounded.
//!
//! A checkpoint changes nothing anyone reads and nothing the ledger hashes: the
//! committed pages were synced to the WAL before the commit returned, and the
//! checkpointing connection syncs the WAL before and the file after copying, as
//! SQLite's own checkpoint does (its `synchronous` is FULL too).

use rusqlite::hooks::Wal;
use rusqlite::{Connection, OpenFlags};
use std::cell::Cell;
use std::ffi::c_int;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// WAL pages after which a commit of the ordinary path asks for a checkpoint
/// aside: SQLite's own threshold.
pub(super) const ASIDE_AT: i32 = 1000;

/// WAL pages after which any commit checkpoints before it returns.
pub(super) const INLINE_AT: i32 = 8 * ASIDE_AT;

thread_local! {
    /// While an ordinary unit of work commits on this thread: the WAL's length
    /// in pages after the commit, as the hook saw it.
    static NOTED: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Called by SQLite after every commit on the connection, with the WAL's length.
/// Outside the ordinary path (a batch, a bulk fill, a migration) it checkpoints as
/// SQLite's automatic checkpoint would. Never fails the commit: a checkpoint that
/// cannot run now runs with a later commit.
fn after_commit(wal: &Wal, pages: c_int) -> rusqlite::Result<()> {
    let noting = NOTED.get().is_some();
    if noting {
        NOTED.set(Some(pages));
    }
    if pages >= INLINE_AT || (!noting && pages >= ASIDE_AT) {
        let _ = wal.checkpoint();
    }
    Ok(())
}

/// Puts [`after_commit`] in place of SQLite's automatic checkpoint.
pub(super) fn install(conn: &Connection) {
    conn.wal_hook(Some(after_commit));
}

/// Runs `commit` noting the WAL's length it leaves; `None` when nothing was
/// committed to a WAL.
pub(super) fn noting<T>(commit: impl FnOnce() -> T) -> (T, Option<i32>) {
    NOTED.set(Some(0));
    let done = commit();
    let pages = NOTED.take().filter(|p| *p > 0);
    (done, pages)
}

/// The thread that checkpoints, started the first time the WAL is long enough.
#[derive(Default)]
pub(super) struct Aside {
    running: Option<Running>,
    /// The WAL's length when the thread was last asked. The WAL's length is all it
    /// holds, copied or not, until a writer starts it over after a checkpoint that
    /// copied everything; asking again only when as much again has been written
    /// keeps the thread from syncing the file for every commit meanwhile.
    asked_at: i32,
    /// Starting it failed once (the file could not be opened again): the commits
    /// checkpoint themselves, as SQLite does.
    failed: bool,
}

struct Running {
    poke: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Aside {
    /// Called after an ordinary commit that left `pages` in the WAL of `path`.
    pub(super) fn after(&mut self, path: &Path, pages: i32, conn: &Connection) {
        if pages < self.asked_at {
            // Started over since.
            self.asked_at = 0;
        }
        if pages - self.asked_at < ASIDE_AT {
            return;
        }
        self.asked_at = pages;
        if self.running.is_none() && !self.failed {
            self.running = Running::start(path);
            self.failed = self.running.is_none();
        }
        match &self.running {
            // Already asked and not done yet: one checkpoint takes all there is.
            Some(r) => {
                if let Some(poke) = &r.poke {
                    let _ = poke.try_send(());
                }
            }
            None => {
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        }
    }

    /// Whether the thread runs (for the tests).
    #[cfg(test)]
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

impl Running {
    fn start(path: &Path) -> Option<Running> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.execute_batch("PRAGMA synchronous = FULL").ok()?;
        let (poke, pokes) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                while pokes.recv().is_ok() {
                    catch_up(&conn);
                }
            })
            .ok()?;
        Some(Running {
            poke: Some(poke),
            thread: Some(thread),
        })
    }
}

/// Copies the WAL into the file. PASSIVE never waits for a desk's reads or writes,
/// so the desk's commits meanwhile stay in the WAL; the WAL starts over (and stops
/// growing) only once a checkpoint has copied all of it before the next commit, so
/// the pages committed during one pass are copied by another, a few times at most.
fn catch_up(conn: &Connection) {
    for _ in 0..PASSES {
        let copied = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        });
        match copied {
            // Nothing left behind, or nothing copied (a reader holds it back).
            Ok((log, done)) if done < log && done > 0 => {}
            _ => return,
        }
    }
}

/// Checkpoints in a row at most, for one request.
const PASSES: usize = 4;

impl Drop for Running {
    /// Lets the thread finish the checkpoint it is on and close its connection, so
    /// that the store is closed when it is dropped.
    fn drop(&mut self) {
        drop(self.poke.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
#[path = "checkpoint_tests.rs"]
mod tests;
