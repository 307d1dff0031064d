//! The half of a full `verify` that needs nothing from the ledger — the file's
//! structure, references and every case's timeline replayed — run on connections
//! of their own while the first walks the chain and recomputes the tables. Each
//! begins its read transaction while the first one's is open; when all three
//! read the same record (verify_feed.rs), the replay hands the events' hashes to
//! the walk and the other tables' references are read after the structure;
//! otherwise each check holds within a snapshot of its own, as before, so a desk
//! writing meanwhile never looks like tampering.

use super::ledger_chain::Named;
use super::timeline_check;
use super::verify_feed::{self, FeedIn};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::thread::{Scope, ScopedJoinHandle};

pub(super) type Aside<'scope> = Vec<ScopedJoinHandle<'scope, Result<Part>>>;

/// What one connection of the second half found.
pub(super) struct Part {
    report: VerifyReport,
    /// The replay's word on the events' references (`check_timeline`), when
    /// the references are put together at the end.
    events_held: Option<bool>,
    /// Whether a reference of another table than the events dangles, when the
    /// structure's connection looked (after its own check: the replay's takes
    /// longer).
    others_dangling: Option<bool>,
}

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
    // Each in its read transaction, begun while `conn`'s is open.
    let second = open_in_record(conn, &path);
    let third = open_in_record(conn, &path);
    // All three read the same record: the other tables' references are read
    // by the structure's connection, the events' by the replay, and the two
    // are put together at the end (`finish`).
    let split = matches!((&second, &third), (Ok((_, true)), Ok((_, true))));
    let (out, feed) = match third {
        Ok((_, true)) => {
            let (out, feed) = verify_feed::feed();
            (Some(out), Some(feed))
        }
        _ => (None, None),
    };
    let aside = vec![
        scope.spawn(move || {
            let (second, _) = second?;
            let integrity = quick_check(&second)?;
            Ok(Part {
                report: VerifyReport {
                    integrity,
                    ..Default::default()
                },
                events_held: None,
                others_dangling: split.then(|| others_dangling(&second)).transpose()?,
            })
        }),
        scope.spawn(move || {
            let (third, _) = third?;
            if split {
                let mut report = VerifyReport::default();
                let held =
                    timeline_check::check_timeline(&third, None, &mut report, &mut |_| {}, out)?;
                return Ok(Part {
                    report,
                    events_held: Some(held == Some(true)),
                    others_dangling: None,
                });
            }
            Ok(Part {
                report: references_and_timelines(&third, &mut |_| {}, out)?,
                events_held: None,
                others_dangling: None,
            })
        }),
    ];
    (aside, feed)
}

/// A read-only connection to `path` in a read transaction begun while `conn`'s
/// is open, and whether the two read the same record (verify_feed.rs).
fn open_in_record(conn: &Connection, path: &str) -> Result<(Connection, bool)> {
    let other = open_aside(path)?;
    let same = verify_feed::same_record(conn, &other)?;
    Ok((other, same))
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

/// The second half's findings, in the order they were started, the references
/// first; `None` if it could not run (a file read as immutable from a read-only
/// disk has no second reader), so that the caller runs it on its own connection
/// `conn` instead. References found in two halves are put together on `conn`,
/// which read the same record.
pub(super) fn finish(aside: Aside<'_>, conn: &Connection) -> Result<Option<VerifyReport>> {
    if aside.is_empty() {
        return Ok(None);
    }
    let mut parts = Vec::with_capacity(aside.len());
    for half in aside {
        match half.join() {
            Ok(Ok(part)) => parts.push(part),
            _ => return Ok(None),
        }
    }
    let mut whole = VerifyReport::default();
    let events_held = parts.iter().find_map(|p| p.events_held);
    let others_dangling = parts.iter().find_map(|p| p.others_dangling);
    if let (Some(events_held), Some(others_dangling)) = (events_held, others_dangling) {
        if !(events_held && !others_dangling && events_refer_as_replayed(conn)?) {
            whole_references(conn, &mut whole)?;
        }
    }
    for part in parts {
        let part = part.report;
        if whole.integrity.is_empty() {
            whole.integrity = part.integrity;
        }
        whole.events += part.events;
        whole.cases += part.cases;
        whole.problems.extend(part.problems);
    }
    Ok(Some(whole))
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
    if events_held && events_refer_as_replayed(conn)? && !others_dangling(conn)? {
        return Ok(());
    }
    whole_references(conn, report)
}

/// Whether a reference of another table than the events dangles.
fn others_dangling(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_schema s, pragma_foreign_key_check(s.name) f
         WHERE s.type = 'table' AND s.name <> 'events')",
        [],
        |r| r.get(0),
    )?)
}

/// SQLite's whole check of the references, its findings named in its order.
fn whole_references(conn: &Connection, report: &mut VerifyReport) -> Result<()> {
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
