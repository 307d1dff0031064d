//! The half of a full `verify` that needs nothing from the ledger — the file's
//! structure, references and every case's timeline replayed — run on connections
//! of their own while the first walks the chain and recomputes the tables. Each
//! reads one snapshot of its own, and each check holds within its snapshot, so a
//! desk writing meanwhile still never looks like tampering.

use super::ledger_chain::Named;
use super::timeline_check;
use super::verify_feed::{self, FeedIn};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::thread::{Scope, ScopedJoinHandle};

pub(super) type Aside<'scope> = Vec<ScopedJoinHandle<'scope, Result<VerifyReport>>>;

/// Starts the second half on read-only connections of their own to the same
/// file: the structure on one, the references and timelines on another, so that
/// the two cores share the three readings evenly whatever their sizes. Empty when
/// the file cannot be opened a second time (the caller then runs it itself).
/// When the timelines' connection reads the same record as `conn` (inside its
/// read transaction), the events' row hashes are handed over to the walk as
/// well: the feed returned (verify_feed.rs).
pub(super) fn start<'scope>(
    scope: &'scope Scope<'scope, '_>,
    conn: &Connection,
) -> (Aside<'scope>, Option<FeedIn>) {
    let Some(path) = conn.path().filter(|p| !p.is_empty()).map(str::to_string) else {
        return (Vec::new(), None);
    };
    let structure = path.clone();
    let (third, feed) = match open_aside(&path) {
        Ok(third) => match verify_feed::same_record(conn, &third) {
            Ok(true) => {
                let (out, feed) = verify_feed::feed();
                (Ok((third, Some(out))), Some(feed))
            }
            Ok(false) => (Ok((third, None)), None),
            Err(e) => (Err(e), None),
        },
        Err(e) => (Err(e), None),
    };
    let aside = vec![
        scope.spawn(move || {
            let second = open_aside(&structure)?;
            let snapshot = second.unchecked_transaction()?;
            Ok(VerifyReport {
                integrity: quick_check(&snapshot)?,
                ..Default::default()
            })
        }),
        // Already in its read transaction (`same_record`).
        scope.spawn(move || {
            let (third, out) = third?;
            references_and_timelines(&third, &mut |_| {}, out)
        }),
    ];
    (aside, feed)
}

fn open_aside(path: &str) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    map_file(&conn)?;
    Ok(conn)
}

/// How much of the file a full verify reads through a memory map: all of it.
/// Its three passes read every page of the file two or three times over;
/// mapped, a page is read in place instead of being copied out of the
/// system's cache by a call per page (at a million petitioners, 6 s of system
/// time became 1 s). SQLite clamps this to the largest map it was built for:
/// 2 GB unless built as .cargo/config.toml says.
const MAPPED: i64 = 1 << 40;

fn map_file(conn: &Connection) -> Result<()> {
    Ok(conn.pragma_update(None, "mmap_size", MAPPED)?)
}

/// The file mapped on a connection for as long as this lives, then as it was
/// (the desk's connection reads as before once its verify is over).
pub(super) struct Mapped<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> Mapped<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<Mapped<'c>> {
        // A build without maps says nothing.
        let before = conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        map_file(conn)?;
        Ok(Mapped { conn, before })
    }
}

impl Drop for Mapped<'_> {
    fn drop(&mut self) {
        // Only a faster or slower read depends on it: nothing to report.
        let _ = self.conn.pragma_update(None, "mmap_size", self.before);
    }
}

/// Every reference held, then every case's timeline replayed, on one
/// connection: their findings in that order; with `feed`, the events' row
/// hashes handed over as they are read.
pub(super) fn references_and_timelines(
    conn: &Connection,
    tick: &mut dyn FnMut(i64),
    feed: Option<verify_feed::FeedOut>,
) -> Result<VerifyReport> {
    let mut timelines = VerifyReport::default();
    let events_held = timeline_check::check_timeline(conn, None, &mut timelines, tick, feed)?;
    let mut part = VerifyReport::default();
    references(conn, &mut part, events_held == Some(true))?;
    part.events = timelines.events;
    part.cases = timelines.cases;
    part.problems.extend(timelines.problems);
    Ok(part)
}

/// The second half's findings, in the order they were started; `None` if it
/// could not run (a file read as immutable from a read-only disk has no second
/// reader), so that the caller runs it on its own connection instead.
pub(super) fn finish(aside: Aside<'_>) -> Option<VerifyReport> {
    if aside.is_empty() {
        return None;
    }
    let mut whole = VerifyReport::default();
    for half in aside {
        let part = half.join().ok()?.ok()?;
        if whole.integrity.is_empty() {
            whole.integrity = part.integrity;
        }
        whole.events += part.events;
        whole.cases += part.cases;
        whole.problems.extend(part.problems);
    }
    Some(whole)
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
/// With `events_held` (the timeline's replay found every event's case and
/// officer on file: half of all references at a million, looked up once per
/// event by SQLite's check), every other table is checked first; only if
/// something dangles is the whole check run, so that the report names what it
/// finds in SQLite's own order.
pub(super) fn references(
    conn: &Connection,
    report: &mut VerifyReport,
    events_held: bool,
) -> Result<()> {
    if events_held && events_refer_as_replayed(conn)? {
        let dangling: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema s, pragma_foreign_key_check(s.name) f
             WHERE s.type = 'table' AND s.name <> 'events')",
            [],
            |r| r.get(0),
        )?;
        if !dangling {
            return Ok(());
        }
    }
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

/// Whether the events' references are the two the replay checks (a migration
/// that gives events another one sends them back to SQLite's whole check).
fn events_refer_as_replayed(conn: &Connection) -> Result<bool> {
    let refs: Option<String> = conn.query_row(
        "SELECT group_concat(\"from\" || '>' || \"table\" || '.' || coalesce(\"to\", ''), ',')
         FROM (SELECT * FROM pragma_foreign_key_list('events') ORDER BY \"from\")",
        [],
        |r| r.get(0),
    )?;
    Ok(refs.as_deref() == Some("case_id>cases.id,officer_id>officers.id"))
}

#[cfg(test)]
#[path = "verify_refs_tests.rs"]
mod refs_tests;

#[cfg(test)]
mod map_tests {
    use super::{Mapped, MAPPED};
    use rusqlite::Connection;

    fn mapped(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap()
    }

    /// A file past SQLite's default bound of 2 GB is mapped whole: the bundled
    /// SQLite was built as `.cargo/config.toml` says (`LIBSQLITE3_FLAGS`).
    #[test]
    fn a_full_verify_maps_the_whole_file_and_gives_the_setting_back() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("office.db")).unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        {
            let _mapped = Mapped::new(&conn).unwrap();
            assert_eq!(
                mapped(&conn),
                MAPPED,
                "SQLite built without LIBSQLITE3_FLAGS"
            );
        }
        assert_eq!(mapped(&conn), 0);
    }
}
