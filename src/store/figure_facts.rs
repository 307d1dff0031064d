//! What the record holds for the office's figures (考核), as plain records: the
//! backend gathers the facts, the domain (`domain::figures`) counts them.

use crate::domain::figures::{ContactFacts, LongStanding, MatterFacts};
use crate::domain::figures_by::Keyed;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// Every fact the figures of a period need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureFacts {
    /// The matters that can count in the period: registered by its end and not
    /// finished long before its start.
    pub matters: Vec<Keyed<MatterFacts>>,
    /// The contacts that arrived in the period.
    pub contacts: Vec<Keyed<ContactFacts>>,
    /// The 老户 roster as it stood at the start of the period.
    pub roster: Vec<LongStanding>,
    /// Open cases past a clock now (any registration date).
    pub overdue: Vec<OverdueCase>,
    /// What `--explain` and the report show of a case, by case number.
    pub cases: HashMap<String, CaseBrief>,
    /// The names of the people on the roster, by id.
    pub names: HashMap<i64, String>,
}

/// `stats`' figures of a period from sums kept by day (the SQLite file's figure
/// sums, DESIGN 1.6b): what [`FigureReport`] is made of without a list of cases.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptFigures {
    /// The matter parts and contacts of the period (counted to today).
    pub sums: crate::domain::figures_days::FigureSums,
    /// Each month's, in order, when asked for: its key (`2026-03`), the period
    /// cut to it, and its sums.
    pub months: Vec<(
        String,
        crate::domain::figures::Period,
        crate::domain::figures_days::FigureSums,
    )>,
    /// The charts: by month as [`FigureReport::by_month`], by category in no
    /// order yet.
    pub by_month: Vec<Bar>,
    pub by_category: Vec<Bar>,
    pub roster: Vec<LongStanding>,
    pub names: HashMap<i64, String>,
    pub overdue: Vec<OverdueCase>,
    /// `stats`' own figures of the period.
    pub stats: crate::store::records::Stats,
}

/// A case past the clock that runs against the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueCase {
    pub case_no: String,
    /// The clock's code (`route`, `handle`, `review`, `recheck`).
    pub clock: String,
    pub due_on: NaiveDate,
    pub unit: Option<String>,
}

/// One line of a case in a list behind a figure. No person's identifiers: the
/// lists name cases, and the name of the first petitioner only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseBrief {
    pub case_no: String,
    pub name: String,
    pub registered_on: NaiveDate,
    pub status: String,
    pub category: Option<String>,
    pub unit: Option<String>,
    pub handle_due: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// The office's figures for a period, as the front ends show them: computed by
/// the service from [`FigureFacts`] with the office's targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The figures are as of this day: a period still running is counted to it.
    pub as_of: NaiveDate,
    pub figures: Vec<crate::domain::figures::Figure>,
    pub volume: crate::domain::figures::Volume,
    pub overdue: OverdueNow,
    /// 人次 of visits and new matters, by month of the period.
    pub by_month: Vec<Bar>,
    /// New matters by top-level category, most first.
    pub by_category: Vec<Bar>,
    /// The split asked for (`stats --by`).
    pub split: Option<Split>,
    #[serde(skip)]
    pub facts: FigureFacts,
}

impl FigureReport {
    pub fn figure(&self, name: &str) -> Option<&crate::domain::figures::Figure> {
        self.figures.iter().find(|f| f.name == name)
    }
}

/// One bar of a chart: a month (`2026-03`) or a category (`None`: none recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub key: Option<String>,
    pub visit_people: u64,
    pub new_matters: u64,
}

/// Cases overdue now, by the clock that is late and by the handling unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OverdueNow {
    pub total: u64,
    /// Clock code and count, in the clocks' order.
    pub by_clock: Vec<(String, u64)>,
    /// Unit (`None`: none named yet) and count, most first.
    pub by_unit: Vec<(Option<String>, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    pub by: crate::domain::figures_by::By,
    pub groups: Vec<crate::domain::figures_by::Group>,
}
