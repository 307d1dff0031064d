//! The store conformance suite: what every backend of the store port must do,
//! written once against `jiedai::store::Store` (the port plus the orchestration
//! above it). A backend passes by providing a [`Harness`] and invoking
//! [`conformance_suite!`]; see `tests/store.rs` for SQLite. Each check asserts
//! what the desk shows or what the record holds, through the port only; the
//! harness does the few things the port must never offer (editing behind the
//! program's back).

use jiedai::domain::intake::{IntakeInput, WarningCode};
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::roster::RosterError;
use jiedai::domain::{CaseStatus, Channel, EventKind, Flag, QueueStatus};
use jiedai::store::{
    host_account, AuditFilter, CaseStepInput, CheckIn, QueueAction, Store, StoreError,
};
use jiedai::time::{parse_instant, TimeSource};

pub mod ledger;
pub use ledger::{ledger_covers_mixed_writes, ledger_names_outside_writes, ledger_names_tampering};
mod registers;
pub use registers::*;
mod figures;
pub use figures::*;
mod newcomers;
pub use newcomers::*;

/// What a backend provides to be checked.
pub trait Harness {
    /// A store over a new record, created and migrated, whose clock reads `time`.
    fn fresh(&self, time: TimeSource) -> Store;
    /// A store over a record that exists but holds nothing yet (an empty file, an
    /// empty schema): opening it must migrate it.
    fn empty_existing(&self, time: TimeSource) -> Store;
    /// Tries to change the first officer of `case_no` directly in the database, as
    /// another program would; true when the database refused.
    fn first_officer_change_refused(&self, store: &Store, case_no: &str) -> bool;
    /// Edits the detail of the newest event past the database's guards, as someone
    /// with the owner's rights on the database could.
    fn edit_newest_event(&self, store: &Store);
    /// Runs `sql` (plain SQL both engines read alike) with every trigger and
    /// reference check off, as someone with the owner's rights could; the
    /// triggers are back afterwards.
    fn tamper(&self, store: &Store, sql: &str);
    /// Runs `sql` as another program would, with the database's triggers in place.
    fn write_outside(&self, store: &Store, sql: &str);
    /// Removes one of the triggers that note `table`'s writes for the ledger.
    fn drop_ledger_trigger(&self, store: &Store, table: &str);
}

/// One `#[test]` per check, against the harness `$make` builds.
#[macro_export]
macro_rules! conformance_suite {
    ($make:expr) => {
        $crate::conformance_suite!(@tests $make;
            check_in_numbering,
            numbers_skip_imported_runs,
            repeat_and_closed_matter_flags,
            case_steps_and_illegal_steps,
            first_officer_never_changes,
            shifts_and_handover,
            audit_log,
            verify_catches_an_edit,
            lookup_feed,
            an_empty_record_is_migrated,
            a_failed_unit_of_work_leaves_nothing,
            ledger_covers_mixed_writes,
            ledger_names_tampering,
            ledger_names_outside_writes,
            baoan_register,
            receptions_bookings_and_supervision,
            screening_plans_and_divisions,
            ratings_and_follow_ups,
            figures_of_a_hand_built_month,
            stats_of_a_hand_built_month,
            export_of_a_hand_built_month,
            case_pages_of_a_hand_built_month,
            ratings_in_the_figures_of_the_month,
            who_a_newcomer_may_be,
            a_contact_links_and_numbers_in_one_step,
        );
    };
    (@tests $make:expr; $($check:ident,)*) => {$(
        #[test]
        fn $check() {
            conformance::$check(&$make);
        }
    )*};
}

pub fn at(s: &str) -> TimeSource {
    TimeSource::Fixed(parse_instant(s).unwrap())
}

const MONDAY: &str = "2026-11-02T09:00:00+08:00";
const OFFICER: &str = "王科员";
const ID: &str = "11010519491231002X";

pub(crate) fn walk_in(name: &str) -> CheckIn {
    CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映小区物业违规收费".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn letter(name: &str) -> CheckIn {
    let mut c = walk_in(name);
    c.intake.channel = Some(Channel::Letter);
    c
}

fn joining(mut c: CheckIn, case_no: &str, petitioner_id: i64) -> CheckIn {
    c.case_no = Some(case_no.into());
    c.petitioner_id = Some(petitioner_id);
    c
}

fn step(store: &mut Store, case_no: &str, step: CaseStep) -> Result<CaseStatus, StoreError> {
    let input = CaseStepInput {
        text: Some("经复核，维持原处理意见".into()),
        unit: None,
        ..Default::default()
    };
    store.case_step(OFFICER, case_no, step, &input)
}

pub fn check_in_numbering(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let a = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    let b = store.check_in(OFFICER, &walk_in("李娜")).unwrap();
    let l = store.check_in(OFFICER, &letter("王芳")).unwrap();
    assert_eq!(
        (a.queue_no, b.queue_no, l.queue_no),
        (Some(1), Some(2), None)
    );
    assert_eq!(
        (a.case_no.as_str(), b.case_no.as_str(), l.case_no.as_str()),
        ("2026-000001", "2026-000002", "2026-000003")
    );
    assert_eq!(l.letter_no.as_deref(), Some("L2026-00001"));
    assert!(a.new_case && a.new_petitioner);

    // A repeat visit joins its case and draws the next number of the day.
    let again = store
        .check_in(
            OFFICER,
            &joining(walk_in("张伟"), &a.case_no, a.petitioner_id),
        )
        .unwrap();
    assert_eq!(
        (again.case_no.as_str(), again.queue_no),
        ("2026-000001", Some(3))
    );
    assert!(!again.new_case && !again.new_petitioner);

    // The queue starts again each day; case numbers run on through the year.
    store.set_time(at("2026-11-03T09:00:00+08:00"));
    let tuesday = store.check_in(OFFICER, &walk_in("赵强")).unwrap();
    assert_eq!(
        (tuesday.queue_no, tuesday.case_no.as_str()),
        (Some(1), "2026-000004")
    );
    let day = parse_instant(MONDAY).unwrap().date_naive();
    let queue = store.queue(day, false).unwrap();
    let numbers: Vec<i64> = queue.iter().map(|r| r.queue_no).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert!(queue.iter().all(|r| r.status == QueueStatus::Waiting));
    assert_eq!(store.queue_contact(day, 2).unwrap(), b.contact_id);
    let status = store
        .queue_move(OFFICER, b.contact_id, QueueAction::Receive)
        .unwrap();
    assert_eq!(status, QueueStatus::Receiving);
    assert!(matches!(
        store.queue_move(OFFICER, b.contact_id, QueueAction::Receive),
        Err(StoreError::Invalid(_))
    ));
}

/// Cases imported with their numbers (old registers, the demo) never move the
/// counter; the next drawn number skips the whole run they hold, to the first gap,
/// and a stray high number further on moves nothing.
pub fn numbers_skip_imported_runs(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    for no in (1..=1500).chain([1502, 900_000]) {
        let imported = jiedai::store::Imported {
            open_as: Some(format!("2026-{no:06}")),
            ..Default::default()
        };
        store
            .check_in_imported(OFFICER, &letter("王芳"), &imported)
            .unwrap();
    }
    let drawn: Vec<String> = ["张伟", "李娜", "赵强"]
        .iter()
        .map(|name| store.check_in(OFFICER, &walk_in(name)).unwrap().case_no)
        .collect();
    assert_eq!(drawn, ["2026-001501", "2026-001503", "2026-001504"]);
    // A drawn number found taken wrote nothing: the record is whole.
    assert!(store.verify().unwrap().ok());
}

pub fn repeat_and_closed_matter_flags(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let first = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    assert!(first.flags.contains(&Flag::First));
    assert!(!first.flags.contains(&Flag::Repeat));
    let repeat = store
        .check_in(
            OFFICER,
            &joining(walk_in("张伟"), &first.case_no, first.petitioner_id),
        )
        .unwrap();
    assert!(repeat.flags.contains(&Flag::Repeat), "{:?}", repeat.flags);
    assert!(repeat.flags.contains(&Flag::Returning));
    let card = store.cards(&[first.petitioner_id]).unwrap().pop().unwrap();
    assert_eq!(card.contact_count, 2);
    assert_eq!(card.open_cases, 1);

    // Decided on recheck (终结), then archived: still a closed matter (Art. 36).
    for s in [
        CaseStep::Accept,
        CaseStep::Reply,
        CaseStep::RequestReview,
        CaseStep::DecideReview,
        CaseStep::RequestRecheck,
        CaseStep::DecideRecheck,
        CaseStep::Archive,
    ] {
        step(&mut store, &first.case_no, s).unwrap();
    }
    let back = store
        .check_in(
            OFFICER,
            &joining(walk_in("张伟"), &first.case_no, first.petitioner_id),
        )
        .unwrap();
    assert!(back.flags.contains(&Flag::ClosedMatter), "{:?}", back.flags);
    assert!(back.warnings.has(WarningCode::CaseFinal));
    let card = store.cards(&[first.petitioner_id]).unwrap().pop().unwrap();
    assert!(card.flags.contains(&Flag::ClosedMatter));
    assert_eq!(card.open_cases, 0);

    // Eight people at once is a collective visit.
    let mut group = walk_in("李娜");
    group.intake.headcount = Some(8);
    let group = store.check_in(OFFICER, &group).unwrap();
    assert!(group.flags.contains(&Flag::Collective));
}

pub fn case_steps_and_illegal_steps(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let r = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    assert!(matches!(
        step(&mut store, &r.case_no, CaseStep::Reply),
        Err(StoreError::Lifecycle(_))
    ));
    let before = store.case_detail(&r.case_no).unwrap();
    assert_eq!(before.case.status, CaseStatus::Registered);
    assert_eq!(
        step(&mut store, &r.case_no, CaseStep::Accept).unwrap(),
        CaseStatus::Accepted
    );
    store
        .annotate(OFFICER, &r.case_no, EventKind::Note, "已电话联系")
        .unwrap();
    store
        .extend(OFFICER, &r.case_no, 30, "情况复杂，需要调查")
        .unwrap();
    assert!(matches!(
        store.extend(OFFICER, &r.case_no, 30, "再次延期"),
        Err(StoreError::Annotation(_))
    ));
    let other = store.check_in(OFFICER, &walk_in("李娜")).unwrap();
    store
        .annotate(OFFICER, &r.case_no, EventKind::Link, &other.case_no)
        .unwrap();
    assert!(matches!(
        store.annotate(OFFICER, &r.case_no, EventKind::Link, &other.case_no),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.case_step(
            OFFICER,
            "2026-999999",
            CaseStep::Accept,
            &CaseStepInput::default()
        ),
        Err(StoreError::NotFound(_))
    ));
    let d = store.case_detail(&r.case_no).unwrap();
    assert_eq!(d.case.status, CaseStatus::Accepted);
    assert_eq!(d.case.extended_days, 30);
    let kinds: Vec<EventKind> = d.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            EventKind::Registered,
            EventKind::Contact,
            EventKind::Accept,
            EventKind::Note,
            EventKind::Extend,
            EventKind::Link
        ],
        "refused steps leave nothing on the timeline"
    );
    assert!(d.allowed_steps.contains(&CaseStep::Reply));
    assert!(!d.clocks.is_empty());
    assert!(store.verify().unwrap().ok());
}

pub fn first_officer_never_changes(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let r = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    store.add_officer("李娜").unwrap();
    let unit = store.units().unwrap().remove(0).name;
    store
        .assign(OFFICER, &r.case_no, Some("李娜"), Some(&unit))
        .unwrap();
    let d = store.case_detail(&r.case_no).unwrap();
    assert_eq!(d.case.first_officer, OFFICER);
    assert_eq!(d.case.handler.as_deref(), Some("李娜"));
    assert_eq!(d.case.unit.as_deref(), Some(unit.as_str()));
    assert!(matches!(
        store.assign(OFFICER, &r.case_no, Some("没有这个人"), None),
        Err(StoreError::Roster(RosterError::Unknown { .. }))
    ));
    assert!(h.first_officer_change_refused(&store, &r.case_no));
    assert_eq!(
        store.case_detail(&r.case_no).unwrap().case.first_officer,
        OFFICER
    );
    assert!(store.verify().unwrap().ok());
}

pub fn shifts_and_handover(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let shift = store.start_shift(OFFICER).unwrap();
    assert_eq!(
        store.start_shift(OFFICER).unwrap().id,
        shift.id,
        "resumed, not doubled"
    );
    store.set_shift_notes(OFFICER, "3号窗口打印机缺纸").unwrap();
    store.append_shift_notes(OFFICER, "张伟下午回电").unwrap();
    store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    store.set_time(at("2026-11-02T17:30:00+08:00"));
    store.add_officer("李娜").unwrap();
    let handed = store.hand_over(OFFICER, "李娜", None).unwrap();
    assert_eq!(
        (handed.from.as_str(), handed.to.as_str()),
        (OFFICER, "李娜")
    );
    assert!(handed.notes.contains("打印机") && handed.notes.contains("回电"));
    assert!(store.current_shift(OFFICER).unwrap().is_none());
    let pending = store.pending_handovers("李娜").unwrap();
    assert_eq!(pending.len(), 1);
    let taken = store.acknowledge("李娜").unwrap();
    assert_eq!(taken.acked_by.as_deref(), Some("李娜"));
    assert!(store.pending_handovers("李娜").unwrap().is_empty());
    assert_eq!(store.last_handover().unwrap().unwrap().shift_id, shift.id);
    let summary = store
        .handover_summary(
            OFFICER,
            parse_instant("2026-11-02T08:00:00+08:00"),
            parse_instant("2026-11-02T18:00:00+08:00"),
        )
        .unwrap();
    assert_eq!((summary.batches, summary.new_cases.len()), (1, 1));
    assert!(matches!(
        store.end_shift(OFFICER),
        Err(StoreError::NotFound(_))
    ));
    // Handed over: nothing more is recorded under the name until a new shift
    // starts; an officer who never had a shift is not concerned.
    assert!(matches!(
        store.check_in(OFFICER, &walk_in("李强")),
        Err(StoreError::Duty(_))
    ));
    store.check_in("李娜", &walk_in("李强")).unwrap();
    store.start_shift(OFFICER).unwrap();
    store.check_in(OFFICER, &walk_in("李强")).unwrap();
}

pub fn audit_log(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let mut c = walk_in("张伟");
    c.intake.id_number = Some(ID.into());
    c.intake.phone = Some("13812345678".into());
    let r = store.check_in(OFFICER, &c).unwrap();
    let card = store.cards(&[r.petitioner_id]).unwrap().pop().unwrap();
    assert_ne!(
        card.id_number_masked.as_deref(),
        Some(ID),
        "masked on the card"
    );
    let shown = store.reveal(OFFICER, r.petitioner_id).unwrap();
    assert_eq!(shown.id_number.as_deref(), Some(ID));
    store
        .record_audit(
            None,
            jiedai::domain::audit::AuditAction::Backup,
            "/tmp/x.db",
        )
        .unwrap();
    let all = AuditFilter {
        limit: 10,
        ..Default::default()
    };
    let log = store.audit_log(&all).unwrap();
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
    // The first officer to act on the empty roster became its 科长: recorded too.
    assert_eq!(
        actions,
        vec!["backup", "reveal", "officer_add"],
        "newest first"
    );
    assert!(log[2].subject.contains("role:chief"), "{:?}", log[2]);
    assert_eq!(
        log[0].officer, None,
        "a backup without an officer is still recorded"
    );
    assert_eq!(log[1].officer.as_deref(), Some(OFFICER));
    assert_eq!(log[1].subject, format!("petitioner:{}", r.petitioner_id));
    assert!(log.iter().all(|a| a.host_account == host_account()));
    let reveals = AuditFilter {
        action: Some("reveal".into()),
        ..all
    };
    assert_eq!(store.audit_log(&reveals).unwrap().len(), 1);
    assert!(matches!(
        store.reveal(OFFICER, 9999),
        Err(StoreError::NotFound(_))
    ));
}

pub fn verify_catches_an_edit(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let r = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    step(&mut store, &r.case_no, CaseStep::Accept).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!((report.events, report.cases), (3, 1));
    h.edit_newest_event(&store);
    let report = store.verify().unwrap();
    assert!(!report.ok());
    assert!(
        report.problems.iter().any(|p| p.contains("edited")),
        "{:?}",
        report.problems
    );
}

pub fn lookup_feed(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let a = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    let b = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    // Each check-in keeps the search keys current in its own unit of work.
    let page = store.lookup_page("zhangwei", 10).unwrap();
    let ids: Vec<i64> = page.hits.iter().map(|h| h.petitioner_id).collect();
    // Seen at the same minute: the older record first.
    assert_eq!(ids, vec![a.petitioner_id, b.petitioner_id]);
    let by_case = store.lookup_page(&a.case_no, 10).unwrap().hits;
    assert_eq!(by_case[0].petitioner_id, a.petitioner_id);
    assert_eq!(by_case[0].matched, a.case_no);
    step(&mut store, &a.case_no, CaseStep::Accept).unwrap();
    let rows = store.lookup("zhangwei", 10).unwrap();
    assert_eq!(rows.len(), 2);
    let moved = store
        .merge_people(OFFICER, a.petitioner_id, b.petitioner_id)
        .unwrap();
    assert_eq!(moved, 1);
    // The merge re-keys both: the kept record is found by the other's case number.
    let rows = store.lookup("张伟", 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].card.contact_count, 2);
    let by_case = store.lookup_page(&b.case_no, 10).unwrap().hits;
    assert_eq!(by_case.len(), 1);
    assert_eq!(by_case[0].petitioner_id, a.petitioner_id);
    let person = store.person_detail(a.petitioner_id).unwrap();
    assert_eq!(person.cases.len(), 2);
}

pub fn an_empty_record_is_migrated(h: &dyn Harness) {
    let mut store = h.empty_existing(at(MONDAY));
    assert!(!store.units().unwrap().is_empty(), "default units seeded");
    assert!(
        !store.categories().unwrap().is_empty(),
        "default categories seeded"
    );
    let r = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    assert_eq!(r.case_no, "2026-000001");
    assert!(store.verify().unwrap().ok());
}

pub fn a_failed_unit_of_work_leaves_nothing(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let mut bad = walk_in("张伟");
    bad.intake.category = Some("没有这个类别".into());
    assert!(matches!(
        store.check_in(OFFICER, &bad),
        Err(StoreError::Invalid(_))
    ));
    let mut unknown_case = walk_in("张伟");
    unknown_case.case_no = Some("2026-000042".into());
    assert!(matches!(
        store.check_in(OFFICER, &unknown_case),
        Err(StoreError::NotFound(_))
    ));
    assert!(
        store.lookup_page("", 10).unwrap().hits.is_empty() && store.names().unwrap().is_empty(),
        "no person left behind"
    );
    // Numbers drawn by a failed unit of work are not used up.
    let r = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    assert_eq!((r.case_no.as_str(), r.queue_no), ("2026-000001", Some(1)));
}
