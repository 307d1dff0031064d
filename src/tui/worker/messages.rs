//! What the desk asks the worker, and what it answers.

use crate::domain::lifecycle::CaseStep;
use crate::domain::{EventKind, QueueStatus};
use crate::store::{
    CaseDetail, CaseStepInput, Category, CheckIn, CheckInResult, DeskCounts, Handover,
    HandoverSummary, LookupRow, Officer, PersonDetail, QueueAction, QueueRow, Revealed, Shift,
};

/// At most this many lookup rows come back: more never fit on a screen and building
/// cards costs a query each.
pub const LOOKUP_LIMIT: usize = 200;

/// Which search box asked, so each keeps its own newest answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LookupFor {
    Pane,
    Form,
}

#[derive(Debug, Clone)]
pub enum Request {
    Lookup {
        seq: u64,
        target: LookupFor,
        query: String,
    },
    /// Everything the desk shows at start: queue, counts, lists.
    Load,
    /// Has another desk written? Refresh what is on screen if so.
    Poll {
        case_no: Option<String>,
        person: Option<i64>,
        /// The officer on duty, so a handover addressed to them at another desk
        /// shows here without waiting for them to look.
        officer: Option<String>,
    },
    Case {
        case_no: String,
    },
    Person {
        petitioner_id: i64,
    },
    SignIn {
        officer: String,
    },
    /// A 科长 adds a name to the roster (as 科员) from a picker.
    AddOfficer {
        officer: String,
        name: String,
    },
    CheckIn {
        officer: String,
        request: Box<CheckIn>,
        /// The level and places from the form's second page.
        risk: crate::store::risk_port::RiskIntake,
        /// Start the plan (预案) on the new contact once it is saved.
        start_plan: bool,
    },
    /// What saving would say (rolled back), for the form to show first.
    CheckInPreview {
        seq: u64,
        officer: String,
        request: Box<CheckIn>,
        risk: crate::store::risk_port::RiskIntake,
    },
    /// The office's division list, for the form's places.
    Divisions,
    QueueMove {
        officer: String,
        contact_id: i64,
        action: QueueAction,
    },
    /// Take back a walk-in's last move (a correction on the timeline).
    QueueUndo {
        officer: String,
        contact_id: i64,
    },
    CaseStep {
        officer: String,
        case_no: String,
        step: CaseStep,
        input: CaseStepInput,
    },
    Assign {
        officer: String,
        case_no: String,
        handler: Option<String>,
        unit: Option<String>,
    },
    Extend {
        officer: String,
        case_no: String,
        days: u32,
        reason: String,
        approved_by: String,
        via: Option<crate::domain::notices::NoticeVia>,
    },
    /// A decision's written notice reached the petitioner (书面告知).
    Notify {
        officer: String,
        case_no: String,
        notice: crate::store::Notice,
    },
    /// Write the case's 登记回执 to `out` (recorded in the audit log).
    Receipt {
        officer: String,
        case_no: String,
        out: std::path::PathBuf,
    },
    /// Where the desk's documents take their words: sent once, at start.
    Paper {
        desk: crate::config::DeskConfig,
        templates: Option<std::path::PathBuf>,
        lang: crate::domain::Lang,
    },
    Annotate {
        officer: String,
        case_no: String,
        kind: EventKind,
        text: String,
    },
    ReportBack {
        officer: String,
        case_no: String,
        report: crate::store::ReportBack,
    },
    SetSource {
        officer: String,
        case_no: String,
        source: crate::domain::Source,
        upper: crate::domain::assigned::UpperInput,
    },
    /// 满意度评价 of a decision.
    Evaluate {
        officer: String,
        case_no: String,
        evaluation: crate::store::Evaluation,
    },
    /// The 回访 of a 不满意 rating.
    FollowUp {
        officer: String,
        case_no: String,
        follow_up: crate::store::FollowUp,
    },
    Reveal {
        officer: String,
        petitioner_id: i64,
    },
    Shift(ShiftRequest),
    /// The 包案 register.
    Registers,
    /// The leader of 包案 record `id` was told of the person's latest contacts.
    BaoanTold {
        officer: String,
        id: i64,
    },
    /// The office's figures (考核) for this month or this year, as of today.
    Figures {
        span: crate::domain::figures_by::Span,
    },
    Risk(super::risk::RiskRequest),
    /// A leader's reception on its day: routing a walk-in, the leader's word.
    Reception(super::reception::ReceptionRequest),
}

impl Request {
    /// For a request that writes, what its failure answers (so that a write to a
    /// database file that is no longer there can be refused up front).
    pub fn write_kind(&self) -> Option<Failed> {
        Some(match self {
            Request::SignIn { .. } => Failed::SignIn,
            Request::AddOfficer { .. } => Failed::Roster,
            Request::CheckIn { .. } => Failed::CheckIn,
            Request::QueueMove { .. } | Request::QueueUndo { .. } => Failed::QueueMove,
            Request::CaseStep { .. }
            | Request::Assign { .. }
            | Request::Extend { .. }
            | Request::Notify { .. }
            | Request::Receipt { .. }
            | Request::Annotate { .. }
            | Request::ReportBack { .. }
            | Request::SetSource { .. }
            | Request::Evaluate { .. }
            | Request::FollowUp { .. } => Failed::CaseWrite,
            Request::Reveal { .. } => Failed::Reveal,
            Request::BaoanTold { .. } => Failed::Registers,
            Request::Shift(ShiftRequest::Summary { .. }) => return None,
            Request::Risk(super::risk::RiskRequest::StartPlan { .. }) => Failed::Risk,
            Request::Risk(_) => return None,
            Request::Reception(super::reception::ReceptionRequest::Record { .. }) => {
                Failed::CaseWrite
            }
            Request::Reception(_) => return None,
            Request::Shift(_) => Failed::Shift,
            Request::Lookup { .. }
            | Request::Load
            | Request::Poll { .. }
            | Request::Case { .. }
            | Request::Person { .. }
            | Request::CheckInPreview { .. }
            | Request::Divisions
            | Request::Registers
            | Request::Paper { .. }
            | Request::Figures { .. } => return None,
        })
    }
}

/// Shifts and handovers (交班).
#[derive(Debug, Clone)]
pub enum ShiftRequest {
    /// The desk has an officer: start their shift, or resume the one left open.
    Start {
        officer: String,
    },
    /// A handover summary: the officer's own shift (`of: None`), or the shift of a
    /// handover addressed to them, as it stood when it was handed over.
    Summary {
        seq: u64,
        officer: String,
        of: Option<Box<Handover>>,
    },
    SaveNotes {
        officer: String,
        text: String,
    },
    HandOver {
        officer: String,
        to: String,
    },
    /// One handover by its shift, or (`None`) the latest one addressed to the officer.
    Acknowledge {
        officer: String,
        shift_id: Option<i64>,
    },
}

/// What went wrong, and which request it answers (so a form can stay open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    Load,
    Lookup,
    Case,
    Person,
    SignIn,
    /// Adding to the roster from the desk.
    Roster,
    CheckIn,
    QueueMove,
    CaseWrite,
    Reveal,
    Shift,
    Registers,
    Figures,
    Risk,
}

#[derive(Debug, Clone)]
pub enum Response {
    Lookup {
        seq: u64,
        target: LookupFor,
        rows: Vec<LookupRow>,
    },
    /// How many people the pane's lookup `seq` matches in all; `at_least` when
    /// counting stopped at a bound (a one-letter query matches a tenth of a city).
    /// Follows the pane's [`Response::Lookup`].
    Found {
        seq: u64,
        total: usize,
        at_least: bool,
    },
    Queue {
        rows: Vec<QueueRow>,
        counts: DeskCounts,
    },
    Lists {
        officers: Vec<Officer>,
        units: Vec<String>,
        categories: Vec<Category>,
    },
    Case(Box<CaseDetail>),
    Person(Box<PersonDetail>),
    SignedIn {
        officer: String,
    },
    /// The roster has a new officer; the lists follow as [`Response::Lists`].
    OfficerAdded {
        name: String,
    },
    CheckedIn(Box<CheckInResult>),
    /// What saving the form would say; `None` when it would be refused.
    Preview {
        seq: u64,
        result: Option<Box<CheckInResult>>,
    },
    Divisions(Vec<crate::domain::risk::Division>),
    Moved {
        contact_id: i64,
        status: QueueStatus,
    },
    Undone(crate::store::QueueUndone),
    /// A case write went through; the refreshed case follows as [`Response::Case`].
    CaseWritten {
        case_no: String,
        what: CaseWrite,
    },
    Revealed(Revealed),
    Shift(Box<ShiftResponse>),
    /// Today's leaders' receptions (sent with the queue).
    Receptions(Vec<crate::domain::leaders::ReceptionBrief>),
    /// 回访 of 不满意 ratings still open (sent with the queue).
    FollowUps(Vec<crate::domain::ratings::FollowUpItem>),
    /// The 包案 register as it stands.
    Registers(Vec<crate::store::leaders::BaoanRecord>),
    /// A document was written: the sentence that says where.
    DocumentWritten(String),
    Figures(Box<crate::store::FigureReport>),
    Risk(Box<super::risk::RiskResponse>),
    Reception(Box<super::reception::ReceptionResponse>),
    /// Whether the record says when another desk writes (true at start when it
    /// does; false when the signal was lost and the desk must poll again).
    Watching(bool),
    /// Another desk wrote: the UI asks for a [`Request::Poll`] now.
    Changed,
    Error {
        failed: Failed,
        /// Worded in the language on screen when drawn.
        problem: crate::words::desk::Problem,
    },
}

/// Which kind of case write succeeded, for the status message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseWrite {
    Step(CaseStep),
    Assign,
    Extend,
    Annotate(EventKind),
}

/// Answers to [`ShiftRequest`]s. Each answer to a write carries the handovers still
/// waiting for the officer, so the status line's marker never goes stale. A summary
/// does not: it is read aside and may answer after a later acknowledgement, whose
/// list it would overwrite with an older one.
#[derive(Debug, Clone)]
pub enum ShiftResponse {
    Started {
        shift: Shift,
        /// The shift was already open (the program had been killed).
        resumed: bool,
        pending: Vec<Handover>,
        last: Option<Handover>,
    },
    Summary {
        seq: u64,
        summary: Box<HandoverSummary>,
    },
    /// Another desk wrote: the handovers waiting for the officer now.
    Pending {
        pending: Vec<Handover>,
        last: Option<Handover>,
    },
    NotesSaved(Shift),
    HandedOver {
        handover: Handover,
        shift: Option<Shift>,
    },
    Acknowledged {
        handover: Handover,
        pending: Vec<Handover>,
        last: Option<Handover>,
    },
}
