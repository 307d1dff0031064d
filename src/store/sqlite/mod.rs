//! The SQLite adapter of the store port: one file, WAL, short `IMMEDIATE`
//! transactions. The only module under `src/` that names rusqlite or speaks SQL.
//!
//! Numbers (case, queue, letter) are allocated inside the transaction that uses
//! them, so two desks on one file never get the same one.

mod audit;
mod backup;
mod backup_raw;
mod bookings;
mod books;
mod bulk;
mod bulk_flush;
mod bulk_fresh;
mod bulk_keys;
mod bulk_pipe;
mod bulk_regs;
mod bulk_tx;
mod bulk_tx_people;
mod cases;
mod checkin;
mod checkpoint;
mod compact;
pub(super) mod copy;
mod counters;
mod error;
mod events;
mod export;
mod figure_cache;
mod figure_cache_codec;
mod figure_cache_write;
mod figure_days;
mod figure_days_read;
mod figure_days_write;
mod figures;
mod figures_passes;
mod handover_cases;
mod history;
mod leaders;
mod leaders_tx;
mod lean;
pub(crate) mod ledger;
pub(crate) mod ledger_chain;
mod ledger_hash;
mod ledger_seal;
pub(crate) mod ledger_store;
pub(crate) mod ledger_verify;
mod loading;
mod lock;
mod lookup;
mod matters;
mod open;
mod people;
mod queue;
mod ratings;
mod read_indexes;
mod registry;
mod risk;
mod risk_plans;
mod roster;
mod rows;
mod scan;
mod schema;
mod search_keys;
mod search_pending;
mod search_read;
mod shifts;
mod stats;
mod stats_walk;
mod tallies;
mod timeline_check;
mod tx;
mod verify_aside;
mod verify_feed;
mod verify_rows;

pub use compact::announce_with as announce_compaction;
pub use lock::longest_hold;
// The timeline's readings that carry no SQL, shared with the PostgreSQL adapter.
#[cfg(feature = "postgres")]
pub(crate) use cases::parse_flags;
#[cfg(feature = "postgres")]
pub(crate) use events::{
    chain_hash, effective_day, notice_of, step_of, timeline_point, GENESIS as TIMELINE_GENESIS,
};
#[cfg(feature = "postgres")]
pub(crate) use handover_cases::{CaseFacts, CASES, EVENTS};
pub use schema::{latest_version, APPLICATION_ID};
#[cfg(feature = "postgres")]
pub(crate) use timeline_check::{EventChain, StoredEvent};

use super::error::Result;
use super::port::{Admin, Tx, UnitOfWork};
use super::records::{Category, Officer, Unit, VerifyReport};
use crate::domain::anchor::Anchor;
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

/// A jiedai record in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// Checkpoints the WAL beside the desk's commits (checkpoint.rs). Declared after
    /// `conn`, so dropped after it: its connection, closed last, checkpoints what is
    /// left as the last connection of a process does.
    aside: checkpoint::Aside,
    path: PathBuf,
    /// Since when the open batch has held the write lock.
    batch_held: Option<lock::Held>,
    /// The host account this process runs as, when the office binds officers to
    /// host accounts (see [`Admin::bind_host_accounts`]).
    running_as: Option<String>,
    /// A bulk fill's rows, held until they are written (see bulk.rs).
    bulk: Option<Box<bulk::Bulk>>,
    /// The rows a bulk fill wrote since the last seal, which the next one takes in
    /// (see ledger_seal.rs).
    fresh: Vec<ledger_seal::Fresh>,
    /// While a bulk fill runs on two threads, the one that writes its stretches,
    /// holding the batch's connection; `conn` is then a reader (bulk_pipe.rs).
    pipe: Option<bulk_pipe::Pipe>,
    /// The people waiting to be folded into the search keys, as this connection
    /// last read them (search_pending.rs).
    waiting: std::cell::RefCell<search_pending::Waiting>,
    /// The file is a new one loading under a name nobody uses (loading.rs).
    loading: bool,
}

impl SqliteStore {
    /// Runs `f` in one short write transaction, taking the write lock up front so a
    /// second desk waits (busy timeout) instead of failing half-way. Inside a batch
    /// (see [`Admin::begin_batch`]) it runs in a savepoint of the batch instead, so a
    /// failed operation still leaves nothing behind.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| error::classify(&path, e))?;
            let held = lock::Held::now();
            // Rows noted before our first write were written by another program.
            ledger_seal::seal(&tx, true)?;
            let value = f(&tx)?;
            ledger_seal::seal(&tx, false)?;
            let (committed, wal_pages) = checkpoint::noting(|| tx.commit());
            committed.map_err(|e| error::classify(&path, e))?;
            held.release();
            if let Some(pages) = wal_pages {
                self.aside.after(&path, pages, &self.conn);
            }
            Ok(value)
        } else {
            // A bulk job runs millions of these: the savepoint's statements are
            // prepared once, not parsed on every unit of work.
            let mark = |sql: &str| {
                self.conn
                    .prepare_cached(sql)
                    .and_then(|mut s| s.execute([]))
                    .map_err(|e| error::classify(&path, e))
            };
            mark("SAVEPOINT unit_of_work")?;
            match f(&self.conn) {
                Ok(value) => {
                    mark("RELEASE unit_of_work")?;
                    Ok(value)
                }
                Err(e) => {
                    // Undone, then let go: the batch goes on without any of it.
                    let _ = mark("ROLLBACK TO unit_of_work");
                    let _ = mark("RELEASE unit_of_work");
                    Err(e)
                }
            }
        }
    }

    fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Seals the batch's writes so far: the rows noted and a bulk fill's fresh rows.
    fn seal_batch(&mut self) -> rusqlite::Result<usize> {
        let fresh = std::mem::take(&mut self.fresh);
        ledger_seal::seal_with(&self.conn, false, &fresh)
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.fold_before_closing();
    }
}

impl UnitOfWork for SqliteStore {
    fn run(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        // SQLite serializes writers with its lock, so a unit of work runs once.
        let running_as = self.running_as.clone();
        if let Some(held) = self.bulk.as_deref_mut() {
            return bulk_tx::run(&self.conn, running_as.as_deref(), held, work);
        }
        self.write(|conn| work(&mut tx::SqliteTx::new(conn, running_as.as_deref())))
    }
}

impl Admin for SqliteStore {
    fn location(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA data_version` moves whenever another connection commits.
    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// A file sends no signal: desks on one host poll `data_version`, which costs
    /// a read of one page header.
    fn watch(&self, _wake: crate::store::Wake) -> Result<bool> {
        Ok(false)
    }

    /// A bulk job touches far more pages than a desk does: a larger cache keeps
    /// them in memory until the one commit. At a million people the indexes it
    /// writes at scattered places (names, arrival times, due dates) need about a
    /// gigabyte; a smaller cache spills them to the WAL and reads them back.
    fn begin_batch(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.conn
            .execute_batch("PRAGMA cache_size = -1048576; BEGIN IMMEDIATE")
            .map_err(|e| error::classify(&path, e))?;
        self.batch_held = Some(lock::Held::now());
        ledger_seal::seal(&self.conn, true)?;
        Ok(())
    }

    fn commit_batch(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.end_bulk()?;
        // The whole batch is hashed in one pass, just before it commits.
        self.seal_batch()?;
        let sync = loading::batch_sync(self.loading);
        self.conn
            .execute_batch(&format!(
                "COMMIT; PRAGMA cache_size = -2000; PRAGMA synchronous = {sync}"
            ))
            .and_then(|()| self.conn.execute_batch(search_keys::AFTER_REBUILD))
            .map_err(|e| error::classify(&path, e))?;
        if let Some(held) = self.batch_held.take() {
            held.release();
        }
        Ok(())
    }

    /// Seals and commits the stretch written so far and takes the lock again at once,
    /// keeping the batch's large page cache warm for the next stretch.
    fn batch_checkpoint(&mut self) -> Result<()> {
        if let (Some(pipe), Some(held)) = (self.pipe.as_mut(), self.bulk.as_deref_mut()) {
            return pipe.checkpoint(held.take_stretch()?);
        }
        let path = self.path.clone();
        // A bulk fill's stretch is written first and sealed with the rest.
        self.flush_bulk()?;
        self.seal_batch()?;
        self.conn
            .execute_batch("COMMIT; BEGIN IMMEDIATE")
            .map_err(|e| error::classify(&path, e))?;
        if let Some(held) = self.batch_held.replace(lock::Held::now()) {
            held.release();
        }
        ledger_seal::seal(&self.conn, true)?;
        Ok(())
    }

    fn begin_bulk(&mut self) -> Result<bool> {
        if self.conn.is_autocommit() {
            return Ok(false);
        }
        self.bulk = bulk::Bulk::start(&self.conn)?.map(Box::new);
        if self.bulk.is_some() {
            let reader = bulk_pipe::reader(&self.path)?;
            let writer = std::mem::replace(&mut self.conn, reader);
            // Another connection: what the old one read of the list says nothing.
            self.waiting = Default::default();
            self.pipe = Some(bulk_pipe::Pipe::start(writer, self.loading));
        }
        Ok(self.bulk.is_some())
    }

    fn flush_bulk(&mut self) -> Result<()> {
        if let Some(held) = self.bulk.as_deref_mut() {
            for range in held.flush(&self.conn)? {
                ledger_seal::add_fresh(&mut self.fresh, range);
            }
        }
        Ok(())
    }

    fn end_bulk(&mut self) -> Result<()> {
        if let Some(pipe) = self.pipe.take() {
            let mut held = self.bulk.take();
            let last = held.as_deref_mut().map(bulk::Bulk::take_stretch);
            let (writer, done) = match last {
                Some(Ok(stretch)) => {
                    let keys = held
                        .map(|mut h| std::mem::take(&mut h.keys))
                        .unwrap_or_default();
                    pipe.finish(stretch, keys.sort())
                }
                Some(Err(e)) => (pipe.close(), Err(e)),
                None => (pipe.close(), Ok(Vec::new())),
            };
            self.conn = writer;
            // Another connection: what the old one read of the list says nothing.
            self.waiting = Default::default();
            for range in done? {
                ledger_seal::add_fresh(&mut self.fresh, range);
            }
            return Ok(());
        }
        if let Some(mut held) = self.bulk.take() {
            for range in held.finish(&self.conn)? {
                ledger_seal::add_fresh(&mut self.fresh, range);
            }
        }
        Ok(())
    }

    fn begin_loading(&mut self) -> Result<bool> {
        if !self.conn.is_autocommit() || self.pipe.is_some() {
            return Ok(false);
        }
        self.loading = loading::begin(&self.conn)?;
        Ok(self.loading)
    }

    fn end_loading(&mut self) -> Result<()> {
        if self.loading {
            loading::end(&self.conn)?;
            self.loading = false;
        }
        Ok(())
    }

    fn rollback_batch(&mut self) -> Result<()> {
        if let Some(pipe) = self.pipe.take() {
            self.conn = pipe.close();
            // Another connection: what the old one read of the list says nothing.
            self.waiting = Default::default();
        }
        self.bulk = None;
        self.fresh.clear();
        self.batch_held = None;
        let sync = loading::batch_sync(self.loading);
        Ok(self
            .conn
            .execute_batch(&format!(
                "ROLLBACK; PRAGMA cache_size = -2000; PRAGMA synchronous = {sync}"
            ))
            .and_then(|()| self.conn.execute_batch(search_keys::AFTER_REBUILD))?)
    }

    fn officers(&self) -> Result<Vec<Officer>> {
        roster::officers(self.conn())
    }

    fn bind_host_accounts(&mut self, running_as: Option<String>) {
        self.running_as = running_as;
    }

    fn units(&self) -> Result<Vec<Unit>> {
        registry::units(self.conn())
    }

    fn categories(&self) -> Result<Vec<Category>> {
        registry::categories(self.conn())
    }

    fn add_unit(&mut self, cx: &super::port::Ctx, name: &str) -> Result<Unit> {
        let now = cx.stamp();
        registry::add_unit(self, name, &now)
    }

    fn add_category(&mut self, name: &str, parent: Option<&str>) -> Result<Category> {
        registry::add_category(self, name, parent)
    }

    fn verify(&self, anchors: &[Anchor], since: Option<&Anchor>) -> Result<VerifyReport> {
        ledger_verify::verify(self.conn(), anchors, since, &mut |_, _, _| {})
    }

    fn verify_watched(
        &self,
        anchors: &[Anchor],
        since: Option<&Anchor>,
        progress: super::records::VerifyProgress<'_>,
    ) -> Result<VerifyReport> {
        ledger_verify::verify(self.conn(), anchors, since, progress)
    }

    fn chain_head(&self) -> Result<Option<Anchor>> {
        ledger::anchor(self.conn())
    }

    fn search_keys_bytes(&self) -> Result<i64> {
        SqliteStore::search_keys_bytes(self)
    }

    fn fold_search_keys(&mut self) -> Result<bool> {
        SqliteStore::fold_search_keys(self)
    }

    /// A raw copy of the file under a held read transaction (or SQLite's online
    /// backup), consistent while desks keep working.
    fn backup_into(&self, out: &Path) -> Result<Option<Anchor>> {
        backup::copy_into(&self.conn, out)
    }
}
