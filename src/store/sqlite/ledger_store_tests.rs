//! The ledger's storage on a real file: an older file (table names and chain
//! hashes in every entry) converted with its head and anchors, and edits of the
//! kept entries and marks still named.

use super::super::ledger::{entry_hash, hex, GENESIS};
use super::super::schema::version_before;
use super::*;
use crate::domain::anchor::Anchor;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};

fn filled(path: &std::path::Path) -> Store {
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(path, OpenMode::Create, TimeSource::Fixed(t)).unwrap();
    crate::demo::fill(&mut store, 60, 3, |_| {}).unwrap();
    store
}

/// An entry as the older storage kept it: seq, table name, keys, outside, row
/// hash, chain hash.
type OlderEntry = (i64, String, i64, i64, bool, Option<Vec<u8>>, [u8; 32]);

/// The chain hash of every entry, recomputed the way the older storage kept it.
fn chain(conn: &Connection) -> Vec<OlderEntry> {
    let mut prev = GENESIS;
    conn.prepare(
        "SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
         FROM ledger l JOIN ledger_tables n ON n.code = l.t ORDER BY l.seq",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(|row| {
        let (seq, tbl, k1, k2, outside, row_hash): (i64, String, i64, i64, bool, Option<Vec<u8>>) =
            row.unwrap();
        prev = entry_hash(&prev, seq, &tbl, k1, k2, outside, row_hash.as_deref());
        (seq, tbl, k1, k2, outside, row_hash, prev)
    })
    .collect()
}

/// Puts the ledger back the way the program stored it before this storage: each
/// entry with its table's name and its chain hash.
fn as_before(path: &std::path::Path) {
    let mut conn = Connection::open(path).unwrap();
    let entries = chain(&conn);
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "DROP TABLE ledger; DROP TABLE ledger_marks; DROP TABLE ledger_tables;
         CREATE TABLE ledger (
            seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, k1 INTEGER NOT NULL,
            k2 INTEGER NOT NULL DEFAULT 0, outside INTEGER NOT NULL DEFAULT 0,
            row_hash BLOB, hash BLOB NOT NULL) STRICT;
         CREATE INDEX ledger_row ON ledger(tbl, k1, k2, seq);",
    )
    .unwrap();
    for (seq, tbl, k1, k2, outside, row_hash, hash) in entries {
        tx.execute(
            "INSERT INTO ledger VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![seq, tbl, k1, k2, outside, row_hash, &hash[..]],
        )
        .unwrap();
    }
    tx.execute_batch(&format!(
        "PRAGMA user_version = {}",
        version_before(MIGRATION)
    ))
    .unwrap();
    tx.commit().unwrap();
}

fn anchor_at(conn: &Connection, seq: i64) -> Anchor {
    let hash: Vec<u8> = conn
        .query_row("SELECT hash FROM ledger WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .unwrap();
    Anchor {
        seq,
        hash: hex(&hash),
    }
}

#[test]
fn an_older_file_keeps_its_head_and_anchors_in_the_leaner_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = filled(&path);
    let head = store.chain_head().unwrap().unwrap();
    drop(store);
    as_before(&path);
    let conn = Connection::open(&path).unwrap();
    // Anchors taken from the older file: one on a mark, one between marks, the head.
    let anchors = [
        anchor_at(&conn, MARK_EVERY),
        anchor_at(&conn, MARK_EVERY + 7),
        anchor_at(&conn, head.seq),
    ];
    assert_eq!(anchors[2], head);
    drop(conn);
    let store = Store::open(&path, OpenMode::Existing, TimeSource::System).unwrap();
    assert_eq!(store.chain_head().unwrap(), Some(head.clone()));
    let report = store.verify_anchored(&anchors).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.chain_head, Some(head.to_string()));
    let conn = Connection::open(&path).unwrap();
    let columns: String = conn
        .query_row(
            "SELECT group_concat(name, ',') FROM pragma_table_info('ledger')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(columns, "seq,t,k1,k2,outside,row_hash");
    let marks: i64 = conn
        .query_row("SELECT count(*) FROM ledger_marks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(marks, head.seq / MARK_EVERY);
    // Each mark is the chain hash the older file held at that entry.
    assert!(head.seq > MARK_EVERY, "enough entries for a mark");
    let kept: Vec<u8> = conn
        .query_row(
            "SELECT hash FROM ledger_marks WHERE seq = ?1",
            [MARK_EVERY],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hex(&kept), anchors[0].hash);
}

fn problems(path: &std::path::Path, anchors: &[Anchor]) -> Vec<String> {
    let store = Store::open(path, OpenMode::Existing, TimeSource::System).unwrap();
    let report = store.verify_anchored(anchors).unwrap();
    assert!(!report.ok(), "not caught");
    report.problems
}

fn tamper(path: &std::path::Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;
         DROP TRIGGER ledger_marks_no_update; DROP TRIGGER ledger_marks_no_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_edited_entry_or_mark_breaks_the_chain_where_it_was_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(filled(&path));
    let conn = Connection::open(&path).unwrap();
    let near = Anchor {
        seq: MARK_EVERY + 10,
        hash: hex(&hash_at(&conn, MARK_EVERY + 10).unwrap().unwrap()),
    };
    drop(conn);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();

    // An entry's row hash changed: named between the marks around it.
    let at = MARK_EVERY + 3;
    tamper(
        &path,
        &format!("UPDATE ledger SET row_hash = zeroblob(32) WHERE seq = {at}"),
    );
    let found = problems(&path, &[]);
    let window = format!(
        "ledger entries {} to {}: do not match the chain's mark",
        MARK_EVERY + 1,
        2 * MARK_EVERY
    );
    assert!(found.iter().any(|p| p.contains(&window)), "{found:#?}");
    // An anchor after the edit and before the next mark no longer checks.
    let found = problems(&path, std::slice::from_ref(&near));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("anchor {near}")) && p.contains("rebuilt")),
        "{found:#?}"
    );

    // A mark removed, or changed, is named too.
    let path = copy;
    let other = dir.path().join("other.db");
    std::fs::copy(&path, &other).unwrap();
    tamper(
        &path,
        &format!("DELETE FROM ledger_marks WHERE seq = {MARK_EVERY}"),
    );
    let found = problems(&path, &[]);
    assert!(
        found
            .iter()
            .any(|p| p.contains(&format!("ledger entry {MARK_EVERY}: its mark"))),
        "{found:#?}"
    );
    tamper(
        &other,
        &format!("UPDATE ledger_marks SET hash = zeroblob(32) WHERE seq = {MARK_EVERY}"),
    );
    let found = problems(&other, &[]);
    assert!(
        found
            .iter()
            .any(|p| p.contains(&format!("ledger entries 1 to {MARK_EVERY}"))),
        "{found:#?}"
    );
}
