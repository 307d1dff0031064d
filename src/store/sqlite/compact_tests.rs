//! Giving back what an upgrade freed, on a real file: the file shrinks, keeps
//! every row and its chain; a file with little free space is left alone.

use super::{pages, MIGRATION};
use crate::store::sqlite::lean::tests::check_in;
use crate::store::{OpenMode, Store};
use crate::time::TimeSource;
use rusqlite::Connection;
use std::path::Path;

fn open(path: &Path, mode: OpenMode) -> Store {
    Store::open(path, mode, TimeSource::System).unwrap()
}

fn desk_with_people(path: &Path) {
    let mut store = open(path, OpenMode::Create);
    for name in ["张三", "李四", "王五"] {
        check_in(&mut store, name);
    }
}

/// Leaves `mib` MiB of free pages in the file, as a migration that rebuilt a big
/// table does, and sets the file back to before [`MIGRATION`].
fn as_after_a_big_rebuild(path: &Path, mib: usize) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "CREATE TABLE scratch_rebuilt (b BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
         INSERT INTO scratch_rebuilt SELECT zeroblob(65536) FROM n;
         DROP TABLE scratch_rebuilt;
         PRAGMA wal_checkpoint(TRUNCATE);
         PRAGMA user_version = {};",
        mib * 16,
        super::super::schema::version_before(MIGRATION)
    ))
    .unwrap();
}

fn rows(path: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

#[test]
fn an_upgrade_that_freed_much_of_the_file_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    desk_with_people(&path);
    as_after_a_big_rebuild(&path, 24);
    let anchor = super::super::ledger::anchor(&Connection::open(&path).unwrap())
        .unwrap()
        .unwrap();
    let before = rows(&path);
    let (total, free, size) = pages(&Connection::open(&path).unwrap()).unwrap();
    assert!(free * size >= 24 << 20, "{free} free of {total}");
    let bytes_before = std::fs::metadata(&path).unwrap().len();

    let mut store = open(&path, OpenMode::Existing);
    let conn = Connection::open(&path).unwrap();
    let (total_after, free_after, _) = pages(&conn).unwrap();
    assert_eq!(free_after, 0);
    assert!(total_after + free <= total, "{total_after} of {total}");
    let bytes_after = std::fs::metadata(&path).unwrap().len();
    assert!(
        bytes_after + (24 << 20) <= bytes_before,
        "{bytes_after} after {bytes_before}"
    );
    // The WAL did not keep the rewritten file.
    let wal = dir.path().join("desk.db-wal");
    assert!(std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20);
    // Every row is still there, the unused index is gone, the chain holds.
    assert_eq!(rows(&path), before);
    let gone: bool = conn
        .query_row(
            "SELECT NOT EXISTS(SELECT 1 FROM sqlite_schema WHERE name = 'cases_status')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(gone);
    let report = store.verify_anchored(&[anchor]).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    // The desk goes on writing to the rewritten file.
    check_in(&mut store, "赵六");
    assert!(store.verify().unwrap().ok());
}

#[test]
fn a_little_free_space_is_not_worth_rewriting_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    desk_with_people(&path);
    as_after_a_big_rebuild(&path, 2);
    let (_, free, _) = pages(&Connection::open(&path).unwrap()).unwrap();
    drop(open(&path, OpenMode::Existing));
    let (_, free_after, _) = pages(&Connection::open(&path).unwrap()).unwrap();
    // The migration's own pages aside, the free pages stay where they were.
    assert!(
        free >= 256 && free_after + 8 >= free,
        "{free_after} of {free}"
    );
}

#[test]
fn the_officer_is_told_before_the_file_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    desk_with_people(&path);
    as_after_a_big_rebuild(&path, 16);
    let conn = Connection::open(&path).unwrap();
    let (total, _, size) = pages(&conn).unwrap();
    let told = std::cell::RefCell::new(Vec::new());
    let given =
        super::rewrite_if_worth(&conn, &|free, file| told.borrow_mut().push((free, file))).unwrap();
    // Told once, before: about 16 MB free in a file of its size then.
    assert_eq!(told.borrow().len(), 1);
    let (free_mb, file_mb) = told.borrow()[0];
    assert!((16..=17).contains(&free_mb), "{free_mb}");
    assert_eq!(file_mb, (total * size) >> 20);
    assert!(given * size >= 16 << 20);
    // Nothing left to give back: nothing said.
    told.borrow_mut().clear();
    assert_eq!(
        super::rewrite_if_worth(&conn, &|free, file| told.borrow_mut().push((free, file))).unwrap(),
        0
    );
    assert!(told.borrow().is_empty());
    assert_eq!(
        crate::words::startup::compacting(crate::domain::Lang::Zh, 16, 40),
        "升级后文件中有 16 MB 空闲空间，正在整理 40 MB 的档案文件以收回（较大的档案需要几分钟）……"
    );
}
