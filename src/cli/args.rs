//! The command line (DESIGN.md 2.1).

use clap::{Args, Parser, Subcommand, ValueEnum};
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

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Per-keystroke lookup latency over seeded typing sequences, against a full scan
    /// (without --db: a demo database built once in the cache folder)
    Lookup(BenchLookupArgs),
    /// Durable check-ins one after another, each its own transaction, with their
    /// latency (without --db: on a temporary file)
    Checkin(BenchCheckinArgs),
    /// The reads behind the desk and the reports on the record as it is: the desk's
    /// start, its first lookup and case, the status line's counts, the queue, the
    /// handover summary, the figures of this month and year (read-only)
    Reads(BenchReadsArgs),
}

#[derive(Debug, Args)]
pub struct BenchReadsArgs {
    /// How many times to time each read (the status line and the queue: 20 times as
    /// many; the figures: once)
    #[arg(long, default_value_t = 5)]
    pub runs: u32,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchCheckinArgs {
    /// How many check-ins to make
    #[arg(long, default_value_t = 500)]
    pub count: u32,
    /// Marks this run's visitors (their matter ends with it) and seeds their names
    #[arg(long, default_value = "bench")]
    pub tag: String,
    /// Allow writing the made-up visitors into the record --db names (for good)
    #[arg(long)]
    pub write_visitors: bool,
    /// Check in people already on record, picked at random as if found by a lookup,
    /// each with a new matter (on a temporary file, `count` newcomers are put on
    /// record first, untimed)
    #[arg(long)]
    pub returning: bool,
    /// Print one JSON document, with every acknowledged case and queue number
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchLookupArgs {
    /// How many people the cached demo database holds
    #[arg(long, default_value_t = 1_000_000)]
    pub petitioners: u32,
    #[arg(long)]
    pub json: bool,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    Visit,
    Letter,
    Call,
    Online,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PurposeArg {
    Suggestion,
    Complaint,
    Claim,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The petitioner's name
    #[arg(long)]
    pub name: String,
    /// PRC ID number (18 characters, or an old 15-digit one)
    #[arg(long)]
    pub id_number: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// How many people came (5 or more is a collective visit)
    #[arg(long, default_value_t = 1)]
    pub headcount: u32,
    /// Names of the representatives of a collective visit, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub representatives: Vec<String>,
    /// A representative on record, by person number (repeat for each); a 老户 among them flags the visit
    #[arg(long = "representative-id", value_name = "PERSON")]
    pub representative_ids: Vec<i64>,
    /// A representative not on record yet, put on record with the visit: NAME or NAME:ID_NUMBER:PHONE (either part may be empty; repeat for each)
    #[arg(long = "new-representative", value_name = "NAME[:ID[:PHONE]]")]
    pub new_representatives: Vec<String>,
    #[arg(long, value_enum, default_value = "visit")]
    pub channel: ChannelArg,
    /// What the petition is about
    #[arg(long, default_value = "")]
    pub matter: String,
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long, value_enum)]
    pub purpose: Option<PurposeArg>,
    /// Where the problem is (问题属地)
    #[arg(long)]
    pub location: Option<String>,
    /// The matter concerns litigation (涉法涉诉)
    #[arg(long)]
    pub litigation: bool,
    /// Where the matter came from: 本级 (local), 上级交办 (assigned-from-above) or 上级转送 (transferred-from-above)
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    #[command(flatten)]
    pub upper: UpperArgs,
    /// Join this existing case (a repeat visit)
    #[arg(long = "case", value_name = "CASE_NO")]
    pub case_no: Option<String>,
    /// An enquiry on this case (问进展): recorded as a contact on it, opens no case and is no repeat petition
    #[arg(long, value_name = "CASE_NO", conflicts_with = "case_no")]
    pub enquiry: Option<String>,
    /// Link to this person already on record (their number from lookup)
    #[arg(long, value_name = "ID")]
    pub petitioner: Option<i64>,
    /// Also write the 登记回执 (registration receipt) to this file (recorded)
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    #[command(flatten)]
    pub risk: super::risk::RiskCheckinArgs,
    #[arg(long)]
    pub json: bool,
}

/// The upper office's terms of a matter from above.
#[derive(Debug, Args)]
pub struct UpperArgs {
    /// The office that sent the matter down (来文单位)
    #[arg(long, value_name = "OFFICE")]
    pub from_office: Option<String>,
    /// Its document or item number (文号/件号)
    #[arg(long, value_name = "NO")]
    pub doc_no: Option<String>,
    /// The day it was received from above (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
    /// The upper office's deadline (YYYY-MM-DD) [default: 60 days after receipt]
    #[arg(long, value_name = "DATE")]
    pub upper_due: Option<String>,
    /// Whether a report back (报结) is due: yes or no [default: yes for 上级交办, no for 上级转送]
    #[arg(long, value_name = "yes|no")]
    pub report_due: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    #[command(subcommand)]
    pub action: Option<QueueCommand>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum QueueCommand {
    /// Start receiving visitor N (records you as the receiving officer)
    Receive(QueueNo),
    /// Visitor N has been received
    Done(QueueNo),
    /// Visitor N left without being received
    Left(QueueNo),
    /// Take back visitor N's last move (within your shift; recorded on the timeline)
    Undo(QueueNo),
}

#[derive(Debug, Args)]
pub struct QueueNo {
    /// Today's queue number
    pub number: i64,
    /// The day of the number, when not today (YYYY-MM-DD)
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub json: bool,
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

#[derive(Debug, Args)]
pub struct CaseRef {
    /// The case number, like 2026-000123
    pub case_no: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CaseText {
    pub case_no: String,
    /// The reason, reply or decision, in writing
    #[arg(long)]
    pub text: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CaseRequest {
    pub case_no: String,
    #[arg(long)]
    pub text: Option<String>,
    /// Record a request made after its 30-day window, for this reason (the clock stays late)
    #[arg(long, value_name = "REASON")]
    pub late_reason: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// A case with its people, contacts, timeline and clocks
    Show(CaseRef),
    /// 受理
    Accept(CaseText),
    /// 不予受理 (needs --text)
    NotAccept(CaseText),
    /// 转送: send the matter to the competent unit (no report due)
    Transfer {
        case_no: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 交办: assign the matter down to a unit with a deadline and a required report (Art. 22)
    AssignDown {
        case_no: String,
        #[arg(long)]
        unit: String,
        /// The unit's deadline (YYYY-MM-DD) [default: the handling days from today]
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 异议退回: the receiving unit objects within 5 working days (Art. 23); the matter comes back (needs --text)
    Objection(CaseText),
    /// 报结: report the result of a matter from above back to the office that sent it
    ReportBack {
        case_no: String,
        /// What was reported
        #[arg(long)]
        text: String,
        /// The number of our report (报结文号)
        #[arg(long, value_name = "NO")]
        doc_no: Option<String>,
        /// The day it was sent (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // 满意度评价 and 回访: evaluate, follow-up, follow-ups (cli/ratings.rs).
    #[command(flatten)]
    Rating(super::ratings::RatingCommand),
    /// 来源登记: record that a registered matter came from above (before it is routed)
    Source {
        case_no: String,
        /// Where the matter came from: 上级交办 (assigned-from-above) or 上级转送 (transferred-from-above)
        #[arg(long = "source", value_name = "SOURCE")]
        source: String,
        #[command(flatten)]
        upper: UpperArgs,
        #[arg(long)]
        json: bool,
    },
    /// 并案: merge a duplicate matter into its original (the duplicate keeps its number and takes no more steps)
    Merge {
        /// The duplicate
        case_no: String,
        /// The original it duplicates
        original: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 答复
    Reply {
        case_no: String,
        /// The reply, in writing
        #[arg(long)]
        text: Option<String>,
        /// What it decided: 支持 (support), 解释说明 (explain), 不予支持 (reject) or 调解协议 (mediation)
        #[arg(long, value_name = "OUTCOME")]
        outcome: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Extend the handling clock once (at most 30 days) with a reason, approved by a 科长 or 领导 (Art. 32)
    Extend {
        case_no: String,
        #[arg(long)]
        days: u32,
        #[arg(long)]
        reason: String,
        /// The 科长 or 领导 on the roster who approved it
        #[arg(long, value_name = "OFFICER")]
        approved_by: String,
        /// The petitioner was told of it: 当面 (in-person), 邮寄 (post), 短信 (sms) or 网上 (online)
        #[arg(long, value_name = "VIA")]
        via: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 书面告知: record the written notice of a decision to the petitioner (the route clock needs it)
    Notify(super::notices::NotifyArgs),
    /// 登记回执: write the registration receipt of a case to a file (recorded)
    Receipt(super::notices::ReceiptArgs),
    /// Name the handler (承办人) and/or the handling unit
    Assign {
        case_no: String,
        /// The officer who will handle it
        #[arg(long = "to", value_name = "OFFICER")]
        to: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a note to the timeline
    Note {
        case_no: String,
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// 督办: record a supervision; with --doc-no and --deadline, a 督办单 whose result is awaited
    Supervise {
        case_no: String,
        text: Option<String>,
        /// The 督办单 number
        #[arg(long, requires = "deadline")]
        doc_no: Option<String>,
        /// The day the result is due (YYYY-MM-DD)
        #[arg(long, requires = "doc_no")]
        deadline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The result of the case's open 督办单
    SuperviseResult {
        case_no: String,
        /// What the supervision brought
        #[arg(long)]
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// 督办 on record, by deadline
    Supervisions {
        /// Only those still waiting for their result
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// 批示: a leader's instruction on the case, recorded verbatim
    Instruct {
        case_no: String,
        /// The leader who gave it
        #[arg(long)]
        leader: String,
        /// The instruction, word for word
        #[arg(long)]
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Link to another case
    Link {
        case_no: String,
        other: String,
        #[arg(long)]
        json: bool,
    },
    /// 归档
    Archive(CaseText),
    /// 申请复查
    RequestReview(CaseRequest),
    /// 复查决定 (needs --text)
    DecideReview(CaseText),
    /// 申请复核
    RequestRecheck(CaseRequest),
    /// 复核决定 (needs --text); the case becomes final
    DecideRecheck(CaseText),
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
