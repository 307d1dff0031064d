//! Loading a new file that nobody else can see yet (the demo writes it under a
//! hidden name and moves it into place once complete, `cli/demo.rs`): no journal
//! on disk and no syncs while it fills.
//!
//! In WAL every page a fill writes went to the disk twice (the log, then the
//! file at each checkpoint) and was read back in between; with the journal in
//! memory each page is written once, into the file. A savepoint or a rollback
//! still works (the journal is in memory, not off). A crash mid-load leaves a
//! broken file, but only under the hidden name: [`end`] makes the file what any
//! other is (WAL, `synchronous = FULL`, synced) before it gets its real name.

use crate::store::error::{Result, StoreError};
use rusqlite::Connection;

/// What a batch's commits sync while a file loads, and otherwise.
pub(super) fn batch_sync(loading: bool) -> &'static str {
    if loading {
        "OFF"
    } else {
        "FULL"
    }
}

/// Switches a connection to loading; the only one on the file (SQLite refuses to
/// leave WAL otherwise, and the switch is then refused here too).
pub(super) fn begin(conn: &Connection) -> rusqlite::Result<bool> {
    let mode: String = conn.query_row("PRAGMA journal_mode = MEMORY", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("memory") {
        return Ok(false);
    }
    conn.execute_batch("PRAGMA synchronous = OFF")?;
    Ok(true)
}

/// Back to WAL with every commit synced, as open.rs configures any file;
/// the switch itself is a synced commit, so everything loaded is on the disk.
pub(super) fn end(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA synchronous = FULL")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Invalid(format!(
            "the loaded file stayed in journal mode {mode}, not WAL"
        )));
    }
    Ok(())
}
