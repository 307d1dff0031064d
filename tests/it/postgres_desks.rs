//! What only a server backend does, through the real program: `--db` and
//! `$JIEDAI_DB` choosing PostgreSQL by address, passwords kept out of every
//! message, parts not yet ported refusing in words, and desks on separate
//! connections drawing numbers at once. Needs `JIEDAI_TEST_PG` as `postgres`
//! does, except the password test, which needs no server.

use crate::common::runner::{code, jiedai, stderr};
use jiedai::domain::intake::IntakeInput;
use jiedai::store::{CheckIn, OpenMode, Store, StoreError};
use jiedai::time::{parse_instant, TimeSource};
use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-02T09:00:00+08:00";

/// A new, empty schema on the test server and the address of a record in it.
fn record() -> Option<String> {
    let server = std::env::var("JIEDAI_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty());
    let Some(server) = server else {
        eprintln!("skipped: no PostgreSQL server for the tests (set JIEDAI_TEST_PG)");
        return None;
    };
    let name = format!(
        "d{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let mut c =
        postgres::Client::connect(&server, postgres::NoTls).expect("JIEDAI_TEST_PG answers");
    c.batch_execute(&format!("CREATE SCHEMA {name}")).unwrap();
    let glue = if server.contains('?') { '&' } else { '?' };
    Some(format!("{server}{glue}options=-csearch_path%3D{name}"))
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_command_line_runs_on_a_server_address() {
    let Some(url) = record() else { return };
    let db = Path::new(&url);
    let first = json(&jiedai(db, NOW, &["checkin", "--name", "张伟", "--json"]));
    assert_eq!(first["case_no"], "2026-000001");
    assert_eq!(first["queue_no"], 1);
    // $JIEDAI_DB names the same record when --db is not given.
    let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .args(["--officer", "王科员", "checkin", "--name", "李娜", "--json"])
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env("JIEDAI_DB", &url)
        .output()
        .unwrap();
    assert_eq!(json(&out)["queue_no"], 2);
    let queue = json(&jiedai(db, NOW, &["queue", "--json"]));
    assert_eq!(queue["queue"].as_array().unwrap().len(), 2);
    let no = first["case_no"].as_str().unwrap();
    assert!(jiedai(db, NOW, &["case", "accept", no]).status.success());
    let out = jiedai(db, NOW, &["--lang", "en", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Only the timeline's chain is checked here: the output must not claim a ledger.
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("no ledger over every table"), "{said}");
    assert!(!said.contains("every table matches the ledger"), "{said}");
}

#[test]
fn a_password_never_shows() {
    // Nothing listens on port 1: the connection fails, and says so without the secret.
    let url = "postgresql://desk:s3cr3t-pw@127.0.0.1:1/jiedai?connect_timeout=5";
    let out = jiedai(Path::new(url), NOW, &["queue"]);
    let said = format!("{}{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
    assert_ne!(code(&out), 0);
    assert_ne!(code(&out), 101, "no panic: {said}");
    assert!(!said.contains("s3cr3t-pw"), "{said}");
    assert!(said.contains("127.0.0.1"), "{said}");
    let help = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--help")
        .env("JIEDAI_DB", url)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("s3cr3t-pw"));
}

#[test]
fn parts_not_yet_ported_refuse_in_words() {
    let Some(url) = record() else { return };
    let db = Path::new(&url);
    assert!(jiedai(db, NOW, &["checkin", "--name", "张伟"])
        .status
        .success());
    // What other branches are porting now: each works, or refuses in words (exit
    // 3), never with a panic or an engine's error. (`export` used to be the
    // example; it runs on PostgreSQL now.)
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.db");
    for args in [
        vec!["backup", out.to_str().unwrap()],
        vec!["demo", "--petitioners", "3", "--force"],
    ] {
        let run = jiedai(db, NOW, &args);
        if !run.status.success() {
            assert_eq!(code(&run), 3, "{args:?}: {}", stderr(&run));
            assert!(
                stderr(&run).contains("not supported on PostgreSQL yet"),
                "{args:?}: {}",
                stderr(&run)
            );
        }
    }
    let csv = dir.path().join("out.csv");
    let export = jiedai(db, NOW, &["export", "--out", csv.to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(std::fs::read_to_string(&csv).unwrap().contains("张伟"));
}

#[test]
fn a_schema_of_another_program_is_refused() {
    let Some(url) = record() else { return };
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute("CREATE TABLE invoices (id int)").unwrap();
    let time = TimeSource::Fixed(parse_instant(NOW).unwrap());
    assert!(matches!(
        Store::open(&url, OpenMode::Existing, time),
        Err(StoreError::NotJiedai(_))
    ));
}

/// Four desks on their own connections check people in at once: every case and
/// queue number is drawn once, the day's queue has no gap, and the chain verifies.
#[test]
fn four_desks_draw_no_number_twice() {
    let Some(url) = record() else { return };
    let time = TimeSource::Fixed(parse_instant(NOW).unwrap());
    // The roster's first officer is made before the desks race.
    drop(Store::open(&url, OpenMode::Create, time.clone()).unwrap());
    let per_desk = 40;
    let desks: Vec<_> = (0..4)
        .map(|d| {
            let (url, time) = (url.clone(), time.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&url, OpenMode::Existing, time).unwrap();
                (0..per_desk)
                    .map(|i| {
                        let visit = CheckIn {
                            intake: IntakeInput {
                                name: format!("来访{d}号{i}"),
                                matter: "反映小区物业违规收费".into(),
                                ..Default::default()
                            },
                            ..Default::default()
                        };
                        let r = store.check_in("王科员", &visit).unwrap();
                        (r.case_no, r.queue_no.unwrap())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut cases = Vec::new();
    let mut queue = Vec::new();
    for d in desks {
        for (case_no, queue_no) in d.join().unwrap() {
            cases.push(case_no);
            queue.push(queue_no);
        }
    }
    cases.sort();
    cases.dedup();
    queue.sort_unstable();
    assert_eq!(cases.len(), 4 * per_desk, "no case number twice");
    assert_eq!(
        queue,
        (1..=4 * per_desk as i64).collect::<Vec<_>>(),
        "gapless"
    );
    let store = Store::open(&url, OpenMode::ReadOnly, time).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.events, 2 * 4 * per_desk as i64);
}
