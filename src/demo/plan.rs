//! One petitioner's history as a plan, before anything is written: their cases,
//! each with its registration and what happens to it after, day by day. The plan
//! is pure, so that the demo can look at every person's registrations first (to
//! number cases in the order they were registered) and write them after.

use super::gen::{self, DemoPerson, DemoRng};
use super::office;
use crate::domain::intake::IntakeInput;
use crate::domain::lifecycle::CaseStep;
use crate::domain::{Channel, Purpose};
use crate::store::CheckIn;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use std::collections::HashSet;

/// One thing that happens to a case on a day.
pub enum Act {
    Step(CaseStep, Option<String>, Option<String>),
    Extend(u32),
    /// The petitioner writes or comes again about the same matter.
    Repeat(Box<IntakeInput>),
    Note(String),
    /// 交办: the case is handed to the unit that handles its category.
    Assign(String),
    /// The office puts the petitioner on its 老户 list.
    MarkLongStanding,
    /// 报结: the result of a matter from above goes back to the office that sent it.
    ReportBack,
    /// 满意度评价 of a decision (`demo::ratings`).
    Evaluate(
        crate::domain::ratings::RatingStage,
        crate::domain::ratings::RatingResult,
        crate::domain::ratings::RatingVia,
    ),
    /// 回访 of a 不满意 rating.
    FollowUp(crate::domain::ratings::FollowUpResult),
}

pub struct Scheduled {
    pub at: DateTime<FixedOffset>,
    pub officer: &'static str,
    pub act: Act,
}

pub struct CasePlan {
    pub at: DateTime<FixedOffset>,
    pub officer: &'static str,
    pub request: CheckIn,
    pub acts: Vec<Scheduled>,
    /// Still being worked on at the end of the history (no answer yet).
    pub open: bool,
}

pub struct PersonPlan {
    pub person: DemoPerson,
    pub with_id: bool,
    pub cases: Vec<CasePlan>,
}

/// A person's own generator: each person's plan is the same whichever pass asks.
pub fn person_rng(seed: u64, index: u32) -> DemoRng {
    // The mixer's output seeds each stream at an unrelated point, so that no two
    // people's streams run into each other (as seeds a constant step apart would).
    let mut mix = DemoRng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ u64::from(index));
    DemoRng::new(mix.next_u64())
}

/// A moment in office hours on `day`.
pub fn at(day: NaiveDate, offset: FixedOffset, rng: &mut DemoRng) -> DateTime<FixedOffset> {
    let minutes = rng.range_i64(8 * 60 + 30, 17 * 60 + 30) as u32;
    let t = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, rng.below(60) as u32)
        .unwrap_or_default();
    offset
        .from_local_datetime(&day.and_time(t))
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&day.and_time(t)))
}

pub fn channel(rng: &mut DemoRng) -> Channel {
    *rng.pick_weighted(&[
        (Channel::Visit, 50),
        (Channel::Letter, 25),
        (Channel::Call, 15),
        (Channel::Online, 10),
    ])
}

/// How long ago a case began: an office about as busy every month of the past
/// year, and a tail going back three years.
fn age_days(rng: &mut DemoRng) -> i64 {
    match rng.below(10) {
        0..=7 => rng.range_i64(1, 365),
        8 => rng.range_i64(366, 2 * 365),
        _ => rng.range_i64(2 * 365 + 1, 3 * 365),
    }
}

pub fn intake(
    rng: &mut DemoRng,
    p: &DemoPerson,
    with_id: bool,
    ch: Channel,
    category: (&str, &str),
) -> IntakeInput {
    let collective = ch == Channel::Visit && rng.chance(0.03);
    let headcount = if collective {
        rng.range_i64(5, 40) as u32
    } else if rng.chance(0.05) {
        rng.range_i64(2, 4) as u32
    } else {
        1
    };
    let representatives = if collective {
        let n = if rng.chance(0.15) {
            rng.range_i64(6, 7)
        } else {
            rng.range_i64(2, 5)
        };
        (0..n)
            .map(|_| gen::person(rng, NaiveDate::default()).name)
            .collect()
    } else {
        Vec::new()
    };
    IntakeInput {
        name: p.name.clone(),
        id_number: with_id.then(|| p.id_number.clone()),
        phone: rng.chance(0.85).then(|| p.phone.clone()),
        address: Some(p.address.clone()),
        headcount: Some(headcount.max(representatives.len() as u32)),
        representatives,
        matter: gen::matter(rng, category.0, category.1),
        channel: Some(ch),
        category: Some(format!("{}/{}", category.0, category.1)),
    }
}

/// What a petitioner says coming back about a matter already registered.
pub fn again(matter: &str) -> String {
    match matter.strip_prefix("反映") {
        Some(rest) => format!("再次反映{rest}"),
        None => format!("再次反映：{matter}"),
    }
}

/// A person and their cases, registrations in date order.
pub fn person_plan(
    rng: &mut DemoRng,
    today: NaiveDate,
    offset: FixedOffset,
    used_ids: &mut HashSet<String>,
) -> PersonPlan {
    // Generated ID numbers can collide (birthday paradox); real people's cannot.
    let mut person = gen::person(rng, today);
    while !used_ids.insert(person.id_number.clone()) {
        person = gen::person(rng, today);
    }
    // Some people never show an ID card; those who do, show it every time, so the
    // desk links their contacts by the number.
    let with_id = rng.chance(0.9);
    // A few are the office's 老户, known for years: their first matter two or three
    // years back, visit after visit on it, and most of them quiet since.
    let veteran = rng.chance(0.006);
    let quiet = rng.chance(0.85);
    let quiet_since = if quiet {
        today - Duration::days(rng.range_i64(200, 600))
    } else {
        today - Duration::days(rng.range_i64(2, 120))
    };
    let n = match (veteran, quiet) {
        (true, true) => 0,
        (true, false) => 1,
        _ => *rng.pick_weighted(&[(1u32, 85), (2, 12), (3, 3)]),
    };
    let mut starts: Vec<NaiveDate> = (0..n)
        .map(|_| today - Duration::days(age_days(rng)))
        .collect();
    if veteran {
        starts.push(today - Duration::days(rng.range_i64(700, 1000)));
    }
    starts.sort();
    let cases = starts
        .into_iter()
        .enumerate()
        .map(|(k, start)| {
            let long = (veteran && k == 0).then_some(quiet_since);
            case_plan(rng, &person, with_id, start, today, offset, long)
        })
        .collect();
    PersonPlan {
        person,
        with_id,
        cases,
    }
}

fn case_plan(
    rng: &mut DemoRng,
    person: &DemoPerson,
    with_id: bool,
    start: NaiveDate,
    today: NaiveDate,
    offset: FixedOffset,
    long_standing_until: Option<NaiveDate>,
) -> CasePlan {
    let (top, subs) = *rng.pick(gen::CATEGORIES);
    let sub = *rng.pick(subs);
    let ch = channel(rng);
    let intake = intake(rng, person, with_id, ch, (top, sub));
    let matter = intake.matter.clone();
    let request = CheckIn {
        intake,
        purpose: Some(*rng.pick(&[
            Purpose::Claim,
            Purpose::Claim,
            Purpose::Complaint,
            Purpose::Suggestion,
        ])),
        location: Some(gen::place(rng)),
        litigation: top == "政法" && rng.chance(0.5),
        source: office::source(rng),
        settled: true,
        ..Default::default()
    };
    let mut request = request;
    if request.source.is_some() {
        // Sent down by the city's office, with its document number.
        request.upper = crate::domain::assigned::UpperInput {
            from_office: Some("市信访局".into()),
            doc_no: Some(format!(
                "市信交〔{}〕{}号",
                start.year(),
                rng.range_i64(1, 400)
            )),
            ..Default::default()
        };
    }
    let wants_report = request.source == Some(crate::domain::Source::AssignedFromAbove);
    let unit = office::unit_for(rng, top, sub).to_string();
    let days = steps(rng, start, today, &unit);
    let open = !days
        .iter()
        .any(|(_, a)| matches!(a, Act::Step(CaseStep::Reply | CaseStep::NotAccept, _, _)));
    let mut days = days;
    let mut repeats = match long_standing_until {
        Some(until) => (0..rng.range_i64(5, 9))
            .map(|_| start + Duration::days(rng.range_i64(1, (until - start).num_days().max(1))))
            .collect(),
        None => repeat_days(rng, start, today),
    };
    repeats.sort();
    // Most answers to a 上级交办 go back to the city within a few days.
    let answered = days
        .iter()
        .find(|(_, a)| matches!(a, Act::Step(CaseStep::Reply | CaseStep::NotAccept, _, _)))
        .map(|(d, _)| *d);
    if let Some(day) = answered.filter(|_| wants_report && rng.chance(0.9)) {
        let back = day + Duration::days(rng.range_i64(1, 6));
        if back <= today {
            days.push((back, Act::ReportBack));
        }
    }
    // Someone back again and again becomes one of the office's 老户 at their
    // third contact.
    if repeats.len() >= 5 {
        days.push((repeats[2], Act::MarkLongStanding));
    }
    for day in repeats {
        let mut again_intake = intake_for_repeat(rng, person, with_id, (top, sub));
        again_intake.matter = again(&matter);
        days.push((day, Act::Repeat(Box::new(again_intake))));
    }
    // Stable: steps on the same day keep their lifecycle order.
    days.sort_by_key(|(d, _)| *d);
    let at_start = at(start, offset, rng);
    let mut last = at_start;
    let acts: Vec<Scheduled> = days
        .into_iter()
        .map(|(day, act)| {
            // A case's own events never go back in time, even on one day.
            let when = at(day, offset, rng).max(last + Duration::minutes(1));
            last = when;
            Scheduled {
                at: when,
                officer: rng.pick::<&str>(gen::OFFICERS),
                act,
            }
        })
        .collect();
    CasePlan {
        at: at_start,
        officer: rng.pick::<&str>(gen::OFFICERS),
        request,
        acts,
        open,
    }
}

fn intake_for_repeat(
    rng: &mut DemoRng,
    person: &DemoPerson,
    with_id: bool,
    category: (&str, &str),
) -> IntakeInput {
    let ch = channel(rng);
    intake(rng, person, with_id, ch, category)
}

/// A case's life after registration, in date order, stopping before today. An
/// office that meets its targets: routed in time, answered in time, rarely
/// reviewed.
fn steps(
    rng: &mut DemoRng,
    start: NaiveDate,
    today: NaiveDate,
    unit: &str,
) -> Vec<(NaiveDate, Act)> {
    let mut acts: Vec<(NaiveDate, Act)> = Vec::new();
    let mut day = start;
    // Today belongs to today's queue; the history ends yesterday.
    let mut next = |rng: &mut DemoRng, lo: i64, hi: i64| {
        day += Duration::days(rng.range_i64(lo, hi));
        (day < today).then_some(day)
    };
    let text = |s: &str| Some(s.to_string());
    let route_late = rng.chance(0.02);
    let Some(d) = (if route_late {
        next(rng, 16, 25)
    } else {
        next(rng, 1, 14)
    }) else {
        return acts;
    };
    match rng.below(10) {
        0 => {
            acts.push((
                d,
                Act::Step(
                    CaseStep::NotAccept,
                    None,
                    text("不属于信访事项受理范围，已告知通过法定途径解决"),
                ),
            ));
            return acts;
        }
        1..=3 => {
            acts.push((
                d,
                Act::Step(
                    CaseStep::Transfer,
                    Some(unit.to_string()),
                    text("转有权处理机关办理"),
                ),
            ));
            let Some(d) = next(rng, 2, 10) else {
                return acts;
            };
            acts.push((d, Act::Step(CaseStep::Accept, None, None)));
        }
        4..=6 => {
            acts.push((d, Act::Step(CaseStep::Accept, None, None)));
            acts.push((d, Act::Assign(unit.to_string())));
        }
        _ => acts.push((d, Act::Step(CaseStep::Accept, None, None))),
    }
    if rng.chance(0.2) {
        if let Some(d) = next(rng, 3, 20) {
            acts.push((d, Act::Note("已联系信访人，约定现场核实时间".into())));
        }
    }
    if rng.chance(0.08) {
        let Some(d) = next(rng, 30, 45) else {
            return acts;
        };
        acts.push((d, Act::Extend(rng.range_i64(10, 30) as u32)));
    }
    let late = rng.chance(0.015);
    let Some(d) = (if late {
        next(rng, 60, 90)
    } else {
        next(rng, 10, 40)
    }) else {
        return acts;
    };
    acts.push((
        d,
        Act::Step(
            CaseStep::Reply,
            None,
            text("经调查核实，已依法依规作出处理意见并书面答复"),
        ),
    ));
    if rng.chance(0.03) {
        if let Some(d) = next(rng, 5, 28) {
            acts.push((d, Act::Step(CaseStep::RequestReview, None, None)));
            if let Some(d) = next(rng, 10, 28) {
                acts.push((
                    d,
                    Act::Step(CaseStep::DecideReview, None, text("维持原处理意见")),
                ));
                if rng.chance(0.35) {
                    if let Some(d) = next(rng, 5, 28) {
                        acts.push((d, Act::Step(CaseStep::RequestRecheck, None, None)));
                        if let Some(d) = next(rng, 10, 28) {
                            acts.push((
                                d,
                                Act::Step(
                                    CaseStep::DecideRecheck,
                                    None,
                                    text("复核维持复查意见，信访事项终结"),
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    if rng.chance(0.6) {
        if let Some(d) = next(rng, 31, 120) {
            acts.push((d, Act::Step(CaseStep::Archive, None, None)));
        }
    }
    acts
}

/// Most matters are settled at the first contact. A few petitioners come back
/// once or twice, and about one matter in a thousand becomes a 老户's, with visit
/// after visit.
fn repeat_days(rng: &mut DemoRng, start: NaiveDate, today: NaiveDate) -> Vec<NaiveDate> {
    let span = (today - start).num_days() - 1;
    let repeats = match rng.below(1000) {
        0..=996 => 0,
        997..=998 => rng.range_i64(1, 2),
        _ => rng.range_i64(5, 8),
    };
    if span < 1 {
        return Vec::new();
    }
    (0..repeats)
        .map(|_| start + Duration::days(rng.range_i64(1, span)))
        .collect()
}
