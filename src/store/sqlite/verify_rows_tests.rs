//! The tables compared in the walk's own pass find exactly what the merge of each
//! table with the ledger's index finds: rows written again (an entry whose key
//! the reading had passed), edits, deletes and inserts behind the program's
//! back, whatever bound sends a table to the exact merge.

use super::super::ledger::LEDGERED_TABLES;
use super::super::verify_feed::tests::{cut_short, fed};
use super::super::verify_rows::compare_table;
use super::{chain_and_rows, walk};
use crate::store::records::VerifyReport;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use rusqlite::Connection;

/// The report of the exact merge, table by table after the walk.
fn exact(conn: &Connection) -> VerifyReport {
    let mut report = VerifyReport::default();
    walk(conn, None, &mut report, &mut |_, _, _| {}, None).unwrap();
    for t in LEDGERED_TABLES {
        compare_table(conn, t, &mut report, &mut |_| {}).unwrap();
    }
    report
}

fn in_the_walk(conn: &Connection, kept_at_most: usize) -> VerifyReport {
    let mut report = VerifyReport::default();
    chain_and_rows(conn, &mut report, &mut |_, _, _| {}, kept_at_most, None).unwrap();
    report
}

/// The walk reading every table itself, with the events handed over by the
/// replay (verify_feed.rs), and with a replay that stops part way: all as the
/// exact merge.
fn same(conn: &Connection) -> VerifyReport {
    let want = exact(conn);
    for kept_at_most in [0, 1, 3, 10, usize::MAX] {
        let ways = [
            ("read", in_the_walk(conn, kept_at_most)),
            ("fed", fed(conn, kept_at_most)),
            ("unfed", cut_short(conn, kept_at_most, 0)),
            ("cut short", cut_short(conn, kept_at_most, 20)),
        ];
        for (way, got) in ways {
            assert_eq!(
                got.problems, want.problems,
                "{way}, kept at most {kept_at_most}"
            );
            assert_eq!(got.rows, want.rows, "{way}, kept at most {kept_at_most}");
            assert_eq!(got.entries, want.entries);
            assert_eq!(got.chain_head, want.chain_head);
        }
    }
    want
}

#[test]
fn rows_compared_in_the_walk_find_what_the_exact_merge_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(t)).unwrap();
    crate::demo::fill(&mut store, 40, 2, |_| {}).unwrap();
    drop(store);

    // Rows written again after rows with larger keys: another program's edits,
    // sealed by the next write of the program (entries out of key order).
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE petitioners SET name = name || '甲' WHERE id IN (2, 5);
         UPDATE cases SET handler_id = NULL WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    a_desk_checks_someone_in(&path, t);
    let conn = Connection::open(&path).unwrap();
    let clean = same(&conn);
    assert!(
        clean.problems.iter().all(|p| p.contains("another program")),
        "{:?}",
        clean.problems
    );
    let written_again: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM ledger GROUP BY t, k1, k2 HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(written_again >= 3, "{written_again}");

    // Behind the program's back: every trigger gone, then edits of rows written
    // again and of rows written once, a delete, an insert.
    drop_every_trigger(&conn);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE petitioners SET name = '王五' WHERE id IN (2, 3);
         UPDATE cases SET handler_id = 1 WHERE id = 1;
         DELETE FROM events WHERE id IN (4, 9);
         UPDATE events SET detail = '{}' WHERE id % 7 = 0;
         INSERT INTO units(id, name, created_at) VALUES (900, '不存在的单位', '2026-11-02');
         DELETE FROM contacts WHERE id = (SELECT max(id) FROM contacts);",
    )
    .unwrap();
    let tampered = same(&conn);
    let named = |what: &str| tampered.problems.iter().any(|p| p.starts_with(what));
    assert!(
        named("petitioners row 2: edited"),
        "{:?}",
        tampered.problems
    );
    assert!(
        named("petitioners row 3: edited"),
        "{:?}",
        tampered.problems
    );
    assert!(named("cases row 1: edited"), "{:?}", tampered.problems);
    assert!(named("events row 4: deleted"), "{:?}", tampered.problems);
    assert!(named("units row 900: inserted"), "{:?}", tampered.problems);
    assert!(named("contacts row"), "{:?}", tampered.problems);
    assert!(
        tampered
            .problems
            .iter()
            .any(|p| p.contains("more rows that differ")),
        "{:?}",
        tampered.problems
    );
}

/// What the `sqlite3` shell can do behind the program's back: every trigger
/// (the ledger's notes, the append-only guards) dropped.
pub(in crate::store::sqlite) fn drop_every_trigger(conn: &Connection) {
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\""))
            .unwrap();
    }
}

/// A desk's check-in, through the program (its write sealed).
pub(in crate::store::sqlite) fn a_desk_checks_someone_in(
    path: &std::path::Path,
    t: chrono::DateTime<chrono::FixedOffset>,
) {
    let officer: String = Connection::open(path)
        .unwrap()
        .query_row("SELECT name FROM officers ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut store = Store::open(path, OpenMode::Existing, TimeSource::Fixed(t)).unwrap();
    let request = crate::store::CheckIn {
        intake: crate::domain::intake::IntakeInput {
            name: "赵六".into(),
            phone: Some("13700137000".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    store.check_in(&officer, &request).unwrap();
}
