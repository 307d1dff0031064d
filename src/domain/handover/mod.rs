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
use super::model::{CaseStatus, Channel, ClockKind, ClockState, EventKind, Flag, QueueStatus};
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// ---------------------------------------------------------------------------
// Shifts and handovers as records.

/// One officer's time on duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub id: i64,
    pub officer: String,
    pub started_at: String,
    /// `None` while the shift is open (also when the program was killed mid-shift).
    pub ended_at: Option<String>,
    pub notes: String,
    /// The incoming officer, once the shift was handed over.
    pub handed_to: Option<String>,
    pub acked_by: Option<String>,
    pub acked_at: Option<String>,
}

impl Shift {
    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }

    /// The handover this shift ended with, if it ended with one.
    pub fn handover(&self) -> Option<Handover> {
        Some(Handover {
            shift_id: self.id,
            from: self.officer.clone(),
            to: self.handed_to.clone()?,
            started_at: self.started_at.clone(),
            handed_at: self.ended_at.clone()?,
            notes: self.notes.clone(),
            acked_by: self.acked_by.clone(),
            acked_at: self.acked_at.clone(),
        })
    }
}

/// A shift handed from one officer to another, and whether it was acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub shift_id: i64,
    pub from: String,
    pub to: String,
    pub started_at: String,
    pub handed_at: String,
    pub notes: String,
    pub acked_by: Option<String>,
    pub acked_at: Option<String>,
}

impl Handover {
    pub fn is_acknowledged(&self) -> bool {
        self.acked_at.is_some()
    }
}

// ---------------------------------------------------------------------------
// The facts the store gathers. Supersets are fine: assembly filters by the window.

/// One contact as the store has it (ID number unmasked: masking happens here, so no
/// summary can leave without it).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFact {
    pub contact_id: i64,
    pub arrived_at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub name: String,
    pub id_number: Option<String>,
    pub case_id: i64,
    pub case_no: String,
    pub matter: String,
    pub queue_date: Option<NaiveDate>,
    pub queue_no: Option<i64>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
}

/// A walk-in with the times that place them in the queue at any instant.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueFact {
    pub contact: ContactFact,
    /// The officer who checked them in.
    pub officer: String,
    pub received_at: Option<DateTime<FixedOffset>>,
    pub received_by: Option<String>,
    pub finished_at: Option<DateTime<FixedOffset>>,
    /// Their visit ended without being received (left unseen), not done.
    pub left: bool,
}

/// One timeline event that moves a case or its clocks, or names its handler or unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvent {
    pub kind: EventKind,
    pub at: DateTime<FixedOffset>,
    /// Only for [`EventKind::Extend`].
    pub extension_days: u32,
    /// The handler an [`EventKind::Assign`] named.
    pub handler: Option<String>,
    /// The unit a transfer or an assignment named.
    pub unit: Option<String>,
    /// A deadline the event carries (from above, or our 交办).
    pub terms: Option<super::clocks::Terms>,
    /// The day it took effect, when recorded after the fact (a report back).
    pub on: Option<chrono::NaiveDate>,
    /// What a written notice told (it stops the route clock with its decision).
    pub notice: Option<crate::domain::notices::NoticeKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseFact {
    pub case_id: i64,
    pub case_no: String,
    pub matter: String,
    pub first_officer: String,
    /// Handler and unit as stored now.
    pub handler: Option<String>,
    pub unit: Option<String>,
    pub registered_at: DateTime<FixedOffset>,
    /// In timeline order.
    pub events: Vec<CaseEvent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SummaryInput {
    pub officer: String,
    pub since: DateTime<FixedOffset>,
    pub until: DateTime<FixedOffset>,
    pub shift: Option<Shift>,
    /// The officer's own contacts around the window.
    pub contacts: Vec<ContactFact>,
    /// Walk-ins of every desk who may still have been in the queue at `until`.
    pub queue: Vec<QueueFact>,
    /// Every case that may matter: new ones, the letters' ones, all open ones.
    pub cases: Vec<CaseFact>,
    pub clocks: ClockConfig,
}

// ---------------------------------------------------------------------------
// The summary.

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelTally {
    pub channel: Channel,
    /// 批次: contacts.
    pub batches: u32,
    /// 人次: the sum of their headcounts.
    pub people: u32,
}

/// One contact as a summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactBrief {
    pub contact_id: i64,
    pub arrived_at: String,
    pub channel: Channel,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub case_no: String,
    pub matter: String,
    pub queue_date: Option<NaiveDate>,
    pub queue_no: Option<i64>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCase {
    pub case_no: String,
    pub registered_at: String,
    pub matter: String,
    /// The person and channel of the contact that opened it.
    pub name: Option<String>,
    pub id_number_masked: Option<String>,
    pub channel: Option<Channel>,
    /// Status at the end of the window.
    pub status: CaseStatus,
}

/// The contacts of the window that carry the flags a handover calls out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Flagged {
    /// 重复访
    pub repeat: Vec<ContactBrief>,
    /// 老户
    pub long_standing: Vec<ContactBrief>,
    /// 集体访
    pub collective: Vec<ContactBrief>,
    /// 已终结
    pub closed_matter: Vec<ContactBrief>,
}

impl Flagged {
    /// The flags a handover calls out, in the order it lists them.
    pub const FLAGS: [Flag; 4] = [
        Flag::Repeat,
        Flag::LongStanding,
        Flag::Collective,
        Flag::ClosedMatter,
    ];

    pub fn of(&self, flag: Flag) -> &[ContactBrief] {
        match flag {
            Flag::Repeat => &self.repeat,
            Flag::LongStanding => &self.long_standing,
            Flag::Collective => &self.collective,
            Flag::ClosedMatter => &self.closed_matter,
            _ => &[],
        }
    }

    fn of_mut(&mut self, flag: Flag) -> Option<&mut Vec<ContactBrief>> {
        match flag {
            Flag::Repeat => Some(&mut self.repeat),
            Flag::LongStanding => Some(&mut self.long_standing),
            Flag::Collective => Some(&mut self.collective),
            Flag::ClosedMatter => Some(&mut self.closed_matter),
            _ => None,
        }
    }
}

/// Someone still waiting or being received at the end of the window (any desk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visitor {
    pub contact_id: i64,
    /// Queue numbers restart every day, so the date goes with the number.
    pub queue_date: NaiveDate,
    pub queue_no: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub case_no: String,
    pub matter: String,
    pub status: QueueStatus,
    pub arrived_at: String,
    pub checked_in_by: String,
    pub received_by: Option<String>,
    pub received_at: Option<String>,
    /// From arrival to the start of reception, or to the end of the window.
    pub waited_minutes: i64,
    pub flags: Vec<Flag>,
    /// When they left unseen (only in [`HandoverSummary::left_unseen`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<String>,
}

/// A desk clock of an open case that falls due soon or is overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueClock {
    pub case_no: String,
    pub matter: String,
    pub status: CaseStatus,
    pub clock: ClockKind,
    pub started: NaiveDate,
    pub due: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    pub state: ClockState,
    pub handler: Option<String>,
    pub unit: Option<String>,
    /// Decided, but the written notice is not on record (the route clock runs on).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notice_missing: bool,
}

/// A letter registered in the window whose case was still only registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnroutedLetter {
    #[serde(flatten)]
    pub contact: ContactBrief,
    /// When the route clock (告知/转送) falls due.
    pub route_due: Option<NaiveDate>,
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverSummary {
    pub officer: String,
    pub since: String,
    pub until: String,
    /// The shift the summary is about, as it stands now.
    pub shift: Option<Shift>,
    pub due_soon_days: u32,
    /// Every contact the officer registered, any channel (the table's total).
    pub batches: u32,
    pub people: u32,
    /// 接待: the officer's walk-ins whose reception had begun by the window's end
    /// and who did not leave unseen. Letters, calls and online submissions, people
    /// still waiting and people who left are not received visits.
    pub received_batches: u32,
    pub received_people: u32,
    /// The officer's walk-ins still waiting at the window's end.
    pub waiting_batches: u32,
    /// The officer's walk-ins who left unseen within the window.
    pub left_batches: u32,
    /// Walk-ins checked in at a colleague's desk whose reception this officer began
    /// within the window: the officer's 接待 too, though not among their contacts.
    pub received_for_colleagues: u32,
    pub received_for_colleagues_people: u32,
    /// Every channel, in a fixed order, zeros included.
    pub by_channel: Vec<ChannelTally>,
    pub new_cases: Vec<NewCase>,
    pub flagged: Flagged,
    pub still_here: Vec<Visitor>,
    /// Walk-ins of every desk who left unseen within the window.
    pub left_unseen: Vec<Visitor>,
    pub clocks_due: Vec<DueClock>,
    pub unrouted_letters: Vec<UnroutedLetter>,
    pub notes: String,
    /// The timeline's newest event when the summary was made (`SEQ:HASH`): kept by
    /// whoever receives the handover, it lets `jiedai verify --anchor` catch a
    /// chain rebuilt later.
    pub chain_head: Option<String>,
    /// 包案 老户 who came, receptions today and tomorrow, 督办 and 领导交办 due.
    pub leaders: crate::domain::leaders::LeadersHandover,
    /// Open plans, screening rounds due, skip-level notices (filled by the store).
    pub risk: crate::domain::risk::RiskBrief,
    /// 回访 of 不满意 ratings still open, by due day (filled by the store).
    pub follow_ups: Vec<crate::domain::ratings::FollowUpItem>,
}

impl HandoverSummary {
    /// Nothing was registered or received in the window.
    pub fn is_empty(&self) -> bool {
        self.batches == 0 && self.received_for_colleagues == 0
    }

    pub fn overdue_count(&self) -> usize {
        self.clocks_due.iter().filter(|c| c.days_left < 0).count()
    }
}

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
