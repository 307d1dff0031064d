//! The office's risk registers (issue 12, items 4–6): the half-monthly screening of
//! disputes (每半月排查), the plan for a sudden group visit (突发事件预案), and
//! skip-level visits (越级访, Art. 19) with the 涉法涉诉 route of Art. 22. The rules
//! live here, with no I/O; the store keeps the rows and the words say them.

mod levels;
mod plan;
mod records;
mod screening;

pub use levels::*;
pub use plan::*;
pub use records::*;
pub use screening::*;

use super::model::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum! {
    /// The risk an item of a screening round carries (一般/较大/重大).
    RiskLevel {
        General => "general";
        Major => "major";
        Grave => "grave";
    }
}

coded_enum! {
    /// Where an item of a screening round stands.
    ItemState {
        Resolving => "resolving";
        Resolved => "resolved";
        Reported => "reported";
    }
}

coded_enum! {
    /// What a screening round covers: an area (town, community) or a unit.
    ScopeKind {
        Area => "area";
        Unit => "unit";
    }
}

coded_enum! {
    /// The level a contact was received at: here (本级), or above (市, 省, 京).
    VisitLevel {
        Local => "local";
        City => "city";
        Province => "province";
        Capital => "capital";
    }
}

coded_enum! {
    /// The level of the office that runs jiedai.
    OfficeLevel {
        Town => "town";
        County => "county";
        City => "city";
        Province => "province";
    }
}

coded_enum! {
    /// One line of a plan's log.
    PlanLogKind {
        Notified => "notified";
        Arrived => "arrived";
        Contained => "contained";
        Note => "note";
        Closed => "closed";
    }
}

coded_enum! {
    /// The tier of an administrative division code.
    DivisionLevel {
        County => "county";
        Town => "town";
        Village => "village";
    }
}

/// One person or body to notify when a plan starts (值班领导, 公安, 属地乡镇).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NotifyEntry {
    pub role: String,
    pub name: String,
    pub phone: String,
}

/// What an office tunes about its registers (`[risk]` in the config file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskConfig {
    /// Days of the month a screening round falls due (the 1st and 16th).
    pub screening_days: Vec<u32>,
    /// Areas that report a round; empty: the towns of the loaded division list.
    pub screening_areas: Vec<String>,
    /// Units that report a round.
    pub screening_units: Vec<String>,
    /// Days after its due date before a round not reported is late.
    pub screening_grace_days: i64,
    /// A walk-in of at least this many people proposes the plan.
    pub plan_headcount: u32,
    /// Minutes within which the notified must be on the scene.
    pub plan_on_scene_minutes: u32,
    /// Whom a plan notifies, in order; an entry whose role is `属地` names the
    /// town of the visit when it is known.
    pub plan_notify: Vec<NotifyEntry>,
    pub office_level: OfficeLevel,
}

impl Default for RiskConfig {
    fn default() -> Self {
        let entry = |role: &str| NotifyEntry {
            role: role.into(),
            ..Default::default()
        };
        RiskConfig {
            screening_days: vec![1, 16],
            screening_areas: Vec::new(),
            screening_units: Vec::new(),
            screening_grace_days: 0,
            plan_headcount: 20,
            plan_on_scene_minutes: 30,
            plan_notify: vec![entry("值班领导"), entry("公安"), entry(TOWN_ROLE)],
            office_level: OfficeLevel::County,
        }
    }
}

/// The notify entry that stands for the town where the visitors live.
pub const TOWN_ROLE: &str = "属地";

impl RiskConfig {
    /// Due days as the month allows them (1..=28 keeps every month's day real),
    /// sorted; never empty.
    pub fn due_days(&self) -> Vec<u32> {
        let mut days: Vec<u32> = self
            .screening_days
            .iter()
            .map(|d| (*d).clamp(1, 28))
            .collect();
        days.sort_unstable();
        days.dedup();
        if days.is_empty() {
            days = vec![1, 16];
        }
        days
    }
}
