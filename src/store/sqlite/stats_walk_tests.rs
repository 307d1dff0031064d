//! `stats`' walk counts what its SQL counts, on a demo record with odd rows added:
//! a contact whose case is gone, categories NULL and odd, a registration stamp
//! that is no day, replies twice in a period.

use super::super::SqliteStore;
use super::sql_day;
use crate::store::stats_parts::StatsParts;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};

fn sorted(mut p: StatsParts) -> StatsParts {
    p.channels.sort();
    p.contacts_by_category.sort();
    p.new_cases.sort();
    p.replies.sort();
    p
}

#[test]
fn the_walk_counts_what_the_sql_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
    crate::demo::fill(&mut store, 300, 4, |_| {}).unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE cases SET category = NULL WHERE id % 7 = 0;
         UPDATE cases SET category = '自创/类别' WHERE id % 11 = 0;
         UPDATE cases SET registered_at = '二〇二六年十一月一日' WHERE id = 5;
         UPDATE cases SET registered_at = '2026-3-1' WHERE id = 6;
         INSERT INTO contacts(petitioner_id, case_id, channel, headcount, flags, arrived_at, officer_id)
             VALUES (1, 999999, 'visit', 7, '[\"repeat\",\"collective\"]', '2026-10-03T09:00:00+08:00', 1);
         INSERT INTO contacts(petitioner_id, case_id, channel, headcount, flags, arrived_at, officer_id)
             VALUES (1, 6, 'fax', 2, '[\"closed_matter\"]', '2026-10-04T09:00:00+08:00', 1);
         INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
             SELECT case_id, '2026-10-30T10:00:00+08:00', officer_id, 'reply', '{}', zeroblob(32)
             FROM events WHERE kind = 'reply' LIMIT 20;
         INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
             VALUES (5, '2026-10-30T10:00:00+08:00', 1, 'reply', '{}', zeroblob(32)),
                    (6, '2026-10-31T10:00:00+08:00', 1, 'reply', '{}', zeroblob(32)),
                    (999998, '2026-10-31T10:00:00+08:00', 1, 'reply', '{}', zeroblob(32));",
    )
    .unwrap();
    drop(conn);

    let sqlite = SqliteStore::open(&path, OpenMode::ReadOnly, &time).unwrap();
    let mut compared = 0;
    for (lo, hi) in [
        ("2026-01-01", "2027-01-01"),
        ("2026-10-01", "2026-11-01"),
        ("2026-10-30", "2026-10-31"),
        ("2020-01-01", "2030-01-01"),
    ] {
        let walked = sorted(sqlite.stats_by_walking(lo, hi).unwrap());
        let sought = sorted(sqlite.stats_by_seeking(lo, hi).unwrap());
        assert_eq!(walked.channels, sought.channels, "{lo}");
        assert_eq!(
            walked.contacts_by_category, sought.contacts_by_category,
            "{lo}"
        );
        assert_eq!(walked.new_cases, sought.new_cases, "{lo}");
        assert_eq!(walked.flagged, sought.flagged, "{lo}");
        // SQL hands the days as text, the walk as read back; `assemble` reads both.
        let days = |p: &StatsParts| -> Vec<_> {
            let mut v: Vec<_> = p
                .replies
                .iter()
                .map(|(r, a)| (sql_day(r), sql_day(a)))
                .collect();
            v.sort();
            v
        };
        assert_eq!(days(&walked), days(&sought), "{lo}");
        compared += walked.channels.len();
    }
    assert!(compared > 8);
}

#[test]
fn a_day_as_sql_cuts_it() {
    for (stamp, day) in [
        ("2026-11-30T15:00:00+08:00", Some("2026-11-30")),
        ("2026-3-1", Some("2026-03-01")),
        ("二〇二六年十一月一日", None),
        ("", None),
    ] {
        assert_eq!(sql_day(stamp), day.map(|d| d.parse().unwrap()), "{stamp}");
    }
}
