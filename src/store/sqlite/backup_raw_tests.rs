//! The raw backup on a real file while a desk writes at chosen moments of the
//! copy (a checkpoint rewriting pages under it, commits landing in the WAL as it
//! is read, the WAL restarting under a reader of read mark 0): the copy is always
//! one whole committed state, and the head returned is the copy's own.

use super::super::backup::copy_into_watched;
use super::super::SqliteStore;
use super::{Pace, Step};
use crate::domain::anchor::Anchor;
use crate::domain::intake::IntakeInput;
use crate::store::port::Admin;
use crate::store::{CheckIn, OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// One WAL frame of a 4 KiB page at a time, so a test can write between any two
/// frames; by the kernel, or read and written by the process.
const BY_FRAME: [Pace; 2] = [
    Pace {
        chunk: 4096 + 24,
        kernel: true,
    },
    Pace {
        chunk: 4096 + 24,
        kernel: false,
    },
];

fn clock() -> TimeSource {
    TimeSource::Fixed(parse_instant("2026-11-02T09:00:00+08:00").unwrap())
}

/// A filled file, and a desk that keeps it open (so its WAL is never removed).
fn office(dir: &Path) -> (PathBuf, Store) {
    let db = dir.join("desk.db");
    let mut desk = Store::open(&db, OpenMode::Create, clock()).unwrap();
    crate::demo::fill(&mut desk, 60, 3, |_| {}).unwrap();
    (db, desk)
}

fn check_in(desk: &mut Store, name: &str) {
    let request = CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映小区物业违规收费".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    // An officer of the demo's office who checks people in.
    let officer: String = Connection::open(desk.path())
        .unwrap()
        .query_row(
            "SELECT o.name FROM contacts c JOIN officers o ON o.id = c.officer_id
             ORDER BY c.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    desk.check_in(&officer, &request).unwrap();
}

fn checkpoint(db: &Path, mode: &str) {
    let conn = Connection::open(db).unwrap();
    let busy: i64 = conn
        .query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| r.get(0))
        .unwrap();
    assert_eq!(busy, 0, "{mode} checkpoint");
}

fn contacts(db: &Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap()
}

/// Backs `db` up into `dir/copy.db` by bytes, calling `during` as it goes.
fn back_up(
    dir: &Path,
    db: &Path,
    pace: Pace,
    during: &mut dyn FnMut(Step),
) -> (PathBuf, Option<Anchor>) {
    let out = dir.join("copy.db");
    std::fs::File::create(&out).unwrap();
    let source = SqliteStore::open(db, OpenMode::Existing, &clock()).unwrap();
    let head = copy_into_watched(source.conn(), &out, pace, during).unwrap();
    (out, head)
}

/// The copy verifies, holds no half of a check-in (each day's queue numbers run
/// 1..n without a gap) and has the head the backup reported.
fn whole(out: &Path, head: &Option<Anchor>) {
    let copy = SqliteStore::open(out, OpenMode::ReadOnly, &clock()).unwrap();
    let report = copy.verify(&[], None).unwrap();
    assert!(report.ok(), "the copy verifies: {report:?}");
    assert_eq!(&copy.chain_head().unwrap(), head, "the head is the copy's");
    let conn = Connection::open(out).unwrap();
    let days: Vec<(String, i64, i64, i64, i64)> = conn
        .prepare(
            "SELECT queue_date, count(*), count(DISTINCT queue_no), min(queue_no), max(queue_no)
             FROM contacts WHERE queue_no IS NOT NULL GROUP BY queue_date",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!days.is_empty());
    for (day, n, distinct, min, max) in days {
        assert_eq!((distinct, min, max), (n, 1, n), "queue of {day}");
    }
}

#[test]
fn a_checkpoint_and_commits_during_the_copy_give_one_committed_state() {
    for pace in BY_FRAME {
        checkpoint_and_commits_during_the_copy(pace);
    }
}

fn checkpoint_and_commits_during_the_copy(pace: Pace) {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut desk) = office(dir.path());
    // Frames no checkpoint has copied yet: the backup reads from the WAL (read
    // mark above 0) and must copy it.
    for i in 0..5 {
        check_in(&mut desk, &format!("早{i}"));
    }
    let snapshot = contacts(&db);
    let (mut checkpointed, mut appended) = (false, false);
    let (out, head) = back_up(dir.path(), &db, pace, &mut |step| match step {
        // Pages of the database file change under the copy: a checkpoint
        // backfills what it may (up to the backup's read mark).
        Step::Main(_) if !checkpointed => {
            checkpointed = true;
            for i in 0..3 {
                check_in(&mut desk, &format!("中{i}"));
            }
            checkpoint(&db, "PASSIVE");
        }
        // Commits land in the WAL while it is being read.
        Step::Wal(n) if n > 32 && !appended => {
            appended = true;
            for i in 0..3 {
                check_in(&mut desk, &format!("晚{i}"));
            }
        }
        _ => {}
    });
    whole(&out, &head);
    let held = contacts(&out);
    // Committed before the WAL was read: in the copy whatever was backfilled.
    assert!(
        (snapshot + 3..=snapshot + 6).contains(&held),
        "{held} contacts, {snapshot} at the snapshot"
    );
    assert!(checkpointed && appended);
    assert_ne!(desk.chain_head().unwrap(), head, "the live head moved on");
}

#[test]
fn a_wal_restarted_during_the_copy_leaves_the_snapshot() {
    for pace in BY_FRAME {
        wal_restarted_during_the_copy(pace);
    }
}

fn wal_restarted_during_the_copy(pace: Pace) {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut desk) = office(dir.path());
    checkpoint(&db, "TRUNCATE");
    for i in 0..10 {
        check_in(&mut desk, &format!("早{i}"));
    }
    // Every frame backfilled: the backup reads the database file alone (read
    // mark 0), and the next commit starts the WAL over from its first frame.
    checkpoint(&db, "RESTART");
    let snapshot = contacts(&db);
    let snapshot_head = desk.chain_head().unwrap();
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    let wal_len = std::fs::metadata(&wal).unwrap().len();
    assert!(wal_len > 0);
    let mut restarted = false;
    let (out, head) = back_up(dir.path(), &db, pace, &mut |step| {
        // Half the old frames are copied; the new generation overwrites the rest
        // before the copy reaches them.
        if let Step::Wal(n) = step {
            if n >= wal_len / 2 && !restarted {
                restarted = true;
                for i in 0..12 {
                    check_in(&mut desk, &format!("晚{i}"));
                }
            }
        }
    });
    assert!(restarted);
    whole(&out, &head);
    assert_eq!(contacts(&out), snapshot, "exactly the snapshot");
    assert_eq!(head, snapshot_head);
}

#[test]
fn a_file_in_rollback_journal_mode_is_copied_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (db, desk) = office(dir.path());
    drop(desk);
    Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .unwrap();
    let out = dir.path().join("copy.db");
    std::fs::File::create(&out).unwrap();
    // Opened read-only, the source stays in its rollback journal.
    let source = SqliteStore::open(&db, OpenMode::ReadOnly, &clock()).unwrap();
    let mut steps = 0;
    let head = copy_into_watched(source.conn(), &out, Pace::FULL, &mut |_| steps += 1).unwrap();
    assert!(steps > 0, "copied by bytes");
    whole(&out, &head);
    assert_eq!(contacts(&out), contacts(&db));
    assert_eq!(head, source.chain_head().unwrap());
}

#[test]
fn a_database_in_memory_falls_back_to_the_online_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, desk) = office(dir.path());
    drop(desk);
    let mut memory = Connection::open_in_memory().unwrap();
    memory
        .restore(
            rusqlite::MAIN_DB,
            &db,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .unwrap();
    let out = dir.path().join("copy.db");
    std::fs::File::create(&out).unwrap();
    let mut steps = 0;
    let head = copy_into_watched(&memory, &out, Pace::FULL, &mut |_| steps += 1).unwrap();
    assert_eq!(steps, 0, "nothing to copy by bytes");
    whole(&out, &head);
    assert_eq!(contacts(&out), contacts(&db));
}

/// The kernel copies from the descriptor SQLite holds (no second one is opened,
/// whose closing would drop SQLite's locks), and only from that file's.
#[cfg(target_os = "linux")]
#[test]
fn the_kernel_copies_from_sqlites_own_descriptor() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _desk) = office(dir.path());
    let source = SqliteStore::open(&db, OpenMode::Existing, &clock()).unwrap();
    let main = super::Handle::of(source.conn(), rusqlite::ffi::SQLITE_FCNTL_FILE_POINTER).unwrap();
    let fd = super::descriptor(source.conn(), &main, &db).expect("SQLite's descriptor");
    // SAFETY: a descriptor number; fcntl only reads its flags.
    assert!(unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0);
    let other = dir.path().join("other.db");
    std::fs::copy(&db, &other).unwrap();
    assert_eq!(super::descriptor(source.conn(), &main, &other), None);
}
