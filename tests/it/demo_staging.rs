//! `jiedai demo` onto a new file fills it under a hidden name beside it and gives
//! it its name only once complete: while it runs, and after a SIGKILL, nothing
//! stands under the name; a file that exists is filled in place as before.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const NOW: &str = "2026-11-30T15:00:00+08:00";

fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jiedai"));
    c.arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn spawn_demo(db: &Path, petitioners: &str) -> Child {
    command(db, &["demo", "--petitioners", petitioners, "--seed", "3"])
        .spawn()
        .unwrap()
}

fn run(db: &Path, args: &[&str]) -> Output {
    let out = command(db, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Everything in the folder, by name.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    found
}

fn assert_intact(db: &Path) {
    let verify = run(db, &["verify"]);
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact"));
}

fn people(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM petitioners", [], |r| r.get(0))
        .unwrap()
}

fn hidden_partial(dir: &Path) -> Option<PathBuf> {
    files_in(dir).into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(".new.db."))
    })
}

#[test]
fn a_new_demo_file_appears_under_its_name_only_complete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut child = spawn_demo(&db, "400");
    let mut saw_partial = false;
    let mut first_seen = None;
    while child.try_wait().unwrap().is_none() {
        if db.exists() {
            // Published: the file is whole, its connection closed.
            first_seen = Some(people(&db));
            break;
        }
        saw_partial |= hidden_partial(dir.path()).is_some();
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(saw_partial, "the demo was loaded under a hidden name");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("new.db: 40"),
        "told under its own name: {stdout}"
    );
    assert!(!stdout.contains("partial"), "{stdout}");
    let all = people(&db);
    assert!(all >= 400, "{all}");
    if let Some(seen) = first_seen {
        assert_eq!(
            seen, all,
            "the file had every person the moment it appeared"
        );
    }
    // Nothing hidden is left beside it (SQLite's -wal and -shm come from the reads
    // here).
    assert_eq!(hidden_partial(dir.path()), None);
    assert_intact(&db);
}

#[test]
fn a_demo_killed_half_way_leaves_nothing_under_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut child = spawn_demo(&db, "30000");
    // Killed once the hidden file is being filled.
    while hidden_partial(dir.path()).is_none_or(|p| std::fs::metadata(p).unwrap().len() == 0) {
        assert!(child.try_wait().unwrap().is_none(), "ended before the kill");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "ended before the kill");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!db.exists(), "a killed demo left a file under the name");
    assert!(
        hidden_partial(dir.path()).is_some(),
        "the killed demo's file"
    );
    // The name is free for the next demo, which makes a whole file and removes
    // the killed one's.
    run(&db, &["demo", "--petitioners", "50", "--seed", "3"]);
    assert!(people(&db) >= 50);
    assert_eq!(hidden_partial(dir.path()), None);
    assert_intact(&db);
}

/// A file named as a demo's hidden file would be, for `pid`.
fn leftover(dir: &Path, name: &str, pid: u32) -> PathBuf {
    let path = dir.join(format!(".{name}.{pid}.0.partial"));
    std::fs::write(&path, b"half a demo").unwrap();
    path
}

#[test]
fn a_demo_removes_what_dead_demos_left_and_keeps_a_running_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    // This test's own process stands for a demo still running.
    let alive = std::process::id();
    let of_the_dead = leftover(dir.path(), "new.db", dead);
    let of_the_living = leftover(dir.path(), "new.db", alive);
    let of_another_name = leftover(dir.path(), "other.db", dead);
    let look_alike = dir.path().join(format!(".new.db.{dead}.0.partial.keep"));
    std::fs::write(&look_alike, b"not a demo's").unwrap();
    run(&db, &["demo", "--petitioners", "20", "--seed", "3"]);
    assert!(!of_the_dead.exists(), "a dead demo's file was left");
    assert!(of_the_living.exists(), "a running demo's file was removed");
    assert!(of_another_name.exists() && look_alike.exists());
    assert!(people(&db) >= 20);
    assert_intact(&db);
}

#[test]
fn a_demo_onto_an_existing_empty_file_fills_it_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kept.db");
    run(&db, &["init"]);
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&db).unwrap());
    run(&db, &["demo", "--petitioners", "60", "--seed", "3"]);
    assert!(people(&db) >= 60);
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&db).unwrap()),
        inode,
        "the same file, filled where it is"
    );
    // A record with people is refused without --force, as before.
    let out = command(&db, &["demo", "--petitioners", "5"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
