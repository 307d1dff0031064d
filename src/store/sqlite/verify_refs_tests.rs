//! The references checked after the timeline's replay report exactly what
//! SQLite's whole `foreign_key_check` followed by the replay reports: the same
//! rows named in the same order, whichever table dangles.

use super::{events_refer_as_replayed, references, references_and_timelines};
use crate::store::records::VerifyReport;
use crate::store::sqlite::ledger_verify::rows_tests::drop_every_trigger;
use crate::store::sqlite::timeline_check::check_timeline;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use rusqlite::Connection;

/// The report as it was made before: the whole check, then the replay.
fn whole_then_replay(conn: &Connection) -> VerifyReport {
    let mut report = VerifyReport::default();
    references(conn, &mut report, false).unwrap();
    check_timeline(conn, None, &mut report, &mut |_| {}, None).unwrap();
    report
}

fn same(conn: &Connection) -> Vec<String> {
    let want = whole_then_replay(conn);
    let got = references_and_timelines(conn, &mut |_| {}, None).unwrap();
    assert_eq!(got.problems, want.problems);
    assert_eq!((got.events, got.cases), (want.events, want.cases));
    got.problems
}

fn filled(dir: &tempfile::TempDir) -> Connection {
    let path = dir.path().join("office.db");
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(t)).unwrap();
    crate::demo::fill(&mut store, 30, 2, |_| {}).unwrap();
    drop(store);
    Connection::open(&path).unwrap()
}

#[test]
fn references_after_the_replay_name_what_the_whole_check_names() {
    let dir = tempfile::tempdir().unwrap();
    let conn = filled(&dir);
    // The events' references are the ones the replay checks: the short way is
    // the one taken.
    assert!(events_refer_as_replayed(&conn).unwrap());
    assert_eq!(same(&conn), Vec::<String>::new());
    // Each edit made with foreign keys off, and who is then named as dangling.
    let edits: &[(&str, &str)] = &[
        // A person gone: contacts dangle, every event still holds.
        ("DELETE FROM petitioners WHERE id = 2", "contacts row"),
        // An event moved to a case that never was, past the largest one.
        (
            "UPDATE events SET case_id = 999999 WHERE id = 3",
            "events row 3: points at a cases row",
        ),
        // A case gone, with its events and contacts.
        ("DELETE FROM cases WHERE id = 2", "events row"),
        // Only an event's officer gone: no other row names it.
        (
            "UPDATE events SET officer_id = 777 WHERE id = 5",
            "events row 5: points at a officers row",
        ),
        // An officer gone whom events and other rows name.
        (
            "DELETE FROM officers WHERE id = (SELECT officer_id FROM events WHERE id = 1)",
            "events row 1: points at a officers row",
        ),
        // Both: a person and a case gone.
        (
            "DELETE FROM petitioners WHERE id = 1; DELETE FROM cases WHERE id = 1",
            "events row",
        ),
    ];
    for (sql, named) in edits {
        let dir = tempfile::tempdir().unwrap();
        let conn = filled(&dir);
        // What the `sqlite3` shell can do: every guard dropped first.
        drop_every_trigger(&conn);
        conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}"))
            .unwrap();
        let found = same(&conn);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(named) && p.contains("points at")),
            "{sql}: {found:#?}"
        );
    }
}
