//! The registers' rows as the store hands them over and the front ends show them.

use super::NotifyEntry;
use super::{DivisionLevel, ItemState, PlanLogKind, RiskLevel, ScopeKind, VisitLevel};
use serde::Serialize;

/// A screening round that was reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub id: i64,
    pub scope_kind: ScopeKind,
    pub scope: String,
    pub due_on: String,
    /// A 零报告: nothing found.
    pub zero: bool,
    pub reported_at: String,
    pub officer: String,
    pub items: u32,
}

/// A person an item names, linked to their record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub petitioner_id: i64,
    pub name: String,
}

/// One 不稳定因素 found in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningItem {
    pub id: i64,
    pub round_id: i64,
    pub scope: String,
    pub due_on: String,
    pub factor: String,
    pub area: String,
    pub risk: RiskLevel,
    pub owner: String,
    pub measures: String,
    pub deadline: String,
    pub state: ItemState,
    pub people: Vec<PersonRef>,
    /// Set by the service against today: still being resolved past its deadline.
    pub overdue: bool,
}

/// A round that the configured list expects, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundDue {
    pub scope_kind: ScopeKind,
    pub scope: String,
    pub due_on: String,
    pub state: RoundState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    Done,
    Due,
    Late,
}

/// One line of a plan's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLogEntry {
    pub at: String,
    pub officer: String,
    pub kind: PlanLogKind,
    pub who: String,
    pub text: String,
}

/// A plan for a sudden group visit, with its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub started_at: String,
    pub officer: String,
    pub contact_id: Option<i64>,
    pub headcount: u32,
    pub area: String,
    pub reason: String,
    pub on_scene_due: String,
    pub notify: Vec<NotifyEntry>,
    pub log: Vec<PlanLogEntry>,
    pub closed_at: Option<String>,
    pub outcome: Option<String>,
}

impl Plan {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// When the first of the notified reached the scene.
    pub fn first_arrival(&self) -> Option<&PlanLogEntry> {
        self.log.iter().find(|e| e.kind == PlanLogKind::Arrived)
    }
}

/// A contact as the skip-level register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelContact {
    pub contact_id: i64,
    pub arrived_at: String,
    pub petitioner_id: i64,
    pub name: String,
    pub case_no: String,
    pub level: VisitLevel,
    /// Registered from a notice from above (我地人员进京/赴省).
    pub notice: bool,
    pub area: String,
    pub skip_level: bool,
    pub litigation: bool,
    pub returned_at: Option<String>,
    pub return_note: Option<String>,
}

/// One administrative division of the office's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    pub code: String,
    pub name: String,
    pub level: DivisionLevel,
    pub parent: Option<String>,
}

/// A screening item that a collective visit may be about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningMatch {
    pub item_id: i64,
    pub due_on: String,
    pub area: String,
    pub factor: String,
}

/// What the handover and the desk show of the registers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RiskBrief {
    pub open_plans: Vec<Plan>,
    /// Rounds of the current period not yet reported, and late ones.
    pub rounds_due: Vec<RoundDue>,
    pub items_overdue: Vec<ScreeningItem>,
    /// Skip-level contacts and notices of the last days, newest first.
    pub notices: Vec<LevelContact>,
}

impl RiskBrief {
    pub fn late_rounds(&self) -> usize {
        self.rounds_due
            .iter()
            .filter(|r| r.state == RoundState::Late)
            .count()
    }
}
