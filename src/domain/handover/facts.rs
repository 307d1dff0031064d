//! The facts the store gathers for a summary. Supersets are fine: assembly filters
//! by the window.

use super::record::Shift;
use crate::domain::clocks::ClockConfig;
use crate::domain::model::{Channel, EventKind, Flag};
use chrono::{DateTime, FixedOffset, NaiveDate};

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
    pub terms: Option<crate::domain::clocks::Terms>,
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
