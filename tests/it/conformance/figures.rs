//! The office's figures and outputs on every backend: one small month built
//! through the port with a pinned clock — walk-ins, a collective visit, a letter
//! not accepted, a transfer, a matter from above reported back, a repeat visit
//! after the reply, an enquiry, a duplicate merged, a linked matter, a 老户 and an
//! overdue case — and its figures (numerators and denominators), `stats` counts,
//! exported rows, case pages and handover counted by hand.
//!
//! November 2026, seen on the 28th; `O` and `K` are from before it:
//!
//! | case | day   | what                                                        |
//! |------|-------|-------------------------------------------------------------|
//! | K    | 04-01 | letter of 钱老户 (marked 老户 that day), not accepted 04-02  |
//! | O    | 10-01 | visit of 冯逾期, never routed: its route clock ran out 10-16 |
//! | A    | 11-02 | visit of 张伟 (ID, phone), accepted 11-02, replied 11-10     |
//! | B    | 11-02 | collective visit of 6 (李娜), accepted 11-03, still open     |
//! | C    | 11-03 | letter of 王芳, not accepted 11-04                           |
//! | D    | 11-04 | visit of 赵强, transferred to a unit 11-04                   |
//! | E    | 11-05 | 吴上级, assigned from above (due 11-20); replied 11-12, reported back 11-13 |
//! | a    | 11-16 | 张伟 again on A, after its reply: a repeat                   |
//! | b    | 11-17 | 李娜 asks how B stands: an enquiry, not a repeat              |
//! | H    | 11-18 | 张伟 on a new matter, merged into A the same day              |
//! | I    | 11-19 | 孙七, linked to A (an earlier matter)                         |

use super::{at, OFFICER};
use jiedai::domain::assigned::UpperInput;
use jiedai::domain::intake::IntakeInput;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::notices::{NoticeKind, NoticeVia};
use jiedai::domain::ratings::{RatingResult, RatingStage, RatingVia};
use jiedai::domain::{CaseStatus, Channel, EventKind, Flag, Source};
use jiedai::store::{
    CaseStepInput, CheckIn, DayRange, Evaluation, FigureReport, Notice, ReportBack, Store,
    StoreError,
};
use std::collections::HashMap;

pub const TODAY: &str = "2026-11-28T10:30:00+08:00";
const ID_A: &str = "11010519491231002X";
const PHONE_A: &str = "13812345678";

/// The month's record and its case numbers by their letter in the table above.
pub struct Month {
    pub store: Store,
    pub no: HashMap<char, String>,
    pub who: HashMap<char, i64>,
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

impl Month {
    fn on(&mut self, day: &str) -> &mut Store {
        self.store.set_time(at(&format!("{day}T09:00:00+08:00")));
        &mut self.store
    }

    fn check_in(&mut self, key: char, day: &str, c: CheckIn) {
        let r = self.on(day).check_in(OFFICER, &c).unwrap();
        self.no.entry(key).or_insert(r.case_no);
        self.who.entry(key).or_insert(r.petitioner_id);
    }

    /// A step of case `key`, told in writing the same day when it is a decision.
    fn step(&mut self, key: char, day: &str, step: CaseStep, unit: Option<String>) {
        let no = self.no[&key].clone();
        let input = CaseStepInput {
            unit,
            text: Some("已书面答复".into()),
            ..Default::default()
        };
        self.on(day).case_step(OFFICER, &no, step, &input).unwrap();
        if let Some(kind) = NoticeKind::for_decision(step.event_kind()) {
            let notice = Notice {
                kind,
                via: NoticeVia::Post,
                date: None,
            };
            self.on(day).notify(OFFICER, &no, &notice).unwrap();
        }
    }

    /// Joins case `key` as its petitioner.
    fn again(&self, key: char, mut c: CheckIn) -> CheckIn {
        c.case_no = Some(self.no[&key].clone());
        c.petitioner_id = Some(self.who[&key]);
        c.settled = true;
        c
    }
}

fn contact(name: &str, category: Option<&str>) -> CheckIn {
    CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映小区物业违规收费".into(),
            category: category.map(Into::into),
            ..Default::default()
        },
        settled: true,
        ..Default::default()
    }
}

/// Builds the month on `store` (a new record whose roster is empty).
pub fn build_month(store: Store) -> Month {
    let mut m = Month {
        store,
        no: HashMap::new(),
        who: HashMap::new(),
    };
    let mut k = contact("钱老户", Some("劳动和社会保障"));
    k.intake.channel = Some(Channel::Letter);
    m.check_in('K', "2026-04-01", k);
    let old = m.who[&'K'];
    m.on("2026-04-01")
        .mark_long_standing(OFFICER, old, true)
        .unwrap();
    m.step('K', "2026-04-02", CaseStep::NotAccept, None);
    m.check_in('O', "2026-10-01", contact("冯逾期", None));

    let mut a = contact("张伟", Some("城乡建设"));
    a.intake.id_number = Some(ID_A.into());
    a.intake.phone = Some(PHONE_A.into());
    m.check_in('A', "2026-11-02", a);
    m.step('A', "2026-11-02", CaseStep::Accept, None);
    let mut b = contact("李娜", Some("物业管理"));
    b.intake.headcount = Some(6);
    m.check_in('B', "2026-11-02", b);
    m.step('B', "2026-11-03", CaseStep::Accept, None);
    let mut c = contact("王芳", Some("城乡建设/住房保障"));
    c.intake.channel = Some(Channel::Letter);
    m.check_in('C', "2026-11-03", c);
    m.step('C', "2026-11-04", CaseStep::NotAccept, None);
    m.check_in('D', "2026-11-04", contact("赵强", Some("教育")));
    let unit = m.store.units().unwrap().remove(0).name;
    m.step('D', "2026-11-04", CaseStep::Transfer, Some(unit));
    let mut e = contact("吴上级", Some("城乡建设"));
    e.source = Some(Source::AssignedFromAbove);
    e.upper = UpperInput {
        from_office: Some("市信访局".into()),
        due: Some(day("2026-11-20")),
        ..Default::default()
    };
    m.check_in('E', "2026-11-05", e);
    m.step('E', "2026-11-05", CaseStep::Accept, None);
    m.step('A', "2026-11-10", CaseStep::Reply, None);
    m.step('E', "2026-11-12", CaseStep::Reply, None);
    let e_no = m.no[&'E'].clone();
    let report = ReportBack {
        text: "已办结并报告市信访局".into(),
        doc_no: None,
        date: None,
    };
    m.on("2026-11-13")
        .report_back(OFFICER, &e_no, &report)
        .unwrap();

    let repeat = m.again('A', contact("张伟", None));
    m.check_in('a', "2026-11-16", repeat);
    let mut enquiry = m.again('B', contact("李娜", None));
    enquiry.enquiry = true;
    m.check_in('b', "2026-11-17", enquiry);
    let mut dup = contact("张伟", Some("城乡建设"));
    dup.petitioner_id = Some(m.who[&'A']);
    m.check_in('H', "2026-11-18", dup);
    let (h, a) = (m.no[&'H'].clone(), m.no[&'A'].clone());
    m.on("2026-11-18")
        .merge_case(OFFICER, &h, &a, Some("同一事项"))
        .unwrap();
    m.check_in('I', "2026-11-19", contact("孙七", None));
    let i = m.no[&'I'].clone();
    m.on("2026-11-19")
        .annotate(OFFICER, &i, EventKind::Link, &a)
        .unwrap();
    m.store.set_time(at(TODAY));
    m
}

fn november(m: &Month) -> FigureReport {
    m.store
        .figure_report(day("2026-11-01"), day("2026-11-30"), None)
        .unwrap()
}

fn nos(m: &Month, keys: &str) -> Vec<String> {
    let mut v: Vec<String> = keys.chars().map(|k| m.no[&k].clone()).collect();
    v.sort();
    v
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// (numerator, denominator) of a figure, with the cases behind both.
fn parts(rep: &FigureReport, name: &str) -> (u64, u64, Vec<String>, Vec<String>) {
    let f = rep.figure(name).unwrap();
    (
        f.numerator,
        f.denominator,
        sorted(&f.numerator_cases),
        sorted(&f.denominator_cases),
    )
}

pub fn figures_of_a_hand_built_month(h: &dyn super::Harness) {
    let m = build_month(h.fresh(at(TODAY)));
    let rep = november(&m);
    // Counted as of today: the 28th.
    assert_eq!(rep.as_of, day("2026-11-28"));

    // Walk-ins A B(6) D E a b H I: 8 batches, 13 people; C is a letter.
    let f = rep.figure("visit_volume").unwrap();
    assert_eq!((f.numerator, f.denominator), (13, 8), "{f:?}");
    assert_eq!(
        (rep.volume.collective_batches, rep.volume.collective_people),
        (1, 6)
    );
    assert_eq!(rep.volume.other_contacts, 1);

    // Initial matters due or closed in the month: A (replied) and C (not
    // accepted); B is due in January, D transferred, E from above, H merged,
    // I linked to A.
    let (n, d, num, den) = parts(&rep, "initial_closed_rate");
    assert_eq!((n, d), (2, 2));
    assert_eq!((num, den), (nos(&m, "AC"), nos(&m, "AC")));

    // E's upper deadline (the 20th) fell in the month; reported back the 13th.
    let (n, d, _, den) = parts(&rep, "upper_closed_rate");
    assert_eq!((n, d, den), (1, 1, nos(&m, "E")));

    // Closed in the month: A, C, E, all within their clocks.
    let (n, d, _, den) = parts(&rep, "on_time_rate");
    assert_eq!((n, d, den), (3, 3, nos(&m, "ACE")));

    // No reply's review window (30 days) has ended yet.
    assert_eq!(parts(&rep, "settled_rate").1, 0);

    // New matters not merged: A B C D E I; A alone came again (b is an enquiry).
    let (n, d, num, den) = parts(&rep, "repeat_rate_permille");
    assert_eq!((n, d), (1, 6));
    assert_eq!((num, den), (nos(&m, "A"), nos(&m, "ABCDEI")));

    // 钱老户, on the roster since April, quiet for six months by the 28th.
    let (n, d, num, _) = parts(&rep, "long_standing_resolved_rate");
    assert_eq!((n, d), (1, 1));
    assert_eq!(num, vec![format!("#{}", m.who[&'K'])]);

    // Rating windows (7 days) lapsed unrated in the month: A's acceptance and
    // reply, B's acceptance, E's acceptance and reply.
    let (n, d, _, den) = parts(&rep, "rated_share");
    assert_eq!((n, d), (0, 5));
    assert_eq!(den, nos(&m, "AABEE"));
    assert_eq!(parts(&rep, "satisfied_rate").1, 0);

    // O never routed: past its route clock now.
    assert_eq!(rep.overdue.total, 1);
    assert_eq!(rep.overdue.by_clock, [("route".to_string(), 1)]);
    assert_eq!(rep.facts.overdue[0].case_no, m.no[&'O']);

    // What `--explain` lists: the first petitioner's name, never an identifier.
    let a = &rep.facts.cases[&m.no[&'A']];
    assert_eq!(
        (a.name.as_str(), a.category.as_deref(), a.closed_on),
        ("张伟", Some("城乡建设"), Some(day("2026-11-10")))
    );
    assert_eq!(a.handle_due, Some(day("2027-01-01")));
    // Categories fold to their top level: B picked a second-level one.
    let b = &rep.facts.cases[&m.no[&'B']];
    assert_eq!(b.category.as_deref(), Some("城乡建设"));
    let new: HashMap<_, _> = rep
        .by_category
        .iter()
        .map(|bar| (bar.key.clone(), bar.new_matters))
        .collect();
    assert_eq!(new.get(&Some("城乡建设".to_string())), Some(&4), "{new:?}");
}

pub fn stats_of_a_hand_built_month(h: &dyn super::Harness) {
    let m = build_month(h.fresh(at(TODAY)));
    let s = m.store.stats(day("2026-11-01"), day("2026-11-30")).unwrap();
    // Contacts: A B C D E a b H I.
    assert_eq!((s.batches, s.people), (9, 14));
    let channel = |c: Channel| {
        let f = s.by_channel.iter().find(|f| f.channel == c).unwrap();
        (f.batches, f.people)
    };
    assert_eq!(channel(Channel::Visit), (8, 13));
    assert_eq!(channel(Channel::Letter), (1, 1));
    // New matters: A B C D E H I (a merged duplicate was still registered).
    assert_eq!(s.new_cases, 7);
    let status = |st: CaseStatus| {
        s.cases_by_status
            .iter()
            .find(|f| f.status == st)
            .unwrap()
            .cases
    };
    assert_eq!(status(CaseStatus::Replied), 2, "{:?}", s.cases_by_status);
    assert_eq!(status(CaseStatus::Accepted), 1);
    assert_eq!(status(CaseStatus::NotAccepted), 1);
    assert_eq!(status(CaseStatus::Transferred), 1);
    assert_eq!(status(CaseStatus::Registered), 2);
    // 城乡建设 (A, B via 物业管理, C via its path, E, H): contacts A B(6) C E a b H.
    let top = s
        .by_category
        .iter()
        .find(|c| c.category.as_deref() == Some("城乡建设"))
        .unwrap();
    assert_eq!((top.batches, top.people, top.new_cases), (7, 12, 5));
    assert_eq!(s.by_category[0].category.as_deref(), Some("城乡建设"));
    let none = s.by_category.last().unwrap();
    assert_eq!(
        (none.category.as_deref(), none.batches, none.new_cases),
        (None, 1, 1)
    );
    assert_eq!(
        (
            s.flagged.repeat,
            s.flagged.collective,
            s.flagged.long_standing,
            s.flagged.closed_matter
        ),
        (1, 1, 0, 0)
    );
    // A replied after 8 days, E after 7.
    assert_eq!(s.replied.cases, 2);
    assert_eq!(s.replied.average_days, Some(7.5));
    assert_eq!(s.overdue_now, 1);
    assert_eq!(s.as_of, "2026-11-28T10:30:00+08:00");
}

pub fn export_of_a_hand_built_month(h: &dyn super::Harness) {
    let m = build_month(h.fresh(at(TODAY)));
    let month = DayRange {
        from: Some(day("2026-11-01")),
        to: Some(day("2026-11-30")),
    };
    assert_eq!(m.store.count_contacts(month).unwrap(), 9);
    assert_eq!(m.store.count_contacts(DayRange::default()).unwrap(), 11);
    let mut rows = Vec::new();
    let n = m
        .store
        .export_contacts(month, false, |r| {
            rows.push(r.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 9);
    let cases: Vec<&str> = rows.iter().map(|r| r.case_no.as_str()).collect();
    let keys = "ABCDEABHI";
    let want: Vec<&str> = keys.chars().map(|k| m.no[&k].as_str()).collect();
    assert_eq!(cases, want, "oldest first");
    let first = &rows[0];
    assert_eq!(first.name, "张伟");
    assert_ne!(first.id_number.as_deref(), Some(ID_A), "masked");
    assert!(first.id_number.as_deref().unwrap().contains('*'));
    assert_ne!(first.phone.as_deref(), Some(PHONE_A), "masked");
    assert_eq!(first.case_status, CaseStatus::Replied);
    assert_eq!(first.category.as_deref(), Some("城乡建设"));
    assert_eq!(
        (first.first_officer.as_str(), first.officer.as_str()),
        (OFFICER, OFFICER)
    );
    assert_eq!(rows[1].headcount, 6);
    assert!(rows[1].flags.contains(&Flag::Collective));
    assert_eq!(rows[2].channel, Channel::Letter);
    assert!(rows[2].letter_no.is_some() && rows[2].queue_no.is_none());
    assert!(rows[3].unit.is_some(), "D went to a unit");
    assert!(
        rows[4].flags.contains(&Flag::FromAbove),
        "{:?}",
        rows[4].flags
    );
    assert!(rows[5].flags.contains(&Flag::Repeat), "{:?}", rows[5].flags);
    assert!(
        rows[6].flags.contains(&Flag::Enquiry),
        "{:?}",
        rows[6].flags
    );
    assert!(!rows[6].flags.contains(&Flag::Repeat));

    let mut shown = Vec::new();
    m.store
        .export_contacts(month, true, |r| {
            shown.push(r.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(shown[0].id_number.as_deref(), Some(ID_A));
    assert_eq!(shown[0].phone.as_deref(), Some(PHONE_A));
    // An export stopped by its writer stops the read, and says why.
    let mut seen = 0;
    let stopped = m.store.export_contacts(month, false, |_| {
        seen += 1;
        Err(jiedai::store::StoreError::Invalid("disk full".into()))
    });
    assert!(matches!(
        stopped,
        Err(jiedai::store::StoreError::Invalid(_))
    ));
    assert_eq!(seen, 1);
}

pub fn case_pages_of_a_hand_built_month(h: &dyn super::Harness) {
    let m = build_month(h.fresh(at(TODAY)));
    let a = m.store.case_detail(&m.no[&'A']).unwrap();
    assert_eq!(a.case.status, CaseStatus::Replied);
    assert_eq!(a.contacts.len(), 2, "the visit and the repeat");
    let kinds: Vec<EventKind> = a.events.iter().map(|e| e.kind).collect();
    assert!(
        kinds.contains(&EventKind::Link),
        "the merge is told on A: {kinds:?}"
    );
    let h_page = m.store.case_detail(&m.no[&'H']).unwrap();
    assert_eq!(h_page.merged_into.as_deref(), Some(m.no[&'A'].as_str()));
    let e = m.store.case_detail(&m.no[&'E']).unwrap();
    assert_eq!(e.reported_back_on, Some(day("2026-11-13")));
    let i = m.store.case_detail(&m.no[&'I']).unwrap();
    assert!(!i.initial, "linked to an earlier matter");
    assert!(a.initial);

    // The handover of the month's desk: every contact 王科员 registered in it.
    let summary = m
        .store
        .handover_summary(
            OFFICER,
            jiedai::time::parse_instant("2026-11-01T00:00:00+08:00"),
            jiedai::time::parse_instant("2026-11-30T00:00:00+08:00"),
        )
        .unwrap();
    assert_eq!((summary.batches, summary.people), (9, 14));
    assert_eq!(summary.new_cases.len(), 7);
    assert_eq!(summary.flagged.collective.len(), 1);
    assert_eq!(summary.flagged.repeat.len(), 1);
    assert!(m.store.verify().unwrap().ok());
}

/// Rates a decision through the port; false when this backend does not keep
/// ratings yet (PostgreSQL until its ratings are ported), so the check says it
/// skipped instead of failing.
fn rate(m: &mut Month, key: char, on: &str, stage: RatingStage, result: RatingResult) -> bool {
    let no = m.no[&key].clone();
    let e = Evaluation {
        stage,
        result,
        via: RatingVia::Phone,
        date: None,
        text: None,
    };
    match m.on(on).evaluate(OFFICER, &no, &e) {
        Ok(_) => true,
        Err(StoreError::Invalid(why)) if why.contains("not supported on PostgreSQL yet") => {
            eprintln!("skipped: {why}");
            false
        }
        Err(e) => panic!("{e}"),
    }
}

pub fn ratings_in_the_figures_of_the_month(h: &dyn super::Harness) {
    let mut m = build_month(h.fresh(at(TODAY)));
    // E's acceptance rated 满意 on the 6th; A's reply 不满意 on the 12th.
    if !rate(
        &mut m,
        'E',
        "2026-11-06",
        RatingStage::Accept,
        RatingResult::Satisfied,
    ) {
        return;
    }
    assert!(rate(
        &mut m,
        'A',
        "2026-11-12",
        RatingStage::Reply,
        RatingResult::Dissatisfied
    ));
    m.store.set_time(at(TODAY));
    let rep = november(&m);
    // Five windows in the month (see the figures above), two of them rated.
    let (n, d, num, den) = parts(&rep, "rated_share");
    assert_eq!((n, d), (2, 5));
    assert_eq!((num, den), (nos(&m, "AE"), nos(&m, "AABEE")));
    // Unrated windows count in 满意率 only when the office says so (it does not).
    let (n, d, num, _) = parts(&rep, "satisfied_rate");
    assert_eq!((n, d, num), (1, 2, nos(&m, "E")));
    let (n, d, num, _) = parts(&rep, "dissatisfied_rate");
    assert_eq!((n, d, num), (1, 2, nos(&m, "A")));
    // The rest stands as it was.
    assert_eq!(parts(&rep, "on_time_rate").0, 3);
}
