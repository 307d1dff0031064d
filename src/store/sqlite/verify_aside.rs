//! The half of a full `verify` that needs nothing from the ledger — the file's
//! structure, references and every case's timeline replayed — run on a second
//! connection and core while
//! the first walks the chain and recomputes the tables. Each half reads one
//! snapshot of its own, and each check holds within its snapshot, so a desk
//! writing meanwhile still never looks like tampering.

use super::events;
use super::ledger_chain::Named;
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

/// The structure of the whole file: SQLite's own check of every page.
pub(super) fn quick_check(conn: &Connection) -> Result<String> {
    Ok(conn
        .prepare_cached("PRAGMA quick_check(20)")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .join("; "))
}

/// Every reference held (an event's case, a contact's person and case, …): foreign
/// keys are enforced by jiedai, so a dangling one was made with them switched off.
pub(super) fn references(conn: &Connection, report: &mut VerifyReport) -> Result<()> {
    let mut problems = Named::new("rows that point at a row that is gone");
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        problems.push(format!(
            "{table} row {}: points at a {parent} row that is not on file (it was deleted \
             behind the program's back)",
            rowid.map_or_else(|| "?".into(), |id| id.to_string())
        ));
    }
    problems.into(report);
    Ok(())
}
