//! The shift handover (交班, DESIGN.md 1.6): what one officer's shift leaves behind,
//! assembled from plain facts that the store gathers, and rendered as Markdown or as
//! plain lines for the screen.
//!
//! Every figure is computed "as of" the end of the window, from timestamps alone:
//! a case's status and clocks are replayed from its timeline up to that instant, and
//! a walk-in's place in the queue from its arrival, reception and finish times. So a
//! summary asked for a past shift tomorrow shows what the desk looked like then, not
//! what it looks like now.

use super::clocks::{compute_clocks, due_soon, Clock, ClockConfig, TimelinePoint};
use super::lifecycle::{apply_step, CaseStep};
use super::mask::mask_id_number;
use super::model::{
    CaseStatus, Channel, ClockKind, ClockState, EventKind, Flag, Lang, QueueStatus,
};
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
    pub batches: u32,
    pub people: u32,
    /// Every channel, in a fixed order, zeros included.
    pub by_channel: Vec<ChannelTally>,
    pub new_cases: Vec<NewCase>,
    pub flagged: Flagged,
    pub still_here: Vec<Visitor>,
    pub clocks_due: Vec<DueClock>,
    pub unrouted_letters: Vec<UnroutedLetter>,
    pub notes: String,
}

impl HandoverSummary {
    /// Nothing was received in the window.
    pub fn is_empty(&self) -> bool {
        self.batches == 0
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
            on: e.at.date_naive(),
            extension_days: e.extension_days,
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
        by_channel,
        new_cases,
        flagged,
        still_here,
        clocks_due,
        unrouted_letters,
        notes: input
            .shift
            .as_ref()
            .map(|s| s.notes.clone())
            .unwrap_or_default(),
    }
}

/// Where a walk-in stood at `at`: waiting, being received, or gone (None).
fn visitor_at(q: &QueueFact, at: DateTime<FixedOffset>) -> Option<Visitor> {
    let c = &q.contact;
    let (queue_date, queue_no) = (c.queue_date?, c.queue_no?);
    if c.arrived_at > at || q.finished_at.is_some_and(|f| f <= at) {
        return None;
    }
    let received = q.received_at.filter(|r| *r <= at);
    let status = if received.is_some() {
        QueueStatus::Receiving
    } else {
        QueueStatus::Waiting
    };
    let waited_until = received.unwrap_or(at);
    Some(Visitor {
        contact_id: c.contact_id,
        queue_date,
        queue_no,
        name: c.name.clone(),
        id_number_masked: c.id_number.as_deref().map(mask_id_number),
        headcount: c.headcount,
        case_no: c.case_no.clone(),
        matter: c.matter.clone(),
        status,
        arrived_at: stamp(c.arrived_at),
        checked_in_by: q.officer.clone(),
        received_by: received.and(q.received_by.clone()),
        received_at: received.map(stamp),
        waited_minutes: (waited_until - c.arrived_at).num_minutes().max(0),
        flags: c.flags.clone(),
    })
}

// ---------------------------------------------------------------------------
// Rendering.

/// What each part of the summary is, so that a screen can style or fold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Contacts,
    NewCases,
    Flag(Flag),
    StillHere,
    ClocksDue,
    UnroutedLetters,
    Notes,
}

/// One line of a section: an entry, or the heading of a group of entries (the
/// deadlines section groups its entries by clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Heading(String),
    Entry(String),
}

/// One titled part of the summary; an empty `items` reads "无" / "none".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub title: String,
    pub items: Vec<Item>,
}

fn entries(items: impl Iterator<Item = String>) -> Vec<Item> {
    items.map(Item::Entry).collect()
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn none_label(lang: Lang) -> &'static str {
    tr(lang, "无", "none")
}

/// Long matter texts are cut in lists; the case itself has the whole text.
const MATTER_CHARS: usize = 40;

fn short(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// How stored text is made safe for where it goes (a terminal line, Markdown).
type Escape = fn(&str) -> String;

fn plain(s: &str) -> String {
    crate::text::sanitize_for_display(s).into_owned()
}

/// Markdown's punctuation is escaped so that a name or a matter cannot start a
/// heading, a table cell or a link in the report.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::sanitize_for_display(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn parse(stamp: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(stamp).ok()
}

/// `09:40`, or `11-28 23:50` when the window spans more than one day.
fn clock_time(stamp: &str, multi_day: bool) -> String {
    match parse(stamp) {
        Some(t) if multi_day => t.format("%m-%d %H:%M").to_string(),
        Some(t) => t.format("%H:%M").to_string(),
        None => stamp.to_string(),
    }
}

fn full_time(stamp: &str) -> String {
    parse(stamp)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| stamp.to_string())
}

/// `2026-11-28 08:30 至 17:30`, with the second date only when it differs.
fn span(since: &str, until: &str, lang: Lang) -> String {
    let to = tr(lang, " 至 ", " – ");
    match (parse(since), parse(until)) {
        (Some(a), Some(b)) if a.date_naive() == b.date_naive() => {
            format!("{}{to}{}", a.format("%Y-%m-%d %H:%M"), b.format("%H:%M"))
        }
        _ => format!("{}{to}{}", full_time(since), full_time(until)),
    }
}

impl HandoverSummary {
    fn multi_day(&self) -> bool {
        match (parse(&self.since), parse(&self.until)) {
            (Some(a), Some(b)) => a.date_naive() != b.date_naive(),
            _ => true,
        }
    }
}

fn title_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> String {
    match lang {
        Lang::Zh => format!(
            "交班摘要：{}（{}）",
            esc(&s.officer),
            span(&s.since, &s.until, lang)
        ),
        Lang::En => format!(
            "Shift handover: {}, {}",
            esc(&s.officer),
            span(&s.since, &s.until, lang)
        ),
    }
}

/// One line about the shift: open, ended, handed over, acknowledged.
fn shift_line_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> String {
    let Some(shift) = &s.shift else {
        return tr(
            lang,
            "班次：无班次记录，按统计区间汇总",
            "Shift: none on record; the summary covers the time window",
        )
        .to_string();
    };
    let started = full_time(&shift.started_at);
    let state = match (&shift.ended_at, &shift.handed_to) {
        (None, _) => tr(lang, "进行中", "open").to_string(),
        (Some(end), None) => match lang {
            Lang::Zh => format!("已于 {} 结束，未交班", full_time(end)),
            Lang::En => format!("ended {}, not handed over", full_time(end)),
        },
        (Some(end), Some(to)) => {
            let ack = match (&shift.acked_by, &shift.acked_at) {
                (Some(by), Some(at)) => match lang {
                    Lang::Zh => format!("，{} 已于 {} 确认", esc(by), full_time(at)),
                    Lang::En => format!("; acknowledged by {} at {}", esc(by), full_time(at)),
                },
                _ => tr(lang, "，尚未确认", "; not yet acknowledged").to_string(),
            };
            match lang {
                Lang::Zh => format!("已于 {} 交班给 {}{ack}", full_time(end), esc(to)),
                Lang::En => format!("handed over to {} at {}{ack}", esc(to), full_time(end)),
            }
        }
    };
    match lang {
        Lang::Zh => format!("班次：#{}，{} 开始，{state}", shift.id, started),
        Lang::En => format!("Shift: #{}, started {}, {state}", shift.id, started),
    }
}

/// The heading: officer and time window.
pub fn title(s: &HandoverSummary, lang: Lang) -> String {
    title_with(s, lang, plain)
}

/// One line about the shift: open, ended, handed over (to whom), acknowledged.
pub fn shift_line(s: &HandoverSummary, lang: Lang) -> String {
    shift_line_with(s, lang, plain)
}

/// `共 11 批次、16 人次` / `11 batches, 16 people in all`.
pub fn totals_line(s: &HandoverSummary, lang: Lang) -> String {
    if s.is_empty() {
        return tr(
            lang,
            "本班次无接待记录。",
            "Nothing was received in this shift.",
        )
        .to_string();
    }
    match lang {
        Lang::Zh => format!("共接待 {} 批次、{} 人次。", s.batches, s.people),
        Lang::En => format!(
            "{} batch{}, {} {} in all.",
            s.batches,
            if s.batches == 1 { "" } else { "es" },
            s.people,
            if s.people == 1 { "person" } else { "people" }
        ),
    }
}

fn flag_title(flag: Flag, lang: Lang) -> &'static str {
    match flag {
        Flag::Repeat => tr(lang, "重复访", "Repeat visits (重复访)"),
        Flag::LongStanding => tr(lang, "老户", "Long-standing petitioners (老户)"),
        Flag::Collective => tr(lang, "集体访", "Collective visits (集体访)"),
        Flag::ClosedMatter => tr(
            lang,
            "已终结事项再访",
            "Closed matters raised again (已终结)",
        ),
        other => other.label(lang),
    }
}

fn with_count(title: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}（{n}）"),
        Lang::En => format!("{title} ({n})"),
    }
}

/// `35 分钟`, `2 小时 5 分钟`, `3 天 4 小时`: someone forgotten in the queue for
/// days should read as days.
fn duration(minutes: i64, lang: Lang) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match lang {
        Lang::Zh if d > 0 => format!("{d} 天 {h} 小时"),
        Lang::Zh if h > 0 => format!("{h} 小时 {m} 分钟"),
        Lang::Zh => format!("{m} 分钟"),
        Lang::En if d > 0 => format!("{d} d {h} h"),
        Lang::En if h > 0 => format!("{h} h {m} min"),
        Lang::En => format!("{m} min"),
    }
}

fn masked(m: &Option<String>, lang: Lang) -> String {
    match (m, lang) {
        (Some(m), Lang::Zh) => format!("（{m}）"),
        (Some(m), Lang::En) => format!(" ({m})"),
        (None, _) => String::new(),
    }
}

fn queue_label(date: NaiveDate, no: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{date} 第 {no} 号"),
        Lang::En => format!("no. {no} of {date}"),
    }
}

fn people(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 人"),
        Lang::En if n == 1 => "1 person".to_string(),
        Lang::En => format!("{n} people"),
    }
}

fn days_phrase(days_left: i64, lang: Lang) -> String {
    let n = days_left.unsigned_abs();
    let s = if n == 1 { "" } else { "s" };
    match (days_left.signum(), lang) {
        (1, Lang::Zh) => format!("还剩 {n} 天"),
        (1, Lang::En) => format!("{n} day{s} left"),
        (0, _) => tr(lang, "今日到期", "due today").to_string(),
        (_, Lang::Zh) => format!("逾期 {n} 天"),
        (_, Lang::En) => format!("{n} day{s} overdue"),
    }
}

fn contact_item(c: &ContactBrief, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let sep = tr(lang, "，", ", ");
    let mut parts = vec![format!(
        "{} {}{}",
        clock_time(&c.arrived_at, multi_day),
        esc(&c.name),
        masked(&c.id_number_masked, lang)
    )];
    parts.push(c.channel.label(lang).to_string());
    if c.headcount > 1 {
        parts.push(people(c.headcount, lang));
    }
    if let (Some(d), Some(n)) = (c.queue_date, c.queue_no) {
        parts.push(queue_label(d, n, lang));
    }
    if let Some(l) = &c.letter_no {
        parts.push(match lang {
            Lang::Zh => format!("收信编号 {}", esc(l)),
            Lang::En => format!("letter {}", esc(l)),
        });
    }
    parts.push(match lang {
        Lang::Zh => format!(
            "事项 {}「{}」",
            c.case_no,
            esc(&short(&c.matter, MATTER_CHARS))
        ),
        Lang::En => format!(
            "case {} \"{}\"",
            c.case_no,
            esc(&short(&c.matter, MATTER_CHARS))
        ),
    });
    if !c.representatives.is_empty() {
        let names: Vec<String> = c.representatives.iter().map(|r| esc(r)).collect();
        parts.push(match lang {
            Lang::Zh => format!("代表：{}", names.join("、")),
            Lang::En => format!("representatives: {}", names.join(", ")),
        });
    }
    parts.join(sep)
}

fn new_case_item(c: &NewCase, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let who = match (&c.name, c.channel) {
        (Some(n), Some(ch)) => format!(
            " {}{}{}{}",
            esc(n),
            masked(&c.id_number_masked, lang),
            tr(lang, "，", ", "),
            ch.label(lang)
        ),
        (Some(n), None) => format!(" {}{}", esc(n), masked(&c.id_number_masked, lang)),
        _ => String::new(),
    };
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let at = clock_time(&c.registered_at, multi_day);
    match lang {
        Lang::Zh => format!(
            "{at} {}{who}：{matter}（{}）",
            c.case_no,
            c.status.label(lang)
        ),
        Lang::En => format!(
            "{at} {}{who}: {matter} ({})",
            c.case_no,
            c.status.label(lang)
        ),
    }
}

fn visitor_item(v: &Visitor, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let head = format!(
        "{} {}{}",
        queue_label(v.queue_date, v.queue_no, lang),
        esc(&v.name),
        masked(&v.id_number_masked, lang)
    );
    let group = if v.headcount > 1 {
        format!("{}{}", tr(lang, "，", ", "), people(v.headcount, lang))
    } else {
        String::new()
    };
    let state = match (v.status, lang) {
        (QueueStatus::Receiving, Lang::Zh) => format!(
            "接待中（{}，{} 开始；此前等候 {}）",
            v.received_by.as_deref().map(esc).unwrap_or_default(),
            v.received_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (QueueStatus::Receiving, Lang::En) => format!(
            "being received by {} since {} (waited {})",
            v.received_by.as_deref().map(esc).unwrap_or_default(),
            v.received_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (_, Lang::Zh) => format!("等候中，已等 {}", duration(v.waited_minutes, lang)),
        (_, Lang::En) => format!("waiting for {}", duration(v.waited_minutes, lang)),
    };
    let desk = match lang {
        Lang::Zh => format!("{} 登记", esc(&v.checked_in_by)),
        Lang::En => format!("checked in by {}", esc(&v.checked_in_by)),
    };
    let sep = tr(lang, "，", ", ");
    let matter = esc(&short(&v.matter, MATTER_CHARS));
    let case = match lang {
        Lang::Zh => format!("事项 {}「{matter}」", v.case_no),
        Lang::En => format!("case {} \"{matter}\"", v.case_no),
    };
    format!("{head}{group}{sep}{state}{sep}{case}{sep}{desk}")
}

fn clock_item(c: &DueClock, lang: Lang, esc: Escape) -> String {
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let handler = c.handler.as_deref().map(esc).unwrap_or_else(|| "-".into());
    // Most cases at the desk have no unit yet; "unit -" on every line is noise.
    let unit = match (&c.unit, lang) {
        (Some(u), Lang::Zh) => format!("；承办单位 {}", esc(u)),
        (Some(u), Lang::En) => format!("; unit {}", esc(u)),
        (None, _) => String::new(),
    };
    match lang {
        Lang::Zh => format!(
            "{}「{matter}」（{}）：{} 到期，{}；承办人 {handler}{unit}",
            c.case_no,
            c.status.label(lang),
            c.due,
            days_phrase(c.days_left, lang),
        ),
        Lang::En => format!(
            "{} \"{matter}\" ({}): due {}, {}; handler {handler}{unit}",
            c.case_no,
            c.status.label(lang),
            c.due,
            days_phrase(c.days_left, lang),
        ),
    }
}

fn letter_item(l: &UnroutedLetter, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let c = &l.contact;
    let head = format!(
        "{} {} {}{}",
        clock_time(&c.arrived_at, multi_day),
        c.letter_no.as_deref().map(esc).unwrap_or_default(),
        esc(&c.name),
        masked(&c.id_number_masked, lang)
    );
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let due = match (l.route_due, l.days_left) {
        (Some(d), Some(n)) => match lang {
            Lang::Zh => format!("；转送期限 {d}（{}）", days_phrase(n, lang)),
            Lang::En => format!("; route by {d} ({})", days_phrase(n, lang)),
        },
        _ => String::new(),
    };
    match lang {
        Lang::Zh => format!("{head}，事项 {}「{matter}」{due}", c.case_no),
        Lang::En => format!("{head}, case {} \"{matter}\"{due}", c.case_no),
    }
}

/// The channel table's rows as text cells: label, batches, people; the last row is
/// the total.
pub fn channel_rows(s: &HandoverSummary, lang: Lang) -> Vec<[String; 3]> {
    let mut rows: Vec<[String; 3]> = s
        .by_channel
        .iter()
        .map(|t| {
            [
                capitalized(t.channel.label(lang)),
                t.batches.to_string(),
                t.people.to_string(),
            ]
        })
        .collect();
    rows.push([
        tr(lang, "合计", "Total").to_string(),
        s.batches.to_string(),
        s.people.to_string(),
    ]);
    rows
}

/// English labels are lower case for running text; a table cell starts a sentence.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn channel_header(lang: Lang) -> [&'static str; 3] {
    [
        tr(lang, "渠道", "Channel"),
        tr(lang, "批次", "Batches"),
        tr(lang, "人次", "People"),
    ]
}

fn sections_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> Vec<Section> {
    let multi_day = s.multi_day();
    let mut out = Vec::new();

    out.push(Section {
        kind: SectionKind::Contacts,
        title: tr(lang, "接待情况", "Contacts received").to_string(),
        items: Vec::new(),
    });
    out.push(Section {
        kind: SectionKind::NewCases,
        title: with_count(tr(lang, "新登记事项", "New cases"), s.new_cases.len(), lang),
        items: entries(
            s.new_cases
                .iter()
                .map(|c| new_case_item(c, lang, esc, multi_day)),
        ),
    });
    for flag in Flagged::FLAGS {
        let list = s.flagged.of(flag);
        out.push(Section {
            kind: SectionKind::Flag(flag),
            title: with_count(flag_title(flag, lang), list.len(), lang),
            items: entries(list.iter().map(|c| contact_item(c, lang, esc, multi_day))),
        });
    }
    out.push(Section {
        kind: SectionKind::StillHere,
        title: with_count(
            tr(
                lang,
                "仍在等候或接待中（各窗口）",
                "Still waiting or being received (all desks)",
            ),
            s.still_here.len(),
            lang,
        ),
        items: entries(
            s.still_here
                .iter()
                .map(|v| visitor_item(v, lang, esc, multi_day)),
        ),
    });
    let clocks_title = match lang {
        Lang::Zh => format!("{} 日内到期或已逾期的事项", s.due_soon_days),
        Lang::En => format!("Cases due within {} days or overdue", s.due_soon_days),
    };
    let mut clock_items = Vec::new();
    let mut current: Option<ClockKind> = None;
    for c in &s.clocks_due {
        // Grouped by clock: the heading line names the clock, its entries follow.
        if current != Some(c.clock) {
            current = Some(c.clock);
            let n = s.clocks_due.iter().filter(|x| x.clock == c.clock).count();
            clock_items.push(Item::Heading(with_count(
                &capitalized(c.clock.label(lang)),
                n,
                lang,
            )));
        }
        clock_items.push(Item::Entry(clock_item(c, lang, esc)));
    }
    out.push(Section {
        kind: SectionKind::ClocksDue,
        title: with_count(&clocks_title, s.clocks_due.len(), lang),
        items: clock_items,
    });
    out.push(Section {
        kind: SectionKind::UnroutedLetters,
        title: with_count(
            tr(lang, "尚未转送的来信", "Letters not yet routed"),
            s.unrouted_letters.len(),
            lang,
        ),
        items: entries(
            s.unrouted_letters
                .iter()
                .map(|l| letter_item(l, lang, esc, multi_day)),
        ),
    });
    out.push(Section {
        kind: SectionKind::Notes,
        title: tr(lang, "交班备注", "Notes").to_string(),
        items: entries(s.notes.lines().filter(|l| !l.trim().is_empty()).map(esc)),
    });
    out
}

/// The summary's sections with text safe for a terminal. The contacts section has
/// no items: draw [`totals_line`] and the [`channel_rows`] table there.
pub fn sections(s: &HandoverSummary, lang: Lang) -> Vec<Section> {
    sections_with(s, lang, plain)
}

/// The summary as plain lines for a screen: title, shift, totals, then each section
/// with its items indented ("无" / "none" when empty).
pub fn lines(s: &HandoverSummary, lang: Lang) -> Vec<String> {
    let mut out = vec![title(s, lang), shift_line(s, lang), String::new()];
    for section in sections(s, lang) {
        out.push(section.title.clone());
        if section.kind == SectionKind::Contacts {
            out.push(format!("  {}", totals_line(s, lang)));
            if !s.is_empty() {
                let parts: Vec<String> = s
                    .by_channel
                    .iter()
                    .map(|t| match lang {
                        Lang::Zh => format!(
                            "{} {} 批 {} 人次",
                            t.channel.label(lang),
                            t.batches,
                            t.people
                        ),
                        Lang::En => format!("{} {}/{}", t.channel.label(lang), t.batches, t.people),
                    })
                    .collect();
                out.push(format!("  {}", parts.join(tr(lang, "；", "; "))));
            }
        } else if section.items.is_empty() {
            out.push(format!("  {}", none_label(lang)));
        } else {
            let grouped = section.items.iter().any(|i| matches!(i, Item::Heading(_)));
            for item in &section.items {
                match item {
                    Item::Heading(h) => out.push(format!("  {h}")),
                    Item::Entry(e) if grouped => out.push(format!("    · {e}")),
                    Item::Entry(e) => out.push(format!("  · {e}")),
                }
            }
        }
        out.push(String::new());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The summary as a Markdown report, ready to print or paste.
pub fn to_markdown(s: &HandoverSummary, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |l: &str| {
        out.push_str(l);
        out.push('\n');
    };
    line(&format!("# {}", title_with(s, lang, md)));
    line("");
    line(&format!("- {}", shift_line_with(s, lang, md)));
    line(&format!(
        "- {}{}",
        tr(lang, "统计区间：", "Window: "),
        span(&s.since, &s.until, lang)
    ));
    line(&format!("- {}", tr(
        lang,
        "口径：本人登记的来访、来信、来电、网上；排队与到期事项为全接待室",
        "Scope: contacts registered by this officer; the queue and the deadlines cover the whole office",
    )));
    for section in sections_with(s, lang, md) {
        line("");
        line(&format!("## {}", section.title));
        line("");
        if section.kind == SectionKind::Contacts {
            line(&totals_line(s, lang));
            if s.is_empty() {
                continue;
            }
            line("");
            let h = channel_header(lang);
            line(&format!("| {} | {} | {} |", h[0], h[1], h[2]));
            line("| --- | ---: | ---: |");
            let rows = channel_rows(s, lang);
            let last = rows.len() - 1;
            for (i, r) in rows.iter().enumerate() {
                if i == last {
                    line(&format!("| **{}** | **{}** | **{}** |", r[0], r[1], r[2]));
                } else {
                    line(&format!("| {} | {} | {} |", r[0], r[1], r[2]));
                }
            }
        } else if section.items.is_empty() {
            line(none_label(lang));
        } else {
            let mut first_group = true;
            for item in &section.items {
                match item {
                    Item::Heading(h) => {
                        if !first_group {
                            line("");
                        }
                        first_group = false;
                        line(&format!("### {h}"));
                        line("");
                    }
                    // A quote keeps the officer's own line breaks in the report.
                    Item::Entry(e) if section.kind == SectionKind::Notes => {
                        line(&format!("> {e}  "))
                    }
                    Item::Entry(e) => line(&format!("- {e}")),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn contact(id: i64, at: &str, channel: Channel, headcount: u32, flags: &[Flag]) -> ContactFact {
        ContactFact {
            contact_id: id,
            arrived_at: t(at),
            channel,
            headcount,
            representatives: Vec::new(),
            name: format!("人{id}"),
            id_number: Some("110101199003074477".into()),
            case_id: id,
            case_no: format!("2026-{id:06}"),
            matter: "拖欠工资".into(),
            queue_date: (channel == Channel::Visit).then(|| t(at).date_naive()),
            queue_no: (channel == Channel::Visit).then_some(id),
            letter_no: None,
            flags: flags.to_vec(),
        }
    }

    fn event(kind: EventKind, at: &str) -> CaseEvent {
        CaseEvent {
            kind,
            at: t(at),
            extension_days: 0,
            handler: None,
            unit: None,
        }
    }

    fn case(id: i64, registered: &str, events: Vec<CaseEvent>) -> CaseFact {
        CaseFact {
            case_id: id,
            case_no: format!("2026-{id:06}"),
            matter: "拖欠工资".into(),
            first_officer: "张伟".into(),
            handler: Some("张伟".into()),
            unit: None,
            registered_at: t(registered),
            events,
        }
    }

    fn input() -> SummaryInput {
        SummaryInput {
            officer: "张伟".into(),
            since: t("2026-11-28T08:30:00+08:00"),
            until: t("2026-11-28T17:30:00+08:00"),
            shift: None,
            contacts: Vec::new(),
            queue: Vec::new(),
            cases: Vec::new(),
            clocks: ClockConfig::default(),
        }
    }

    #[test]
    fn empty_window_says_so_everywhere() {
        let s = assemble(&input());
        assert!(s.is_empty());
        assert_eq!(s.by_channel.len(), Channel::ALL.len());
        let md = to_markdown(&s, Lang::Zh);
        assert!(md.contains("本班次无接待记录"), "{md}");
        assert_eq!(md.matches("\n无\n").count(), 9, "{md}");
        let en = to_markdown(&s, Lang::En);
        assert_eq!(en.matches("\nnone\n").count(), 9, "{en}");
        assert!(lines(&s, Lang::En)
            .iter()
            .any(|l| l.contains("Nothing was received")));
    }

    #[test]
    fn counts_only_the_window_and_masks_ids() {
        let mut i = input();
        i.contacts = vec![
            contact(1, "2026-11-28T08:29:59+08:00", Channel::Visit, 1, &[]),
            contact(
                2,
                "2026-11-28T08:30:00+08:00",
                Channel::Visit,
                6,
                &[Flag::Collective],
            ),
            contact(
                3,
                "2026-11-28T17:30:00+08:00",
                Channel::Letter,
                1,
                &[Flag::Repeat],
            ),
            contact(4, "2026-11-28T17:30:01+08:00", Channel::Call, 1, &[]),
        ];
        let s = assemble(&i);
        assert_eq!((s.batches, s.people), (2, 7));
        assert_eq!(
            s.by_channel[0],
            ChannelTally {
                channel: Channel::Visit,
                batches: 1,
                people: 6
            }
        );
        assert_eq!(s.flagged.collective.len(), 1);
        assert_eq!(
            s.flagged.repeat[0].id_number_masked.as_deref(),
            Some("110101********4477")
        );
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("110101199003074477"));
    }

    #[test]
    fn queue_is_replayed_at_the_end_of_the_window() {
        let mut i = input();
        let walk_in =
            |id, arrived: &str, received: Option<&str>, finished: Option<&str>| QueueFact {
                contact: contact(id, arrived, Channel::Visit, 1, &[]),
                officer: "李娜".into(),
                received_at: received.map(t),
                received_by: received.map(|_| "李娜".to_string()),
                finished_at: finished.map(t),
            };
        i.queue = vec![
            walk_in(
                1,
                "2026-11-28T16:00:00+08:00",
                Some("2026-11-28T16:10:00+08:00"),
                None,
            ),
            walk_in(2, "2026-11-28T17:00:00+08:00", None, None),
            walk_in(
                3,
                "2026-11-28T09:00:00+08:00",
                Some("2026-11-28T09:05:00+08:00"),
                Some("2026-11-28T09:30:00+08:00"),
            ),
            // Received only after the window: still waiting at its end.
            walk_in(
                4,
                "2026-11-28T17:10:00+08:00",
                Some("2026-11-28T17:40:00+08:00"),
                None,
            ),
            walk_in(5, "2026-11-28T17:45:00+08:00", None, None),
        ];
        let s = assemble(&i);
        let got: Vec<(i64, QueueStatus, i64)> = s
            .still_here
            .iter()
            .map(|v| (v.queue_no, v.status, v.waited_minutes))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, QueueStatus::Receiving, 10),
                (2, QueueStatus::Waiting, 30),
                (4, QueueStatus::Waiting, 20)
            ]
        );
        assert_eq!(s.still_here[2].received_by, None);
    }

    #[test]
    fn case_status_and_clocks_are_replayed_at_the_end_of_the_window() {
        let mut i = input();
        i.cases = vec![
            // Registered 13 days before: the route clock has 2 days left.
            case(
                1,
                "2026-11-15T10:00:00+08:00",
                vec![event(EventKind::Registered, "2026-11-15T10:00:00+08:00")],
            ),
            // Routed only after the window: still due at its end.
            case(
                2,
                "2026-11-08T10:00:00+08:00",
                vec![
                    event(EventKind::Registered, "2026-11-08T10:00:00+08:00"),
                    CaseEvent {
                        unit: Some("区人民法院".into()),
                        ..event(EventKind::Transfer, "2026-11-29T09:00:00+08:00")
                    },
                ],
            ),
            // Registered after the window: not there yet.
            case(
                3,
                "2026-11-28T18:00:00+08:00",
                vec![event(EventKind::Registered, "2026-11-28T18:00:00+08:00")],
            ),
        ];
        let s = assemble(&i);
        let got: Vec<(&str, ClockKind, i64, Option<&str>)> = s
            .clocks_due
            .iter()
            .map(|c| (c.case_no.as_str(), c.clock, c.days_left, c.unit.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-000002", ClockKind::Route, -5, None),
                ("2026-000001", ClockKind::Route, 2, None)
            ]
        );
        let md = to_markdown(&s, Lang::Zh);
        assert!(md.contains("逾期 5 天") && md.contains("还剩 2 天"), "{md}");
    }

    #[test]
    fn lines_group_the_clocks_and_say_none() {
        let mut i = input();
        i.cases = vec![
            case(
                1,
                "2026-11-15T10:00:00+08:00",
                vec![event(EventKind::Registered, "2026-11-15T10:00:00+08:00")],
            ),
            case(
                2,
                "2026-09-20T10:00:00+08:00",
                vec![
                    event(EventKind::Registered, "2026-09-20T10:00:00+08:00"),
                    event(EventKind::Accept, "2026-09-30T10:00:00+08:00"),
                ],
            ),
        ];
        let out = lines(&assemble(&i), Lang::En);
        let at = |l: &str| {
            out.iter()
                .position(|x| x == l)
                .unwrap_or_else(|| panic!("{l:?} in {out:#?}"))
        };
        assert!(out[0].starts_with("Shift handover: 张伟, 2026-11-28 08:30 – 17:30"));
        assert_eq!(out[at("New cases (0)") + 1], "  none");
        assert_eq!(out[at("  Route (1)") + 1], "    · 2026-000001 \"拖欠工资\" (registered): due 2026-11-30, 2 days left; handler 张伟");
        assert!(out[at("  Handle (1)") + 1].contains("due 2026-11-29, 1 day left"));
        assert_eq!(out.last().map(String::as_str), Some("  none"), "no notes");
    }

    #[test]
    fn markdown_escapes_stored_text() {
        let mut i = input();
        let mut c = contact(
            1,
            "2026-11-28T09:00:00+08:00",
            Channel::Visit,
            1,
            &[Flag::Repeat],
        );
        c.name = "# 张|三".into();
        c.matter = "a *b* [c](d)\nsecond line".into();
        i.contacts = vec![c];
        let md = to_markdown(&assemble(&i), Lang::Zh);
        assert!(md.contains("\\# 张\\|三"), "{md}");
        assert!(md.contains("a \\*b\\* \\[c\\](d) second line"), "{md}");
        assert!(!md.contains('\u{0}'));
    }

    #[test]
    fn shift_line_tells_the_handover_state() {
        let mut i = input();
        i.shift = Some(Shift {
            id: 3,
            officer: "张伟".into(),
            started_at: "2026-11-28T08:30:00+08:00".into(),
            ended_at: Some("2026-11-28T17:30:00+08:00".into()),
            notes: "第一行\n第二行".into(),
            handed_to: Some("李娜".into()),
            acked_by: None,
            acked_at: None,
        });
        let s = assemble(&i);
        assert_eq!(s.notes, "第一行\n第二行");
        let zh = shift_line(&s, Lang::Zh);
        assert_eq!(
            zh,
            "班次：#3，2026-11-28 08:30 开始，已于 2026-11-28 17:30 交班给 李娜，尚未确认"
        );
        let md = to_markdown(&s, Lang::Zh);
        assert!(md.contains("> 第一行  \n> 第二行  \n"), "{md}");
        assert_eq!(
            s.shift.as_ref().and_then(Shift::handover).map(|h| h.to),
            Some("李娜".into())
        );
    }
}
