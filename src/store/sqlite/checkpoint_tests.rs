//! The desk's connection as configured, and its checkpoints: aside for the
//! ordinary path, inline elsewhere, and nothing lost either way.

use super::super::SqliteStore;
use super::ASIDE_AT;
use crate::store::OpenMode;
use crate::time::TimeSource;
use std::path::Path;

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path, OpenMode::Create, &TimeSource::System).unwrap()
}

fn pragma(store: &SqliteStore, name: &str) -> i64 {
    store
        .conn
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_writing_connection_syncs_every_commit_and_maps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let desk = |store: &SqliteStore| {
        assert_eq!(pragma(store, "synchronous"), 2, "FULL");
        assert_eq!(pragma(store, "mmap_size"), 0);
    };
    desk(&store);
    // A batch changes the connection for its one transaction and puts it back.
    crate::store::port::Admin::begin_batch(&mut store).unwrap();
    crate::store::port::Admin::commit_batch(&mut store).unwrap();
    desk(&store);
}

/// `rows` units of work of the ordinary path, each a blob of `bytes` bytes.
fn blob_rows(store: &mut SqliteStore, rows: usize, bytes: usize) {
    for _ in 0..rows {
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO filler(x) VALUES (zeroblob(?1))",
                    [bytes as i64],
                )?;
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn a_long_wal_is_checkpointed_aside_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    store
        .write(|c| Ok(c.execute_batch("CREATE TABLE filler(x BLOB)")?))
        .unwrap();
    // About 25 pages a commit: the thread is started once the WAL holds ASIDE_AT.
    blob_rows(&mut store, 10, 100_000);
    assert!(!store.aside.is_running());
    blob_rows(&mut store, ASIDE_AT as usize / 25, 100_000);
    assert!(store.aside.is_running());
    blob_rows(&mut store, 100, 100_000);
    drop(store);
    // Both connections closed: the last one copied the WAL into the file.
    assert!(!dir.path().join("desk.db-wal").exists());
    let store = open(&path);
    let rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 10 + ASIDE_AT as i64 / 25 + 100);
}

#[test]
fn a_commit_outside_the_ordinary_path_checkpoints_itself_as_sqlite_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = open(&path);
    let before = std::fs::metadata(&path).unwrap().len();
    // Some 1250 pages in one commit of no unit of work: copied into the file by
    // the commit itself, as SQLite's automatic checkpoint would.
    store
        .conn
        .execute_batch(
            "CREATE TABLE filler(x BLOB); INSERT INTO filler VALUES (zeroblob(5000000));",
        )
        .unwrap();
    let after = std::fs::metadata(&path).unwrap().len();
    assert!(after >= before + 5_000_000, "{before} -> {after}");
    assert!(!store.aside.is_running());
}
