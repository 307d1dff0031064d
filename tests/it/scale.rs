//! What the record's size must not change: a handover that reads only the cases
//! that can matter says what reading every case would, and the lookup benchmark
//! reports its figures (issue 9). Timing itself is the benchmark's business, never a
//! test's.

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::Path;

const NOW: &str = "2026-11-29T15:00:00+08:00";

fn run(db: &Path, args: &[&str]) -> String {
    let out = jiedai(db, NOW, args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&run(db, args)).unwrap()
}

/// The windows the bounded handover is checked over.
const WINDOWS: [&[&str]; 4] = [
    &[],
    // This morning: cases stepped since noon are replayed to how they stood.
    &[
        "--since",
        "2026-11-29T08:00:00+08:00",
        "--until",
        "2026-11-29T12:00:00+08:00",
    ],
    // A past afternoon: cases open then and closed since must still show.
    &[
        "--since",
        "2026-09-01T08:00:00+08:00",
        "--until",
        "2026-09-01T18:00:00+08:00",
    ],
    &["--since", "2025-06-01T08:00:00+08:00"],
];

/// A demo office with three years of history, and 王科员 on its roster.
fn office(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("office.db");
    run(&db, &["officer", "add", "王科员"]);
    run(&db, &["demo", "--petitioners", "400", "--seed", "7"]);
    db
}

#[test]
fn a_handover_reads_the_cases_that_matter_and_misses_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    // The same file where every case looks changed today and due long ago: the
    // summary must then replay every case, whichever way it chooses them.
    let all = dir.path().join("all.db");
    std::fs::copy(&db, &all).unwrap();
    let conn = rusqlite::Connection::open(&all).unwrap();
    let stepped_since_noon: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE updated_at > '2026-11-29T12:00:00+08:00'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        stepped_since_noon > 0,
        "the demo steps cases in the afternoon"
    );
    conn.execute(
        "UPDATE cases SET updated_at = '9999-12-31', due_on = '0000-01-01'",
        [],
    )
    .unwrap();
    drop(conn);
    for window in WINDOWS {
        let mut args = vec!["handover", "--format", "json"];
        args.extend_from_slice(window);
        let bounded = json(&db, &args);
        let whole = json(&all, &args);
        assert!(
            !bounded["clocks_due"].as_array().unwrap().is_empty(),
            "{window:?}: a demo office has clocks falling due"
        );
        assert_eq!(bounded, whole, "{window:?}");
    }
}

/// The windows of the test above, on a server: the bounded read there lists what
/// the file's does.
#[cfg(feature = "postgres")]
#[test]
fn on_a_server_the_handover_reads_the_same_cases_as_on_a_file() {
    let Some(url) = crate::postgres_desks::record() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let moved = json(&db, &["migrate", "--to", &url, "--json"]);
    assert_eq!(moved["mismatches"], serde_json::json!([]), "{moved:#}");
    let server = Path::new(&url);
    for window in WINDOWS {
        let mut args = vec!["handover", "--format", "json"];
        args.extend_from_slice(window);
        let on_file = json(&db, &args);
        assert!(!on_file["clocks_due"].as_array().unwrap().is_empty());
        assert_eq!(json(server, &args), on_file, "{window:?}");
    }
}

#[test]
fn the_lookup_benchmark_reports_where_a_keystroke_goes() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let report = json(&db, &["bench", "lookup", "--json"]);
    assert!(report["petitioners"].as_i64().unwrap() >= 400);
    assert!(report["queries"].as_u64().unwrap() >= 1000);
    for field in [
        "p50_ms",
        "p99_ms",
        "max_ms",
        "p99_cpu_ms",
        "p99_own_ms",
        "waiting_ms",
        "scan_median_ms",
        "speedup_median",
        "first_frame_ms",
        "first_lookup_ms",
        "index_mb",
        "rss_mb",
        "load_average",
    ] {
        assert!(report[field].is_number(), "{field}: {report}");
    }
    assert!(report["blocks_read"].is_u64());
    assert_eq!(report["slowest_cpu"].as_array().unwrap().len(), 5);
}

/// `bench reads` names every read it timed, and only reads: the file is the same after.
#[test]
fn the_reads_benchmark_times_every_read_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let head = |db: &Path| json(db, &["verify", "--json"])["chain_head"].clone();
    let before = head(&db);
    let report = json(&db, &["bench", "reads", "--runs", "2", "--json"]);
    assert!(report["people"].as_i64().unwrap() >= 400);
    let reads = report["reads"].as_array().unwrap();
    let names: Vec<&str> = reads.iter().map(|r| r["read"].as_str().unwrap()).collect();
    for name in [
        "desk_start",
        "first_lookup_after_start",
        "status_counts",
        "queue",
        "handover_summary",
        "stats_month",
        "stats_year",
    ] {
        assert!(names.contains(&name), "{name}: {report}");
    }
    for r in reads {
        for field in ["p50_ms", "p99_ms", "max_ms", "p50_cpu_ms"] {
            assert!(r[field].is_number(), "{field}: {r}");
        }
    }
    let runs = |name: &str| reads.iter().find(|r| r["read"] == name).unwrap()["runs"].clone();
    assert_eq!(runs("desk_start"), 2);
    assert_eq!(runs("status_counts"), 40);
    assert_eq!(runs("stats_year"), 1);
    assert_eq!(head(&db), before, "bench reads wrote to the record");
    // The table in both languages.
    let zh = run(&db, &["--lang", "zh", "bench", "reads", "--runs", "1"]);
    assert!(
        zh.contains("读取") && zh.contains("handover_summary"),
        "{zh}"
    );
}

#[test]
fn the_desk_says_at_least_when_the_count_stopped_at_its_bound() {
    use crate::common::{answer, desk, feed, key, loaded, screen, type_text, Response};
    use crossterm::event::KeyCode;
    use jiedai::domain::Lang;
    for (lang, bounded, exact) in [
        (Lang::En, "≥ 1000 found", "1 found"),
        (Lang::Zh, "≥ 1000 人", "1 人"),
    ] {
        let d = desk();
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('2'));
        let sent = type_text(&mut a, "wf");
        answer(&mut a, &d, sent);
        let seq = a.desk.lookup.seq;
        // A late total for an older question changes nothing.
        feed(
            &mut a,
            Response::Found {
                seq: seq - 1,
                total: 5,
                at_least: false,
            },
        );
        assert!(screen(&a).contains(exact), "{}", screen(&a));
        feed(
            &mut a,
            Response::Found {
                seq,
                total: 1000,
                at_least: true,
            },
        );
        assert!(screen(&a).contains(bounded), "{}", screen(&a));
    }
}

/// `bench checkin --returning` checks in people already on record: nobody new is
/// put on record, and each comes with a new matter.
#[test]
fn the_checkin_benchmark_checks_in_people_on_record_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    run(&db, &["officer", "add", "王科员"]);
    let first = [
        "bench",
        "checkin",
        "--count",
        "3",
        "--write-visitors",
        "--json",
    ];
    assert_eq!(json(&db, &first)["checkins"], 3);
    let again = json(
        &db,
        &[
            "bench",
            "checkin",
            "--returning",
            "--count",
            "4",
            "--tag",
            "again",
            "--write-visitors",
            "--json",
        ],
    );
    assert_eq!(again["checkins"], 4, "{again}");
    assert_eq!(again["returning"], true);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM petitioners"), 3);
    assert_eq!(count("SELECT count(*) FROM contacts"), 7);
    assert_eq!(count("SELECT count(*) FROM cases"), 7);
}
