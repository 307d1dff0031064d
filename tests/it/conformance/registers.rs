//! The registers every backend keeps: the leaders' (包案, receptions with their
//! visits and bookings, 督办), the risk registers (the division list, screening
//! rounds with items and people, plans with their log) and 满意度评价 with its
//! 回访. Each check writes through the store and reads back what the desk and
//! the reports show.

use super::{at, step, walk_in, Harness, MONDAY, OFFICER};
use chrono::NaiveDate;
use jiedai::domain::leaders::{BaoanState, Evidence, EvidenceKind, LeadersProblem};
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::ratings::{FollowUpResult, RatingResult, RatingStage, RatingVia};
use jiedai::domain::risk::{Division, DivisionLevel, ItemState, PlanLogKind, RiskLevel, ScopeKind};
use jiedai::domain::roster::OfficerRole;
use jiedai::domain::Flag;
use jiedai::store::{
    BaoanInput, CheckIn, Enrolment, Evaluation, FollowUp, ItemInput, Opinion, PlanStart, Received,
    ReceptionInput, Store, StoreError,
};

const LEADER: &str = "张副县长";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The office's first officer acts first (and so keeps the roster), then the
/// leader joins it.
fn with_leader(store: &mut Store) {
    store.sign_in(OFFICER).unwrap();
    store
        .add_officer_with(&Enrolment {
            name: LEADER.into(),
            role: OfficerRole::Leader,
            title: Some("副县长".into()),
            host_account: None,
        })
        .unwrap();
}

fn again(name: &str, case_no: &str, petitioner_id: i64) -> CheckIn {
    let mut c = walk_in(name);
    c.case_no = Some(case_no.into());
    c.petitioner_id = Some(petitioner_id);
    c
}

pub fn baoan_register(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    with_leader(&mut store);
    let first = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    let unit = store.units().unwrap().remove(0).name;
    let input = BaoanInput {
        petitioner_id: first.petitioner_id,
        leader: LEADER.into(),
        unit: unit.clone(),
        plan: "每月走访一次，协调住建局落实补偿".into(),
        target_date: Some(d("2026-12-31")),
        case_no: Some(first.case_no.clone()),
        keeper: Some("李书记".into()),
    };
    let r = store.baoan_add(OFFICER, &input).unwrap();
    assert_eq!(
        (r.name.as_str(), r.leader.as_str(), r.unit.as_str()),
        ("张伟", LEADER, unit.as_str())
    );
    assert_eq!(r.state, BaoanState::Open);
    assert_eq!(r.case_no.as_deref(), Some(first.case_no.as_str()));
    assert_eq!(r.keeper.as_deref(), Some("李书记"));
    assert_eq!(
        (r.opened_on, r.target_date),
        (d("2026-11-02"), d("2026-12-31"))
    );
    assert_eq!(r.last_contact, Some(d("2026-11-02")));
    assert_eq!((r.revisits, r.untold), (0, 0));
    // The lookup's cards name a 包案 老户 before anyone is saved.
    let other = store.check_in(OFFICER, &walk_in("李娜")).unwrap();
    let cards = store
        .cards(&[other.petitioner_id, first.petitioner_id])
        .unwrap();
    let flagged: Vec<(i64, bool)> = cards
        .iter()
        .map(|c| (c.petitioner_id, c.flags.contains(&Flag::Baoan)))
        .collect();
    assert_eq!(
        flagged,
        [(other.petitioner_id, false), (first.petitioner_id, true)]
    );
    let mut nobody = input.clone();
    nobody.leader = OFFICER.into();
    assert!(matches!(
        store.baoan_add(OFFICER, &nobody),
        Err(StoreError::Leaders(LeadersProblem::NotALeader(_)))
    ));

    // The person comes back: intake names the leader to tell, the register counts it.
    store.set_time(at("2026-11-05T10:00:00+08:00"));
    let back = store
        .check_in(OFFICER, &again("张伟", &first.case_no, first.petitioner_id))
        .unwrap();
    let notice = back.baoan.expect("the baoan notice");
    assert_eq!((notice.baoan_id, notice.leader.as_str()), (r.id, LEADER));
    assert!(!notice.reopened);
    let hits = store.baoan_hits(d("2026-11-01"), d("2026-12-01")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].contact_id, hits[0].told_at.clone()),
        (back.contact_id, None)
    );
    assert_eq!(store.baoan_list(Some(LEADER)).unwrap()[0].untold, 1);
    assert_eq!(store.baoan_told(OFFICER, r.id).unwrap(), 1);
    assert_eq!(store.baoan_list(None).unwrap()[0].untold, 0);

    // 息访 with its evidence; the person comes again: 复访 opens it again.
    let evidence = Evidence {
        kind: EvidenceKind::QuietAfterFinal,
        months: Some(3),
    };
    store.set_time(at("2026-11-06T16:00:00+08:00"));
    let closed = store
        .baoan_close(OFFICER, r.id, d("2026-11-06"), Some(evidence))
        .unwrap();
    assert_eq!(closed.state, BaoanState::Resolved);
    assert_eq!(
        (closed.closed_on, closed.evidence),
        (Some(d("2026-11-06")), Some(evidence))
    );
    store.set_time(at("2026-11-09T09:00:00+08:00"));
    let third = store
        .check_in(OFFICER, &again("张伟", &first.case_no, first.petitioner_id))
        .unwrap();
    assert!(third.baoan.unwrap().reopened);
    let list = store.baoan_list(None).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].state, list[0].revisits, list[0].untold),
        (BaoanState::Open, 1, 1)
    );
    assert_eq!(list[0].last_contact, Some(d("2026-11-09")));
    assert!(store.baoan_list(Some("别的领导")).unwrap().is_empty());
    // The roster frozen from the 3rd to the 7th reads the state log: open the day
    // before, 息访 on the 6th, whatever came after; last seen on the 5th.
    let roster = store
        .long_standing_roster(d("2026-11-03"), d("2026-11-07"))
        .unwrap();
    assert_eq!(roster.len(), 1, "{roster:?}");
    assert_eq!(roster[0].petitioner_id, first.petitioner_id);
    assert_eq!(roster[0].settled_on, Some(d("2026-11-06")));
    assert_eq!(roster[0].last_contact, Some(d("2026-11-05")));
    assert!(store.verify().unwrap().ok());
}

pub fn receptions_bookings_and_supervision(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    with_leader(&mut store);
    let walk = store.check_in(OFFICER, &walk_in("张伟")).unwrap();
    let booked = store.check_in(OFFICER, &walk_in("李娜")).unwrap();
    let unit = store.units().unwrap().remove(0).name;
    let today = d("2026-11-02");
    let rec = store
        .reception_add(
            OFFICER,
            &ReceptionInput {
                leader: LEADER.into(),
                day: Some(today),
                time: "14:30".into(),
                place: "县信访局接待室".into(),
                topic: "城建领域信访事项".into(),
                announced: true,
                units: vec![unit.clone()],
                kind: None,
            },
        )
        .unwrap();
    assert_eq!((rec.leader.as_str(), rec.time.as_str()), (LEADER, "14:30"));
    assert!(rec.announced);
    assert_eq!((rec.units.clone(), rec.visits), (vec![unit.clone()], 0));

    let b = store
        .reception_book(OFFICER, rec.id, booked.petitioner_id, Some(&booked.case_no))
        .unwrap();
    assert_eq!(
        (b.name.as_str(), b.case_no.as_deref()),
        ("李娜", Some(booked.case_no.as_str()))
    );
    assert!(matches!(
        store.reception_book(OFFICER, rec.id, booked.petitioner_id, None),
        Err(StoreError::Leaders(LeadersProblem::AlreadyBooked))
    ));

    // The walk-in is routed there first; the leader's word comes later.
    let routed = store
        .reception_record(OFFICER, rec.id, &Received::Queue(1), &Opinion::default())
        .unwrap();
    assert_eq!(routed.opinion, None);
    let marks = store.reception_marks().unwrap();
    let shown: Vec<(i64, Option<i64>, bool)> = marks
        .iter()
        .map(|m| (m.petitioner_id, m.contact_id, m.word))
        .collect();
    assert_eq!(
        shown,
        vec![
            (booked.petitioner_id, None, false),
            (walk.petitioner_id, Some(walk.contact_id), false)
        ]
    );
    let word = Opinion {
        text: Some("请住建局十日内答复".into()),
        assign_unit: Some(unit.clone()),
        deadline: Some(d("2026-11-20")),
    };
    let visit = store
        .reception_record(OFFICER, rec.id, &Received::Queue(1), &word)
        .unwrap();
    assert_eq!(visit.id, routed.id, "the same visit, filled in");
    assert_eq!(visit.assign_unit.as_deref(), Some(unit.as_str()));
    assert!(matches!(
        store.reception_record(OFFICER, rec.id, &Received::Queue(1), &word),
        Err(StoreError::Leaders(LeadersProblem::AlreadyRecorded))
    ));
    let visits = store.reception_visits(today, today).unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].opinion.as_deref(), Some("请住建局十日内答复"));
    assert_eq!(visits[0].case_no.as_deref(), Some(walk.case_no.as_str()));
    assert_eq!(store.receptions(today, today).unwrap()[0].visits, 1);
    assert_eq!(store.leader_assignments().unwrap().len(), 1);
    assert!(store.reception_marks().unwrap()[1].word);
    assert_eq!(store.bookings(today, today).unwrap().len(), 1);

    // 督办 on the walk-in's case: open until its result is in.
    let s = store
        .supervise(
            OFFICER,
            &walk.case_no,
            "督字〔2026〕3号",
            d("2026-11-30"),
            Some("限期办结"),
        )
        .unwrap();
    assert_eq!(
        (s.doc_no.as_str(), s.deadline),
        ("督字〔2026〕3号", d("2026-11-30"))
    );
    assert_eq!(store.supervisions(true).unwrap().len(), 1);
    store
        .supervise_result(OFFICER, &walk.case_no, "已办结，当事人息诉")
        .unwrap();
    assert!(store.supervisions(true).unwrap().is_empty());
    let all = store.supervisions(false).unwrap();
    assert_eq!(all[0].result.as_deref(), Some("已办结，当事人息诉"));
    assert_eq!(all[0].answered_on, Some(today));
    assert!(store.verify().unwrap().ok());
}

pub fn screening_plans_and_divisions(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let list = [
        ("341122", "城关县", DivisionLevel::County, None),
        ("341122100", "城关镇", DivisionLevel::Town, Some("341122")),
        (
            "341122100201",
            "幸福村",
            DivisionLevel::Village,
            Some("341122100"),
        ),
    ]
    .map(|(code, name, level, parent)| Division {
        code: code.into(),
        name: name.into(),
        level,
        parent: parent.map(Into::into),
    });
    // Loaded out of order, listed by code.
    let mut shuffled = list.to_vec();
    shuffled.reverse();
    assert_eq!(store.load_divisions(OFFICER, &shuffled).unwrap(), 3);
    assert_eq!(store.divisions().unwrap(), list.to_vec());

    let person = store.check_in(OFFICER, &walk_in("赵六")).unwrap();
    let round = store
        .report_round(OFFICER, ScopeKind::Area, "城关镇", None, false)
        .unwrap();
    assert_eq!(
        (round.due_on.as_str(), round.zero, round.items),
        ("2026-11-01", false, 0)
    );
    assert!(store
        .report_round(OFFICER, ScopeKind::Area, "城关镇", None, true)
        .is_err());
    let item = store
        .add_screening_item(
            OFFICER,
            round.id,
            &ItemInput {
                factor: "征地补偿纠纷".into(),
                area: "城关镇幸福村".into(),
                people: vec![person.petitioner_id, person.petitioner_id],
                risk: RiskLevel::Major,
                owner: "张镇长".into(),
                measures: "入户走访".into(),
                deadline: d("2026-11-25"),
            },
        )
        .unwrap();
    assert_eq!(item.state, ItemState::Resolving);
    let people: Vec<&str> = item.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(people, ["赵六"]);
    let done = store
        .set_screening_item_state(OFFICER, item.id, ItemState::Resolved)
        .unwrap();
    assert_eq!(done.state, ItemState::Resolved);
    let reg = store.screening_register(Some(d("2026-11-01"))).unwrap();
    assert_eq!(reg.rounds.len(), 1);
    assert_eq!(reg.rounds[0].items, 1);
    assert_eq!(reg.items.len(), 1);
    assert_eq!(reg.items[0].risk, RiskLevel::Major);

    // A plan for a group visit, its log, its close.
    let mut group = walk_in("周建国");
    group.intake.headcount = Some(25);
    let group = store.check_in(OFFICER, &group).unwrap();
    let plan = store
        .start_plan(
            OFFICER,
            &PlanStart {
                contact_id: Some(group.contact_id),
                area: Some("城关镇".into()),
                reason: "征地补偿集体访".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((plan.headcount, plan.area.as_str()), (25, "城关镇"));
    assert_eq!(plan.contact_id, Some(group.contact_id));
    assert!(!plan.notify.is_empty());
    store.set_time(at("2026-11-02T09:20:00+08:00"));
    store
        .log_plan(OFFICER, plan.id, PlanLogKind::Notified, "公安", "")
        .unwrap();
    store.set_time(at("2026-11-02T10:00:00+08:00"));
    let closed = store
        .close_plan(OFFICER, plan.id, "已劝离，转城关镇接谈")
        .unwrap();
    assert_eq!(
        closed.closed_at.as_deref(),
        Some("2026-11-02T10:00:00+08:00")
    );
    let kinds: Vec<PlanLogKind> = closed.log.iter().map(|l| l.kind).collect();
    assert_eq!(kinds.first(), Some(&PlanLogKind::Notified));
    assert!(store.plans(true, 10).unwrap().is_empty());
    let all = store.plans(false, 10).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0], store.plan(plan.id).unwrap());
    assert!(store
        .log_plan(OFFICER, plan.id, PlanLogKind::Note, "", "x")
        .is_err());
    assert!(store.verify().unwrap().ok());
}

pub fn ratings_and_follow_ups(h: &dyn Harness) {
    let mut store = h.fresh(at(MONDAY));
    let r = store.check_in(OFFICER, &walk_in("赵兰")).unwrap();
    step(&mut store, &r.case_no, CaseStep::Accept).unwrap();
    store.set_time(at("2026-11-10T10:00:00+08:00"));
    step(&mut store, &r.case_no, CaseStep::Reply).unwrap();
    store.set_time(at("2026-11-12T11:00:00+08:00"));
    let rating = |result| Evaluation {
        stage: RatingStage::Reply,
        result,
        via: RatingVia::Phone,
        date: None,
        text: None,
    };
    let e = store
        .evaluate(OFFICER, &r.case_no, &rating(RatingResult::Dissatisfied))
        .unwrap();
    let due = e.follow_up.expect("a 回访 for the 科长");
    assert_eq!(due.chief, OFFICER);
    assert!(store
        .evaluate(OFFICER, &r.case_no, &rating(RatingResult::Satisfied))
        .is_err());
    let open = store.follow_ups(true).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].case_no.as_str(), open[0].name.as_str()),
        (r.case_no.as_str(), "赵兰")
    );
    assert_eq!(
        (open[0].rated_on, open[0].due_on),
        (d("2026-11-12"), due.due_on)
    );
    assert_eq!(open[0].stage, RatingStage::Reply);

    store.set_time(at("2026-11-15T11:00:00+08:00"));
    store
        .follow_up(
            OFFICER,
            &r.case_no,
            &FollowUp {
                result: FollowUpResult::Settled,
                text: Some("电话回访，当事人表示息诉".into()),
                date: None,
            },
        )
        .unwrap();
    assert!(store.follow_ups(true).unwrap().is_empty());
    let all = store.follow_ups(false).unwrap();
    assert_eq!(all[0].closed_on, Some(d("2026-11-15")));
    assert_eq!(all[0].result, Some(FollowUpResult::Settled));
    let report = store
        .follow_ups_for_report(d("2026-11-01"), d("2026-11-30"))
        .unwrap();
    assert_eq!(report, all);
    assert!(store.verify().unwrap().ok());
}
