//! The leaner timeline on a real file: an older file (hashes as hex text, each
//! event repeating its predecessor's) is converted, keeps its anchors and still
//! catches an edit.

use crate::domain::anchor::Anchor;
use crate::domain::intake::IntakeInput;
use crate::store::{CheckIn, OpenMode, Store};
use crate::time::TimeSource;
use rusqlite::Connection;

fn open(path: &std::path::Path, mode: OpenMode) -> Store {
    Store::open(path, mode, TimeSource::System).unwrap()
}

/// One walk-in checked in by 王科员 (also the other migration tests' writer).
pub(in crate::store::sqlite) fn check_in(store: &mut Store, name: &str) {
    let request = CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映物业收费问题".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    store.check_in("王科员", &request).unwrap();
}

/// Puts the timeline back the way the program wrote it before this migration:
/// both hashes as hex text, sealed into the ledger as such.
fn as_before(path: &std::path::Path) {
    let mut conn = Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "CREATE TABLE events_old (
            id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
            at TEXT NOT NULL, officer_id INTEGER NOT NULL REFERENCES officers(id),
            kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
         INSERT INTO events_old
            SELECT id, case_id, at, officer_id, kind, detail,
                   coalesce((SELECT lower(hex(p.hash)) FROM events p WHERE p.id = e.id - 1),
                            printf('%.64c', '0')),
                   lower(hex(hash))
            FROM events e;
         DROP TABLE events;
         ALTER TABLE events_old RENAME TO events;
         CREATE INDEX events_case ON events(case_id, id);",
    )
    .unwrap();
    super::super::ledger::install(&tx, &["events"]).unwrap();
    super::super::ledger_seal::seal(&tx, false).unwrap();
    tx.execute_batch(&format!(
        "PRAGMA user_version = {}",
        super::super::schema::version_before(super::SCHEMA)
    ))
    .unwrap();
    tx.commit().unwrap();
}

#[test]
fn an_older_file_keeps_its_chain_and_anchors_with_hashes_as_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path, OpenMode::Create);
    for name in ["张三", "李四", "王五"] {
        check_in(&mut store, name);
    }
    drop(store);
    as_before(&path);
    let conn = Connection::open(&path).unwrap();
    let (old_event, old_hash): (i64, String) = conn
        .query_row(
            "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(old_hash.len(), 64);
    drop(conn);
    // The ledger's head as it was before the conversion, and the timeline's own.
    let ledger_anchor = super::super::ledger::anchor(&Connection::open(&path).unwrap())
        .unwrap()
        .unwrap();
    // Opened by this program: converted.
    let mut store = open(&path, OpenMode::Existing);
    let conn = Connection::open(&path).unwrap();
    let kinds: Vec<(String, i64)> = conn
        .prepare("SELECT DISTINCT typeof(hash), length(hash) FROM events")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(kinds, vec![("blob".to_string(), 32)]);
    let columns: String = conn
        .query_row(
            "SELECT group_concat(name, ',') FROM pragma_table_info('events')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!columns.contains("prev_hash"), "{columns}");
    let anchors = [
        ledger_anchor,
        Anchor {
            seq: old_event,
            hash: old_hash,
        },
    ];
    let report = store.verify_anchored(&anchors).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    // The chain goes on from the converted head.
    check_in(&mut store, "赵六");
    let report = store.verify_anchored(&anchors).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    // An edit behind the program's back is caught as before.
    conn.execute_batch(
        "DROP TRIGGER events_no_update;
         UPDATE events SET detail = '{\"text\":\"edited\"}' WHERE id = 2;",
    )
    .unwrap();
    let report = store.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("event 2: its content does not match its hash")),
        "{:?}",
        report.problems
    );
}
