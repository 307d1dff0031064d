//! Desks on several hosts, live (issue 13 item 3 and the multi-desk target): on
//! PostgreSQL a write at one desk reaches the other desks' workers through
//! LISTEN/NOTIFY, and four desk processes checking people in at once lose
//! nothing and draw every number once, gapless. Needs `JIEDAI_TEST_PG`.

use crate::common::runner::{jiedai, stderr};
use crate::conformance::walk_in;
use crate::postgres_desks::record;
use jiedai::store::{OpenMode, Signal, Store};
use jiedai::time::{parse_instant, TimeSource};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

const NOW: &str = "2026-11-30T09:00:00+08:00";
/// Check-ins per desk process: enough for the desks to overlap for a while on
/// the debug build, few enough for CI (4×2,000 was run by hand, see README "Performance").
const PER_DESK: usize = 150;

/// Desk B watches the record; desk A checks someone in; B's worker hears of it,
/// and what B then reads holds A's visitor. B's own write and a write to another
/// record on the same server come first and must not be what wakes it.
#[test]
fn a_write_at_one_desk_wakes_the_other() {
    let (Some(url), Some(elsewhere)) = (record(), record()) else {
        return;
    };
    let time = TimeSource::Fixed(parse_instant(NOW).unwrap());
    let mut a = Store::open(&url, OpenMode::Create, time.clone()).unwrap();
    a.check_in("王科员", &walk_in("起始")).unwrap();
    let mut b = Store::open(&url, OpenMode::Existing, time.clone()).unwrap();
    let mut other = Store::open(&elsewhere, OpenMode::Create, time.clone()).unwrap();
    let (tx, heard) = mpsc::channel();
    let watching = b
        .watch(Box::new(move |signal| {
            tx.send((signal, Instant::now())).is_ok()
        }))
        .unwrap();
    assert!(watching, "PostgreSQL signals writes");

    other.check_in("王科员", &walk_in("别处")).unwrap();
    b.check_in("王科员", &walk_in("本台")).unwrap();
    let before = Instant::now();
    a.check_in("王科员", &walk_in("张伟")).unwrap();
    let committed = before.elapsed();
    let (signal, at) = heard.recv().unwrap();
    assert_eq!(signal, Signal::Changed);
    // Measured, not asserted: the figure for the report (README "Performance", "On PostgreSQL").
    eprintln!(
        "NOTIFY: heard {:.2} ms after the check-in started ({:.2} ms to commit)",
        at.duration_since(before).as_secs_f64() * 1000.0,
        committed.as_secs_f64() * 1000.0
    );
    let today = b.today();
    let names: Vec<String> = b
        .queue(today, false)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["起始", "本台", "张伟"]);
    // A desk on SQLite has no signal: it keeps polling `data_version`.
    let dir = tempfile::tempdir().unwrap();
    let file = Store::open(dir.path().join("desk.db"), OpenMode::Create, time).unwrap();
    assert!(!file.watch(Box::new(|_| true)).unwrap());
}

/// Four desk processes (the real program's `bench checkin`) check people in at
/// once on one PostgreSQL record: every acknowledged check-in is on record with
/// the numbers it was given, no case or queue number is drawn twice, the day's
/// queue has no gap, and `verify` passes.
#[test]
fn four_desk_processes_lose_nothing_and_draw_every_number_once() {
    let Some(url) = record() else { return };
    let db = Path::new(&url);
    // The roster's first officer is made before the desks race.
    let first = jiedai(db, NOW, &["checkin", "--name", "起始"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let count = PER_DESK.to_string();
    let desks: Vec<_> = (0..4)
        .map(|d| {
            Command::new(env!("CARGO_BIN_EXE_jiedai"))
                .args(["--db", &url, "--officer", "王科员", "bench", "checkin"])
                .args(["--count", &count, "--tag", &format!("desk{d}")])
                .args(["--write-visitors", "--json"])
                .env("JIEDAI_NOW", NOW)
                .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
                .env_remove("JIEDAI_DB")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acknowledged: Vec<(String, i64)> = Vec::new();
    for desk in desks {
        let out = desk.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["refused"].as_array().unwrap().len(), 0);
        for pair in report["acknowledged"].as_array().unwrap() {
            acknowledged.push((
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_i64().unwrap(),
            ));
        }
    }
    assert_eq!(
        acknowledged.len(),
        4 * PER_DESK,
        "every check-in acknowledged"
    );

    let time = TimeSource::Fixed(parse_instant(NOW).unwrap());
    let store = Store::open(&url, OpenMode::ReadOnly, time).unwrap();
    let queue = store.queue(store.today(), false).unwrap();
    let on_record: HashSet<(String, i64)> = queue
        .iter()
        .map(|r| (r.case_no.clone(), r.queue_no))
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|a| !on_record.contains(a))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not on record: {lost:?}");
    let cases: HashSet<&str> = queue.iter().map(|r| r.case_no.as_str()).collect();
    assert_eq!(cases.len(), queue.len(), "no case number twice");
    let mut numbers: Vec<i64> = queue.iter().map(|r| r.queue_no).collect();
    numbers.sort_unstable();
    let expected: Vec<i64> = (1..=1 + 4 * PER_DESK as i64).collect();
    assert_eq!(numbers, expected, "one number each, gapless");

    let verify = jiedai(db, NOW, &["--lang", "en", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
}

/// The password, from the address or from `PGPASSWORD`, is never said: not when
/// the server cannot be reached over TLS, not for a wrong `sslmode`, not in the
/// bench's refusal, not in `--help`. Needs no server (nothing listens on port 1).
#[test]
fn secrets_stay_out_of_what_is_said() {
    let run = |db: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .args(["--db", db, "--lang", "en", "--officer", "王科员"])
            .args(args)
            .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
            .env("JIEDAI_DB", db)
            .env("PGPASSWORD", "env-s3cr3t")
            .env_remove("PGSSLMODE")
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in ["url-s3cr3t", "env-s3cr3t"] {
            assert!(!said.contains(secret), "{args:?} said the password: {said}");
        }
        (out.status.code(), said)
    };
    let tls =
        "postgresql://desk:url-s3cr3t@127.0.0.1:1/jiedai?sslmode=verify-full&connect_timeout=5";
    let (code, said) = run(tls, &["queue"]);
    assert!(code.is_some_and(|c| c != 0 && c != 101), "{said}");
    assert!(said.contains("127.0.0.1"), "{said}");
    let plain = "postgresql://desk@127.0.0.1:1/jiedai?sslmode=require&connect_timeout=5";
    let (code, said) = run(plain, &["queue"]);
    assert!(code.is_some_and(|c| c != 0 && c != 101), "{said}");
    let wrong = "postgresql://desk:url-s3cr3t@127.0.0.1:1/jiedai?sslmode=sometimes";
    let (code, said) = run(wrong, &["queue"]);
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("sslmode=sometimes"), "{said}");
    let (code, said) = run(tls, &["bench", "checkin", "--count", "1"]);
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("--write-visitors"), "{said}");
    let (code, said) = run(tls, &["bench", "checkin", "--help"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = run(tls, &["--help"]);
    assert_eq!(code, Some(0), "{said}");
}
