//! The registers on the command line: `screening`, `plan`, `division`, `skiplevel`,
//! and the check-in's level and place flags.

mod level;
mod plan;
mod screening;

pub use level::{division, skiplevel};
pub use plan::plan;
pub use screening::screening;

use crate::domain::risk::{ItemState, RiskLevel, VisitLevel};
use crate::store::risk_port::RiskIntake;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The check-in's level and places (越级访).
#[derive(Debug, Args, Default)]
pub struct RiskCheckinArgs {
    /// Where the contact was received: here (local), or above (city, province, capital)
    #[arg(long, value_enum, default_value = "local")]
    pub level: LevelArg,
    /// Registered from a notice from above (我地人员进京/赴省)
    #[arg(long)]
    pub notice: bool,
    /// Division code of the petitioner's residence (from `division load`)
    #[arg(long, value_name = "CODE")]
    pub residence: Option<String>,
    /// Division code of where the problem is (问题属地)
    #[arg(long, value_name = "CODE")]
    pub location_code: Option<String>,
}

impl RiskCheckinArgs {
    pub fn intake(&self) -> RiskIntake {
        RiskIntake {
            level: self.level.into(),
            notice: self.notice,
            residence_code: self.residence.clone(),
            location_code: self.location_code.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LevelArg {
    #[default]
    #[value(alias = "本级")]
    Local,
    #[value(alias = "市")]
    City,
    #[value(alias = "省")]
    Province,
    #[value(alias = "京")]
    Capital,
}

impl From<LevelArg> for VisitLevel {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Local => VisitLevel::Local,
            LevelArg::City => VisitLevel::City,
            LevelArg::Province => VisitLevel::Province,
            LevelArg::Capital => VisitLevel::Capital,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RiskArg {
    #[value(alias = "一般")]
    General,
    #[value(alias = "较大")]
    Major,
    #[value(alias = "重大")]
    Grave,
}

impl From<RiskArg> for RiskLevel {
    fn from(r: RiskArg) -> Self {
        match r {
            RiskArg::General => RiskLevel::General,
            RiskArg::Major => RiskLevel::Major,
            RiskArg::Grave => RiskLevel::Grave,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    #[value(alias = "化解中")]
    Resolving,
    #[value(alias = "已化解")]
    Resolved,
    #[value(alias = "已上报")]
    Reported,
}

impl From<StateArg> for ItemState {
    fn from(s: StateArg) -> Self {
        match s {
            StateArg::Resolving => ItemState::Resolving,
            StateArg::Resolved => ItemState::Resolved,
            StateArg::Reported => ItemState::Reported,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ScreeningCommand {
    /// Report a screening round for an area or a unit (due on the 1st and 16th)
    Round(RoundArgs),
    /// Add an item (不稳定因素) found in a round
    Item(ItemArgs),
    /// Move an item to resolving, resolved or reported
    State(StateArgs),
    /// Rounds due and done, items, and the counts
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct RoundArgs {
    /// The area that reports (a town on the list)
    #[arg(long, conflicts_with = "unit", required_unless_present = "unit")]
    pub area: Option<String>,
    /// The unit that reports
    #[arg(long)]
    pub unit: Option<String>,
    /// The due date of the round (YYYY-MM-DD) [default: the current round]
    #[arg(long)]
    pub date: Option<String>,
    /// Nothing was found (零报告)
    #[arg(long)]
    pub zero: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ItemArgs {
    /// The round's number
    pub round: i64,
    /// The unstable factor found (不稳定因素/苗头)
    #[arg(long)]
    pub factor: String,
    /// Where it is
    #[arg(long)]
    pub area: String,
    /// People involved: their numbers on record, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub people: Vec<i64>,
    /// The risk: general, major or grave (一般, 较大, 重大)
    #[arg(long, value_enum)]
    pub risk: RiskArg,
    /// Who answers for resolving it (责任人)
    #[arg(long)]
    pub owner: String,
    /// The measures taken
    #[arg(long, default_value = "")]
    pub measures: String,
    /// Resolve by this day (YYYY-MM-DD)
    #[arg(long)]
    pub deadline: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StateArgs {
    /// The item's number
    pub item: i64,
    /// resolving, resolved or reported (化解中, 已化解, 已上报)
    #[arg(value_enum)]
    pub state: StateArg,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// First day, inclusive (YYYY-MM-DD, or YYYY-MM)
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Start the plan for a sudden group visit: the time, whom to notify, the on-scene deadline
    Start(PlanStartArgs),
    /// Log a notification, an arrival on the scene, containment or a note
    Log(PlanLogArgs),
    /// Close a plan with its outcome
    Close(PlanCloseArgs),
    /// The major and urgent information report (Art. 25), as Markdown
    Report(PlanReportArgs),
    /// Plans, newest first
    List(PlanListArgs),
}

#[derive(Debug, Args)]
pub struct PlanStartArgs {
    /// The walk-in it starts on (their contact number)
    #[arg(long)]
    pub contact: Option<i64>,
    /// How many people came [default: the contact's]
    #[arg(long)]
    pub headcount: Option<u32>,
    /// Where from (the town) [default: the contact's]
    #[arg(long)]
    pub area: Option<String>,
    /// What it is about
    #[arg(long, default_value = "")]
    pub reason: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogKindArg {
    Notified,
    Arrived,
    Contained,
    Note,
}

#[derive(Debug, Args)]
pub struct PlanLogArgs {
    /// The plan's number
    pub plan: i64,
    /// notified, arrived (on the scene), contained or note
    #[arg(long, value_enum)]
    pub kind: LogKindArg,
    /// Who was notified or arrived
    #[arg(long, default_value = "")]
    pub who: String,
    /// What happened
    #[arg(long, default_value = "")]
    pub text: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanCloseArgs {
    /// The plan's number
    pub plan: i64,
    /// How it ended
    #[arg(long)]
    pub outcome: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanReportArgs {
    /// The plan's number
    pub plan: i64,
    /// Write to this file instead of the screen
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PlanListArgs {
    /// Only plans still open
    #[arg(long)]
    pub open: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DivisionCommand {
    /// Load the office's division list: one CODE,NAME a line (6 digits a county, 9 a town, 12 a village)
    Load(DivisionLoadArgs),
    /// The division list
    List(DivisionListArgs),
}

#[derive(Debug, Args)]
pub struct DivisionListArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DivisionLoadArgs {
    /// The list file (UTF-8)
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SkipLevelCommand {
    /// Contacts received above this office and notices from above, with counts by month and level
    List(LevelListArgs),
    /// Record that a person was persuaded to return (劝返)
    Return(ReturnArgs),
}

#[derive(Debug, Args)]
pub struct LevelListArgs {
    /// First day, inclusive (YYYY-MM-DD, or YYYY-MM)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD, or YYYY-MM)
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    /// The contact's number
    pub contact: i64,
    /// Where and by whom
    #[arg(long, default_value = "")]
    pub note: String,
    #[arg(long)]
    pub json: bool,
}

/// Stored text made safe for a terminal.
fn plain(s: &str) -> String {
    crate::text::sanitize_for_display(s).into_owned()
}
