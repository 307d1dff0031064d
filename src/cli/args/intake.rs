//! The arguments of what happens at the window: a check-in (with a matter's
//! terms from above) and the walk-in queue.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    pub risk: crate::cli::risk::RiskCheckinArgs,
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
