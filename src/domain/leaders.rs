//! The leaders' registers (issue 12): 包案 (a leader owns a long-standing case until
//! the petitioner stops, 息访), 领导接访/下访/联合接访 (Art. 18), and 批示 / 督办.
//! Codes, parsing of what an officer types, and the rules: when a record may
//! close, what a later contact does to it, what is overdue, and the figures
//! (老户化解息访率 on a frozen roster, 公开接访率). No I/O.

use super::model::coded_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum! {
    /// Where a 包案 record stands.
    BaoanState {
        Open => "open";
        Resolved => "resolved";
        Unresolved => "unresolved";
    }
}

coded_enum! {
    /// What shows a 老户 has stopped petitioning (息访).
    EvidenceKind {
        Agreement => "agreement";
        Pledge => "pledge";
        QuietAfterFinal => "quiet_after_final";
    }
}

coded_enum! {
    /// A leader's reception: at the office (接访), in the field (下访), or together
    /// with the units concerned (联合接访); Art. 18 treats them alike.
    ReceptionKind {
        Reception => "reception";
        Field => "field";
        Joint => "joint";
    }
}

/// The evidence of 息访, with the months of quiet for 终结后无访N月.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub months: Option<u32>,
}

/// What the officer typed could not be read; the variant says what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadersProblem {
    /// Not 息访协议, 承诺书 or 终结后无访N月.
    Evidence(String),
    /// Not 接访, 下访 or 联合接访.
    Kind(String),
    /// `--xifang` needs its evidence; 未化解 must not carry any.
    EvidenceMismatch { xifang: bool },
    /// A date later than today where only the past makes sense.
    FutureDate(NaiveDate),
    /// A date before the record began.
    BeforeStart { date: NaiveDate, start: NaiveDate },
    /// The record is already closed (or already open).
    AlreadyClosed(BaoanState),
    /// Not HH:MM.
    Time(String),
    /// A 督办 or 交办 deadline before the day it was set.
    DeadlinePast(NaiveDate),
    /// Only a leader may be named (after the roster gives officers roles).
    NotALeader(String),
    /// The 督办 already has its result.
    AlreadyAnswered(String),
    /// The months of quiet must be at least one (and sensible).
    Months(u32),
    /// A booking for a reception whose day has passed.
    ReceptionPast(NaiveDate),
    /// The person is already booked for that reception.
    AlreadyBooked,
    /// The walk-in's visit at that reception already holds the leader's word.
    AlreadyRecorded,
}

/// Longest quiet period accepted as evidence: five years.
const MAX_QUIET_MONTHS: u32 = 60;

/// Reads 息访协议 / 承诺书 / 终结后无访N月 (or `agreement`, `pledge`, `quiet:N`).
pub fn parse_evidence(text: &str) -> Result<Evidence, LeadersProblem> {
    let t = text.trim();
    let bad = || LeadersProblem::Evidence(t.to_string());
    let simple = |kind| Evidence { kind, months: None };
    match t {
        "息访协议" | "agreement" => return Ok(simple(EvidenceKind::Agreement)),
        "承诺书" | "息访承诺书" | "pledge" => return Ok(simple(EvidenceKind::Pledge)),
        _ => {}
    }
    let months = if let Some(rest) = t.strip_prefix("终结后无访") {
        rest.strip_suffix("个月")
            .or_else(|| rest.strip_suffix('月'))
            .ok_or_else(bad)?
    } else if let Some(rest) = t.strip_prefix("quiet:") {
        rest
    } else {
        return Err(bad());
    };
    let n: u32 = months.trim().parse().map_err(|_| bad())?;
    if n == 0 || n > MAX_QUIET_MONTHS {
        return Err(LeadersProblem::Months(n));
    }
    Ok(Evidence {
        kind: EvidenceKind::QuietAfterFinal,
        months: Some(n),
    })
}

/// Reads 接访 / 下访 / 联合接访 (or their codes).
pub fn parse_kind(text: &str) -> Result<ReceptionKind, LeadersProblem> {
    match text.trim() {
        "接访" | "领导接访" | "reception" => Ok(ReceptionKind::Reception),
        "下访" | "领导下访" | "field" => Ok(ReceptionKind::Field),
        "联合接访" | "joint" => Ok(ReceptionKind::Joint),
        other => Err(LeadersProblem::Kind(other.to_string())),
    }
}

/// Reads a time of day as HH:MM (full-width colon too), returned as HH:MM.
pub fn parse_time(text: &str) -> Result<String, LeadersProblem> {
    let t = text.trim().replace('：', ":");
    chrono::NaiveTime::parse_from_str(&t, "%H:%M")
        .map(|v| v.format("%H:%M").to_string())
        .map_err(|_| LeadersProblem::Time(text.trim().to_string()))
}

/// Checks a 包案 closing: 息访 needs evidence and 未化解 none; the date lies
/// between the record's start and today; an open record only.
pub fn check_close(
    state: BaoanState,
    opened_on: NaiveDate,
    date: NaiveDate,
    today: NaiveDate,
    xifang: bool,
    evidence: Option<Evidence>,
) -> Result<BaoanState, LeadersProblem> {
    if state != BaoanState::Open {
        return Err(LeadersProblem::AlreadyClosed(state));
    }
    if xifang != evidence.is_some() {
        return Err(LeadersProblem::EvidenceMismatch { xifang });
    }
    if date > today {
        return Err(LeadersProblem::FutureDate(date));
    }
    if date < opened_on {
        return Err(LeadersProblem::BeforeStart {
            date,
            start: opened_on,
        });
    }
    Ok(if xifang {
        BaoanState::Resolved
    } else {
        BaoanState::Unresolved
    })
}

/// A deadline (督办, 交办, 包案 target) must not lie before the day it is set.
pub fn check_deadline(deadline: NaiveDate, today: NaiveDate) -> Result<(), LeadersProblem> {
    if deadline < today {
        return Err(LeadersProblem::DeadlinePast(deadline));
    }
    Ok(())
}

/// What a later letter or visit by a 包案 老户 does to their record: an open one
/// stays open (the contact is noted); a closed one opens again as 复访.
pub fn on_contact(state: BaoanState) -> (BaoanState, bool) {
    match state {
        BaoanState::Open => (BaoanState::Open, false),
        BaoanState::Resolved | BaoanState::Unresolved => (BaoanState::Open, true),
    }
}

/// Days from the last contact (or the record's start) to today.
pub fn days_since(last: NaiveDate, today: NaiveDate) -> i64 {
    (today - last).num_days().max(0)
}

/// A deadline's days left (negative: overdue), when nothing answered it yet.
pub fn days_left(deadline: NaiveDate, today: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// One state change of a 包案 record, as kept in its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateChange {
    pub on: NaiveDate,
    pub state: BaoanState,
}

/// A record's state on a day: the last change on or before it; `None` before the
/// record existed.
pub fn state_on(log: &[StateChange], day: NaiveDate) -> Option<BaoanState> {
    log.iter()
        .filter(|c| c.on <= day)
        .max_by_key(|c| c.on)
        .map(|c| c.state)
}

/// 老户化解息访率 over a period on a roster frozen at its start: the records open on
/// the day before the period, and of those, the ones resolved (息访) at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct XifangRate {
    pub roster: u32,
    pub resolved: u32,
}

impl XifangRate {
    /// Percent, one decimal; `None` on an empty roster.
    pub fn percent(&self) -> Option<f64> {
        (self.roster > 0)
            .then(|| (f64::from(self.resolved) * 1000.0 / f64::from(self.roster)).round() / 10.0)
    }
}

/// The frozen-roster figure from each record's state log (changes in any order).
pub fn xifang_rate<'a>(
    logs: impl IntoIterator<Item = &'a [StateChange]>,
    from: NaiveDate,
    to: NaiveDate,
) -> XifangRate {
    let before = from.pred_opt().unwrap_or(from);
    let mut rate = XifangRate::default();
    for log in logs {
        if state_on(log, before) == Some(BaoanState::Open) {
            rate.roster += 1;
            if state_on(log, to) == Some(BaoanState::Resolved) {
                rate.resolved += 1;
            }
        }
    }
    rate
}

/// Whether a record is on the roster frozen at `from` (open the day before), and
/// if so the day it was recorded 息访 when that still holds at `to`.
pub fn frozen_entry(
    log: &[StateChange],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Option<NaiveDate>> {
    let before = from.pred_opt().unwrap_or(from);
    if state_on(log, before) != Some(BaoanState::Open) {
        return None;
    }
    let resolved = state_on(log, to) == Some(BaoanState::Resolved);
    Some(
        resolved
            .then(|| {
                log.iter()
                    .filter(|c| c.on <= to && c.state == BaoanState::Resolved)
                    .map(|c| c.on)
                    .max()
            })
            .flatten(),
    )
}

/// The receptions a leader should hold in `[from, to]`: `per_month` for each
/// calendar month the period touches.
pub fn quota_for(from: NaiveDate, to: NaiveDate, per_month: u32) -> u32 {
    use chrono::Datelike;
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
    per_month.saturating_mul(months.max(1) as u32)
}

/// One leader's receptions held in a period, against the office's quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaderQuota {
    pub leader: String,
    pub held: u32,
    pub quota: u32,
    pub met: bool,
}

/// 公开接访率: leaders who met their quota ÷ leaders on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionRate {
    pub leaders: Vec<LeaderQuota>,
    pub met: u32,
    pub on_roster: u32,
}

impl ReceptionRate {
    pub fn percent(&self) -> Option<f64> {
        (self.on_roster > 0)
            .then(|| (f64::from(self.met) * 1000.0 / f64::from(self.on_roster)).round() / 10.0)
    }
}

/// Counts every leader on the roster (zero receptions included) against `quota`.
pub fn reception_rate(roster: &[String], held: &[(String, u32)], quota: u32) -> ReceptionRate {
    let leaders: Vec<LeaderQuota> = roster
        .iter()
        .map(|leader| {
            let held = held
                .iter()
                .filter(|(l, _)| l == leader)
                .map(|(_, n)| *n)
                .sum();
            LeaderQuota {
                leader: leader.clone(),
                held,
                quota,
                met: held >= quota,
            }
        })
        .collect();
    let met = leaders.iter().filter(|l| l.met).count() as u32;
    ReceptionRate {
        on_roster: leaders.len() as u32,
        met,
        leaders,
    }
}

#[cfg(test)]
#[path = "leaders_tests.rs"]
mod tests;

/// A 包案 老户 who came in the window, and whether their leader was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaoanCame {
    pub name: String,
    pub leader: String,
    pub at: String,
    pub reopened: bool,
    pub told: bool,
}

/// A reception on the day of the handover or the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionBrief {
    pub day: NaiveDate,
    pub time: String,
    pub leader: String,
    pub kind: ReceptionKind,
    pub place: String,
    pub topic: String,
}

/// A 督办 or 领导交办 due soon or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub case_no: Option<String>,
    /// The 督办单 number, or the unit a 领导交办 went to.
    pub reference: String,
    pub deadline: NaiveDate,
    pub days_left: i64,
}

/// The leaders' part of a handover: the 老户 who came tops it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LeadersHandover {
    pub baoan_came: Vec<BaoanCame>,
    pub receptions: Vec<ReceptionBrief>,
    pub supervision_due: Vec<DueItem>,
    pub assignments_due: Vec<DueItem>,
}

/// Whether a deadline belongs in a handover that lists what is due within
/// `soon_days` (and everything overdue).
pub fn due_for_handover(deadline: NaiveDate, today: NaiveDate, soon_days: u32) -> Option<i64> {
    let left = days_left(deadline, today);
    (left <= i64::from(soon_days)).then_some(left)
}
