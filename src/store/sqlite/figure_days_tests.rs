//! `stats` from the figure sums is `stats` from the record, whole (its own
//! figures, the office's figures, the charts), after writes of every kind by
//! this program and by another connection, on other days, for periods of a
//! day to a year and one across years; and a change of the sums left unwritten
//! shows.

use super::super::figure_cache::tests::write;
use super::super::figure_days_write::tests_break;
use super::super::SqliteStore;
use crate::demo::gen::DemoRng;
use crate::domain::figures_by::By;
use crate::store::figure_facts::{FigureFacts, FigureReport};
use crate::store::port::{Ctx, Rules};
use crate::store::records::Stats;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::path::Path;

const PERIODS: [(&str, &str); 6] = [
    ("2026-01-01", "2026-12-31"),
    ("2026-10-01", "2026-10-31"),
    ("2025-07-01", "2026-06-30"),
    ("2026-11-02", "2026-11-02"),
    ("2026-09-28", "2026-10-04"),
    ("2024-01-01", "2027-01-31"),
];

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// What `stats` prints, from the record: the report without its lists.
fn from_record(store: &Store, from: NaiveDate, to: NaiveDate) -> (Stats, FigureReport) {
    let report = store.figure_counts(from, to, None).unwrap();
    (store.stats(from, to).unwrap(), shown(report))
}

/// The report as `stats` shows it: no list of cases behind a figure.
fn shown(mut report: FigureReport) -> FigureReport {
    report.facts = FigureFacts {
        roster: std::mem::take(&mut report.facts.roster),
        names: std::mem::take(&mut report.facts.names),
        overdue: std::mem::take(&mut report.facts.overdue),
        ..FigureFacts::default()
    };
    report
}

/// For every period: whether the sums gave what the record gives.
fn agrees(path: &Path, now: &str) -> Vec<bool> {
    let time = TimeSource::Fixed(parse_instant(now).unwrap());
    let store = Store::open(path, OpenMode::Existing, time.clone()).unwrap();
    let sqlite = SqliteStore::open(path, OpenMode::Existing, &time).unwrap();
    let cx = Ctx {
        now: parse_instant(now).unwrap(),
        rules: Rules::default(),
    };
    PERIODS
        .iter()
        .map(|(from, to)| {
            let (from, to) = (day(from), day(to));
            let (stats, report) = store.stats_and_figure_counts(from, to, None).unwrap();
            let kept = (stats, shown(report));
            let served = sqlite.kept_figures(&cx, from, to, false).unwrap().is_some();
            assert!(served, "the sums serve {from}..{to} at {now}");
            let record = from_record(&store, from, to);
            if kept != record {
                eprintln!("{from}..{to} at {now}");
                if kept.0 != record.0 {
                    eprintln!("stats: {:?}\n   vs {:?}", kept.0, record.0);
                }
                let (a, b) = (&kept.1, &record.1);
                for (x, y) in a.figures.iter().zip(&b.figures) {
                    if x != y {
                        eprintln!("figure {x:?}\n    vs {y:?}");
                    }
                }
                if a.volume != b.volume {
                    eprintln!("volume {:?} vs {:?}", a.volume, b.volume);
                }
                if a.by_month != b.by_month {
                    eprintln!("months {:?} vs {:?}", a.by_month, b.by_month);
                }
                if a.by_category != b.by_category {
                    eprintln!("cats {:?} vs {:?}", a.by_category, b.by_category);
                }
                if a.overdue != b.overdue {
                    eprintln!("overdue");
                }
                if a.facts != b.facts {
                    eprintln!("facts");
                }
            }
            // The split by month: each month from its own sums, as the record
            // counts the period cut to it.
            let (_, split) = store
                .stats_and_figure_counts(from, to, Some(By::Month))
                .unwrap();
            let by_month = sqlite.kept_figures(&cx, from, to, true).unwrap();
            assert!(by_month.is_some_and(|k| !k.months.is_empty()));
            let record_split = store.figure_counts(from, to, Some(By::Month)).unwrap();
            let split_same = split.split == record_split.split;
            if !split_same {
                eprintln!("{from}..{to} at {now}: the split by month");
                for (a, b) in split
                    .split
                    .iter()
                    .flat_map(|s| &s.groups)
                    .zip(record_split.split.iter().flat_map(|s| &s.groups))
                {
                    if a != b {
                        eprintln!("{a:?}\n    vs {b:?}");
                    }
                }
            }
            kept == record && split_same
        })
        .collect()
}

fn assert_all_agree(path: &Path, now: &str) {
    let same = agrees(path, now);
    assert!(same.iter().all(|s| *s), "{now}: {same:?}");
}

fn demo(people: u32, seed: u64) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut store = Store::open(&path, OpenMode::Create, time).unwrap();
    crate::demo::fill(&mut store, people, seed, |_| {}).unwrap();
    (dir, path)
}

/// 48 writes of every kind the cache's tests make, and a contact moved to
/// another case, half through this program and half by another connection.
fn writes(path: &Path, mut each: impl FnMut(u64, Vec<bool>)) {
    let time = TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap());
    let mut sqlite = SqliteStore::open(path, OpenMode::Existing, &time).unwrap();
    let other = Connection::open(path).unwrap();
    other.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let mut rng = DemoRng::new(23);
    for n in 0..48 {
        let moved = n == 29;
        let one = |conn: &Connection, rng: &mut DemoRng| {
            if moved {
                conn.execute(
                    "UPDATE contacts SET case_id = (SELECT max(id) FROM cases)
                     WHERE id = (SELECT min(id) FROM contacts)",
                    params![],
                )
                .unwrap();
            } else {
                write(conn, rng, n);
            }
        };
        if n % 2 == 0 {
            sqlite
                .write(|tx| {
                    one(tx, &mut rng);
                    Ok(())
                })
                .unwrap();
        } else {
            one(&other, &mut rng);
        }
        let now = format!("2026-11-{:02}T09:00:00+08:00", 2 + n % 20);
        each(n, agrees(path, &now));
    }
}

#[test]
fn stats_from_the_sums_is_stats_from_the_record_after_every_kind_of_write() {
    let (_dir, path) = demo(160, 5);
    assert!(
        agrees(&path, "2026-11-02T09:00:00+08:00")
            .into_iter()
            .all(|same| same),
        "first read, the sums built"
    );
    writes(&path, |n, same| {
        assert!(same.iter().all(|s| *s), "write {n}: {same:?}");
    });
    // The sums are the whole record's: a build from nothing gives the same rows.
    let conn = Connection::open(&path).unwrap();
    let kept = months(&conn);
    conn.execute("UPDATE figure_cache_stamp SET rules = ''", [])
        .unwrap();
    assert_all_agree(&path, "2026-11-30T09:00:00+08:00");
    assert_eq!(months(&conn), kept);
}

#[test]
fn a_change_of_the_sums_left_unwritten_shows() {
    let (_dir, path) = demo(120, 6);
    assert_all_agree(&path, "2026-11-02T09:00:00+08:00");
    tests_break::set(true);
    let mut wrong = 0;
    writes(&path, |_, same| {
        wrong += same.iter().filter(|s| !**s).count();
    });
    tests_break::set(false);
    assert!(wrong > 0, "the figures did not change with the sums");
}

fn months(conn: &Connection) -> Vec<(i64, Vec<u8>)> {
    let mut stmt = conn
        .prepare("SELECT month, cells FROM figure_days ORDER BY month")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn edited_sums_are_built_again() {
    let (_dir, path) = demo(120, 7);
    assert_all_agree(&path, "2026-11-02T09:00:00+08:00");
    let other = Connection::open(&path).unwrap();
    let built = months(&other);
    other
        .execute(
            "UPDATE figure_days SET cells = (SELECT cells FROM figure_days ORDER BY month LIMIT 1)
             WHERE month = (SELECT max(month) FROM figure_days)",
            [],
        )
        .unwrap();
    assert_ne!(months(&other), built);
    // Not read as they are: the read builds the cache and its sums again.
    assert_all_agree(&path, "2026-11-02T09:00:00+08:00");
    assert_eq!(months(&other), built);
}

#[test]
fn a_file_with_an_older_programs_cache_gets_the_sums_at_its_first_read() {
    let (_dir, path) = demo(60, 8);
    assert_all_agree(&path, "2026-11-02T09:00:00+08:00");
    // As the program before the sums left the file: a cache of format 1, rows
    // without what the sums need, no sums.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE figure_days; DROP TABLE figure_days_stamp;
         UPDATE figure_cache_stamp SET rules = '1' || substr(rules, 2);",
    )
    .unwrap();
    assert_all_agree(&path, "2026-11-03T09:00:00+08:00");
    assert!(!months(&conn).is_empty());
    let rules: String = conn
        .query_row("SELECT rules FROM figure_cache_stamp", [], |r| r.get(0))
        .unwrap();
    assert!(rules.starts_with("2 "), "{rules}");
}

#[test]
fn a_touched_case_whose_row_was_edited_or_lost_builds_the_sums_again() {
    let (_dir, path) = demo(80, 9);
    assert_all_agree(&path, "2026-11-02T09:00:00+08:00");
    let other = Connection::open(&path).unwrap();
    other.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let touch = |case: &str| {
        other
            .execute(
                &format!(
                    "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
                     VALUES (({case}), '2026-10-20T10:00:00+08:00', 1, 'reply', '{{}}', zeroblob(32))"
                ),
                [],
            )
            .unwrap();
    };
    // Another case's bytes: they read back, but not as this case's.
    other
        .execute(
            "UPDATE figure_cache SET facts = (SELECT facts FROM figure_cache ORDER BY case_id DESC LIMIT 1)
             WHERE case_id = (SELECT min(case_id) FROM figure_cache)",
            [],
        )
        .unwrap();
    touch("SELECT min(case_id) FROM figure_cache");
    assert_all_agree(&path, "2026-11-03T09:00:00+08:00");
    // A row lost: its case's old part cannot be taken out.
    other
        .execute(
            "DELETE FROM figure_cache WHERE case_id = (SELECT max(case_id) FROM figure_cache)",
            [],
        )
        .unwrap();
    touch("SELECT max(id) FROM cases");
    assert_all_agree(&path, "2026-11-04T09:00:00+08:00");
}
