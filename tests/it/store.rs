//! The store on real temporary files: migrations, constraints, numbering under two
//! connections, identity, the lifecycle on record, and refusing bad files.

use jiedai::domain::intake::IntakeInput;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::{CaseStatus, Channel, ClockKind, EventKind, Flag};
use jiedai::store::{CaseStepInput, CheckIn, OpenMode, QueueAction, Store, StoreError};
use jiedai::time::{parse_instant, TimeSource};

fn at(s: &str) -> TimeSource {
    TimeSource::Fixed(parse_instant(s).unwrap())
}

/// A new file with the test roster (王科员 its 科长, 李娜).
fn new_store(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(
        dir.path().join("desk.db"),
        OpenMode::Create,
        at("2026-11-02T09:00:00+08:00"),
    )
    .unwrap();
    crate::common::seed_roster(&mut store);
    store
}

fn walk_in(name: &str, id: Option<&str>) -> CheckIn {
    CheckIn {
        intake: IntakeInput {
            name: name.into(),
            id_number: id.map(Into::into),
            matter: "反映小区物业违规收费".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn a_new_file_is_migrated_owner_only_and_marked_as_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/desk.db");
    let store = Store::open(&path, OpenMode::Create, TimeSource::System).unwrap();
    drop(store);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, jiedai::store::latest_version());
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, jiedai::store::APPLICATION_ID);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Reopening an up-to-date file changes nothing and seeds nothing twice.
    let store = Store::open(&path, OpenMode::Existing, TimeSource::System).unwrap();
    let units = store.units().unwrap().len();
    drop(store);
    let store = Store::open(&path, OpenMode::Existing, TimeSource::System).unwrap();
    assert_eq!(store.units().unwrap().len(), units);
    assert!(units >= 10);
}

#[test]
fn bad_files_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let e = Store::open(&missing, OpenMode::Existing, TimeSource::System)
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::Missing(_)));
    assert!(e.to_string().contains("jiedai init"));
    assert!(!missing.exists(), "a read must not create the file");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "this is not a database at all, just text").unwrap();
    let e = Store::open(&garbage, OpenMode::Create, TimeSource::System)
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::Corrupt(..)), "{e}");
    assert_eq!(
        std::fs::read_to_string(&garbage).unwrap(),
        "this is not a database at all, just text"
    );

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ('x');")
        .unwrap();
    let e = Store::open(&foreign, OpenMode::Create, TimeSource::System)
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::NotJiedai(_)), "{e}");

    let ro = dir.path().join("ro.db");
    drop(Store::open(&ro, OpenMode::Create, TimeSource::System).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o400)).unwrap();
        let e = Store::open(&ro, OpenMode::Existing, TimeSource::System)
            .err()
            .unwrap();
        assert!(matches!(e, StoreError::ReadOnly(_)), "{e}");
        // Reading a read-only file still works.
        assert!(Store::open(&ro, OpenMode::ReadOnly, TimeSource::System).is_ok());
    }
}

#[test]
fn the_same_id_number_is_the_same_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    let first = store
        .check_in("王科员", &walk_in("张伟", Some("11010519491231002X")))
        .unwrap();
    assert!(first.new_petitioner && first.new_case);
    assert_eq!(first.queue_no, Some(1));
    assert_eq!(first.flags, vec![Flag::First]);

    let mut again = walk_in("张伟", Some("11010519491231002x"));
    again.case_no = Some(first.case_no.clone());
    let second = store.check_in("王科员", &again).unwrap();
    assert_eq!(second.petitioner_id, first.petitioner_id);
    assert!(!second.new_petitioner && !second.new_case);
    assert_eq!(second.case_no, first.case_no);
    assert!(second.flags.contains(&Flag::Returning));
    assert!(second.flags.contains(&Flag::Repeat));
    assert_eq!(second.queue_no, Some(2));

    // A different person with the same phone is only a candidate, never merged.
    let mut a = walk_in("李四", None);
    a.intake.phone = Some("13800138000".into());
    let a = store.check_in("王科员", &a).unwrap();
    let mut b = walk_in("李斯", None);
    b.intake.phone = Some("138 0013 8000".into());
    let b = store.check_in("王科员", &b).unwrap();
    assert_ne!(a.petitioner_id, b.petitioner_id);
    assert_eq!(b.candidates.len(), 1);
    assert_eq!(b.candidates[0].petitioner_id, a.petitioner_id);
}

#[test]
fn wrong_checksum_is_recorded_with_a_warning_and_malformed_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    let r = store
        .check_in("王科员", &walk_in("张伟", Some("110105194912310021")))
        .unwrap();
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let card = &store.cards(&[r.petitioner_id]).unwrap()[0];
    assert!(!card.id_checksum_ok);
    let e = store
        .check_in("王科员", &walk_in("张伟", Some("1101051949")))
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Intake(ref f) if f.field == "id_number"),
        "{e}"
    );
    // Nothing of the refused check-in was written.
    assert_eq!(store.queue(store.today(), false).unwrap().len(), 1);
}

#[test]
fn numbers_never_repeat_across_two_desks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    crate::common::roster_db_with(&path, &["科员0", "科员1"]);
    let handles: Vec<_> = (0..2)
        .map(|desk| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path, OpenMode::Existing, TimeSource::System).unwrap();
                let mut got = Vec::new();
                for i in 0..25 {
                    let mut c = walk_in(&format!("来访人{desk}_{i}"), None);
                    if i % 3 == 0 {
                        c.intake.channel = Some(Channel::Letter);
                    }
                    let r = store.check_in(&format!("科员{desk}"), &c).unwrap();
                    got.push((r.case_no, r.queue_no, r.letter_no));
                }
                got
            })
        })
        .collect();
    let all: Vec<_> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let mut cases: Vec<_> = all.iter().map(|x| x.0.clone()).collect();
    cases.sort();
    cases.dedup();
    assert_eq!(cases.len(), 50);
    let mut queue: Vec<_> = all.iter().filter_map(|x| x.1).collect();
    queue.sort();
    assert_eq!(queue, (1..=queue.len() as i64).collect::<Vec<_>>());
    let mut letters: Vec<_> = all.iter().filter_map(|x| x.2.clone()).collect();
    let n = letters.len();
    letters.sort();
    letters.dedup();
    assert_eq!(letters.len(), n);
}

#[test]
fn the_lifecycle_is_enforced_and_on_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    let r = store.check_in("王科员", &walk_in("张伟", None)).unwrap();
    let no = r.case_no.as_str();
    let none = CaseStepInput::default();
    let e = store
        .case_step("王科员", no, CaseStep::Reply, &none)
        .unwrap_err();
    assert!(matches!(e, StoreError::Lifecycle(_)), "{e}");
    let e = store
        .case_step("王科员", no, CaseStep::Transfer, &none)
        .unwrap_err();
    assert!(e.to_string().contains("unit"));
    let transfer = CaseStepInput {
        unit: Some("区教育局".into()),
        text: None,
        ..Default::default()
    };
    assert_eq!(
        store
            .case_step("王科员", no, CaseStep::Transfer, &transfer)
            .unwrap(),
        CaseStatus::Transferred
    );
    assert_eq!(
        store
            .case_step("李娜", no, CaseStep::Accept, &none)
            .unwrap(),
        CaseStatus::Accepted
    );
    store.extend("李娜", no, 30, "需要现场勘查").unwrap();
    assert!(
        store.extend("李娜", no, 10, "再延").is_err(),
        "only one extension"
    );
    store.add_officer("赵六").unwrap();
    store.assign("王科员", no, Some("赵六"), None).unwrap();
    assert!(store
        .assign("王科员", no, Some("不存在的人"), None)
        .is_err());

    let d = store.case_detail(no).unwrap();
    assert_eq!(d.case.status, CaseStatus::Accepted);
    assert_eq!(
        d.case.first_officer, "王科员",
        "the first officer never changes"
    );
    assert_eq!(d.case.handler.as_deref(), Some("赵六"));
    assert_eq!(d.case.unit.as_deref(), Some("区教育局"));
    let kinds: Vec<EventKind> = d.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            EventKind::Registered,
            EventKind::Contact,
            EventKind::Transfer,
            EventKind::Accept,
            EventKind::Extend,
            EventKind::Assign
        ]
    );
    let handle = d
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::Handle)
        .unwrap();
    assert_eq!(
        handle.due.to_string(),
        "2027-01-31",
        "60 + 30 days from 2026-11-02"
    );
    assert!(store.verify().unwrap().ok());
}

#[test]
fn queue_moves_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    let r = store.check_in("王科员", &walk_in("张伟", None)).unwrap();
    assert!(
        store
            .queue_move("王科员", r.contact_id, QueueAction::Done)
            .is_err(),
        "receive first"
    );
    store
        .queue_move("李娜", r.contact_id, QueueAction::Receive)
        .unwrap();
    let row = &store.queue(store.today(), false).unwrap()[0];
    assert_eq!(row.received_by.as_deref(), Some("李娜"));
    store
        .queue_move("李娜", r.contact_id, QueueAction::Done)
        .unwrap();
    assert!(store
        .queue_move("李娜", r.contact_id, QueueAction::Receive)
        .is_err());
    let letter = CheckIn {
        intake: IntakeInput {
            name: "刘洋".into(),
            channel: Some(Channel::Letter),
            ..Default::default()
        },
        ..Default::default()
    };
    let l = store.check_in("王科员", &letter).unwrap();
    assert!(l.queue_no.is_none());
    assert_eq!(l.letter_no.as_deref(), Some("L2026-00001"));
}

#[test]
fn edits_behind_the_programs_back_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::System).unwrap();
    let r = store.check_in("王科员", &walk_in("张伟", None)).unwrap();
    store
        .annotate("王科员", &r.case_no, EventKind::Note, "已电话联系")
        .unwrap();
    assert!(store.verify().unwrap().ok());
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(
        conn.execute("UPDATE events SET detail = '{}'", []).is_err(),
        "append-only"
    );
    assert!(
        conn.execute("DELETE FROM events", []).is_err(),
        "append-only"
    );
    assert!(conn
        .execute(
            "UPDATE cases SET first_officer_id = first_officer_id + 1",
            []
        )
        .is_err());
    conn.execute_batch(
        "DROP TRIGGER events_no_update;
         UPDATE events SET detail = '{\"text\":\"改过的\"}' WHERE kind = 'note';
         UPDATE cases SET status = 'final';",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly, TimeSource::System).unwrap();
    let report = store.verify().unwrap();
    assert!(!report.ok());
    assert!(
        report.problems.iter().any(|p| p.contains("edited")),
        "{:?}",
        report.problems
    );
    assert!(
        report.problems.iter().any(|p| p.contains("status")),
        "{:?}",
        report.problems
    );
}

#[test]
fn merging_is_explicit_recorded_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    let a = store
        .check_in("王科员", &walk_in("张伟", Some("11010519491231002X")))
        .unwrap();
    let mut no_id = walk_in("张伟", None);
    no_id.intake.phone = Some("13800138000".into());
    let b = store.check_in("王科员", &no_id).unwrap();
    assert_ne!(a.petitioner_id, b.petitioner_id, "never merged silently");
    let c = store
        .check_in("王科员", &walk_in("李娜", Some("110101199003077774")))
        .unwrap();
    assert!(
        store
            .merge_people("王科员", a.petitioner_id, c.petitioner_id)
            .is_err(),
        "different ID numbers"
    );
    assert_eq!(
        store
            .merge_people("王科员", a.petitioner_id, b.petitioner_id)
            .unwrap(),
        1
    );
    let person = store.person_detail(a.petitioner_id).unwrap();
    assert_eq!(person.contacts.len(), 2);
    assert_eq!(person.cases.len(), 2);
    assert_eq!(person.card.phone_masked.as_deref(), Some("138****8000"));
    // The merged-away record is no longer found, by name or at all.
    let found = store.lookup_page("", 100).unwrap().hits;
    assert!(found.iter().all(|h| h.petitioner_id != b.petitioner_id));
    assert!(found.iter().any(|h| h.petitioner_id == a.petitioner_id));
    assert_eq!(
        store
            .audit_log(&jiedai::store::AuditFilter {
                limit: 10,
                ..Default::default()
            })
            .unwrap()[0]
            .action,
        "merge"
    );
    store
        .mark_long_standing("王科员", a.petitioner_id, true)
        .unwrap();
    let card = &store.cards(&[a.petitioner_id]).unwrap()[0];
    assert!(card.flags.contains(&Flag::LongStanding));
}

#[test]
fn reading_an_older_file_upgrades_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    drop(Store::open(&path, OpenMode::Create, TimeSource::System).unwrap());
    // Pretend the file was last written by the first release (undoing what later
    // migrations added, so that they can run again).
    let conn = rusqlite::Connection::open(&path).unwrap();
    crate::ledger::unledger(&conn);
    conn.execute_batch(
        "DROP TABLE search_keys; DROP TABLE search_people;
         ALTER TABLE petitioners DROP COLUMN merged_into;
         DROP INDEX contacts_import_key;
         ALTER TABLE contacts DROP COLUMN import_key;
         ALTER TABLE contacts DROP COLUMN time_unknown;
         DROP INDEX officers_host_account;
         ALTER TABLE officers DROP COLUMN role;
         ALTER TABLE officers DROP COLUMN title;
         ALTER TABLE officers DROP COLUMN host_account;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly, TimeSource::System).unwrap();
    assert!(store.lookup_page("张", 10).is_ok());
    // The upgrade sealed the record it found: verify is clean.
    assert!(store.verify().unwrap().ok());
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, jiedai::store::latest_version());
}

#[test]
fn removing_the_newest_events_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::System).unwrap();
    let r = store.check_in("王科员", &walk_in("张伟", None)).unwrap();
    store
        .annotate("王科员", &r.case_no, EventKind::Note, "已电话联系")
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER events_no_delete;
         DELETE FROM events WHERE id = (SELECT max(id) FROM events);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly, TimeSource::System).unwrap();
    let report = store.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("newest events are missing")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_handler_or_unit_changed_behind_the_programs_back_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::System).unwrap();
    crate::common::seed_roster(&mut store);
    let r = store.check_in("王科员", &walk_in("张伟", None)).unwrap();
    let transfer = CaseStepInput {
        unit: Some("区教育局".into()),
        text: None,
        ..Default::default()
    };
    store
        .case_step("王科员", &r.case_no, CaseStep::Transfer, &transfer)
        .unwrap();
    store
        .case_step(
            "王科员",
            &r.case_no,
            CaseStep::Accept,
            &CaseStepInput::default(),
        )
        .unwrap();
    store
        .assign("王科员", &r.case_no, Some("李娜"), None)
        .unwrap();
    assert!(
        store.verify().unwrap().ok(),
        "{:?}",
        store.verify().unwrap().problems
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE cases SET handler_id = (SELECT id FROM officers WHERE name = '王科员'),
                          unit_id = (SELECT id FROM units WHERE name = '区司法局');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly, TimeSource::System).unwrap();
    let problems = store.verify().unwrap().problems;
    assert!(
        problems.iter().any(|p| p.contains("handler")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.contains("unit")), "{problems:?}");
}

use crate::conformance;

/// The SQLite adapter under the store conformance suite: each store on its own
/// file in one temporary folder; the harness edits behind the program's back with
/// a second connection, as another program on the same file would.
pub(crate) struct SqliteHarness {
    dir: tempfile::TempDir,
    files: std::cell::Cell<u32>,
}

impl SqliteHarness {
    pub(crate) fn new() -> Self {
        SqliteHarness {
            dir: tempfile::tempdir().unwrap(),
            files: std::cell::Cell::new(0),
        }
    }

    fn next_path(&self) -> std::path::PathBuf {
        self.files.set(self.files.get() + 1);
        self.dir.path().join(format!("desk{}.db", self.files.get()))
    }
}

impl conformance::Harness for SqliteHarness {
    fn fresh(&self, time: TimeSource) -> Store {
        Store::open(self.next_path(), OpenMode::Create, time).unwrap()
    }

    fn empty_existing(&self, time: TimeSource) -> Store {
        let path = self.next_path();
        std::fs::write(&path, b"").unwrap();
        Store::open(&path, OpenMode::Existing, time).unwrap()
    }

    fn first_officer_change_refused(&self, store: &Store, case_no: &str) -> bool {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute(
            "UPDATE cases SET first_officer_id = first_officer_id + 1 WHERE case_no = ?1",
            [case_no],
        )
        .is_err()
    }

    fn edit_newest_event(&self, store: &Store) {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET detail = '{\"text\":\"edited\"}' WHERE id = (SELECT max(id) FROM events);",
        )
        .unwrap();
    }

    fn tamper(&self, store: &Store, sql: &str) {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        let triggers: Vec<(String, String)> = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
        }
        conn.execute_batch(sql).unwrap();
        for (_, made) in &triggers {
            conn.execute_batch(made).unwrap();
        }
    }

    fn write_outside(&self, store: &Store, sql: &str) {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute_batch(sql).unwrap();
    }

    fn drop_ledger_trigger(&self, store: &Store, table: &str) {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute_batch(&format!("DROP TRIGGER ledger_update_{table}"))
            .unwrap();
    }
}

mod sqlite_conformance {
    use super::*;
    conformance_suite!(SqliteHarness::new());
}
