//! Locks (issue 7 item 9): two writer processes check people in while a large
//! import runs on the same file. Every acknowledged check-in is on record, queue
//! numbers are unique and gapless per day, nobody is told the file is locked, and
//! the import says how long it held the write lock.

use crate::common::record::{gapless_queues, petitioner_names};
use crate::common::runner::{code, jiedai, stderr};
use jiedai::domain::intake::IntakeInput;
use jiedai::store::{CheckIn, OpenMode, Store};
use jiedai::time::{parse_instant, TimeSource};
use std::path::Path;
use std::process::{Command, Stdio};

const NOW: &str = "2026-11-28T09:30:00+08:00";
const WRITER: &str = "JIEDAI_TEST_WRITER";
const CHECKINS: usize = 2_000;
const IMPORTED: usize = 20_000;

/// One writer process: the test binary run again for this test alone, with the
/// file and its name tag in the environment. It prints one `ack NAME` line per
/// check-in the store acknowledged, and `fail NAME: WHY` for any it refused.
#[test]
#[ignore = "run as a child process by two_writers_and_an_import_share_one_file"]
fn writer_process() {
    let Ok(spec) = std::env::var(WRITER) else {
        return;
    };
    let (db, tag) = spec.split_once('|').unwrap();
    let now = TimeSource::Fixed(parse_instant(NOW).unwrap());
    let mut store = Store::open(Path::new(db), OpenMode::Existing, now).unwrap();
    for i in 0..CHECKINS {
        let name = format!("{tag}{i}");
        let request = CheckIn {
            intake: IntakeInput {
                name: name.clone(),
                matter: "反映小区物业违规收费".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        match store.check_in("王科员", &request) {
            Ok(_) => println!("ack {name}"),
            Err(e) => println!("fail {name}: {e}"),
        }
    }
}

/// The rest of a line after `tag`: the harness prints "test … " before the child's
/// first line, on the same line.
fn tail<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    line.find(tag).map(|at| &line[at + tag.len()..])
}

fn spawn_writer(db: &Path, tag: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "locks::writer_process",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(WRITER, format!("{}|{tag}", db.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_writers_and_an_import_share_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    assert_eq!(code(&jiedai(&db, NOW, &["checkin", "--name", "起始"])), 0);
    let file = dir.path().join("register.csv");
    let mut text = String::from("name,phone,matter,arrived_at\n");
    for i in 0..IMPORTED {
        text.push_str(&format!(
            "导入{i},139{i:08},反映物业问题,2026-10-{:02} 09:{:02}\n",
            1 + i % 28,
            i % 60
        ));
    }
    std::fs::write(&file, text).unwrap();

    let writers = [spawn_writer(&db, "甲"), spawn_writer(&db, "乙")];
    let import = jiedai(&db, NOW, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(code(&import), 0, "{}", stderr(&import));
    assert!(
        !stderr(&import).to_lowercase().contains("lock"),
        "{}",
        stderr(&import)
    );
    let report: serde_json::Value = serde_json::from_slice(&import.stdout).unwrap();
    assert_eq!(report["imported"], IMPORTED as u64, "{report}");
    eprintln!(
        "the import held the write lock at most {} ms",
        report["lock_held_ms"]
    );

    let mut acknowledged = Vec::new();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{said}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let failures: Vec<&str> = said.lines().filter_map(|l| tail(l, "fail ")).collect();
        assert!(failures.is_empty(), "{failures:#?}");
        acknowledged.extend(
            said.lines()
                .filter_map(|l| tail(l, "ack "))
                .map(String::from),
        );
    }
    assert_eq!(acknowledged.len(), 2 * CHECKINS);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let names = petitioner_names(&conn);
    for name in &acknowledged {
        assert!(names.contains(name), "acknowledged check-in {name} is lost");
    }
    // Queue numbers: per day, exactly 1..=n.
    let days = gapless_queues(&conn);
    let today = days
        .iter()
        .find(|d| d.0 == "2026-11-28")
        .expect("today's queue");
    assert_eq!(today.1, 1 + 2 * CHECKINS as i64, "{today:?}");
    drop(conn);
    let out = jiedai(&db, NOW, &["verify"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
}
