//! The demo committed in stretches holds exactly what one transaction wrote.

use super::{fill_in_stretches, Writer};
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use std::path::{Path, PathBuf};

fn filled(dir: &Path, stretch: u32) -> (PathBuf, Store) {
    let path = dir.join(format!("stretch-{stretch}.db"));
    let now = parse_instant("2026-11-27T11:30:00+08:00").expect("a fixed instant");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(now)).expect("opens");
    fill_in_stretches(&mut store, 240, 5, &[], stretch, Writer::General, |_| {})
        .expect("the demo fills");
    (path, store)
}

/// Every row of the record's tables and of the search keys, as text.
fn rows(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("opens");
    let tables = [
        "petitioners",
        "cases",
        "case_petitioners",
        "contacts",
        "events",
        "ratings",
        "follow_ups",
        "search_keys",
        "search_people",
    ];
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3"))
            .expect("a table of the record");
        let width = stmt.column_count();
        let mut found = stmt.query([]).expect("reads");
        while let Some(r) = found.next().expect("a row") {
            let cells: Vec<String> = (0..width)
                .map(|i| format!("{:?}", r.get_ref(i).expect("a cell")))
                .collect();
            out.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    out
}

#[test]
fn a_demo_in_stretches_writes_what_one_transaction_does_and_verifies() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (whole, _) = filled(dir.path(), u32::MAX);
    let (stretched, store) = filled(dir.path(), 70);
    let (a, b) = (rows(&whole), rows(&stretched));
    assert!(a.len() > 1000, "the demo wrote {} rows", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    let report = store.verify().expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
    assert!(report.entries > 0 && report.rows > 0);
}

/// Every row of every table in the file (the ledger, meta, counters and the
/// tallies included), rowids too, as text.
fn every_row(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("opens");
    let tables: Vec<(String, bool)> = conn
        .prepare(
            "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .expect("the schema")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("reads")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    let mut out = Vec::new();
    for (table, without_rowid) in tables {
        let rowid = if without_rowid { "" } else { "rowid, " };
        let mut stmt = conn
            .prepare(&format!("SELECT {rowid}* FROM \"{table}\""))
            .expect("a table of the record");
        let width = stmt.column_count();
        let mut found = stmt.query([]).expect("reads");
        let mut rows = Vec::new();
        while let Some(r) = found.next().expect("a row") {
            let cells: Vec<String> = (0..width)
                .map(|i| format!("{:?}", r.get_ref(i).expect("a cell")))
                .collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
        rows.sort();
        out.extend(rows);
    }
    out
}

fn demo_by(dir: &Path, writer: Writer) -> (PathBuf, Store) {
    demo_loading(dir, writer, false)
}

/// The demo by `writer`, on a file `loading` (see `Admin::begin_loading`) or not.
fn demo_loading(dir: &Path, writer: Writer, loading: bool) -> (PathBuf, Store) {
    let path = dir.join(format!("{writer:?}-{loading}.db"));
    let now = parse_instant("2026-11-27T11:30:00+08:00").expect("a fixed instant");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(now)).expect("opens");
    if loading {
        assert!(store.begin_loading().expect("asks"), "a new file loads");
    }
    let schedule = crate::demo::risk::schedule(7, store.now());
    let (_, kept) = fill_in_stretches(&mut store, 300, 7, &schedule, 90, writer, |_| {})
        .expect("the demo fills");
    crate::demo::risk::fill(&mut store, 7, &kept).expect("the registers fill");
    crate::demo::leaders::fill_leaders(&mut store, 7).expect("the leaders fill");
    // The people the registers' writes left waiting beside the search index,
    // folded in: which of them wait depends on the writer, what they find does not.
    while store.fold_search_keys().expect("folds") {}
    store.end_loading().expect("the file is made durable");
    (path, store)
}

/// The schema as SQLite lists it: each table, index and trigger with its text.
fn schema(path: &Path) -> Vec<(String, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).expect("opens");
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        .expect("the schema");
    let entries = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("reads")
        .collect::<rusqlite::Result<_>>()
        .expect("entries");
    entries
}

fn journal_mode(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("opens");
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("a mode")
}

#[test]
fn a_loading_file_gets_every_row_and_index_of_one_filled_in_place_and_ends_in_wal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (general, _) = demo_loading(dir.path(), Writer::General, false);
    let (loaded, store) = demo_loading(dir.path(), Writer::Bulk, true);
    let (a, b) = (every_row(&general), every_row(&loaded));
    assert!(a.len() > 3000, "the demo wrote {} rows", a.len());
    let differs: Vec<(&String, &String)> =
        a.iter().zip(&b).filter(|(x, y)| x != y).take(10).collect();
    assert!(differs.is_empty(), "first differences: {differs:#?}");
    assert_eq!(a.len(), b.len());
    let (a, b) = (schema(&general), schema(&loaded));
    assert!(
        b.iter()
            .any(|(kind, name, ..)| kind == "index" && name == "contacts_arrived"),
        "{b:#?}"
    );
    assert_eq!(a, b);
    drop(store);
    assert_eq!(journal_mode(&loaded), "wal");
    let report = Store::open(&loaded, OpenMode::ReadOnly, TimeSource::System)
        .expect("opens")
        .verify()
        .expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn the_bulk_writer_writes_every_row_the_units_of_work_write_one_by_one() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (general, _) = demo_by(dir.path(), Writer::General);
    let (bulk, store) = demo_by(dir.path(), Writer::Bulk);
    let (a, b) = (every_row(&general), every_row(&bulk));
    assert!(
        a.iter().filter(|r| r.starts_with("ledger: ")).count() > 3000,
        "the demo wrote {} rows",
        a.len()
    );
    // The file's creation time differs by the moment it was made; nothing else.
    let differs: Vec<(&String, &String)> =
        a.iter().zip(&b).filter(|(x, y)| x != y).take(10).collect();
    assert!(differs.is_empty(), "first differences: {differs:#?}");
    assert_eq!(a.len(), b.len());
    let report = store.verify().expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_bulk_fill_over_a_record_with_people_takes_the_general_path() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (path, mut store) = filled(dir.path(), 100);
    store.begin_batch().expect("a batch");
    assert!(!store.begin_bulk().expect("asks"), "a record with people");
    store.rollback_batch().expect("rolls back");
    let before = every_row(&path).len();
    fill_in_stretches(&mut store, 40, 6, &[], 100, Writer::Bulk, |_| {})
        .expect("a second fill over the first");
    assert!(every_row(&path).len() > before);
    let report = store.verify().expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_bulk_fill_refuses_a_trigger_it_does_not_know_and_keeps_nothing_of_its_stretch() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("trigger.db");
    let now = parse_instant("2026-11-27T11:30:00+08:00").expect("a fixed instant");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(now)).expect("opens");
    rusqlite::Connection::open(&path)
        .expect("opens")
        .execute_batch(
            "CREATE TABLE seen (id INTEGER PRIMARY KEY);
             CREATE TRIGGER contacts_seen AFTER INSERT ON contacts
             BEGIN INSERT INTO seen(id) VALUES (NEW.id); END;",
        )
        .expect("a trigger of another program");
    let failed = fill_in_stretches(&mut store, 40, 5, &[], 10, Writer::Bulk, |_| {})
        .expect_err("the fill cannot do what the trigger does");
    assert!(failed.to_string().contains("contacts_seen"), "{failed}");
    let conn = rusqlite::Connection::open(&path).expect("opens");
    let people: i64 = conn
        .query_row("SELECT count(*) FROM petitioners", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(people, 0);
    // The connection's triggers are back on: the other program's fires, and the
    // ledger's note the check-in's rows (verify finds them sealed).
    store
        .check_in(
            crate::demo::gen::OFFICERS[0],
            &crate::store::CheckIn {
                intake: crate::domain::intake::IntakeInput {
                    name: "张三".into(),
                    ..Default::default()
                },
                ..Default::default()
            },
        )
        .expect("a check-in after the failed fill");
    let seen: i64 = conn
        .query_row("SELECT count(*) FROM seen", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(seen, 1, "the trigger fired for the check-in");
    let report = store.verify().expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
}
