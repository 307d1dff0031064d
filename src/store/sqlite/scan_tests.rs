//! A `Scan` reads every value as rusqlite does, so a row hashes the same read
//! either way (the ledger's seal reads through rusqlite, a full verify through
//! `Scan`): a column read wrong would name every row of the record as edited.

use super::super::ledger::RowCodec;
use super::{int_at, opt_int_at, Cells, Scan};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

fn table() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c, d);
         INSERT INTO t VALUES (1, NULL, 0, '', x'');
         INSERT INTO t VALUES (2, -9223372036854775808, 2.5, '张三 zhang', x'00ff10');
         INSERT INTO t VALUES (3, 9223372036854775807, -0.0, 'x', 'text where a blob was');
         INSERT INTO t VALUES (4, 1e300, 'a''b', x'', NULL);",
    )
    .unwrap();
    conn
}

const SQL: &str = "SELECT rowid, 0, * FROM t ORDER BY rowid";

#[test]
fn a_scan_reads_every_value_and_hashes_every_row_as_rusqlite_does() {
    let conn = table();
    let mut stmt = conn.prepare(SQL).unwrap();
    let mut codec = RowCodec::of(&stmt, 2);
    let mut want = Vec::new();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let values: Vec<String> = (0..7)
            .map(|i| format!("{:?}", r.cell(i).unwrap()))
            .collect();
        want.push((values, codec.hash(r).unwrap()));
    }

    let mut scan = Scan::prepare(&conn, SQL).unwrap();
    let mut codec = RowCodec::of_names(&scan.column_names(), 2..);
    let mut got = Vec::new();
    while let Some(r) = scan.next().unwrap() {
        let values: Vec<String> = (0..7)
            .map(|i| format!("{:?}", r.cell(i).unwrap()))
            .collect();
        got.push((values, codec.hash(&r).unwrap()));
    }
    assert_eq!(got, want);
    assert_eq!(got.len(), 4);
    // The empty text and blob are values, not NULLs (NULLs are not hashed).
    assert_eq!(got[0].0[5], format!("{:?}", ValueRef::Text(b"")));
    assert_eq!(got[0].0[6], format!("{:?}", ValueRef::Blob(b"")));
    // Once past the end, it stays there (SQLite would start over).
    assert!(scan.next().unwrap().is_none());
    assert!(scan.next().unwrap().is_none());
}

#[test]
fn a_scan_names_a_column_of_another_type_and_a_failed_query() {
    let conn = table();
    let mut scan = Scan::prepare(&conn, "SELECT a, b, id FROM t WHERE id = ?1").unwrap();
    scan.bind_int(1, 3).unwrap();
    let r = scan.next().unwrap().unwrap();
    assert_eq!(int_at(&r, 0).unwrap(), i64::MAX);
    assert_eq!(opt_int_at(&r, 2).unwrap(), Some(3));
    let err = int_at(&r, 1).unwrap_err().to_string();
    assert!(err.contains("Real at index: 1, name: b"), "{err}");
    assert!(r.cell(3).is_err());

    let mut text = Scan::prepare(&conn, "SELECT count(*) FROM t WHERE c = ?1").unwrap();
    text.bind_text(1, "张三 zhang").unwrap();
    assert_eq!(int_at(&text.next().unwrap().unwrap(), 0).unwrap(), 1);

    let err = Scan::prepare(&conn, "SELECT gone FROM t")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no such column: gone"), "{err}");
}
