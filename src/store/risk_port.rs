//! The port of the risk registers (每半月排查, 预案, 越级访): what a backend reads for
//! them ([`RiskBook`]) and the primitives a unit of work writes them with
//! ([`RiskTx`], reached through [`super::Tx::risk`]). The rules stay in
//! `domain::risk` and the service.

use super::error::Result;
use crate::domain::risk::{
    Division, ItemState, LevelContact, Plan, PlanLogKind, RiskLevel, Round, ScopeKind,
    ScreeningItem, VisitLevel,
};
use chrono::NaiveDate;

/// What intake knows of a contact's level and places (越级访).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskIntake {
    pub level: VisitLevel,
    /// Registered from a notice from above (我地人员进京/赴省).
    pub notice: bool,
    /// The division code of the petitioner's residence.
    pub residence_code: Option<String>,
    /// The division code of where the problem is (问题属地).
    pub location_code: Option<String>,
}

impl Default for RiskIntake {
    /// Received here, with no places given.
    fn default() -> Self {
        RiskIntake {
            level: VisitLevel::Local,
            notice: false,
            residence_code: None,
            location_code: None,
        }
    }
}

/// Which screening items to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemFilter {
    /// Items of rounds due on or after this day.
    pub from: Option<NaiveDate>,
    /// Items of rounds due on or before this day.
    pub to: Option<NaiveDate>,
    /// Only items still being resolved.
    pub open_only: bool,
}

/// Reading the registers.
pub trait RiskBook {
    fn divisions(&self) -> Result<Vec<Division>>;
    /// Rounds due from `from` to `to`, inclusive, oldest first.
    fn rounds(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Round>>;
    fn screening_items(&self, filter: ItemFilter) -> Result<Vec<ScreeningItem>>;
    /// The area of each collective visit flagged unscreened that arrived in the
    /// range (instants as the record writes them), one entry per visit.
    fn unscreened_areas(&self, from: &str, to: &str) -> Result<Vec<String>>;
    /// Plans, newest first; only open ones when asked.
    fn plans(&self, open_only: bool, limit: usize) -> Result<Vec<Plan>>;
    fn plan(&self, id: i64) -> Result<Option<Plan>>;
    /// Contacts with a recorded level in the range, newest first; only those
    /// received above this office (or registered from a notice) when asked.
    fn level_contacts(&self, from: &str, to: &str, above_only: bool) -> Result<Vec<LevelContact>>;
}

/// An item about to be put on a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem<'a> {
    pub round_id: i64,
    pub factor: &'a str,
    pub area: &'a str,
    pub risk: RiskLevel,
    pub owner: &'a str,
    pub measures: &'a str,
    pub deadline: NaiveDate,
    pub at: &'a str,
    pub officer_id: i64,
}

/// What intake recorded about a contact's level, place and screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRisk<'a> {
    pub contact_id: i64,
    pub level: VisitLevel,
    pub notice: bool,
    pub residence_code: Option<&'a str>,
    pub location_code: Option<&'a str>,
    pub area: &'a str,
    pub collective: bool,
    pub unscreened: bool,
    pub skip_level: bool,
    pub litigation: bool,
    pub at: &'a str,
}

/// A plan about to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan<'a> {
    pub at: &'a str,
    pub officer_id: i64,
    pub contact_id: Option<i64>,
    pub headcount: u32,
    pub area: &'a str,
    pub reason: &'a str,
    pub on_scene_due: &'a str,
    /// JSON list of the notify entries.
    pub notify: &'a str,
}

/// The registers' primitives inside a unit of work.
pub trait RiskTx {
    /// Replaces the office's division list; returns how many it holds.
    fn replace_divisions(&mut self, list: &[Division]) -> Result<usize>;
    /// The division and its ancestors, itself first; empty when not on the list.
    fn division_chain(&mut self, code: &str) -> Result<Vec<Division>>;
    /// Whether the division list holds a town (the default screening areas).
    fn any_town(&mut self) -> Result<bool>;
    fn round_id(&mut self, kind: ScopeKind, scope: &str, due: NaiveDate) -> Result<Option<i64>>;
    fn insert_round(
        &mut self,
        kind: ScopeKind,
        scope: &str,
        due: NaiveDate,
        zero: bool,
        at: &str,
        officer_id: i64,
    ) -> Result<i64>;
    fn round(&mut self, id: i64) -> Result<Option<Round>>;
    fn insert_item(&mut self, item: &NewItem<'_>) -> Result<i64>;
    fn link_item_person(&mut self, item_id: i64, petitioner_id: i64) -> Result<()>;
    fn item(&mut self, id: i64) -> Result<Option<ScreeningItem>>;
    fn set_item_state(&mut self, id: i64, state: ItemState, at: &str) -> Result<()>;
    /// Items of rounds due from `since` to `until`, inclusive.
    fn recent_items(&mut self, since: NaiveDate, until: NaiveDate) -> Result<Vec<ScreeningItem>>;
    fn insert_contact_risk(&mut self, row: &ContactRisk<'_>) -> Result<()>;
    /// Records a 劝返 on a contact with a recorded level; false when it has none.
    fn set_returned(
        &mut self,
        contact_id: i64,
        at: &str,
        officer_id: i64,
        note: &str,
    ) -> Result<bool>;
    /// A walk-in's headcount and recorded area, for a plan started on it.
    fn contact_for_plan(&mut self, contact_id: i64) -> Result<Option<(u32, String)>>;
    fn insert_plan(&mut self, plan: &NewPlan<'_>) -> Result<i64>;
    fn plan(&mut self, id: i64) -> Result<Option<Plan>>;
    fn insert_plan_log(
        &mut self,
        plan_id: i64,
        at: &str,
        officer_id: i64,
        kind: PlanLogKind,
        who: &str,
        text: &str,
    ) -> Result<()>;
    fn close_plan(&mut self, id: i64, at: &str, officer_id: i64, outcome: &str) -> Result<()>;
}
