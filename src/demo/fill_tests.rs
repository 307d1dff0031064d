//! The demo committed in stretches holds exactly what one transaction wrote.

use super::fill_in_stretches;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use std::path::{Path, PathBuf};

fn filled(dir: &Path, stretch: u32) -> (PathBuf, Store) {
    let path = dir.join(format!("stretch-{stretch}.db"));
    let now = parse_instant("2026-11-27T11:30:00+08:00").expect("a fixed instant");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(now)).expect("opens");
    fill_in_stretches(&mut store, 240, 5, &[], stretch, |_| {}).expect("the demo fills");
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
