//! Who a newcomer at the window may be (`Tx::people_matching`, one read on every
//! backend): the holder of the ID number given is the same person; people with
//! the phone, or with the name at a similar address, are candidates to confirm,
//! unless a valid ID number on both sides says they are someone else.

use super::{at, walk_in, Harness, ID, MONDAY, OFFICER};
use jiedai::domain::intake::WarningCode;
use jiedai::store::{CheckIn, CheckInResult, Store};

const PHONE: &str = "13800138000";
const ADDRESS: &str = "北京市朝阳区幸福路街道3号院";
const OTHER_ID: &str = "110105198001010016";

fn visit(name: &str, id: Option<&str>, phone: Option<&str>, address: Option<&str>) -> CheckIn {
    let mut c = walk_in(name);
    c.intake.id_number = id.map(str::to_string);
    c.intake.phone = phone.map(str::to_string);
    c.intake.address = address.map(str::to_string);
    c
}

fn candidates(r: &CheckInResult) -> Vec<(i64, &str)> {
    r.candidates
        .iter()
        .map(|c| (c.petitioner_id, c.reason.as_str()))
        .collect()
}

fn came(store: &mut Store, c: &CheckIn) -> CheckInResult {
    store.check_in(OFFICER, c).unwrap()
}

pub fn who_a_newcomer_may_be(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let zhang = came(
        &mut store,
        &visit("张伟", Some(ID), Some(PHONE), Some(ADDRESS)),
    );
    assert!(zhang.new_petitioner && zhang.candidates.is_empty());

    // The ID number decides, whatever the name typed: no candidates are offered.
    let again = came(&mut store, &visit("张卫", Some(ID), Some(PHONE), None));
    assert_eq!(again.petitioner_id, zhang.petitioner_id);
    assert!(!again.new_petitioner && again.candidates.is_empty());
    assert!(again
        .warnings
        .0
        .iter()
        .any(|w| w.code == WarningCode::IdNameMismatch));

    // The same phone without an ID number: a candidate, filed as a new person.
    let li = came(&mut store, &visit("李娜", None, Some(PHONE), None));
    assert!(li.new_petitioner);
    assert_eq!(candidates(&li), [(zhang.petitioner_id, "same phone")]);

    // The same name at a similar address (the phone matches nobody).
    let namesake = came(
        &mut store,
        &visit(
            "张伟",
            None,
            Some("13900139000"),
            Some("北京市朝阳区幸福路街道3号院2单元"),
        ),
    );
    assert_eq!(
        candidates(&namesake),
        [(zhang.petitioner_id, "same name, similar address")]
    );
    // The same name elsewhere is nobody's candidate.
    let elsewhere = came(
        &mut store,
        &visit("张伟", None, None, Some("上海市浦东新区世纪大道100号")),
    );
    assert!(elsewhere.candidates.is_empty());

    // Another valid ID number is another person, phone or not; those on record
    // without one stay candidates.
    let wang = came(
        &mut store,
        &visit("王芳", Some(OTHER_ID), Some(PHONE), None),
    );
    assert!(wang.new_petitioner);
    assert_eq!(candidates(&wang), [(li.petitioner_id, "same phone")]);

    // A family's phone shared by many: the first five on record are offered.
    let mut sharing = vec![li.petitioner_id, wang.petitioner_id];
    for name in ["赵强", "孙丽", "周杰", "吴敏"] {
        sharing.push(came(&mut store, &visit(name, None, Some(PHONE), None)).petitioner_id);
    }
    let last = came(&mut store, &visit("郑红", None, Some(PHONE), None));
    let offered: Vec<i64> = last.candidates.iter().map(|c| c.petitioner_id).collect();
    // 张伟 first (the lowest id), then four of the others in the order they came.
    let mut expected = vec![zhang.petitioner_id];
    expected.extend(&sharing[..4]);
    assert_eq!(offered, expected);

    // Linking to a person by hand reads no candidates, and refuses an ID number
    // that belongs to someone else.
    let mut linked = visit("李娜", None, Some(PHONE), None);
    linked.petitioner_id = Some(li.petitioner_id);
    let linked = came(&mut store, &linked);
    assert_eq!(linked.petitioner_id, li.petitioner_id);
    assert!(linked.candidates.is_empty());
    let mut wrong = visit("李娜", Some(ID), None, None);
    wrong.petitioner_id = Some(li.petitioner_id);
    assert!(store.check_in(OFFICER, &wrong).is_err());

    // Each person a check-in names is found at once (`Tx::person_changed` keeps
    // their search keys current in the same unit of work): by name, and by the
    // case number their visit opened.
    let found: Vec<i64> = store
        .lookup_page("郑红", 10)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.petitioner_id)
        .collect();
    assert_eq!(found, [last.petitioner_id]);
    let by_case = store.lookup_page(&wang.case_no, 10).unwrap().hits;
    assert_eq!(by_case[0].petitioner_id, wang.petitioner_id);
}

/// A check-in's contact is recorded in one step (`Tx::insert_principal_contact`):
/// the person linked to the case as its principal, a walk-in's number drawn
/// from the day's queue, a letter numbered apart and given no place in it.
pub fn a_contact_links_and_numbers_in_one_step(h: &dyn Harness) {
    use jiedai::domain::{Channel, Role};
    let mut store = h.fresh(at(MONDAY));
    let a = came(&mut store, &walk_in("张伟"));
    let mut letter = walk_in("李娜");
    letter.intake.channel = Some(Channel::Letter);
    let l = came(&mut store, &letter);
    let b = came(&mut store, &walk_in("赵强"));
    assert_eq!(
        (a.queue_no, l.queue_no, b.queue_no),
        (Some(1), None, Some(2))
    );
    assert_eq!(l.letter_no.as_deref(), Some("L2026-00001"));
    // A second visit about the same case: one more number, the person linked once.
    let mut again = walk_in("张伟");
    again.case_no = Some(a.case_no.clone());
    again.petitioner_id = Some(a.petitioner_id);
    let again = came(&mut store, &again);
    assert_eq!(again.queue_no, Some(3));
    let case = store.case_detail(&a.case_no).unwrap();
    let people: Vec<(i64, Role)> = case
        .petitioners
        .iter()
        .map(|p| (p.petitioner_id, p.role))
        .collect();
    assert_eq!(people, [(a.petitioner_id, Role::Principal)]);
    // Newest first, as the case page lists them.
    let numbers: Vec<Option<i64>> = case.contacts.iter().map(|c| c.queue_no).collect();
    assert_eq!(numbers, [Some(3), Some(1)]);
    let letter_case = store.case_detail(&l.case_no).unwrap();
    assert_eq!(letter_case.petitioners[0].role, Role::Principal);
    assert_eq!(letter_case.contacts[0].queue_no, None);
    assert!(store.verify().unwrap().ok());
}
