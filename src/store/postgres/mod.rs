//! The PostgreSQL adapter of the store port (cargo feature `postgres`), chosen by
//! a `--db postgresql://…` address. DESIGN.md §3 ("PostgreSQL") says what it
//! covers so far; what it does not yet answers with [`not_yet`], never a panic.
//!
//! A unit of work is one transaction that first takes the record's advisory write
//! lock: desks on several hosts then write one after another, as on one SQLite
//! file, so numbers are drawn in the writing transaction and the timeline's hash
//! chain is appended in order. A serialization failure or deadlock runs the unit
//! of work again, a bounded number of times.

mod books;
mod connect;
mod error;
mod export;
mod figures;
mod handover;
mod people;
mod ratings;
mod reads;
mod rows;
mod schema;
mod search;
mod stats;
mod timeline;
mod tx;
mod unported;

use crate::domain::anchor::Anchor;
use crate::store::error::{Result, StoreError, Trouble};
use crate::store::port::{Admin, Ctx, Tx, UnitOfWork};
use crate::store::records::{Category, Officer, OpenMode, Unit, VerifyReport};
use crate::time::TimeSource;
use postgres::{Client, NoTls};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// The record's write lock: one per database and schema, held to the end of the
/// transaction that takes it.
const WRITE_LOCK: &str =
    "SELECT pg_advisory_xact_lock(hashtext('jiedai-write:' || current_database() || '.' || current_schema()))";

/// How many times a unit of work runs before a conflict is reported.
const TRIES: u32 = 8;

/// What a part of the record not yet ported says.
pub(crate) fn not_yet(what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "{what} is not supported on PostgreSQL yet; keep this office on a SQLite file for it (DESIGN.md §3 lists what runs on PostgreSQL)"
    ))
}

/// A jiedai record in a PostgreSQL database (the schema of the connection's
/// `search_path`).
pub struct PgStore {
    /// The book traits read through `&self`; the client needs `&mut` for every
    /// query, and a store is used by one thread at a time.
    client: RefCell<Client>,
    /// The address without its password: what messages show.
    shown: PathBuf,
    running_as: Option<String>,
}

impl PgStore {
    /// Connects to the server `url` names and (unless `ReadOnly`) migrates the
    /// record; `time` stamps the lists seeded into a new record.
    pub fn open(url: &str, mode: OpenMode, time: &TimeSource) -> Result<PgStore> {
        let shown = PathBuf::from(crate::store::address::redacted(url));
        let config = connect::config(url)?;
        let mut client = config
            .connect(NoTls)
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
            Some(v) if v < latest => {
                schema::migrate(&mut client).map_err(|e| error::on_open(&shown, e))?
            }
            Some(_) => {}
        }
        if mode == OpenMode::ReadOnly {
            client
                .batch_execute("SET default_transaction_read_only = on")
                .map_err(|e| error::on_open(&shown, e))?;
        }
        let mut store = PgStore {
            client: RefCell::new(client),
            shown,
            running_as: None,
        };
        if mode != OpenMode::ReadOnly {
            let now = crate::time::stamp(time.now());
            store.write(|tx| rows::seed_defaults(tx, &now))?;
        }
        Ok(store)
    }

    /// Runs `f` in one transaction holding the write lock; runs it again after a
    /// serialization failure or deadlock, up to [`TRIES`] times.
    fn write<T>(
        &mut self,
        mut f: impl FnMut(&mut postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let client = self.client.get_mut();
        let mut tries = 0;
        loop {
            tries += 1;
            match attempt(client, &mut f) {
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
        f(&mut client)
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

enum Attempt {
    Retry(String),
    Failed(StoreError),
}

/// One run of `f` in a transaction; dropping the transaction on an error rolls
/// it back.
fn attempt<T>(
    client: &mut Client,
    f: &mut impl FnMut(&mut postgres::Transaction<'_>) -> Result<T>,
) -> std::result::Result<T, Attempt> {
    let pg = |e: postgres::Error| {
        if error::is_retryable(&e) {
            Attempt::Retry(e.to_string())
        } else {
            Attempt::Failed(e.into())
        }
    };
    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute(WRITE_LOCK).map_err(pg)?;
    let value = f(&mut tx).map_err(|e| match e {
        // A conflict inside the work spoils the transaction: start again.
        StoreError::Unavailable {
            trouble: Trouble::Busy,
            detail,
        } => Attempt::Retry(detail),
        e => Attempt::Failed(e),
    })?;
    // Every committed write moves the number the desks poll to refresh.
    tx.execute(
        "INSERT INTO counters(name, value) VALUES ('data_version', 1)
         ON CONFLICT(name) DO UPDATE SET value = counters.value + 1",
        &[],
    )
    .map_err(pg)?;
    tx.commit().map_err(pg)?;
    Ok(value)
}

impl UnitOfWork for PgStore {
    fn run(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let running_as = self.running_as.clone();
        self.write(|t| work(&mut tx::PgTx::new(t, running_as.as_deref())))
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
        self.write(|tx| rows::add_unit(tx, &name, &now))
    }

    fn add_category(&mut self, name: &str, parent: Option<&str>) -> Result<Category> {
        let name = rows::checked_list_name(name, 40, "a category name")?;
        let parent = parent
            .map(crate::text::clean_input)
            .filter(|p| !p.is_empty());
        self.write(|tx| rows::add_category(tx, &name, parent.as_deref()))
    }

    fn verify(&self, anchors: &[Anchor], since: Option<&Anchor>) -> Result<VerifyReport> {
        self.read(|c| timeline::verify(c, anchors, since))
    }

    fn chain_head(&self) -> Result<Option<Anchor>> {
        self.read(timeline::head)
    }

    fn backup_into(&self, _out: &Path) -> Result<()> {
        Err(not_yet(
            "`jiedai backup` (use pg_dump for the server's record)",
        ))
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
        Err(not_yet("a bulk job (import, demo)"))
    }

    fn commit_batch(&mut self) -> Result<()> {
        Err(not_yet("a bulk job (import, demo)"))
    }

    fn rollback_batch(&mut self) -> Result<()> {
        Ok(())
    }
}
