//! The figures' linked and merged marks, read from the few link events at once,
//! equal what a case's own page says of it (`matters::initial_facts`, per case);
//! and the period's contacts of a case outside those that can count.

use super::super::SqliteStore;
use crate::demo::gen::DemoRng;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use std::collections::HashMap;

#[test]
fn marks_from_the_link_events_equal_the_per_case_query() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
    crate::demo::fill(&mut store, 150, 9, |_| {}).unwrap();
    drop(store);

    // Links both ways, to itself, to a number nobody holds; and merged duplicates.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let cases: Vec<(i64, String)> = conn
        .prepare("SELECT id, case_no FROM cases ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut rng = DemoRng::new(3);
    let mut pick = || cases[rng.below(cases.len() as u64) as usize].clone();
    for n in 0..60 {
        let (from, _) = pick();
        let (to, to_no) = pick();
        let target = match n % 10 {
            0 => "2099-999999".to_string(),
            1 => cases.iter().find(|c| c.0 == from).unwrap().1.clone(),
            _ => to_no,
        };
        conn.execute(
            "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
             VALUES (?1, '2026-11-01T10:00:00+08:00', 1, 'link', json_object('case_no', ?2), zeroblob(32))",
            rusqlite::params![from, target],
        )
        .unwrap();
        if n % 7 == 0 {
            conn.execute(
                "INSERT OR IGNORE INTO case_merges(case_id, into_case_id, merged_on)
                 VALUES (?1, ?2, '2026-11-01')",
                rusqlite::params![from, to],
            )
            .unwrap();
        }
    }
    let expected: HashMap<i64, (bool, bool)> = cases
        .iter()
        .map(|(id, _)| {
            let facts = super::super::matters::initial_facts(&conn, *id).unwrap();
            (*id, (facts.linked_to_earlier, facts.merged))
        })
        .collect();
    assert!(expected.values().filter(|m| m.0).count() > 20);

    let sqlite = SqliteStore::open(&path, OpenMode::Existing, &time).unwrap();
    let mut read = sqlite
        .cases_for_figures(super::Which::CanCount("1990-01-01", "2100-01-01"), &|raw| {
            raw.map(str::to_string)
        })
        .unwrap();
    assert_eq!(read.len(), expected.len());
    sqlite.matter_marks(&mut read).unwrap();
    let marks: HashMap<i64, (bool, bool)> = read
        .iter()
        .map(|(id, case)| (id, (case.linked, case.merged)))
        .collect();
    assert_eq!(marks, expected);
}

/// A contact of the period whose case cannot count (untouched, as far as
/// `updated_at` says, since long before) is read by itself: its keys and its
/// repeat mark are what they were while the case counted.
#[test]
fn a_period_contact_of_a_case_that_cannot_count_keeps_its_keys_and_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
    crate::demo::fill(&mut store, 150, 9, |_| {}).unwrap();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (from, to) = (day("2026-09-01"), day("2026-11-30"));
    let before = store.figure_report(from, to, None).unwrap().facts;
    assert!(before.contacts.iter().any(|c| c.facts.repeat));
    assert!(before.contacts.iter().any(|c| !c.facts.repeat));
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let moved = conn
        .execute(
            "UPDATE cases SET updated_at = '2000-01-01T00:00:00+08:00' WHERE id IN
             (SELECT case_id FROM contacts WHERE arrived_at >= '2026-09-01' LIMIT 40)",
            [],
        )
        .unwrap();
    assert!(moved > 10);
    drop(conn);

    let store = Store::open(&path, OpenMode::Existing, time).unwrap();
    let after = store.figure_report(from, to, None).unwrap().facts;
    assert_eq!(after.matters.len(), before.matters.len() - moved);
    assert_eq!(after.contacts, before.contacts);
}
