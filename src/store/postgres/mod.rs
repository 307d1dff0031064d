//! The PostgreSQL adapter of the store port (cargo feature `postgres`), chosen by
//! a `--db postgresql://…` address; DESIGN.md §3.3 says how it mirrors the file.
//!
//! A unit of work is one transaction that first takes the record's advisory write
//! lock: desks on several hosts then write one after another, as on one SQLite
//! file, so numbers are drawn in the writing transaction and the timeline's hash
//! chain and the ledger (ledger.rs) are appended in order. A serialization
//! failure or deadlock runs the unit of work again, a bounded number of times.

mod batch;
mod books;
mod bulk_load;
mod connect;
mod copy;
mod error;
mod event_write;
mod export;
mod figures;
mod handover;
mod intake_read;
mod leaders;
mod leaders_tx;
mod ledger;
mod ledger_gather;
mod ledger_keys;
mod ledger_seal;
mod ledger_store;
mod ledger_verify;
mod ledger_write;
mod listen;
mod named;
mod people;
mod prepared;
mod ratings;
mod read_indexes;
mod reads;
mod risk;
mod risk_plans;
mod rows;
mod schema;
mod search;
mod search_write;
mod stats;
mod timeline;
mod tx;
mod tx_cases;
mod tx_rows;
mod tx_shifts;

pub(crate) use copy::receive;

use crate::domain::anchor::Anchor;
use crate::store::error::{Result, StoreError, Trouble};
use crate::store::port::{Admin, Ctx, Tx, UnitOfWork};
use crate::store::records::{Category, Officer, OpenMode, Unit, VerifyReport};
use crate::time::TimeSource;
use postgres::{Client, SimpleQueryMessage};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The record's write lock: one per database and schema, held to the end of the
/// transaction that takes it.
const WRITE_LOCK: &str =
    "SELECT pg_advisory_xact_lock(hashtext('jiedai-write:' || current_database() || '.' || current_schema()))";

/// How many times a unit of work runs before a conflict is reported.
const TRIES: u32 = 8;

/// A jiedai record in a PostgreSQL database (the schema of the connection's
/// `search_path`).
pub struct PgStore {
    /// The book traits read through `&self`; the client needs `&mut` for every
    /// query, and a store is used by one thread at a time.
    client: RefCell<Client>,
    /// The address without its password: what messages show.
    shown: PathBuf,
    running_as: Option<String>,
    /// The ledgered tables the record holds and their keys, read once on open
    /// (after any migration): every seal needs them.
    keys: ledger::Keys,
    /// A bulk job's transaction is open (see `batch`).
    in_batch: bool,
    /// How to open the listening connection of [`Admin::watch`].
    server: connect::Server,
    /// Set when the store goes: its listening connections close.
    closed: Arc<AtomicBool>,
    statements: prepared::Statements,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

impl PgStore {
    /// Connects to the server `url` names and (unless `ReadOnly`) migrates the
    /// record; `time` stamps the lists seeded into a new record.
    pub fn open(url: &str, mode: OpenMode, time: &TimeSource) -> Result<PgStore> {
        let (mut client, shown) = connect_migrated(url, mode)?;
        let server = connect::server(url)?;
        let keys = ledger::keys(&mut client)?;
        let mut store = PgStore {
            client: RefCell::new(client),
            shown,
            running_as: None,
            keys,
            in_batch: false,
            server,
            closed: Arc::new(AtomicBool::new(false)),
            statements: Default::default(),
        };
        // Looked at first: a write would wake every watching desk at each start.
        if mode != OpenMode::ReadOnly && !store.read(rows::seeded)? {
            let now = crate::time::stamp(time.now());
            store.write(|tx, _| rows::seed_defaults(tx, &now))?;
        }
        Ok(store)
    }

    /// Runs `f` in one transaction holding the write lock; runs it again after a
    /// serialization failure or deadlock, up to [`TRIES`] times.
    fn write<T>(&mut self, mut f: impl FnMut(&mut Client, &Begun) -> Result<T>) -> Result<T> {
        let client = self.client.get_mut();
        if self.in_batch {
            return batch::unit(client, &self.keys, &mut f);
        }
        let mut tries = 0;
        loop {
            tries += 1;
            match prepared::with(&self.statements, || attempt(client, &self.keys, &mut f)) {
                Err(Attempt::Retry(_)) if tries < TRIES => {
                    // Back off a little, more each time, so the other desk finishes.
                    std::thread::sleep(std::time::Duration::from_millis(5 << tries.min(6)));
                }
                Err(Attempt::Retry(e)) => {
                    return Err(StoreError::Unavailable {
                        trouble: Trouble::Busy,
                        detail: format!(
                            "other desks kept writing the same rows ({tries} tries): {e}"
                        ),
                    })
                }
                Err(Attempt::Failed(e)) => return Err(e),
                Ok(v) => return Ok(v),
            }
        }
    }

    fn read<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut client = self
            .client
            .try_borrow_mut()
            .map_err(|_| StoreError::Backend("the connection is busy with another read".into()))?;
        prepared::with(&self.statements, || f(&mut client))
    }

    /// Runs the reads of `f` on one snapshot of the record (a read-only,
    /// repeatable-read transaction): a report read in several passes never sees
    /// a desk's write in one pass and not in another.
    fn snapshot<T>(
        &self,
        f: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.read(|c| {
            let mut tx = c
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()?;
            let value = f(&mut tx)?;
            tx.commit()?;
            Ok(value)
        })
    }
}

/// Connects to the server `url` names and (unless `ReadOnly`) brings the record's
/// schema up to date; returns the client and the address as messages show it.
fn connect_migrated(url: &str, mode: OpenMode) -> Result<(Client, PathBuf)> {
    let shown = PathBuf::from(crate::store::address::redacted(url));
    let mut client = connect::server(url)?
        .connect()
        .map_err(|e| error::on_open(&shown, e))?;
    let found = schema::version(&mut client).map_err(|e| error::on_open(&shown, e))?;
    let latest = schema::latest_version();
    match found {
        None => return Err(StoreError::NotJiedai(shown)),
        Some(v) if v > latest => {
            return Err(StoreError::TooNew {
                path: shown,
                found: v,
                supported: latest,
            })
        }
        Some(v) if v < latest && mode == OpenMode::ReadOnly => {
            return Err(StoreError::Invalid(format!(
                "{} uses an older schema ({v} < {latest}); run `jiedai init` to upgrade it",
                shown.display()
            )))
        }
        Some(v) if v < latest => schema::migrate(&mut client)?,
        Some(_) => {}
    }
    if mode == OpenMode::ReadOnly {
        client
            .batch_execute("SET default_transaction_read_only = on")
            .map_err(|e| error::on_open(&shown, e))?;
    }
    Ok((client, shown))
}

enum Attempt {
    Retry(String),
    Failed(StoreError),
}

/// What a unit of work learns in the round trip that takes its lock.
#[derive(Debug, Default)]
pub(super) struct Begun {
    /// The timeline's newest event (its id and hash as hex), `Some(None)` while
    /// the timeline is empty; `None` when not read (a unit inside a batch).
    pub(super) head: Option<Option<(i64, String)>>,
    /// A write the unit held back to send with its seal's read (`PgTx::hold`).
    pub(super) held: std::cell::RefCell<Option<search_write::KeysWrite>>,
    /// An event the unit held back (`PgTx::append_event`), sent before its seal.
    pub(super) event: std::cell::RefCell<Option<event_write::EventWrite>>,
}

/// One run of `f` in a transaction, its writes sealed into the ledger before it
/// commits; on an error (or a panic) it is rolled back.
fn attempt<T>(
    client: &mut Client,
    keys: &ledger::Keys,
    f: &mut impl FnMut(&mut Client, &Begun) -> Result<T>,
) -> std::result::Result<T, Attempt> {
    let pg = |e: postgres::Error| {
        if error::is_retryable(&e) || named::lost(&e) {
            Attempt::Retry(e.to_string())
        } else {
            Attempt::Failed(e.into())
        }
    };
    let store = |e: StoreError| match e {
        // A conflict inside the work spoils the transaction: start again.
        StoreError::Unavailable {
            trouble: Trouble::Busy,
            detail,
        } => Attempt::Retry(detail),
        e => Attempt::Failed(e),
    };
    named::ensure(client).map_err(pg)?;
    let open = Open::new(client);
    // Begun by hand, not by the client crate (whose BEGIN is a round trip of its
    // own), in one message: BEGIN, the lock, then, run once the lock is held,
    // what every committed write does (move the number the desks poll to
    // refresh, and tell the desks that listen: at commit, never for a rollback),
    // with the timeline's head, which only the lock's holder moves, and whether
    // any row is noted unsealed. Both are statements prepared by name.
    let said = if prepared::take_replan() {
        open.client
            .simple_query(&format!("DISCARD PLANS;\n{}", named::BEGIN))
            .map_err(pg)?
    } else {
        open.client.simple_query(named::BEGIN).map_err(pg)?
    };
    let mut said = statements(&said);
    if said.len() > 3 {
        // DISCARD PLANS said nothing but its completion.
        said.remove(0);
    }
    let begun_row = said.get(2).and_then(|rows| rows.first());
    let noted = begun_row.map(|r| r.get(2) == Some("t"));
    let begun = Begun {
        head: said.get(2).map(|_| timeline::head_of(begun_row)),
        ..Begun::default()
    };
    if let Some(head) = &begun.head {
        prepared::note_head(head.as_ref().map_or(0, |h| h.0));
    }
    // Rows noted before our first write were written by another program.
    if noted != Some(false) {
        ledger::seal(open.client, keys, true).map_err(store)?;
    }
    let value = f(open.client, &begun).map_err(store)?;
    // The seal's write goes with the COMMIT: one round trip for both.
    // The seal reads what the unit noted: its last event must be written first.
    tx::send_event(open.client, &begun.event).map_err(store)?;
    let held = begun.held.take();
    let sealed = ledger::seal_before_end(open.client, keys, held.as_ref()).map_err(store)?;
    open.commit(sealed.as_deref()).map_err(pg)?;
    Ok(value)
}

/// A transaction begun by hand on the store's connection: rolled back when
/// dropped uncommitted (an error, a panic in the work), as the client crate's own
/// transaction would be.
struct Open<'c> {
    client: &'c mut Client,
    ended: bool,
}

impl<'c> Open<'c> {
    fn new(client: &'c mut Client) -> Self {
        Open {
            client,
            ended: false,
        }
    }

    /// Sends `first` (statements of the unit's own) and COMMIT in one message.
    fn commit(mut self, first: Option<&str>) -> std::result::Result<(), postgres::Error> {
        match first {
            // A failed statement stops the message before COMMIT: the transaction
            // is still open then, and rolled back when this is dropped.
            Some(first) => self.client.batch_execute(&format!("{first};\nCOMMIT"))?,
            // COMMIT ends the transaction either way (a failed one is rolled back).
            None => {
                self.ended = true;
                self.client.batch_execute("COMMIT")?;
            }
        }
        self.ended = true;
        Ok(())
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if !self.ended {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

/// The rows of a simple query's messages, statement by statement.
fn statements(said: &[SimpleQueryMessage]) -> Vec<Vec<&postgres::SimpleQueryRow>> {
    let mut out = vec![Vec::new()];
    for m in said {
        match m {
            SimpleQueryMessage::Row(r) => out.last_mut().into_iter().for_each(|v| v.push(r)),
            SimpleQueryMessage::CommandComplete(_) => out.push(Vec::new()),
            _ => {}
        }
    }
    out.pop();
    out
}

impl UnitOfWork for PgStore {
    fn run(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let running_as = self.running_as.clone();
        self.write(|t, begun| work(&mut tx::PgTx::new(t, running_as.as_deref(), begun)))
    }
}

impl Admin for PgStore {
    fn location(&self) -> &Path {
        &self.shown
    }

    fn data_version(&self) -> Result<i64> {
        self.read(|c| {
            Ok(c.query_opt(
                "SELECT value FROM counters WHERE name = 'data_version'",
                &[],
            )?
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0))
        })
    }

    /// A second connection LISTENs for the other desks' commits (DESIGN.md §3.3).
    fn watch(&self, wake: crate::store::port::Wake) -> Result<bool> {
        let own: i32 = self.read(|c| rows::one(c, "SELECT pg_backend_pid()", &[]))?;
        listen::start(&self.server, &self.shown, own, self.closed.clone(), wake)?;
        Ok(true)
    }

    fn officers(&self) -> Result<Vec<Officer>> {
        self.read(rows::officers)
    }

    fn bind_host_accounts(&mut self, running_as: Option<String>) {
        self.running_as = running_as;
    }

    fn units(&self) -> Result<Vec<Unit>> {
        self.read(rows::units)
    }

    fn categories(&self) -> Result<Vec<Category>> {
        self.read(rows::categories)
    }

    fn add_unit(&mut self, cx: &Ctx, name: &str) -> Result<Unit> {
        let now = cx.stamp();
        let name = rows::checked_list_name(name, 80, "a unit name")?;
        self.write(|tx, _| rows::add_unit(tx, &name, &now))
    }

    fn add_category(&mut self, name: &str, parent: Option<&str>) -> Result<Category> {
        let name = rows::checked_list_name(name, 40, "a category name")?;
        let parent = parent
            .map(crate::text::clean_input)
            .filter(|p| !p.is_empty());
        self.write(|tx, _| rows::add_category(tx, &name, parent.as_deref()))
    }

    fn verify(&self, anchors: &[Anchor], since: Option<&Anchor>) -> Result<VerifyReport> {
        self.read(|c| ledger_verify::verify(c, anchors, since, &mut |_, _, _| {}))
    }

    fn verify_watched(
        &self,
        anchors: &[Anchor],
        since: Option<&Anchor>,
        progress: crate::store::records::VerifyProgress<'_>,
    ) -> Result<VerifyReport> {
        self.read(|c| ledger_verify::verify(c, anchors, since, progress))
    }

    fn chain_head(&self) -> Result<Option<Anchor>> {
        self.read(ledger::anchor)
    }

    /// A SQLite file of the whole record, from one snapshot; checked against the
    /// server (rows per table, timeline head) and verified on its own. Returns
    /// the copy's chain head.
    fn backup_into(&self, out: &Path) -> Result<Option<Anchor>> {
        self.copy_into_file(out)
    }

    /// The tables and their indexes, as the server counts their pages.
    fn search_keys_bytes(&self) -> Result<i64> {
        self.read(|c| {
            rows::one(
                c,
                "SELECT (pg_total_relation_size('search_keys') + pg_total_relation_size('search_people'))::bigint",
                &[],
            )
        })
    }

    fn begin_batch(&mut self) -> Result<()> {
        batch::begin(self.client.get_mut(), &self.keys)?;
        self.in_batch = true;
        Ok(())
    }

    fn commit_batch(&mut self) -> Result<()> {
        self.in_batch = false;
        batch::commit(self.client.get_mut())
    }

    fn rollback_batch(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.in_batch) {
            return Ok(());
        }
        batch::rollback(self.client.get_mut())
    }
}
