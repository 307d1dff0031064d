//! `jiedai backup`: a consistent copy of the file while desks keep writing.
//!
//! The file's bytes are copied raw under a held read transaction (`backup_raw`);
//! where that cannot be done (no file behind the connection, a source that will
//! not give its handles), SQLite's online backup copies the pages of one read
//! snapshot instead. `VACUUM INTO`, used before both, rebuilt every table and
//! index row by row: at a million people that took minutes.

use super::backup_raw::{self, Failed, Pace, Step};
use super::error::classify;
use super::ledger;
use crate::domain::anchor::Anchor;
use crate::store::error::{Result, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::path::Path;

/// Copies the database behind `conn` into the new, empty file `out` and returns
/// the copy's chain head (read from the copy: desks may have written since). The
/// caller makes the copy durable (the output is synced before it takes its name).
pub(super) fn copy_into(conn: &Connection, out: &Path) -> Result<Option<Anchor>> {
    copy_into_watched(conn, out, Pace::FULL, &mut |_| {})
}

/// [`copy_into`], telling `step` where the raw copy is (a test writes meanwhile).
pub(super) fn copy_into_watched(
    conn: &Connection,
    out: &Path,
    pace: Pace,
    step: &mut dyn FnMut(Step),
) -> Result<Option<Anchor>> {
    match backup_raw::copy(conn, out, pace, step) {
        Ok(head) => Ok(head),
        Err(Failed::Out(e)) => Err(e),
        Err(Failed::Source) => {
            // Start again on an empty file: the raw copy may have written part of it.
            std::fs::OpenOptions::new()
                .write(true)
                .open(out)
                .and_then(|f| f.set_len(0))
                .map_err(|e| StoreError::Backend(format!("cannot write {}: {e}", out.display())))?;
            online(conn, out)?;
            let copy = Connection::open(out).map_err(|e| classify(out, e))?;
            let head = ledger::anchor(&copy)?;
            copy.close().map_err(|(_, e)| classify(out, e))?;
            Ok(head)
        }
    }
}

/// SQLite's online backup of one read snapshot into the empty file `out`.
fn online(conn: &Connection, out: &Path) -> Result<()> {
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
