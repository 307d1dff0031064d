//! The one SQLite file behind the desk, and the only module that speaks SQL.
//!
//! Everything else calls the operations here, so that a server backend can be added
//! later without touching the screen or the rules. Writes run in short `IMMEDIATE`
//! transactions: numbers (case, queue, letter) are allocated inside the transaction
//! that uses them, so two desks on one file never get the same one.

mod audit;
mod cases;
mod checkin;
mod counters;
mod error;
mod events;
mod export;
mod history;
mod lookup;
mod open;
mod people;
mod queue;
mod registry;
mod schema;
mod shifts;
mod stats;

pub use audit::{host_account, AuditFilter, AuditRow, Revealed};
pub use cases::{CaseDetail, CaseRow, CaseStepInput, ContactRow, EventRow, PersonDetail};
pub use checkin::{Candidate, CheckIn, CheckInResult, Imported};
pub use error::{Result, StoreError};
pub use events::VerifyReport;
pub use export::{DayRange, ExportRow};
pub use lookup::{LookupRow, PetitionerCard};
pub use open::OpenMode;
pub use queue::{DeskCounts, QueueAction, QueueRow};
pub use registry::{Category, Officer, Unit};
pub use schema::{latest_version, APPLICATION_ID};
pub use shifts::{Handover, HandoverSummary, Shift, MAX_NOTES_CHARS};
pub use stats::{CategoryFigures, ChannelFigures, FlagFigures, ReplyFigures, Stats, StatusFigures};

use crate::domain::clocks::ClockConfig;
use crate::domain::flags::FlagConfig;
use crate::time::TimeSource;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

/// Rules that an office may tune (clocks, flag thresholds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    pub clocks: ClockConfig,
    pub flags: FlagConfig,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    time: TimeSource,
    rules: Rules,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = rules;
    }

    pub fn time(&self) -> &TimeSource {
        &self.time
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.time.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.time.today()
    }

    /// Changes whenever another connection commits; the screen polls it to refresh.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// Runs `f` in one short write transaction, taking the write lock up front so a
    /// second desk waits (busy timeout) instead of failing half-way. Inside a batch
    /// (see [`Store::begin_batch`]) it runs in a savepoint of the batch instead, so a
    /// failed operation still leaves nothing behind.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| error::classify(&path, e))?;
            let value = f(&tx)?;
            tx.commit().map_err(|e| error::classify(&path, e))?;
            Ok(value)
        } else {
            let sp = self
                .conn
                .savepoint()
                .map_err(|e| error::classify(&path, e))?;
            let value = f(&sp)?;
            sp.commit().map_err(|e| error::classify(&path, e))?;
            Ok(value)
        }
    }

    /// Starts one long transaction for a bulk job (demo data, import): thousands of
    /// operations then cost one commit instead of one each.
    pub fn begin_batch(&mut self) -> Result<()> {
        let path = self.path.clone();
        // A bulk job touches far more pages than a desk does: a larger cache keeps
        // them in memory until the one commit.
        self.conn
            .execute_batch("PRAGMA cache_size = -262144; BEGIN IMMEDIATE")
            .map_err(|e| error::classify(&path, e))
    }

    pub fn commit_batch(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.conn
            .execute_batch("COMMIT; PRAGMA cache_size = -2000")
            .map_err(|e| error::classify(&path, e))
    }

    pub fn rollback_batch(&mut self) -> Result<()> {
        Ok(self
            .conn
            .execute_batch("ROLLBACK; PRAGMA cache_size = -2000")?)
    }

    /// Pins "now" for the operations that follow (bulk jobs that replay the past).
    pub fn set_time(&mut self, time: TimeSource) {
        self.time = time;
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Store {
    /// A consistent copy of the whole database, made while desks keep working.
    /// Copies the database, consistently while desks write, into `out`: a new,
    /// empty file that the caller created (see `crate::outfile`).
    pub fn backup_into(&self, out: &Path) -> Result<()> {
        self.conn
            .execute("VACUUM INTO ?1", [out.to_string_lossy()])
            .map_err(|e| match error::classify(out, e) {
                StoreError::ReadOnly(_) => StoreError::Invalid(format!(
                    "cannot write the backup {} (no permission, or a read-only disk); choose another place",
                    out.display()
                )),
                other => other,
            })?;
        Ok(())
    }
}
