//! `jiedai backup`: a consistent copy of the file while desks keep writing.
//!
//! SQLite's online backup copies the file's pages as they are in one read snapshot
//! (WAL lets desks write meanwhile). `VACUUM INTO`, used before, rebuilt every table
//! and index row by row: at a million people that took minutes where copying the
//! pages takes about as long as the disk needs to write them.

use super::error::classify;
use crate::store::error::{Result, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::path::Path;

/// Copies the database behind `conn` into the (new or empty) file `out`. The
/// caller makes the copy durable (the output is synced before it takes its name).
pub(super) fn copy_into(conn: &Connection, out: &Path) -> Result<()> {
    let unwritable = |e: rusqlite::Error| match classify(out, e) {
        StoreError::ReadOnly(_) => StoreError::Invalid(format!(
            "cannot write the backup {} (no permission, or a read-only disk); choose another place",
            out.display()
        )),
        other => other,
    };
    let mut copy = Connection::open(out).map_err(unwritable)?;
    // The copy is synced once, whole, by the caller; a journal for an empty file
    // would only double the writing.
    copy.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        .map_err(unwritable)?;
    let backup = Backup::new(conn, &mut copy).map_err(unwritable)?;
    // All pages in one step: one read snapshot, so a desk writing meanwhile neither
    // restarts the copy nor lands half in it.
    match backup.step(-1).map_err(unwritable)? {
        StepResult::Done => Ok(()),
        // Busy or locked: another connection held the file past the busy wait.
        _ => Err(StoreError::Locked(out.to_path_buf())),
    }
}
