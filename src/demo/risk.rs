//! The registers' share of the demo: a county's division list, a year of
//! half-monthly screening rounds (mostly 零报告, some items, the current round not
//! yet in from every town), collective visits of which a few no round foresaw, one
//! plan for a sudden group visit from start to close, and notices of people who
//! went to the province or Beijing. Written through the store's own operations,
//! after the rest of the demo, so it obeys the same rules as real data.

use super::gen::DemoRng;
use crate::domain::intake::IntakeInput;
use crate::domain::risk::{
    parse_divisions, ItemState, PlanLogKind, RiskLevel, ScopeKind, VisitLevel,
};
use crate::domain::Channel;
use crate::store::risk_port::RiskIntake;
use crate::store::{CheckIn, Imported, ItemInput, PlanStart, Result, Store};
use crate::time::TimeSource;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;

/// A fictional county: code, name (towns of 9 digits, villages of 12).
const DIVISIONS: &str = "\
990101,城关县
990101100,城关镇
990101100201,幸福村
990101100202,红星村
990101101,河西乡
990101101201,河西村
990101102,东湖镇
990101102201,湖滨村
990101103,青山镇
990101103201,青山村
990101104,柳林乡
990101104201,柳林村
990101105,石桥镇
990101105201,石桥村
";

const FACTORS: &[(&str, RiskLevel)] = &[
    ("征地补偿款分配争议，村民酝酿集体上访", RiskLevel::Major),
    ("企业拖欠农民工工资，工人情绪激动", RiskLevel::Grave),
    ("小区业主与物业因收费标准发生纠纷", RiskLevel::General),
    ("宅基地边界纠纷，双方多次发生争执", RiskLevel::General),
    ("拆迁安置房延期交付，安置户联名反映", RiskLevel::Major),
    ("退役军人待遇落实问题，有串联苗头", RiskLevel::Major),
    ("学校撤并引发家长不满", RiskLevel::General),
];

const OWNERS: &[&str] = &["张建军", "刘德胜", "陈玉梅", "赵永强", "孙立新", "周海燕"];

/// What the registers' demo made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RiskDemo {
    pub rounds: u32,
    pub items: u32,
    pub collective_visits: u32,
    pub unscreened: u32,
    pub plans: u32,
    pub notices: u32,
}

fn at(day: NaiveDate, hour: u32, offset: FixedOffset) -> DateTime<FixedOffset> {
    let naive = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    offset
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&naive))
}

/// The collective visits through the year (at 9:00) and the notices from above
/// (at 11:00), each on a day before today: when the registers' share of the demo
/// registers its cases, so that the rest of the demo can keep their numbers back
/// (`demo::fill_reserving`) and every case number follows registration.
pub fn schedule(seed: u64, now: DateTime<FixedOffset>) -> Vec<DateTime<FixedOffset>> {
    let offset = *now.offset();
    let today = now.date_naive();
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let days = (today - year_start).num_days();
    let mut rng = DemoRng::new(seed ^ 0x5249_534B_DA7E);
    let before_today = |d: NaiveDate| d.min(today - Duration::days(1));
    let mut out = Vec::new();
    for _ in 0..COLLECTIVE_VISITS {
        let day = year_start + Duration::days(rng.range_i64(20, days.max(21) - 1));
        out.push(at(before_today(day), 9, offset));
    }
    for _ in 0..NOTICES {
        let day = year_start + Duration::days(rng.range_i64(0, (days - 1).max(0)));
        out.push(at(before_today(day), 11, offset));
    }
    out
}

const COLLECTIVE_VISITS: usize = 10;
const NOTICES: usize = 12;

/// Fills the registers for the year up to the store's today. `numbers` are the
/// case numbers kept back for [`schedule`]'s moments (none: drawn as they come).
pub fn fill(store: &mut Store, seed: u64, numbers: &[String]) -> Result<RiskDemo> {
    let time = store.time().clone();
    let result = fill_inner(store, seed, numbers);
    store.set_time(time);
    result
}

fn fill_inner(store: &mut Store, seed: u64, numbers: &[String]) -> Result<RiskDemo> {
    let officer = super::gen::OFFICERS[0];
    let now = store.now();
    let offset = *now.offset();
    let today = now.date_naive();
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let mut rng = DemoRng::new(seed ^ 0x5249_534B);
    let mut made = RiskDemo::default();
    let list = parse_divisions(DIVISIONS).unwrap_or_default();
    store.load_divisions(officer, &list)?;
    let towns: Vec<(String, String)> = list
        .iter()
        .filter(|d| d.code.len() == 9)
        .map(|d| (d.code.clone(), d.name.clone()))
        .collect();
    let villages: Vec<String> = list
        .iter()
        .filter(|d| d.code.len() == 12)
        .map(|d| d.code.clone())
        .collect();

    // A year of rounds; the current one is not yet in from every town.
    let days = store.rules().risk.due_days();
    let dues = crate::domain::risk::due_dates_between(&days, year_start, today);
    for (n, due) in dues.iter().enumerate() {
        let current = n + 1 == dues.len();
        for (_, town) in &towns {
            if current && rng.chance(0.4) {
                continue;
            }
            store.set_time(TimeSource::Fixed(at(
                *due,
                10 + rng.below(6) as u32,
                offset,
            )));
            let zero = rng.chance(0.65);
            let round = store.report_round(officer, ScopeKind::Area, town, Some(*due), zero)?;
            made.rounds += 1;
            if zero {
                continue;
            }
            for _ in 0..=rng.below(2) {
                let (factor, risk) = rng.pick(FACTORS);
                let deadline = *due + Duration::days(rng.range_i64(10, 30));
                let item = store.add_screening_item(
                    officer,
                    round.id,
                    &ItemInput {
                        factor: factor.to_string(),
                        area: town.clone(),
                        people: Vec::new(),
                        risk: *risk,
                        owner: rng.pick(OWNERS).to_string(),
                        measures: "专人包保，入户走访，每周研判".into(),
                        deadline,
                    },
                )?;
                made.items += 1;
                if deadline < today && rng.chance(0.85) {
                    let state = if rng.chance(0.9) {
                        ItemState::Resolved
                    } else {
                        ItemState::Reported
                    };
                    store.set_time(TimeSource::Fixed(at(deadline, 16, offset)));
                    store.set_screening_item_state(officer, item.id, state)?;
                }
            }
        }
    }

    // Collective visits through the year, from the villages; some unforeseen. Then
    // notices from above: people of ours received in the province or in Beijing.
    let people = store.highest_person_id()?;
    let when = schedule(seed, now);
    for (i, arrived) in when.iter().enumerate() {
        store.set_time(TimeSource::Fixed(*arrived));
        let imported = Imported {
            open_as: numbers
                .get(i)
                .filter(|n| !store.case_exists(n).unwrap_or(true))
                .cloned(),
            ..Default::default()
        };
        let village = rng.pick(&villages).clone();
        if i < COLLECTIVE_VISITS {
            let headcount = if i == 0 { 35 } else { 5 + rng.below(10) as u32 };
            let request = visit(&mut rng, headcount, people, store, arrived.date_naive())?;
            let result = store.check_in_full(
                officer,
                &request,
                &imported,
                &RiskIntake {
                    residence_code: Some(village),
                    ..Default::default()
                },
            )?;
            made.collective_visits += 1;
            made.unscreened += u32::from(result.flags.contains(&crate::domain::Flag::Unscreened));
            if i == 0 {
                plan(store, result.contact_id, arrived.date_naive(), offset)?;
                made.plans += 1;
            }
            continue;
        }
        let mut request = visit(&mut rng, 1, people, store, arrived.date_naive())?;
        request.intake.channel = Some(Channel::Call);
        request.intake.matter = "上级通报：我地人员越级上访".into();
        let level = if rng.chance(0.4) {
            VisitLevel::Capital
        } else {
            VisitLevel::Province
        };
        let r = store.check_in_full(
            officer,
            &request,
            &imported,
            &RiskIntake {
                level,
                notice: true,
                residence_code: Some(village),
                ..Default::default()
            },
        )?;
        made.notices += 1;
        if rng.chance(0.5) {
            store.set_time(TimeSource::Fixed(at(arrived.date_naive(), 18, offset)));
            store.record_return(officer, r.contact_id, "驻外工作组劝返，属地乡镇接回")?;
        }
    }
    Ok(made)
}

/// A settled walk-in by someone on record who had come before `day` (so their
/// flags read in date order), or else by someone new.
fn visit(
    rng: &mut DemoRng,
    headcount: u32,
    people: i64,
    store: &Store,
    day: NaiveDate,
) -> Result<CheckIn> {
    let chosen = (people > 0).then(|| 1 + rng.below(people as u64) as i64);
    let known = match chosen {
        Some(id) => {
            let person = store.person_detail(id)?;
            let first = person
                .contacts
                .iter()
                .filter_map(|c| crate::time::parse_instant(&c.arrived_at))
                .map(|t| t.date_naive())
                .min();
            first
                .filter(|f| *f < day)
                .map(|_| (id, person.card.name.clone()))
        }
        None => None,
    };
    let link = headcount < 5 || rng.chance(0.5);
    let (petitioner_id, name) = match known {
        Some((id, name)) if link => (Some(id), name),
        _ => (None, super::gen::person(rng, day).name),
    };
    Ok(CheckIn {
        intake: IntakeInput {
            name,
            headcount: Some(headcount),
            matter: "村民集体反映征地补偿问题".into(),
            channel: Some(Channel::Visit),
            ..Default::default()
        },
        petitioner_id,
        settled: true,
        ..Default::default()
    })
}

/// The year's plan: started on the big visit, everyone notified, on the scene in
/// time, contained and closed the same morning.
fn plan(store: &mut Store, contact_id: i64, day: NaiveDate, offset: FixedOffset) -> Result<()> {
    let officer = super::gen::OFFICERS[0];
    let start = at(day, 9, offset) + Duration::minutes(5);
    store.set_time(TimeSource::Fixed(start));
    let plan = store.start_plan(
        officer,
        &PlanStart {
            contact_id: Some(contact_id),
            reason: "征地补偿款分配，三十余名村民集体来访".into(),
            ..Default::default()
        },
    )?;
    let steps: &[(i64, PlanLogKind, &str, &str)] = &[
        (3, PlanLogKind::Notified, "值班领导", "电话报告"),
        (4, PlanLogKind::Notified, "公安", "请派出所到场维持秩序"),
        (6, PlanLogKind::Notified, "属地", "通知乡镇主要负责人"),
        (20, PlanLogKind::Arrived, "公安", ""),
        (25, PlanLogKind::Arrived, "属地", "乡镇党委书记到场"),
        (
            40,
            PlanLogKind::Contained,
            "",
            "引导推选 5 名代表到接待室座谈，其余人员散去",
        ),
    ];
    for (minutes, kind, who, text) in steps {
        store.set_time(TimeSource::Fixed(start + Duration::minutes(*minutes)));
        store.log_plan(officer, plan.id, *kind, who, text)?;
    }
    store.set_time(TimeSource::Fixed(start + Duration::minutes(150)));
    store.close_plan(
        officer,
        plan.id,
        "代表意见已记录，交属地乡镇限期答复；现场秩序恢复",
    )?;
    Ok(())
}
