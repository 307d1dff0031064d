//! `jiedai backup` while a desk keeps checking people in (issue 9): each backup is
//! the record at one committed moment (the check-ins it holds are a prefix of the
//! desk's, queue numbers gapless, `verify` intact), its anchor and audit row carry
//! the copy's own chain head, and frames no checkpoint has copied into the file yet
//! are in it.

use crate::common::record::{gapless_queues, petitioner_names};
use crate::common::runner::{code, jiedai, stderr};
use jiedai::domain::intake::IntakeInput;
use jiedai::store::{CheckIn, OpenMode, Store};
use jiedai::time::{parse_instant, TimeSource};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

const NOW: &str = "2026-11-28T09:30:00+08:00";
const BACKUPS: usize = 8;

fn desk(db: &Path) -> Store {
    let now = TimeSource::Fixed(parse_instant(NOW).unwrap());
    Store::open(db, OpenMode::Existing, now).unwrap()
}

fn check_in(store: &mut Store, name: &str) {
    let request = CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映小区物业违规收费".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    store.check_in("王科员", &request).unwrap();
}

/// What a backup holds: it verifies, every day's queue runs 1..n, its anchor is
/// its own head. Returns its petitioners' names.
fn intact(copy: &Path) -> HashSet<String> {
    let now = TimeSource::Fixed(parse_instant(NOW).unwrap());
    let store = Store::open(copy, OpenMode::ReadOnly, now).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{} verifies: {report:?}", copy.display());
    let head = store
        .chain_head()
        .unwrap()
        .expect("a chain head")
        .to_string();
    let mut anchor = copy.as_os_str().to_owned();
    anchor.push(".anchor");
    let text = std::fs::read_to_string(&anchor).unwrap();
    assert_eq!(
        text.lines().nth(1),
        Some(head.as_str()),
        "the anchor is the copy's head"
    );
    let conn = rusqlite::Connection::open(copy).unwrap();
    gapless_queues(&conn);
    petitioner_names(&conn)
}

#[test]
fn backups_taken_while_a_desk_checks_in_are_committed_states_with_their_own_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    assert_eq!(code(&jiedai(&db, NOW, &["checkin", "--name", "起始"])), 0);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, acked) = (db.clone(), stop.clone(), acked.clone());
        std::thread::spawn(move || {
            let mut store = desk(&db);
            while !stop.load(Ordering::SeqCst) {
                let i = acked.load(Ordering::SeqCst);
                check_in(&mut store, &format!("写{i}"));
                acked.store(i + 1, Ordering::SeqCst);
            }
        })
    };
    let mut taken = Vec::new();
    for b in 0..BACKUPS {
        // At least one check-in between backups: each starts on a moving file.
        let before = acked.load(Ordering::SeqCst);
        while acked.load(Ordering::SeqCst) == before {
            std::thread::yield_now();
        }
        let before = acked.load(Ordering::SeqCst);
        let out = dir.path().join(format!("copy{b}.db"));
        let run = jiedai(&db, NOW, &["backup", out.to_str().unwrap()]);
        assert_eq!(code(&run), 0, "{}", stderr(&run));
        // One more may be committed and not yet counted.
        let after = acked.load(Ordering::SeqCst) + 1;
        taken.push((out, before, after));
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    for (out, before, after) in &taken {
        let held = intact(out);
        // The desk commits in order: a committed state holds the first k of them.
        let k = (0..)
            .take_while(|i| held.contains(&format!("写{i}")))
            .count();
        let written = held.iter().filter(|n| n.starts_with('写')).count();
        assert_eq!(
            written,
            k,
            "{} holds a prefix of the desk's check-ins",
            out.display()
        );
        assert!(
            (*before..=*after).contains(&k),
            "{}: {k} check-ins, {before} acknowledged before it began, {after} after",
            out.display()
        );
    }
    // The audit row of each backup names the copy's head, as its anchor does.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let subjects: Vec<String> = conn
        .prepare("SELECT subject FROM audit WHERE action = 'backup' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(subjects.len(), BACKUPS);
    for ((out, _, _), subject) in taken.iter().zip(&subjects) {
        let mut anchor = out.as_os_str().to_owned();
        anchor.push(".anchor");
        let text = std::fs::read_to_string(&anchor).unwrap();
        let head = text.lines().nth(1).unwrap();
        assert!(
            subject.ends_with(&format!("chain_head:{head}")),
            "{subject} names {head}"
        );
    }
}

#[test]
fn a_backup_holds_what_no_checkpoint_has_copied_into_the_file_yet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    assert_eq!(code(&jiedai(&db, NOW, &["checkin", "--name", "起始"])), 0);
    let mut store = desk(&db);
    // This desk never checkpoints: what it writes stays in the WAL, and stays
    // there while it keeps the file open.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    for i in 0..20 {
        check_in(&mut store, &format!("未并{i}"));
    }
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "frames in the WAL"
    );
    // The database file alone does not hold them yet. Read by another process:
    // closing a descriptor of the file here would drop the desk's locks on it.
    let file_alone = dir.path().join("file-alone.db");
    let cp = std::process::Command::new("cp")
        .arg(&db)
        .arg(&file_alone)
        .status()
        .unwrap();
    assert!(cp.success());
    let alone = petitioner_names(&rusqlite::Connection::open(&file_alone).unwrap());
    assert!(
        !alone.iter().any(|n| n.starts_with("未并")),
        "not checkpointed"
    );
    let out = dir.path().join("copy.db");
    let run = jiedai(&db, NOW, &["backup", out.to_str().unwrap()]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let held = intact(&out);
    for i in 0..20 {
        assert!(
            held.contains(&format!("未并{i}")),
            "未并{i} is in the backup"
        );
    }
    drop(store);
}
