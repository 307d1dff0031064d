//! Writes a believable office history: people who came once and people who keep
//! coming, cases in every status with timelines that obey the lifecycle and the
//! clocks, collective visits, letters and calls, matters sent down from above, and
//! today's queue with a few familiar faces in it.
//!
//! It goes through the store's own operations (inside batch transactions of
//! [`STRETCH`] people each), so demo data obeys exactly the rules that real data
//! does. On a fresh SQLite record those operations run on the stretch's rows held
//! in memory and the stretch is written in large batches ([`Writer::Bulk`]), the
//! same rows as one by one, many times faster. Two passes: the first
//! plans every person and numbers the cases in the order they were registered, the
//! second writes each person's contacts and steps in date order, so that flags
//! (初访 before 再访) and case numbers read as an office's record does.

use super::gen::{self, DemoRng};
use super::plan::{self, person_plan, person_rng, Act, PersonPlan};
use crate::domain::{Channel, EventKind};
use crate::store::{CaseStepInput, CheckIn, Imported, QueueAction, Result, Store};
use crate::time::TimeSource;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DemoSummary {
    pub petitioners: u64,
    pub contacts: u64,
    pub cases: u64,
    pub case_steps: u64,
    pub seconds: f64,
}

/// People written per batch transaction. One transaction for a million people held
/// every written row's ledger note, a WAL of several gigabytes and a page cache of
/// everything until its one commit; committing every stretch keeps all three the
/// size of a stretch, while each commit's fsync and seal cost little against it.
pub(crate) const STRETCH: u32 = 25_000;

/// How the people are written: every unit of work on the file (`General`), or,
/// where the backend can (SQLite, a record with no people yet), on the stretch's
/// rows held in memory and written in large batches at each checkpoint (`Bulk`).
/// Both write the same rows; PostgreSQL always takes the general path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writer {
    // Chosen by the tests that hold the two paths' rows equal.
    #[cfg_attr(not(test), allow(dead_code))]
    General,
    Bulk,
}

/// Someone with a matter still open, who may walk in again today.
struct Returning {
    petitioner_id: i64,
    person: gen::DemoPerson,
    case_no: String,
    matter: String,
    category: String,
}

pub fn fill(
    store: &mut Store,
    petitioners: u32,
    seed: u64,
    progress: impl FnMut(u64),
) -> Result<DemoSummary> {
    fill_reserving(store, petitioners, seed, &[], progress).map(|(summary, _)| summary)
}

/// The same, keeping back a case number, in registration order, for each of
/// `reserve`: cases the rest of the demo registers at those moments afterwards
/// (the registers' collective visits and notices), so that every case number
/// still follows registration. Returns the numbers kept, in `reserve`'s order.
pub fn fill_reserving(
    store: &mut Store,
    petitioners: u32,
    seed: u64,
    reserve: &[DateTime<FixedOffset>],
    progress: impl FnMut(u64),
) -> Result<(DemoSummary, Vec<String>)> {
    fill_in_stretches(
        store,
        petitioners,
        seed,
        reserve,
        STRETCH,
        Writer::Bulk,
        progress,
    )
}

/// [`fill_reserving`], committing every `stretch` people.
pub(crate) fn fill_in_stretches(
    store: &mut Store,
    petitioners: u32,
    seed: u64,
    reserve: &[DateTime<FixedOffset>],
    stretch: u32,
    writer: Writer,
    mut progress: impl FnMut(u64),
) -> Result<(DemoSummary, Vec<String>)> {
    let stretch = stretch.max(1);
    let started = std::time::Instant::now();
    let time = store.time().clone();
    let now = time.now();
    let offset = *now.offset();
    let today = now.date_naive();
    let mut numbers = case_numbers(petitioners, seed, today, offset, reserve);
    // Today's walk-ins are registered last: their numbers come after all of these.
    let mut next_today = numbers
        .iter()
        .filter_map(|n| crate::domain::numbering::parse_case_no(n))
        .filter(|(year, _)| *year == today.year())
        .map(|(_, seq)| seq)
        .max()
        .unwrap_or(0)
        + 1;
    let reserved = numbers.split_off(numbers.len() - reserve.len());
    let mut summary = DemoSummary::default();
    let mut used_ids = HashSet::new();
    let mut returning: Vec<Returning> = Vec::new();
    // Today's queue draws from a stream of its own, apart from every person's.
    let mut rng = DemoRng::new(seed ^ 0x7D0A_7005_0EEE_D5A1);
    // The office's roster: the first of them is its 科长 on a new file; names
    // already on a roster (demo --force) stay as they are.
    let on_roster: HashSet<String> = store.officers()?.into_iter().map(|o| o.name).collect();
    for officer in gen::OFFICERS.iter().filter(|o| !on_roster.contains(**o)) {
        store.add_officer(officer)?;
    }
    store.begin_batch()?;
    // Keys for millions of contacts are built far faster in one sorted pass at the
    // end than person by person, in the last stretch.
    store.defer_search_keys(true);
    let result = (|| {
        // Held rows need a record no earlier row of which a fill could reach.
        let bulk = writer == Writer::Bulk && store.begin_bulk()?;
        let mut first_case = 0usize;
        for i in 0..petitioners {
            let mut plan = person_plan(&mut person_rng(seed, i), today, offset, &mut used_ids);
            for case in &mut plan.cases {
                let matter = &case.request.intake.matter;
                let rated = super::ratings::plan(matter, case.at, &case.acts, today, offset);
                case.acts.extend(rated);
            }
            let n = plan.cases.len();
            let numbers = numbers[first_case..first_case + n].to_vec();
            first_case += n;
            let back = write_person(store, plan, numbers, bulk, &mut summary)?;
            // Keep a sample of people with open matters for today's queue.
            if let Some(r) = back {
                if returning.len() < 64 {
                    returning.push(r);
                } else {
                    let slot = rng.below(u64::from(i) + 1) as usize;
                    if slot < returning.len() {
                        returning[slot] = r;
                    }
                }
            }
            summary.petitioners += 1;
            if i % 256 == 0 {
                progress(u64::from(i));
            }
            if (i + 1) % stretch == 0 && i + 1 < petitioners {
                store.batch_checkpoint()?;
            }
        }
        if bulk {
            // Today's queue moves people of any stretch: it runs on the file. The
            // held people's keys went in with their rows; the queue keeps its own.
            store.end_bulk()?;
            store.defer_search_keys(false);
        }
        todays_queue(
            store,
            &mut rng,
            now,
            &returning,
            &mut next_today,
            &mut summary,
        )?;
        if bulk {
            return Ok(());
        }
        store.rebuild_search_keys().map(|_| ())
    })();
    store.defer_search_keys(false);
    store.set_time(time);
    match result {
        Ok(()) => store.commit_batch()?,
        Err(e) => {
            let _ = store.rollback_batch();
            // The stretches already committed stay, findable like any record.
            let _ = store.rebuild_search_keys();
            return Err(e);
        }
    }
    progress(u64::from(petitioners));
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((summary, reserved))
}

/// Every case's number, in the order the plans list them and then `reserve`'s:
/// numbered per year in the order the cases were registered, as a desk working
/// day by day numbers them.
fn case_numbers(
    petitioners: u32,
    seed: u64,
    today: NaiveDate,
    offset: FixedOffset,
    reserve: &[DateTime<FixedOffset>],
) -> Vec<String> {
    let mut used_ids = HashSet::new();
    let mut starts: Vec<(DateTime<FixedOffset>, usize)> = Vec::new();
    for i in 0..petitioners {
        let plan = person_plan(&mut person_rng(seed, i), today, offset, &mut used_ids);
        for case in plan.cases {
            starts.push((case.at, starts.len()));
        }
    }
    for at in reserve {
        starts.push((*at, starts.len()));
    }
    starts.sort();
    let mut numbers = vec![String::new(); starts.len()];
    let mut next: HashMap<i32, u32> = HashMap::new();
    for (at, index) in starts {
        let seq = next.entry(at.year()).or_insert(0);
        *seq += 1;
        numbers[index] = crate::domain::numbering::format_case_no(at.year(), i64::from(*seq));
    }
    numbers
}

/// Writes one person's cases and everything after, all in date order; returns
/// them as a visitor for today when a matter of theirs is still open.
fn write_person(
    store: &mut Store,
    plan: PersonPlan,
    mut numbers: Vec<String>,
    fresh: bool,
    summary: &mut DemoSummary,
) -> Result<Option<Returning>> {
    // (when, case, act): None for the case's registration.
    let mut timeline: Vec<(DateTime<FixedOffset>, usize, Option<usize>)> = Vec::new();
    for (k, case) in plan.cases.iter().enumerate() {
        timeline.push((case.at, k, None));
        timeline.extend(
            case.acts
                .iter()
                .enumerate()
                .map(|(j, a)| (a.at, k, Some(j))),
        );
    }
    timeline.sort_by_key(|(at, k, j)| (*at, *k, j.map_or(0, |j| j + 1)));
    let mut petitioner_id = None;
    let mut back = None;
    for (when, k, act) in timeline {
        store.set_time(TimeSource::Fixed(when));
        let case = &plan.cases[k];
        let case_no = &numbers[k].clone();
        let Some(j) = act else {
            let mut request = case.request.clone();
            request.petitioner_id = petitioner_id;
            // A demo forced over a record already holding this number takes the
            // next free one instead; a fresh record (a bulk fill) holds none.
            let imported = Imported {
                open_as: (fresh || !store.case_exists(case_no)?).then(|| case_no.clone()),
                ..Default::default()
            };
            let r = store.check_in_imported(case.officer, &request, &imported)?;
            numbers[k] = r.case_no.clone();
            petitioner_id = Some(r.petitioner_id);
            summary.contacts += 1;
            summary.cases += 1;
            if case.open && plan.with_id {
                back = Some(Returning {
                    petitioner_id: r.petitioner_id,
                    person: plan.person.clone(),
                    case_no: case_no.clone(),
                    matter: request.intake.matter.clone(),
                    category: request.intake.category.clone().unwrap_or_default(),
                });
            }
            continue;
        };
        let scheduled = &case.acts[j];
        let officer = scheduled.officer;
        match &scheduled.act {
            Act::Step(step, unit, text) => {
                let input = CaseStepInput {
                    unit: unit.clone(),
                    text: text.clone(),
                    ..Default::default()
                };
                store.case_step(officer, case_no, *step, &input)?;
                summary.case_steps += 1;
                // A decision goes to the petitioner in writing the same day.
                if let Some(kind) =
                    crate::domain::notices::NoticeKind::for_decision(step.event_kind())
                {
                    let notice = crate::store::Notice {
                        kind,
                        via: crate::domain::notices::NoticeVia::Post,
                        date: None,
                    };
                    store.notify(officer, case_no, &notice)?;
                }
            }
            Act::Extend(days) => {
                store.extend(officer, case_no, *days, "案情复杂，需进一步调查核实")?
            }
            Act::Note(text) => store.annotate(officer, case_no, EventKind::Note, text)?,
            Act::Assign(unit) => store.assign(officer, case_no, None, Some(unit))?,
            Act::ReportBack => {
                let report = crate::store::ReportBack {
                    text: "已按期办结，办理结果已书面报告市信访局".into(),
                    ..Default::default()
                };
                store.report_back(officer, case_no, &report)?
            }
            Act::Evaluate(stage, result, via) => {
                let e = crate::store::Evaluation {
                    stage: *stage,
                    result: *result,
                    via: *via,
                    date: None,
                    text: None,
                };
                // A decision the demo's own history left unratable is skipped.
                match store.evaluate(officer, case_no, &e) {
                    Err(crate::store::StoreError::Rating(_)) => {}
                    r => {
                        r?;
                    }
                }
            }
            Act::FollowUp(result) => {
                let f = crate::store::FollowUp {
                    result: *result,
                    text: Some("科长电话回访，已再次解释政策".into()),
                    date: None,
                };
                match store.follow_up(officer, case_no, &f) {
                    Err(crate::store::StoreError::Rating(_)) => {}
                    r => r?,
                }
            }
            Act::MarkLongStanding => {
                if let Some(id) = petitioner_id {
                    store.mark_long_standing(officer, id, true)?;
                }
            }
            Act::Repeat(intake) => {
                store.check_in(
                    officer,
                    &CheckIn {
                        intake: (**intake).clone(),
                        case_no: Some(case_no.clone()),
                        petitioner_id,
                        settled: true,
                        ..Default::default()
                    },
                )?;
                summary.contacts += 1;
            }
        }
    }
    Ok(back)
}

/// Today's walk-ins, arriving through the morning from 8:30: most received already,
/// a few being received, some waiting; about one in five is back about a matter
/// of theirs that is still open.
fn todays_queue(
    store: &mut Store,
    rng: &mut DemoRng,
    now: DateTime<FixedOffset>,
    returning: &[Returning],
    next_no: &mut i64,
    summary: &mut DemoSummary,
) -> Result<()> {
    let opening = now.date_naive().and_hms_opt(8, 30, 0).unwrap_or_default();
    let opening = now
        .offset()
        .from_local_datetime(&opening)
        .single()
        .unwrap_or(now);
    // The morning so far, or the whole of it once it is over; run before the
    // desk has been open an hour, the early queue of the hour before now.
    let opening = opening.min(now - Duration::hours(1));
    let minutes = (now - opening).num_minutes().clamp(0, 3 * 60 + 30);
    let visitors = 12 + rng.below(10) as i64;
    let mut arrivals: Vec<i64> = (0..visitors).map(|_| rng.range_i64(0, minutes)).collect();
    arrivals.sort();
    let mut unused: Vec<&Returning> = returning.iter().collect();
    for (n, offset_min) in arrivals.into_iter().enumerate() {
        let arrived = opening + Duration::minutes(offset_min);
        store.set_time(TimeSource::Fixed(arrived.min(now)));
        let officer = *rng.pick(gen::OFFICERS);
        let request = if !unused.is_empty() && rng.chance(0.2) {
            let r = unused.swap_remove(rng.below(unused.len() as u64) as usize);
            let (top, sub) = r.category.split_once('/').unwrap_or((&r.category, ""));
            let mut intake = plan::intake(rng, &r.person, true, Channel::Visit, (top, sub));
            intake.matter = plan::again(&r.matter);
            CheckIn {
                intake,
                case_no: Some(r.case_no.clone()),
                petitioner_id: Some(r.petitioner_id),
                ..Default::default()
            }
        } else {
            let person = gen::person(rng, now.date_naive());
            let (top, subs) = *rng.pick(gen::CATEGORIES);
            let sub = *rng.pick(subs);
            summary.petitioners += 1;
            summary.cases += 1;
            CheckIn {
                intake: plan::intake(rng, &person, true, Channel::Visit, (top, sub)),
                ..Default::default()
            }
        };
        let mut imported = Imported::default();
        if request.case_no.is_none() {
            let no = crate::domain::numbering::format_case_no(now.year(), *next_no);
            *next_no += 1;
            imported.open_as = (!store.case_exists(&no)?).then_some(no);
        }
        let r = store.check_in_imported(officer, &request, &imported)?;
        summary.contacts += 1;
        let left = visitors - n as i64;
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

#[cfg(test)]
#[path = "fill_tests.rs"]
mod tests;
