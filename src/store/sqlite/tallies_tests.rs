//! The tallies equal a recount from the rows they count: after a demo office's
//! writes, after random edits of the counted column, and when the migration builds
//! them for a file that had none.

use crate::demo::gen::DemoRng;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use rusqlite::Connection;

fn store_at(path: &std::path::Path) -> Store {
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    Store::open(path, OpenMode::Create, TimeSource::Fixed(t)).unwrap()
}

/// Cases per due day.
type Tally = Vec<(String, i64)>;

/// `due_days` as kept, and as counted again from `cases`.
fn kept_and_recounted(conn: &Connection) -> (Tally, Tally) {
    let read = |sql: &str| -> Tally {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.map(Result::unwrap).collect()
    };
    (
        read("SELECT day, cases FROM due_days ORDER BY day"),
        read(
            "SELECT due_on, count(*) FROM cases WHERE due_on IS NOT NULL
             GROUP BY due_on ORDER BY due_on",
        ),
    )
}

#[test]
fn due_days_equal_a_recount_after_random_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let mut store = store_at(&path);
    crate::demo::fill(&mut store, 300, 5, |_| {}).unwrap();
    let conn = Connection::open(&path).unwrap();
    let (kept, recount) = kept_and_recounted(&conn);
    assert!(kept.len() > 5, "a demo office has clocks running: {kept:?}");
    assert_eq!(kept, recount);

    // Edits of every kind the triggers see: a due date moved, cleared, set where
    // there was none, a case inserted and one deleted.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM cases ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut rng = DemoRng::new(11);
    for _ in 0..400 {
        let id = ids[rng.below(ids.len() as u64) as usize];
        let due = match rng.below(4) {
            0 => None,
            _ => Some(format!(
                "2026-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            )),
        };
        conn.execute("UPDATE cases SET due_on = ?2 WHERE id = ?1", (id, due))
            .unwrap();
    }
    conn.execute(
        "INSERT INTO cases(case_no, status, matter, first_officer_id, due_on, registered_at, updated_at)
         SELECT 'X-1', status, matter, first_officer_id, '2026-03-03', registered_at, updated_at
         FROM cases LIMIT 1",
        [],
    )
    .unwrap();
    conn.execute(
        "DELETE FROM cases WHERE id = (SELECT max(id) FROM cases WHERE due_on IS NOT NULL)",
        [],
    )
    .unwrap();
    let (kept, recount) = kept_and_recounted(&conn);
    assert_eq!(kept, recount);

    // The status line's overdue count is the tally's.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let counted: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE due_on IS NOT NULL AND due_on < ?1",
            [today.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(super::overdue_cases(&conn, today).unwrap(), counted);
}

#[test]
fn the_migration_counts_a_file_that_had_no_tallies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let mut store = store_at(&path);
    crate::demo::fill(&mut store, 120, 3, |_| {}).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let before = super::super::schema::version_before(super::SCHEMA);
    conn.execute_batch(&format!(
        "DROP TRIGGER due_days_insert; DROP TRIGGER due_days_update;
         DROP TRIGGER due_days_delete; DROP TABLE due_days;
         PRAGMA user_version = {before};"
    ))
    .unwrap();
    drop(conn);
    let store = store_at(&path);
    let conn = Connection::open(&path).unwrap();
    let (kept, recount) = kept_and_recounted(&conn);
    assert!(!kept.is_empty());
    assert_eq!(kept, recount);
    drop(store);
}
