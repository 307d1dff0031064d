//! The half of a full `verify` that needs nothing from the ledger — the file's
//! structure, references and every case's timeline replayed — run on a second
//! connection and core while
//! the first walks the chain and recomputes the tables. Each half reads one
//! snapshot of its own, and each check holds within its snapshot, so a desk
//! writing meanwhile still never looks like tampering.

use super::events;
use super::ledger_verify::{quick_check, references};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use rusqlite::{Connection, OpenFlags};
use std::thread::{Scope, ScopedJoinHandle};

pub(super) type Aside<'scope> = Option<ScopedJoinHandle<'scope, Result<VerifyReport>>>;

/// Starts the second half on its own read-only connection to the same file;
/// `None` when the file cannot be opened a second time (the caller then runs it
/// itself).
pub(super) fn start<'scope>(scope: &'scope Scope<'scope, '_>, conn: &Connection) -> Aside<'scope> {
    let path = conn.path().filter(|p| !p.is_empty())?.to_string();
    Some(scope.spawn(move || {
        let second = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        second.busy_timeout(std::time::Duration::from_secs(10))?;
        let snapshot = second.unchecked_transaction()?;
        let mut part = VerifyReport {
            integrity: quick_check(&snapshot)?,
            ..Default::default()
        };
        references(&snapshot, &mut part)?;
        events::check_timeline(&snapshot, None, &mut part, &mut |_| {})?;
        Ok(part)
    }))
}

/// The second half's findings; `None` if it could not run (a file read as
/// immutable from a read-only disk has no second reader), so that the caller
/// runs it on its own connection instead.
pub(super) fn finish(aside: Aside<'_>) -> Option<VerifyReport> {
    aside?.join().ok()?.ok()
}
