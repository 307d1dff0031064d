//! The ledger over every table, on every backend (DESIGN.md 1.7): a mixed set of
//! writes verifies, with anchors and `--since-anchor`; edits made with SQL behind
//! the program's back are named row by row; and the same writes at the same
//! pinned times give the same chain head on any two backends, so a record moved
//! from one to the other keeps its head.

use super::{at, joining, letter, step, walk_in, Harness, ID, MONDAY, OFFICER};
use jiedai::domain::lifecycle::CaseStep;
use jiedai::store::{CheckInResult, QueueAction, Store};

/// One of most kinds of write a desk makes: people with identifiers, a walk-in,
/// a letter and a repeat visit, the queue, an assignment and a step, a new unit,
/// category and officer, a reveal (audited), a shift handed over and taken.
pub fn mixed_writes(store: &mut Store) -> (CheckInResult, CheckInResult) {
    store.start_shift(OFFICER).unwrap();
    let mut first = walk_in("张伟");
    first.intake.id_number = Some(ID.into());
    first.intake.phone = Some("13812345678".into());
    let a = store.check_in(OFFICER, &first).unwrap();
    let b = store.check_in(OFFICER, &letter("李娜")).unwrap();
    store
        .check_in(
            OFFICER,
            &joining(walk_in("张伟"), &a.case_no, a.petitioner_id),
        )
        .unwrap();
    store.add_officer("李娜").unwrap();
    let unit = store.add_unit("区住建局物业科").unwrap();
    store.add_category("电梯维修", None).unwrap();
    store
        .assign(OFFICER, &a.case_no, Some("李娜"), Some(&unit.name))
        .unwrap();
    step(store, &b.case_no, CaseStep::Accept).unwrap();
    store
        .queue_move(OFFICER, a.contact_id, QueueAction::Receive)
        .unwrap();
    store.set_shift_notes(OFFICER, "3号窗口打印机缺纸").unwrap();
    store.reveal(OFFICER, a.petitioner_id).unwrap();
    store.set_time(at("2026-11-02T17:30:00+08:00"));
    store.hand_over(OFFICER, "李娜", None).unwrap();
    store.acknowledge("李娜").unwrap();
    (a, b)
}

pub fn ledger_covers_mixed_writes(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    mixed_writes(&mut store);
    let full = store.verify().unwrap();
    assert!(full.ok(), "{:?}", full.problems);
    assert!(full.entries > 20 && full.rows > 20, "{full:?}");
    let head = store.chain_head().unwrap().expect("a chain head");
    assert_eq!(full.chain_head, Some(head.to_string()));
    assert_eq!(head.seq, full.entries);

    // After more writes the anchor still holds, and an incremental verify reads
    // only what the ledger took in since.
    store.set_time(at("2026-11-03T09:00:00+08:00"));
    // The day's shift was handed over: the next officer checks in.
    store.check_in("李娜", &walk_in("赵强")).unwrap();
    let since = store
        .verify_since(&head, std::slice::from_ref(&head))
        .unwrap();
    assert!(since.ok(), "{:?}", since.problems);
    assert_eq!(since.anchors_checked, 1);
    assert!(since.rows > 0 && since.rows < full.rows, "{since:?}");
    assert_ne!(since.chain_head, full.chain_head);
    let again = store.verify_anchored(&[head]).unwrap();
    assert!(again.ok(), "{:?}", again.problems);
    assert!(again.entries > full.entries);
}

pub fn ledger_names_tampering(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let (a, _) = mixed_writes(&mut store);
    let named = |store: &Store, what: &str| {
        let report = store.verify().unwrap();
        assert!(!report.ok());
        assert!(
            report.problems.iter().any(|p| p.contains(what)),
            "{what:?} not in {:?}",
            report.problems
        );
    };
    h.tamper(
        &store,
        &format!(
            "UPDATE petitioners SET name = '张伟伟' WHERE id = {}",
            a.petitioner_id
        ),
    );
    named(
        &store,
        &format!(
            "petitioners row {}: edited behind the program's back",
            a.petitioner_id
        ),
    );
    h.tamper(&store, "DELETE FROM shifts WHERE id = 1");
    named(&store, "shifts row 1: deleted behind the program's back");
    h.tamper(
        &store,
        "INSERT INTO units(id, name, created_at) VALUES (900, '外来单位', '2026-11-02T09:00:00+08:00')",
    );
    named(&store, "units row 900: inserted behind the program's back");
    h.drop_ledger_trigger(&store, "contacts");
    named(&store, "contacts: the ledger's triggers were removed");
}

/// A row another program writes with the triggers in place is noted: named as
/// not sealed yet, then, once a desk has written since, sealed and named as
/// another program's for good.
pub fn ledger_names_outside_writes(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let (a, _) = mixed_writes(&mut store);
    h.write_outside(
        &store,
        &format!(
            "UPDATE petitioners SET phone = '13900000000' WHERE id = {}",
            a.petitioner_id
        ),
    );
    let report = store.verify().unwrap();
    let row = format!(
        "petitioners row {}: written by another program",
        a.petitioner_id
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with(&row) && p.contains("not sealed yet")),
        "{:?}",
        report.problems
    );
    store.check_in("李娜", &walk_in("赵强")).unwrap();
    let report = store.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with(&row) && p.contains("sealed at ledger entry")),
        "{:?}",
        report.problems
    );
    assert!(!report.problems.iter().any(|p| p.contains("behind")));
}

/// The same writes at the same pinned times on two backends: every row holds the
/// same values, so every row hashes alike and the two chains end at one head.
pub fn same_writes_same_chain_head(one: &dyn Harness, other: &dyn Harness) {
    let mut a = one.fresh(at(MONDAY));
    let mut b = other.fresh(at(MONDAY));
    mixed_writes(&mut a);
    mixed_writes(&mut b);
    let (ra, rb) = (a.verify().unwrap(), b.verify().unwrap());
    assert!(ra.ok() && rb.ok(), "{:?} {:?}", ra.problems, rb.problems);
    assert_eq!((ra.entries, ra.rows), (rb.entries, rb.rows));
    assert_eq!(ra.chain_head, rb.chain_head);
    assert_eq!(a.chain_head().unwrap(), b.chain_head().unwrap());
}
