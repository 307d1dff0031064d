//! Rows sealed as a fresh range get the entries their notes would have got.

use super::*;
use rusqlite::config::DbConfig;
use std::path::Path;

/// A new record at a pinned time, and its connection.
fn record(path: &Path) -> Connection {
    let now = crate::time::parse_instant("2026-11-27T11:30:00+08:00").expect("a fixed instant");
    let store = crate::store::Store::open(
        path,
        crate::store::OpenMode::Create,
        crate::time::TimeSource::Fixed(now),
    )
    .expect("opens");
    drop(store);
    Connection::open(path).expect("opens")
}

/// New units (written with the triggers on or off), one of them changed again and
/// an older unit and category changed too, all in one transaction; sealed with the
/// new units as a fresh range when `fresh`.
fn written(path: &Path, fresh: bool) -> Connection {
    let mut conn = record(path);
    let first: i64 = conn
        .query_row("SELECT max(id) + 1 FROM units", [], |r| r.get(0))
        .expect("units");
    let tx = conn.transaction().expect("a transaction");
    tx.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, !fresh)
        .expect("triggers");
    for n in 0..600 {
        tx.execute(
            "INSERT INTO units(name, created_at) VALUES (?1, '2026-11-27T11:30:00+08:00')",
            [format!("第{n}办")],
        )
        .expect("a unit");
    }
    tx.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)
        .expect("triggers");
    tx.execute_batch(&format!(
        "UPDATE units SET name = name || '（新）' WHERE id IN (1, {}, {});
         UPDATE categories SET name = name || '类' WHERE id = 2;",
        first + 7,
        first + 599
    ))
    .expect("changes");
    let ranges = [Fresh {
        table: "units",
        from: first,
    }];
    let sealed = seal_with(&tx, false, if fresh { &ranges } else { &[] }).expect("seals");
    assert_eq!(sealed, 602);
    tx.commit().expect("commits");
    conn
}

fn ledger(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT seq, t, k1, k2, outside, hex(row_hash) FROM ledger ORDER BY seq",
        "SELECT seq, hex(hash), 0, 0, 0, '' FROM ledger_marks ORDER BY seq",
        "SELECT key, value, 0, 0, 0, '' FROM meta WHERE key = 'ledger_head'",
    ] {
        let mut stmt = conn.prepare(sql).expect("reads");
        let rows = stmt
            .query_map([], |r| {
                Ok((0..6)
                    .map(|i| format!("{:?}", r.get_ref(i).expect("a cell")))
                    .collect::<Vec<_>>()
                    .join(" "))
            })
            .expect("rows");
        out.extend(rows.map(|r| r.expect("a row")));
    }
    out
}

#[test]
fn a_fresh_range_seals_as_the_notes_of_its_rows_would_merged_with_the_notes() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let noted = written(&dir.path().join("noted.db"), false);
    let fresh = written(&dir.path().join("fresh.db"), true);
    let (a, b) = (ledger(&noted), ledger(&fresh));
    assert!(a.len() > 600, "{} entries", a.len());
    let differs: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).take(5).collect();
    assert!(differs.is_empty(), "first differences: {differs:#?}");
    assert_eq!(a.len(), b.len());
    drop(fresh);
    let store = crate::store::Store::open(
        dir.path().join("fresh.db"),
        crate::store::OpenMode::ReadOnly,
        crate::time::TimeSource::System,
    )
    .expect("opens");
    let report = store.verify().expect("verifies");
    assert!(report.ok(), "{:?}", report.problems);
}
