//! Writes a believable office history: people who came once and people who keep
//! coming, cases in every status with timelines that obey the lifecycle and the
//! clocks, collective visits, letters and calls, and today's queue.
//!
//! It goes through the store's own operations (inside one batch transaction), so
//! demo data obeys exactly the rules that real data does.

use super::gen::{self, DemoRng};
use crate::domain::catalog::DEFAULT_UNITS;
use crate::domain::intake::IntakeInput;
use crate::domain::lifecycle::CaseStep;
use crate::domain::{Channel, EventKind, Purpose};
use crate::store::{CaseStepInput, CheckIn, QueueAction, Result, Store};
use crate::time::TimeSource;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DemoSummary {
    pub petitioners: u64,
    pub contacts: u64,
    pub cases: u64,
    pub case_steps: u64,
    pub seconds: f64,
}

/// One thing that happens to a case on a day.
enum Act {
    Step(CaseStep, Option<String>, Option<String>),
    Extend(u32),
    Repeat(Channel),
    Note(String),
}

pub fn fill(
    store: &mut Store,
    petitioners: u32,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> Result<DemoSummary> {
    let started = std::time::Instant::now();
    let time = store.time().clone();
    let now = time.now();
    let offset = *now.offset();
    let today = now.date_naive();
    let mut rng = DemoRng::new(seed);
    let mut summary = DemoSummary::default();
    let mut used_ids = HashSet::new();
    // The office's roster: the first of them is its 科长 on a new file; names
    // already on a roster (demo --force) stay as they are.
    let on_roster: HashSet<String> = store.officers()?.into_iter().map(|o| o.name).collect();
    for officer in gen::OFFICERS.iter().filter(|o| !on_roster.contains(**o)) {
        store.add_officer(officer)?;
    }
    store.begin_batch()?;
    // Keys for millions of contacts are built far faster in one sorted pass at the
    // end than person by person, and still inside the one transaction.
    store.defer_search_keys(true);
    let result = (|| {
        for i in 0..petitioners {
            person_history(store, &mut rng, today, offset, &mut summary, &mut used_ids)?;
            summary.petitioners += 1;
            if i % 256 == 0 {
                progress(u64::from(i));
            }
        }
        todays_queue(store, &mut rng, now, &mut summary)?;
        store.rebuild_search_keys().map(|_| ())
    })();
    store.defer_search_keys(false);
    store.set_time(time);
    match result {
        Ok(()) => store.commit_batch()?,
        Err(e) => {
            let _ = store.rollback_batch();
            return Err(e);
        }
    }
    progress(u64::from(petitioners));
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn at(day: NaiveDate, offset: FixedOffset, rng: &mut DemoRng) -> DateTime<FixedOffset> {
    let minutes = rng.range_i64(8 * 60 + 30, 17 * 60 + 30) as u32;
    let t = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, rng.below(60) as u32)
        .unwrap_or_default();
    offset
        .from_local_datetime(&day.and_time(t))
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&day.and_time(t)))
}

fn channel(rng: &mut DemoRng) -> Channel {
    *rng.pick_weighted(&[
        (Channel::Visit, 50),
        (Channel::Letter, 25),
        (Channel::Call, 15),
        (Channel::Online, 10),
    ])
}

/// How long ago a case began: most are recent, a long tail goes back three years.
fn age_days(rng: &mut DemoRng) -> i64 {
    match rng.below(10) {
        0..=5 => rng.range_i64(1, 120),
        6..=8 => rng.range_i64(121, 365),
        _ => rng.range_i64(366, 3 * 365),
    }
}

fn intake(
    rng: &mut DemoRng,
    p: &gen::DemoPerson,
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

fn person_history(
    store: &mut Store,
    rng: &mut DemoRng,
    today: NaiveDate,
    offset: FixedOffset,
    summary: &mut DemoSummary,
    used_ids: &mut HashSet<String>,
) -> Result<()> {
    // Generated ID numbers can collide (birthday paradox); real people's cannot.
    let mut person = gen::person(rng, today);
    while !used_ids.insert(person.id_number.clone()) {
        person = gen::person(rng, today);
    }
    // Some people never show an ID card; those who do, show it every time, so the
    // desk links their contacts by the number.
    let with_id = rng.chance(0.9);
    let cases = *rng.pick_weighted(&[(1u32, 85), (2, 12), (3, 3)]);
    let mut petitioner_id = None;
    for _ in 0..cases {
        let start = today - Duration::days(age_days(rng));
        let (top, subs) = *rng.pick(gen::CATEGORIES);
        let sub = *rng.pick(subs);
        let officer = *rng.pick(gen::OFFICERS);
        let ch = channel(rng);
        store.set_time(TimeSource::Fixed(at(start, offset, rng)));
        let result = store.check_in(
            officer,
            &CheckIn {
                intake: intake(rng, &person, with_id, ch, (top, sub)),
                purpose: Some(*rng.pick(&[
                    Purpose::Claim,
                    Purpose::Claim,
                    Purpose::Complaint,
                    Purpose::Suggestion,
                ])),
                location: Some(gen::place(rng)),
                litigation: top == "政法" && rng.chance(0.5),
                source: None,
                upper: Default::default(),
                enquiry: false,
                case_no: None,
                petitioner_id,
                settled: true,
            },
        )?;
        petitioner_id = Some(result.petitioner_id);
        summary.contacts += 1;
        summary.cases += 1;
        for (day, act) in plan(rng, start, today) {
            store.set_time(TimeSource::Fixed(at(day, offset, rng)));
            let officer = *rng.pick(gen::OFFICERS);
            match act {
                Act::Step(step, unit, text) => {
                    store.case_step(
                        officer,
                        &result.case_no,
                        step,
                        &CaseStepInput {
                            unit,
                            text,
                            ..Default::default()
                        },
                    )?;
                    summary.case_steps += 1;
                }
                Act::Extend(days) => {
                    store.extend(officer, &result.case_no, days, "案情复杂，需进一步调查核实")?
                }
                Act::Note(text) => {
                    store.annotate(officer, &result.case_no, EventKind::Note, &text)?
                }
                Act::Repeat(ch) => {
                    store.check_in(
                        officer,
                        &CheckIn {
                            intake: intake(rng, &person, with_id, ch, (top, sub)),
                            case_no: Some(result.case_no.clone()),
                            petitioner_id,
                            settled: true,
                            ..Default::default()
                        },
                    )?;
                    summary.contacts += 1;
                }
            }
        }
    }
    Ok(())
}

/// A case's life after registration, in date order, stopping at today.
fn plan(rng: &mut DemoRng, start: NaiveDate, today: NaiveDate) -> Vec<(NaiveDate, Act)> {
    let mut acts: Vec<(NaiveDate, Act)> = Vec::new();
    let mut day = start;
    // Today belongs to today's queue; the history ends yesterday.
    let mut next = |rng: &mut DemoRng, lo: i64, hi: i64| {
        day += Duration::days(rng.range_i64(lo, hi));
        (day < today).then_some(day)
    };
    let text = |s: &str| Some(s.to_string());
    // Routing: usually within the 15 days, sometimes late.
    let route_late = rng.chance(0.08);
    let Some(d) = (if route_late {
        next(rng, 16, 25)
    } else {
        next(rng, 1, 14)
    }) else {
        return with_repeats(rng, acts, start, today);
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
            return with_repeats(rng, acts, start, today);
        }
        1..=3 => {
            let unit = rng.pick(DEFAULT_UNITS).to_string();
            acts.push((
                d,
                Act::Step(CaseStep::Transfer, Some(unit), text("转有权处理机关办理")),
            ));
            let Some(d) = next(rng, 2, 10) else {
                return with_repeats(rng, acts, start, today);
            };
            acts.push((d, Act::Step(CaseStep::Accept, None, None)));
        }
        _ => acts.push((d, Act::Step(CaseStep::Accept, None, None))),
    }
    if rng.chance(0.2) {
        if let Some(d) = next(rng, 3, 20) {
            acts.push((d, Act::Note("已联系信访人，约定现场核实时间".into())));
        }
    }
    let extended = rng.chance(0.1);
    if extended {
        let Some(d) = next(rng, 30, 45) else {
            return with_repeats(rng, acts, start, today);
        };
        acts.push((d, Act::Extend(rng.range_i64(10, 30) as u32)));
    }
    let late = rng.chance(0.1);
    let Some(d) = (if late {
        next(rng, 60, 90)
    } else {
        next(rng, 15, 45)
    }) else {
        return with_repeats(rng, acts, start, today);
    };
    acts.push((
        d,
        Act::Step(
            CaseStep::Reply,
            None,
            text("经调查核实，已依法依规作出处理意见并书面答复"),
        ),
    ));
    if rng.chance(0.18) {
        if let Some(d) = next(rng, 5, 28) {
            acts.push((d, Act::Step(CaseStep::RequestReview, None, None)));
            if let Some(d) = next(rng, 10, 32) {
                acts.push((
                    d,
                    Act::Step(CaseStep::DecideReview, None, text("维持原处理意见")),
                ));
                if rng.chance(0.35) {
                    if let Some(d) = next(rng, 5, 28) {
                        acts.push((d, Act::Step(CaseStep::RequestRecheck, None, None)));
                        if let Some(d) = next(rng, 10, 32) {
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
    with_repeats(rng, acts, start, today)
}

/// People come back while their matter is open, and some keep coming (老户).
fn with_repeats(
    rng: &mut DemoRng,
    mut acts: Vec<(NaiveDate, Act)>,
    start: NaiveDate,
    today: NaiveDate,
) -> Vec<(NaiveDate, Act)> {
    let span = (today - start).num_days() - 1;
    let repeats = match rng.below(100) {
        0..=69 => 0,
        70..=96 => rng.range_i64(1, 3),
        _ => rng.range_i64(5, 8),
    };
    if span >= 1 {
        for _ in 0..repeats {
            let day = start + Duration::days(rng.range_i64(1, span));
            acts.push((day, Act::Repeat(channel(rng))));
        }
    }
    // Stable: steps on the same day keep their lifecycle order.
    acts.sort_by_key(|(d, _)| *d);
    acts
}

/// Today's walk-ins: most received already, a few being received, some waiting.
fn todays_queue(
    store: &mut Store,
    rng: &mut DemoRng,
    now: DateTime<FixedOffset>,
    summary: &mut DemoSummary,
) -> Result<()> {
    let opening = now.date_naive().and_hms_opt(8, 30, 0).unwrap_or_default();
    let opening = now
        .offset()
        .from_local_datetime(&opening)
        .single()
        .unwrap_or(now);
    let minutes = (now - opening).num_minutes().clamp(0, 9 * 60);
    let visitors = 12 + rng.below(10) as i64;
    for n in 0..visitors {
        let arrived = opening + Duration::minutes(minutes * n / visitors.max(1));
        store.set_time(TimeSource::Fixed(arrived.min(now)));
        let person = gen::person(rng, now.date_naive());
        let (top, subs) = *rng.pick(gen::CATEGORIES);
        let sub = *rng.pick(subs);
        let officer = *rng.pick(gen::OFFICERS);
        let r = store.check_in(
            officer,
            &CheckIn {
                intake: intake(rng, &person, true, Channel::Visit, (top, sub)),
                ..Default::default()
            },
        )?;
        summary.petitioners += 1;
        summary.contacts += 1;
        summary.cases += 1;
        let left = visitors - n;
        store.set_time(TimeSource::Fixed(now));
        if left > 6 {
            store.queue_move(officer, r.contact_id, QueueAction::Receive)?;
            let end = if rng.chance(0.1) {
                QueueAction::Left
            } else {
                QueueAction::Done
            };
            store.queue_move(officer, r.contact_id, end)?;
        } else if left > 4 {
            store.queue_move(officer, r.contact_id, QueueAction::Receive)?;
        }
    }
    Ok(())
}
