//! The `case` commands' arguments: a case shown or moved through its lifecycle.

use super::intake::UpperArgs;
use clap::{Args, Subcommand};

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
    Rating(crate::cli::ratings::RatingCommand),
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
    Notify(crate::cli::notices::NotifyArgs),
    /// 登记回执: write the registration receipt of a case to a file (recorded)
    Receipt(crate::cli::notices::ReceiptArgs),
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
