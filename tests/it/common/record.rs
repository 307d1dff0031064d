//! What a file holds, read straight from its tables, for the tests that check a
//! record survived concurrent writers (several desks, a backup taken meanwhile).

use rusqlite::Connection;
use std::collections::HashSet;

/// Every petitioner's name on record.
pub fn petitioner_names(conn: &Connection) -> HashSet<String> {
    conn.prepare("SELECT name FROM petitioners")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// One day's queue: the day, its rows, its distinct numbers, the lowest and the
/// highest number.
pub type QueueDay = (String, i64, i64, i64, i64);

/// Each day's queue, asserted to run 1..=n with no number missing or drawn twice
/// (no half-written check-in, no number drawn by two desks).
pub fn gapless_queues(conn: &Connection) -> Vec<QueueDay> {
    let days: Vec<QueueDay> = conn
        .prepare(
            "SELECT queue_date, count(*), count(DISTINCT queue_no), min(queue_no), max(queue_no)
             FROM contacts WHERE queue_no IS NOT NULL GROUP BY queue_date",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (day, n, distinct, min, max) in &days {
        assert_eq!((*distinct, *min, *max), (*n, 1, *n), "queue of {day}");
    }
    days
}
