//! The ledger on a real file: an older file sealed whole, writes that change
//! nothing, a table a migration rebuilt.

use super::super::ledger_seal::seal;
use super::*;

fn checked_in(path: &std::path::Path) -> crate::store::Store {
    use crate::domain::intake::IntakeInput;
    use crate::store::{CheckIn, OpenMode, Store};
    let mut store = Store::open(path, OpenMode::Create, crate::time::TimeSource::System).unwrap();
    for name in ["张三", "李四"] {
        let request = CheckIn {
            intake: IntakeInput {
                name: name.into(),
                phone: Some("13800138000".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        store.check_in("王科员", &request).unwrap();
    }
    store
}

#[test]
fn a_file_from_before_the_ledger_is_sealed_whole_when_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(checked_in(&path));
    let conn = Connection::open(&path).unwrap();
    remove(&conn);
    conn.execute_batch(&format!(
        "PRAGMA user_version = {}",
        super::super::schema::version_before(SCHEMA)
    ))
    .unwrap();
    drop(conn);
    let store = crate::store::Store::open(
        &path,
        crate::store::OpenMode::Existing,
        crate::time::TimeSource::System,
    )
    .unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let conn = Connection::open(&path).unwrap();
    let rows: i64 = LEDGERED_TABLES
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
        })
        .sum();
    // One entry per row on file: nothing more, nothing left out.
    assert_eq!(report.entries, rows);
    assert_eq!(report.rows, rows);
}

#[test]
fn a_write_that_changes_nothing_costs_no_entry_and_a_rebuilt_table_keeps_its_seals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(checked_in(&path));
    let mut conn = Connection::open(&path).unwrap();
    let (before, _) = head(&conn).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute("UPDATE petitioners SET phone = phone", [])
        .unwrap();
    // A migration that rebuilds a table the way SQLite asks (copy, drop, rename):
    // its triggers go with the old table, and the runner puts them back.
    tx.execute_batch(
        "CREATE TABLE units_new AS SELECT * FROM units; DROP TABLE units;
         ALTER TABLE units_new RENAME TO units;",
    )
    .unwrap();
    install(&tx, &[]).unwrap();
    assert_eq!(seal(&tx, false).unwrap(), 0);
    tx.commit().unwrap();
    assert_eq!(head(&conn).unwrap().0, before);
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'ledger_%_units'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3);
}
