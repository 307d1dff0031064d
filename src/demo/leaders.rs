//! The leaders' year for the demo: county leaders who each own a handful of 老户
//! (包案, some opened before the year so the frozen roster has people on it, most
//! settled by 息访 and a few not), a reception day a month each (接访, 下访,
//! 联合接访) with people received and 领导交办, leaders' 批示 and 督办单 on open
//! cases (some overdue), and a reception today and tomorrow. It goes through the
//! store's own operations, with the clock set to each act's day.

use super::gen::{self, DemoRng};
use crate::domain::catalog::DEFAULT_UNITS;
use crate::domain::intake::IntakeInput;
use crate::domain::leaders::{parse_evidence, ReceptionKind};
use crate::domain::roster::OfficerRole;
use crate::domain::Channel;
use crate::store::{
    BaoanInput, CheckIn, Enrolment, Opinion, Received, ReceptionInput, Result, Store,
};
use crate::time::TimeSource;
use chrono::{Datelike, Days, NaiveDate, TimeZone};
use serde::Serialize;

/// The county's leaders who receive and own cases.
pub const LEADERS: &[&str] = &["赵县长", "钱副县长", "孙副书记", "周部长"];
const TITLES: &[&str] = &["县长", "副县长", "县委副书记", "政法委书记"];

const PLANS: &[&str] = &[
    "包案领导每月约谈一次，责任单位限期核实并书面答复",
    "召开联席会议，逐项研究诉求，依法依规解决合理部分",
    "落实稳控责任人每周走访，帮扶解决实际困难",
    "依法终结后做好思想疏导，防止越级上访",
];

const PLACES: &[&str] = &[
    "县信访局接待大厅",
    "县行政服务中心三楼",
    "城关镇政府",
    "河口村村委会",
];

const TOPICS: &[&str] = &[
    "城乡建设与住房",
    "劳动和社会保障",
    "征地拆迁补偿",
    "农村土地承包",
    "教育与医疗",
];

const OPINIONS: &[&str] = &[
    "请责任单位十日内核实情况，依法依规答复信访人。",
    "此事要高度重视，合理诉求要解决到位。",
    "请县住建局牵头，会同城关镇现场调查处理。",
    "已终结事项，做好解释疏导工作。",
];

/// What the leaders' year added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeadersDemo {
    pub baoan: u32,
    pub resolved: u32,
    pub receptions: u32,
    pub received: u32,
    pub instructions: u32,
    pub supervisions: u32,
    /// People booked in advance for today's and tomorrow's receptions.
    pub booked: u32,
}

/// Adds the leaders' year to a filled demo record. `officer` is who keys it in.
pub fn fill_leaders(store: &mut Store, seed: u64) -> Result<LeadersDemo> {
    let time = store.time().clone();
    let now = time.now();
    let offset = *now.offset();
    let today = now.date_naive();
    let at = |day: NaiveDate, h: u32| {
        day.and_hms_opt(h, 0, 0)
            .and_then(|t| offset.from_local_datetime(&t).single())
            .unwrap_or(now)
    };
    let mut rng = DemoRng::new(seed ^ 0x01ea_de75);
    let mut out = LeadersDemo::default();
    for (leader, title) in LEADERS.iter().zip(TITLES) {
        store.add_officer_with(&Enrolment {
            name: (*leader).into(),
            role: OfficerRole::Leader,
            title: Some((*title).into()),
            host_account: None,
        })?;
    }
    let clerk = gen::OFFICERS[0];
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);

    // The 老户: people who came again and again, found among a sample of everyone.
    let highest = store.highest_person_id()?;
    let mut regulars: Vec<(i64, String, bool)> = Vec::new();
    for _ in 0..600.min(highest) {
        let id = rng.range_i64(1, highest.max(1));
        if regulars.iter().any(|r| r.0 == id) {
            continue;
        }
        let Ok(person) = store.person_detail(id) else {
            continue;
        };
        if person.contacts.len() >= 3 {
            if let Some(case) = person.cases.first() {
                regulars.push((id, case.case_no.clone(), case.status.is_open()));
            }
        }
        if regulars.len() >= 24 {
            break;
        }
    }
    let result = (|| {
        for (i, (person, case_no, _)) in regulars.iter().enumerate() {
            // A third were taken on before the year: the frozen roster.
            let opened = if i % 3 == 0 {
                year_start - Days::new(rng.range_i64(20, 200) as u64)
            } else {
                year_start + Days::new(rng.range_i64(0, 200) as u64)
            }
            .min(today);
            store.set_time(TimeSource::Fixed(at(opened, 9)));
            let record = store.baoan_add(
                clerk,
                &BaoanInput {
                    petitioner_id: *person,
                    leader: LEADERS[i % LEADERS.len()].into(),
                    unit: (*rng.pick(DEFAULT_UNITS)).into(),
                    plan: (*rng.pick(PLANS)).into(),
                    target_date: Some(opened + Days::new(rng.range_i64(90, 300) as u64)),
                    case_no: Some(case_no.clone()),
                    keeper: Some(gen::person(&mut rng, today).name),
                },
            )?;
            out.baoan += 1;
            let closed = opened + Days::new(rng.range_i64(30, 330) as u64);
            if closed < today && rng.chance(0.75) {
                store.set_time(TimeSource::Fixed(at(closed, 16)));
                let evidence = *rng.pick(&["息访协议", "承诺书", "终结后无访6月"]);
                let xifang = rng.chance(0.85);
                let evidence = xifang.then(|| parse_evidence(evidence).ok()).flatten();
                store.baoan_close(clerk, record.id, closed, evidence)?;
                if evidence.is_some() {
                    out.resolved += 1;
                }
            }
        }

        // A reception day a month for each leader, most of them announced.
        let mut day = year_start;
        while day <= today {
            for (n, leader) in LEADERS.iter().enumerate() {
                let held = day + Days::new(n as u64 * 5 + 3);
                if held >= today {
                    continue;
                }
                let kind = *rng.pick(&[
                    ReceptionKind::Reception,
                    ReceptionKind::Reception,
                    ReceptionKind::Field,
                    ReceptionKind::Joint,
                ]);
                store.set_time(TimeSource::Fixed(at(held, 8)));
                let reception = store.reception_add(
                    clerk,
                    &ReceptionInput {
                        leader: (*leader).into(),
                        day: Some(held),
                        time: format!("{:02}:30", 9 + n),
                        place: (*rng.pick(PLACES)).into(),
                        topic: (*rng.pick(TOPICS)).into(),
                        announced: rng.chance(0.8),
                        units: vec![(*rng.pick(DEFAULT_UNITS)).into()],
                        kind: Some(kind),
                    },
                )?;
                out.receptions += 1;
                store.set_time(TimeSource::Fixed(at(held, 10 + n as u32)));
                for _ in 0..rng.range_i64(0, 3) {
                    let Some((person, case_no, open)) = regulars
                        .get(rng.below(regulars.len().max(1) as u64) as usize)
                        .cloned()
                    else {
                        break;
                    };
                    let assign = open && rng.chance(0.4);
                    store.reception_record(
                        clerk,
                        reception.id,
                        &Received::Person {
                            petitioner_id: person,
                            case_no: Some(case_no),
                        },
                        &Opinion {
                            text: Some((*rng.pick(OPINIONS)).into()),
                            assign_unit: assign.then(|| (*rng.pick(DEFAULT_UNITS)).into()),
                            deadline: assign.then(|| held + Days::new(15)),
                        },
                    )?;
                    out.received += 1;
                }
            }
            day = day
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(today + Days::new(2));
        }
        // Today's and tomorrow's receptions, announced a week ahead.
        let mut ahead = Vec::new();
        for (n, time) in [(0u64, "14:30"), (1, "09:00")] {
            let day = today + Days::new(n);
            store.set_time(TimeSource::Fixed(at(day - Days::new(7), 10)));
            let r = store.reception_add(
                clerk,
                &ReceptionInput {
                    leader: LEADERS[n as usize + 1].into(),
                    day: Some(day),
                    time: time.into(),
                    place: PLACES[0].into(),
                    topic: TOPICS[n as usize].into(),
                    announced: true,
                    units: Vec::new(),
                    kind: Some(ReceptionKind::Reception),
                },
            )?;
            ahead.push(r.id);
            out.receptions += 1;
        }

        // 批示 and 督办 on the open cases of the 老户.
        for (i, (_, case_no, open)) in regulars.iter().enumerate() {
            if !open {
                continue;
            }
            let set = today - Days::new(rng.range_i64(3, 40) as u64);
            store.set_time(TimeSource::Fixed(at(set, 11)));
            let opinion: &str = rng.pick::<&str>(OPINIONS);
            store.instruct(clerk, case_no, LEADERS[i % LEADERS.len()], opinion)?;
            out.instructions += 1;
            if rng.chance(0.6) {
                let deadline = set + Days::new(rng.range_i64(10, 45) as u64);
                let doc = format!("督字〔{}〕{}号", set.year(), 10 + i);
                store.supervise(clerk, case_no, &doc, deadline, None)?;
                out.supervisions += 1;
                if deadline < today && rng.chance(0.5) {
                    store.set_time(TimeSource::Fixed(at(deadline, 15)));
                    store.supervise_result(clerk, case_no, "责任单位已书面反馈办理情况")?;
                }
            }
        }
        // Two of the 老户 booked a place with the leader a few days ago; the first
        // comes back this morning, and the desk flags them 包案.
        let open: Vec<&(i64, String, bool)> = regulars.iter().filter(|r| r.2).collect();
        for (who, reception) in open.iter().zip(&ahead) {
            store.set_time(TimeSource::Fixed(at(today - Days::new(3), 15)));
            store.reception_book(clerk, *reception, who.0, Some(&who.1))?;
            out.booked += 1;
        }
        if let Some((person, case_no, _)) = open.first() {
            let name = store.person_detail(*person)?.card.name;
            // About the matter the leader owns, as every later contact is.
            let matter = super::plan::again(&store.case_detail(case_no)?.case.matter);
            store.set_time(TimeSource::Fixed(back_this_morning(store, now)?));
            let mut again = CheckIn {
                intake: IntakeInput {
                    name,
                    matter,
                    channel: Some(Channel::Visit),
                    ..Default::default()
                },
                case_no: Some(case_no.clone()),
                petitioner_id: Some(*person),
                ..Default::default()
            };
            again.intake.headcount = Some(1);
            store.check_in(clerk, &again)?;
        }
        Ok(())
    })();
    store.set_time(time);
    result.map(|_| out)
}

/// When the returning 老户 walks in: forty minutes ago, but never before the last
/// of today's walk-ins, whose queue numbers came first (numbers follow arrival).
fn back_this_morning(
    store: &Store,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    let last = store
        .queue(now.date_naive(), false)?
        .iter()
        .filter_map(|r| crate::time::parse_instant(&r.arrived_at))
        .max();
    let wanted = now - chrono::Duration::minutes(40);
    Ok(match last {
        Some(t) if t >= wanted => (t + chrono::Duration::minutes(3)).min(now),
        _ => wanted,
    })
}
