//! The command line (DESIGN.md 2.1): the commands and the global options, with the
//! arguments of the smaller commands; the larger ones' are in `bench.rs`,
//! `case.rs` and `intake.rs` (check-in and queue), re-exported here.

mod bench;
mod case;
mod intake;

pub use bench::*;
pub use case::*;
pub use intake::*;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "jiedai",
    version,
    about = "jiedai (接待台): the front desk of a petition office",
    long_about = crate::words::help::LONG_ABOUT
)]
pub struct Cli {
    /// The database file [env: JIEDAI_DB; default: the platform data dir's jiedai/jiedai.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of the screen and reports: zh or en [default: config, else the locale]
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,

    /// The officer on duty, active on the roster; every write is recorded under this name [env: JIEDAI_OFFICER]
    #[arg(long, global = true, value_name = "NAME")]
    pub officer: Option<String>,

    /// A keymap file, or `vim` for the shipped vim keymap
    #[arg(long, global = true, value_name = "PATH")]
    pub keymap: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Create or migrate the database and print its path
    Init,
    /// Fill the database with realistic synthetic data
    Demo(DemoArgs),
    /// Register a contact: a walk-in, a letter, a call or an online submission
    Checkin(CheckinArgs),
    /// Today's walk-in queue, or move a visitor along it
    Queue(QueueArgs),
    /// Find people by name, pinyin, initials, ID number, phone, case or letter number
    Lookup(LookupArgs),
    /// Show, mark or merge people on record
    #[command(subcommand)]
    Person(PersonCommand),
    /// Show a case or move it through its lifecycle
    #[command(subcommand)]
    Case(CaseCommand),
    /// The roster (名册): officers, their roles and titles
    #[command(subcommand)]
    Officer(super::officer::OfficerCommand),
    /// Units that cases are transferred to
    #[command(subcommand)]
    Unit(NameCommand),
    /// The two-level list of categories
    #[command(subcommand)]
    Category(CategoryCommand),
    /// 包案: leaders who own long-standing cases until the petitioner stops
    #[command(subcommand)]
    Baoan(super::leaders::BaoanCommand),
    /// Leaders' reception days (接访), field visits (下访) and joint receptions (联合接访)
    #[command(subcommand)]
    Reception(super::leaders::ReceptionCommand),
    /// The shift handover (交班) summary; hand over and acknowledge
    Handover(super::handover::HandoverArgs),
    /// Start, end or show your shift
    #[command(subcommand)]
    Shift(super::handover::ShiftCommand),
    /// Register contacts from a CSV or .xlsx file, such as an old register (all rows or none)
    Import(super::transfer::ImportArgs),
    /// Write contacts to a CSV or XLSX file (masked unless --reveal; recorded)
    Export(super::transfer::ExportArgs),
    /// Figures for a period: contacts, people, batches, categories, cases, clocks
    Stats(super::stats::StatsArgs),
    /// The office's report for a day, week, month or year: figures, missed cases,
    /// 上级交办, 不满意, overdue (Markdown, .xlsx or JSON)
    Report(super::report::ReportArgs),
    /// Copy the database to a file, consistently, while desks are running
    Backup(BackupArgs),
    /// Move this office's record (the --db file) onto a PostgreSQL server, then verify both ends and compare them
    #[cfg(feature = "postgres")]
    Migrate(super::migrate::MigrateArgs),
    /// Read the audit log: reveals, exports, backups, imports, merges, marks
    Audit(super::audit::AuditArgs),
    /// Check the file's integrity and the timeline's hash chain (and anchors kept
    /// outside the file)
    Verify(VerifyArgs),
    /// Measure the desk at scale
    #[command(subcommand)]
    Bench(BenchCommand),
    /// The half-monthly screening register (每半月排查)
    #[command(subcommand)]
    Screening(super::risk::ScreeningCommand),
    /// The plan for a sudden group visit (突发事件预案)
    #[command(subcommand)]
    Plan(super::risk::PlanCommand),
    /// The office's administrative divisions (county, town, village codes)
    #[command(subcommand)]
    Division(super::risk::DivisionCommand),
    /// Skip-level visits and notices from above (越级访), and 劝返
    #[command(subcommand)]
    Skiplevel(super::risk::SkipLevelCommand),
    /// The editable templates of the 登记回执 and the written notices
    #[command(subcommand)]
    Templates(super::notices::TemplatesCommand),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
    /// An anchor SEQ:HASH taken earlier (from `verify`, a handover, a backup or an
    /// export): the chain must still hold it; repeatable
    #[arg(long, value_name = "SEQ:HASH")]
    pub anchor: Vec<String>,
    /// A file of anchors, one a line (as copied from handovers)
    #[arg(long, value_name = "FILE")]
    pub anchors: Option<PathBuf>,
    /// Check only what was written after this anchor (a head printed by an earlier
    /// full verify): the chain from it on and every row changed since
    #[arg(long, value_name = "SEQ:HASH")]
    pub since_anchor: Option<String>,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many people to create
    #[arg(long, default_value_t = 2000)]
    pub petitioners: u32,
    /// Seed of the generator (same seed, same data)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add synthetic people even to a database that holds contacts already (written step by step, as on a PostgreSQL server, not in bulk)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    pub query: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// One person with their contacts and cases, newest first
    Show(PersonArgs),
    /// Mark (or unmark) a person as long-standing (老户); recorded
    Mark {
        id: i64,
        /// Remove the mark instead
        #[arg(long)]
        off: bool,
    },
    /// Merge two records of the same person: OTHER's contacts and cases move to KEEP;
    /// OTHER stays on record, pointing at KEEP; recorded
    Merge { keep: i64, other: i64 },
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// The person's number (from lookup)
    pub id: i64,
    /// Show the ID number and phone unmasked (recorded in the audit log)
    #[arg(long)]
    pub reveal: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum NameCommand {
    List(JsonArg),
    Add { name: String },
}

#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    List(JsonArg),
    Add {
        name: String,
        /// The top-level category this one belongs to
        #[arg(long)]
        parent: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    pub out: PathBuf,
}
