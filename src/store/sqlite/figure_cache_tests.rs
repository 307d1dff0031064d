//! The figure cache gives the figures' facts exactly as the record read without
//! it does: after writes by this program (sealed in the ledger) and by another
//! connection (noted, not sealed), of every kind that shapes a matter's facts —
//! a new event, a reply, a rating given or taken back, a link either way, terms
//! from above, a merge, a renamed person, unit or officer, a catalog edit, a new
//! contact — on other days and for other periods; after its own rows are edited;
//! and under other rules.

use super::super::SqliteStore;
use crate::demo::gen::DemoRng;
use crate::store::port::{Ctx, Rules};
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const PERIODS: [(&str, &str); 4] = [
    ("2026-01-01", "2026-12-31"),
    ("2026-10-01", "2026-10-31"),
    ("2025-07-01", "2026-06-30"),
    ("2026-11-02", "2026-11-02"),
];

fn ctx(now: &str, rules: &Rules) -> Ctx {
    Ctx {
        now: parse_instant(now).unwrap(),
        rules: rules.clone(),
    }
}

/// The cached facts equal the record's for every period, and the cache is
/// written (a stamp naming the ledger's head).
fn same(store: &SqliteStore, now: &str, rules: &Rules, what: &str) {
    let cx = ctx(now, rules);
    for (from, to) in PERIODS {
        let (from, to) = (day(from), day(to));
        let cached = store.figure_facts_read(&cx, from, to, true).unwrap();
        let record = store.figure_facts_read(&cx, from, to, false).unwrap();
        assert_eq!(cached.matters, record.matters, "{what}: {from}..{to}");
        assert_eq!(cached, record, "{what}: {from}..{to}");
    }
}

fn stamp_seq(conn: &Connection) -> Option<i64> {
    conn.query_row("SELECT seq FROM figure_cache_stamp", [], |r| r.get(0))
        .unwrap()
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// One write of a random kind, on `conn`.
pub(crate) fn write(conn: &Connection, rng: &mut DemoRng, n: u64) {
    let cases = ids(conn, "SELECT id FROM cases ORDER BY id");
    let mut pick = || cases[rng.below(cases.len() as u64) as usize];
    let (a, b) = (pick(), pick());
    let at = format!("2026-10-{:02}T10:00:00+08:00", 1 + n % 28);
    let event = |kind: &str, detail: String| {
        conn.execute(
            "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
             VALUES (?1, ?2, 1, ?3, ?4, zeroblob(32))",
            params![a, at, kind, detail],
        )
        .unwrap();
        conn.execute(
            "UPDATE cases SET updated_at = ?2 WHERE id = ?1",
            params![a, at],
        )
        .unwrap();
    };
    match n % 12 {
        0 => event("reply", "{}".into()),
        1 => event("request_review", "{}".into()),
        2 => {
            let no: String = conn
                .query_row("SELECT case_no FROM cases WHERE id = ?1", [b], |r| r.get(0))
                .unwrap();
            event("link", format!(r#"{{"case_no":"{no}"}}"#));
        }
        3 => {
            conn.execute(
                "INSERT OR REPLACE INTO ratings(case_id, stage, result, via, rated_on, officer_id, at)
                 VALUES (?1, 'reply', 'dissatisfied', 'visit', '2026-10-09', 1, ?2)",
                params![a, at],
            )
            .unwrap();
        }
        4 => {
            conn.execute(
                "DELETE FROM ratings WHERE id = (SELECT max(id) FROM ratings)",
                [],
            )
            .unwrap();
        }
        5 => {
            conn.execute(
                "UPDATE petitioners SET name = name || '改' WHERE id IN
                 (SELECT petitioner_id FROM case_petitioners WHERE case_id = ?1)",
                [a],
            )
            .unwrap();
        }
        6 => {
            conn.execute(
                "UPDATE units SET name = name || '（新）' WHERE id = (SELECT min(id) FROM units)",
                [],
            )
            .unwrap();
            conn.execute(
                "UPDATE officers SET name = name || '乙' WHERE id = (SELECT max(id) FROM officers)",
                [],
            )
            .unwrap();
        }
        7 => {
            let name = format!("新类{n}");
            // The case's category first, then the catalog learns it (a second level
            // folds the case's figures under its parent, with no write to the case).
            conn.execute(
                "UPDATE cases SET category = ?2 WHERE id = ?1",
                params![a, name],
            )
            .unwrap();
            conn.execute(
                "INSERT OR IGNORE INTO categories(name, parent)
                 SELECT ?1, CASE WHEN ?2 THEN '' ELSE (SELECT min(name) FROM categories WHERE parent = '') END",
                params![name, n % 24 == 7],
            )
            .unwrap();
        }
        8 => {
            conn.execute(
                "INSERT OR REPLACE INTO case_upper(case_id, from_office, received_on, due_on, report_due, reported_back_on)
                 VALUES (?1, '市信访局', '2026-09-01', '2026-10-20', 1, NULL)",
                [a],
            )
            .unwrap();
        }
        9 if a != b => {
            conn.execute(
                "INSERT OR IGNORE INTO case_merges(case_id, into_case_id, merged_on) VALUES (?1, ?2, '2026-10-05')",
                params![a, b],
            )
            .unwrap();
        }
        10 => {
            let person: i64 = conn
                .query_row(
                    "SELECT petitioner_id FROM contacts WHERE case_id = ?1 LIMIT 1",
                    [a],
                    |r| r.get(0),
                )
                .unwrap_or(1);
            conn.execute(
                "INSERT INTO contacts(petitioner_id, case_id, channel, headcount, flags, arrived_at, officer_id)
                 VALUES (?1, ?2, 'visit', 3, ?3, ?4, 1)",
                params![person, a, if n % 24 == 10 { r#"["enquiry"]"# } else { r#"["same_source"]"# }, at],
            )
            .unwrap();
        }
        _ => event("extend", r#"{"days":10}"#.into()),
    }
}

#[test]
fn the_cache_gives_what_the_record_gives_after_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
    crate::demo::fill(&mut store, 160, 5, |_| {}).unwrap();
    drop(store);

    let mut sqlite = SqliteStore::open(&path, OpenMode::Existing, &time).unwrap();
    let rules = Rules::default();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "first read, the cache built",
    );
    let other = Connection::open(&path).unwrap();
    other.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    assert!(stamp_seq(&other).is_some(), "the cache is written");
    let cached: i64 = other
        .query_row("SELECT count(*) FROM figure_cache", [], |r| r.get(0))
        .unwrap();
    let cases: i64 = other
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cached, cases);

    let started = |conn: &Connection| -> i64 {
        conn.query_row("SELECT started FROM figure_cache_stamp", [], |r| r.get(0))
            .unwrap()
    };
    let mut rng = DemoRng::new(11);
    let mut rebuilt = 0;
    for n in 0..48 {
        // Built a second ago at most: a build after a write would move it.
        other
            .execute("UPDATE figure_cache_stamp SET started = 7", [])
            .unwrap();
        if n % 2 == 0 {
            // Through this program: sealed in the ledger.
            sqlite
                .write(|tx| {
                    write(tx, &mut rng, n);
                    Ok(())
                })
                .unwrap();
        } else {
            // By another connection: noted, sealed by this program's next write.
            write(&other, &mut rng, n);
        }
        let now = format!("2026-11-{:02}T09:00:00+08:00", 2 + n % 20);
        same(&sqlite, &now, &rules, &format!("write {n}"));
        if started(&other) != 7 {
            rebuilt += 1;
            // Only a rating taken back (a row gone) is not placed.
            assert_eq!(n % 12, 4, "write {n} built the whole cache again");
        }
    }
    assert_eq!(rebuilt, 4);
    drop(other);
    drop(sqlite);
    let _ = &mut rng;
}

#[test]
fn an_edited_cache_or_other_rules_are_worked_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
    crate::demo::fill(&mut store, 120, 6, |_| {}).unwrap();
    drop(store);
    let mut sqlite = SqliteStore::open(&path, OpenMode::Existing, &time).unwrap();
    let rules = Rules::default();
    same(&sqlite, "2026-11-02T09:00:00+08:00", &rules, "built");

    let other = Connection::open(&path).unwrap();
    // A cached row of another case's bytes: it reads back, but the digest tells.
    other
        .execute(
            "UPDATE figure_cache SET facts = (SELECT facts FROM figure_cache ORDER BY case_id DESC LIMIT 1)
             WHERE case_id = (SELECT min(case_id) FROM figure_cache)",
            [],
        )
        .unwrap();
    same(&sqlite, "2026-11-02T09:00:00+08:00", &rules, "a row edited");
    // Bytes that do not read back.
    other
        .execute("UPDATE figure_cache SET facts = x'ff' WHERE case_id = (SELECT max(case_id) FROM figure_cache)", [])
        .unwrap();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "a row damaged",
    );
    other
        .execute("DELETE FROM figure_cache WHERE case_id % 5 = 0", [])
        .unwrap();
    same(&sqlite, "2026-11-02T09:00:00+08:00", &rules, "rows lost");

    // An earlier case renumbered under a link that names it: the later, linking
    // matter's mark changes with no write of its own.
    let linked: (i64, String) = other
        .query_row(
            "SELECT id, case_no FROM cases ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Through this program, so that nothing stays noted (a noted row's case is
    // worked out again at every read).
    sqlite
        .write(|tx| {
            tx.execute(
                "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
                 SELECT max(id), '2026-10-20T10:00:00+08:00', 1, 'link',
                        json_object('case_no', ?1), zeroblob(32)
                 FROM cases",
                [&linked.1],
            )?;
            Ok(())
        })
        .unwrap();
    same(&sqlite, "2026-11-02T09:00:00+08:00", &rules, "a link");
    sqlite
        .write(|tx| {
            tx.execute(
                "UPDATE cases SET case_no = case_no || 'R' WHERE id = ?1",
                [linked.0],
            )?;
            Ok(())
        })
        .unwrap();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "a case renumbered",
    );
    // An event whose detail is not JSON is placed all the same.
    other
        .execute(
            "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
             VALUES (1, '2026-10-21T10:00:00+08:00', 1, 'note', 'not json', zeroblob(32))",
            [],
        )
        .unwrap();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "an event of any detail",
    );

    let mut other_rules = Rules::default();
    other_rules.clocks.working_days = !other_rules.clocks.working_days;
    other_rules.clocks.handle_days = 20;
    other_rules.ratings.window_days = 3;
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &other_rules,
        "other rules",
    );
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "the rules back",
    );

    // A build abandoned half way (its process ended) is not read, and is
    // taken over once old.
    other
        .execute(
            "UPDATE figure_cache_stamp SET builder = 'gone:1', seq = NULL",
            [],
        )
        .unwrap();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "a build under way",
    );
    assert_eq!(stamp_seq(&other), None);
    other
        .execute("UPDATE figure_cache_stamp SET started = started - 3600", [])
        .unwrap();
    same(
        &sqlite,
        "2026-11-02T09:00:00+08:00",
        &rules,
        "an abandoned build",
    );
    assert!(stamp_seq(&other).is_some());
}
