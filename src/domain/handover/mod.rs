//! The shift handover (交班, DESIGN.md 1.6): what one officer's shift leaves behind,
//! assembled from plain facts that the store gathers (`words::handover` renders it
//! as Markdown or as plain lines for the screen).
//!
//! Every figure is computed "as of" the end of the window, from timestamps alone:
//! a case's status and clocks are replayed from its timeline up to that instant, and
//! a walk-in's place in the queue from its arrival, reception and finish times. So a
//! summary asked for a past shift tomorrow shows what the desk looked like then, not
//! what it looks like now.

use super::clocks::{compute_clocks, due_soon, Clock, ClockConfig, TimelinePoint};
use super::lifecycle::{apply_step, CaseStep};
use super::mask::mask_id_number;
use super::model::{CaseStatus, Channel, ClockKind, EventKind};
use chrono::{DateTime, FixedOffset, SecondsFormat};
use std::collections::HashMap;

mod facts;
mod record;
mod summary;
pub use facts::*;
pub use record::*;
pub use summary::*;

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn in_window(
    t: DateTime<FixedOffset>,
    since: DateTime<FixedOffset>,
    until: DateTime<FixedOffset>,
) -> bool {
    since <= t && t <= until
}

fn brief(c: &ContactFact) -> ContactBrief {
    ContactBrief {
        contact_id: c.contact_id,
        arrived_at: stamp(c.arrived_at),
        channel: c.channel,
        name: c.name.clone(),
        id_number_masked: c.id_number.as_deref().map(mask_id_number),
        headcount: c.headcount,
        representatives: c.representatives.clone(),
        case_no: c.case_no.clone(),
        matter: c.matter.clone(),
        queue_date: c.queue_date,
        queue_no: c.queue_no,
        letter_no: c.letter_no.clone(),
        flags: c.flags.clone(),
    }
}

/// A case as it stood at one instant, replayed from its timeline.
struct CaseAt {
    status: CaseStatus,
    handler: Option<String>,
    unit: Option<String>,
    clocks: Vec<Clock>,
}

fn case_at(case: &CaseFact, until: DateTime<FixedOffset>, cfg: &ClockConfig) -> Option<CaseAt> {
    let upto: Vec<&CaseEvent> = case.events.iter().filter(|e| e.at <= until).collect();
    if !upto.iter().any(|e| e.kind == EventKind::Registered) {
        return None;
    }
    let mut status = CaseStatus::Registered;
    // Check-in makes the first officer the handler; assignments and transfers change it.
    let mut handler = Some(case.first_officer.clone());
    let mut unit = None;
    for e in &upto {
        if e.kind == EventKind::Registered {
            status = CaseStatus::Registered;
        } else if let Some(step) = CaseStep::from_event_kind(e.kind) {
            // An illegal step is `jiedai verify`'s business; the status stays put.
            status = apply_step(status, step).unwrap_or(status);
        }
        if e.handler.is_some() {
            handler = e.handler.clone();
        }
        if e.unit.is_some() {
            unit = e.unit.clone();
        }
    }
    // Nothing happened since: the stored row is the authority (it also knows of
    // changes that were not made through timeline events).
    if upto.len() == case.events.len() {
        handler = case.handler.clone();
        unit = case.unit.clone();
    }
    let points: Vec<TimelinePoint> = upto
        .iter()
        .map(|e| TimelinePoint {
            kind: e.kind,
            on: e.on.unwrap_or(e.at.date_naive()),
            extension_days: e.extension_days,
            terms: e.terms,
            notice: e.notice,
        })
        .collect();
    let clocks = compute_clocks(&points, until.date_naive(), cfg);
    Some(CaseAt {
        status,
        handler,
        unit,
        clocks,
    })
}

/// Builds the summary from the facts. Pure: the same facts give the same summary.
pub fn assemble(input: &SummaryInput) -> HandoverSummary {
    let (since, until) = (input.since, input.until);
    let cfg = &input.clocks;

    let mut contacts: Vec<&ContactFact> = input
        .contacts
        .iter()
        .filter(|c| in_window(c.arrived_at, since, until))
        .collect();
    contacts.sort_by_key(|c| (c.arrived_at, c.contact_id));

    let mut by_channel: Vec<ChannelTally> = Channel::ALL
        .iter()
        .map(|&channel| ChannelTally {
            channel,
            batches: 0,
            people: 0,
        })
        .collect();
    let mut flagged = Flagged::default();
    for c in &contacts {
        if let Some(t) = by_channel.iter_mut().find(|t| t.channel == c.channel) {
            t.batches += 1;
            t.people = t.people.saturating_add(c.headcount);
        }
        for flag in Flagged::FLAGS {
            if c.flags.contains(&flag) {
                if let Some(list) = flagged.of_mut(flag) {
                    list.push(brief(c));
                }
            }
        }
    }
    let batches = by_channel.iter().map(|t| t.batches).sum();
    let people = by_channel
        .iter()
        .fold(0u32, |sum, t| sum.saturating_add(t.people));

    let cases_at: HashMap<i64, (&CaseFact, CaseAt)> = input
        .cases
        .iter()
        .filter_map(|c| case_at(c, until, cfg).map(|at| (c.case_id, (c, at))))
        .collect();

    let mut new_cases: Vec<NewCase> = input
        .cases
        .iter()
        .filter(|c| c.first_officer == input.officer && in_window(c.registered_at, since, until))
        .filter_map(|c| {
            let (_, at) = cases_at.get(&c.case_id)?;
            let opener = contacts.iter().find(|k| k.case_id == c.case_id);
            Some(NewCase {
                case_no: c.case_no.clone(),
                registered_at: stamp(c.registered_at),
                matter: c.matter.clone(),
                name: opener.map(|k| k.name.clone()),
                id_number_masked: opener.and_then(|k| k.id_number.as_deref().map(mask_id_number)),
                channel: opener.map(|k| k.channel),
                status: at.status,
            })
        })
        .collect();
    new_cases.sort_by(|a, b| a.case_no.cmp(&b.case_no));

    let mut still_here: Vec<Visitor> = input
        .queue
        .iter()
        .filter_map(|q| visitor_at(q, until))
        .collect();
    still_here.sort_by_key(|v| (v.queue_date, v.queue_no));
    let mut left_unseen: Vec<Visitor> = input
        .queue
        .iter()
        .filter_map(|q| left_within(q, since, until))
        .collect();
    left_unseen.sort_by_key(|v| (v.queue_date, v.queue_no));

    let (mut received_batches, mut received_people, mut waiting_batches, mut left_batches) =
        (0u32, 0u32, 0u32, 0u32);
    for c in contacts.iter().filter(|c| c.queue_no.is_some()) {
        let Some(q) = input
            .queue
            .iter()
            .find(|q| q.contact.contact_id == c.contact_id)
        else {
            continue;
        };
        match visit_at(q, until) {
            Visit::Waiting => waiting_batches += 1,
            Visit::Left => left_batches += 1,
            Visit::Received => {
                received_batches += 1;
                received_people = received_people.saturating_add(c.headcount);
            }
        }
    }

    let (received_for_colleagues, received_for_colleagues_people) = input
        .queue
        .iter()
        .filter(|q| q.officer != input.officer)
        .filter(|q| q.received_by.as_deref() == Some(input.officer.as_str()))
        .filter(|q| q.received_at.is_some_and(|r| in_window(r, since, until)))
        .fold((0u32, 0u32), |(b, p), q| {
            (b + 1, p.saturating_add(q.contact.headcount))
        });

    let mut clocks_due: Vec<DueClock> = cases_at
        .values()
        .filter(|(_, at)| at.status.is_open())
        .flat_map(|(case, at)| {
            due_soon(&at.clocks, cfg.due_soon_days)
                .into_iter()
                .map(|clock| DueClock {
                    case_no: case.case_no.clone(),
                    matter: case.matter.clone(),
                    status: at.status,
                    clock: clock.kind,
                    started: clock.started,
                    due: clock.due,
                    days_left: clock.days_left,
                    state: clock.state,
                    handler: at.handler.clone(),
                    unit: at.unit.clone(),
                    notice_missing: clock.notice_missing,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    clocks_due.sort_by(|a, b| {
        (a.clock, a.days_left, &a.case_no).cmp(&(b.clock, b.days_left, &b.case_no))
    });

    let unrouted_letters = contacts
        .iter()
        .filter(|c| c.channel == Channel::Letter)
        .filter_map(|c| {
            let (_, at) = cases_at.get(&c.case_id)?;
            if at.status != CaseStatus::Registered {
                return None;
            }
            let route = at
                .clocks
                .iter()
                .find(|k| k.kind == ClockKind::Route && k.is_running());
            Some(UnroutedLetter {
                contact: brief(c),
                route_due: route.map(|k| k.due),
                days_left: route.map(|k| k.days_left),
            })
        })
        .collect();

    HandoverSummary {
        officer: input.officer.clone(),
        since: stamp(since),
        until: stamp(until),
        shift: input.shift.clone(),
        due_soon_days: cfg.due_soon_days,
        batches,
        people,
        received_batches,
        received_people,
        waiting_batches,
        left_batches,
        received_for_colleagues,
        received_for_colleagues_people,
        by_channel,
        new_cases,
        flagged,
        still_here,
        left_unseen,
        clocks_due,
        unrouted_letters,
        notes: input
            .shift
            .as_ref()
            .map(|s| s.notes.clone())
            .unwrap_or_default(),
        chain_head: None,
        leaders: Default::default(),
        risk: Default::default(),
        follow_ups: Vec::new(),
    }
}

mod visits;
use visits::{left_within, visit_at, visitor_at, Visit};

#[cfg(test)]
mod tests;
